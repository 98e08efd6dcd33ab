import { expect, it } from 'vitest'
import * as excel from '../src/excel.js'
import * as api from '../src/index.js'

it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchSnapshot()
})

it('exports exactly the public API of @contactkit/import/excel', () => {
  expect(Object.keys(excel).sort()).toMatchSnapshot()
})

import { expect, it } from 'vitest'
import * as api from '../src/index.js'
import * as iron from '../src/iron.js'

it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchSnapshot()
})

it('exports exactly the public API of @contactkit/seal/iron', () => {
  expect(Object.keys(iron).sort()).toMatchSnapshot()
})

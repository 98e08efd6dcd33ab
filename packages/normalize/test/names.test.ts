import { describe, expect, it } from 'vitest'
import { parseName } from '../src/index.js'
import { NAME_CASES } from './fixtures/names.js'

const FIELDS = [
  'salutation',
  'gender',
  'title',
  'firstName',
  'middleName',
  'lastName',
  'suffix',
  'nickname',
  'birthName',
] as const

describe('parseName on the name table', () => {
  it('has at least 150 cases', () => {
    expect(NAME_CASES.length).toBeGreaterThanOrEqual(150)
  })

  it.each(NAME_CASES.map((item) => [item.input, item] as const))('parses %j', (_input, item) => {
    const parsed = parseName(item.input, item.locale ? { locale: item.locale } : {})
    const actual = Object.fromEntries(
      FIELDS.filter((field) => parsed[field] !== undefined).map((field) => [field, parsed[field]]),
    )
    expect(actual).toEqual(item.expected)
  })
})

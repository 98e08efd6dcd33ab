import { describe, expect, it } from 'vitest'
import { normalizeAddress } from '../src/index.js'
import { ADDRESS_CASES } from './fixtures/addresses.js'

describe('normalizeAddress on the address table', () => {
  it('has at least 60 cases', () => {
    expect(ADDRESS_CASES.length).toBeGreaterThanOrEqual(60)
  })

  it.each(ADDRESS_CASES.map((item) => [JSON.stringify(item.input), item] as const))(
    'reads %s',
    (_label, item) => {
      // Lines without a country are read as a German CRM would: default country DE unless the case names another.
      const address = normalizeAddress(item.input, { defaultCountry: item.country ?? 'DE' })
      expect(address).toMatchObject(item.expected)
      if (item.issues) expect(address.issues.map((issue) => issue.code)).toEqual(item.issues)
      else expect(address.issues).toEqual([])
    },
  )
})

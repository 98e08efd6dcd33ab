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

describe('normalizeAddress with recipient lines', () => {
  it('reads no street from a c/o line alone and keeps it in raw', () => {
    const address = normalizeAddress('c/o Muster GmbH, 50667 Köln', { defaultCountry: 'DE' })
    expect(address.street).toBeUndefined()
    expect(address).toMatchObject({
      postalCode: '50667',
      city: 'Köln',
      valid: true,
      raw: 'c/o Muster GmbH, 50667 Köln',
    })
  })

  it('takes a company without a street for no city', () => {
    const address = normalizeAddress('Muster GmbH, Lindenallee 7', { defaultCountry: 'DE' })
    expect(address).toMatchObject({ street: 'Lindenallee', houseNumber: '7', valid: false })
    expect(address.city).toBeUndefined()
    expect(address.issues.map((issue) => issue.code)).toEqual(['ADDRESS_INCOMPLETE'])
  })

  it('keeps a street with a name like a company when nothing else can be the street', () => {
    expect(normalizeAddress('Am Alten Markt, 10115 Berlin', { defaultCountry: 'DE' }).street).toBe(
      'Am Alten Markt',
    )
  })
})

describe('normalizeAddress with a street field of several lines', () => {
  it.each([
    ['c/o Muster GmbH\nLindenallee 7'],
    ['c/o Muster GmbH, Lindenallee 7'],
    ['Lindenallee 7\r\n3. OG'],
    ['Gebäude B\nLindenallee 7'],
    ['Lindenallee 7\nc/o Muster GmbH'],
    ['Lindenallee 7, Hinterhaus'],
    ['Lindenallee\n7'],
  ])('reads the street and house number of %j, keeping the rest in raw', (street) => {
    const address = normalizeAddress({ street, postalCode: '50667', city: 'Köln' }, { defaultCountry: 'DE' })
    expect(address).toMatchObject({ street: 'Lindenallee', houseNumber: '7', streetKey: 'lindenallee' })
    expect(address.raw).toContain(street.split(/\r?\n/)[0])
  })

  it('keeps the comma of a Mannheim square, a British premise and a street field without other lines', () => {
    expect(normalizeAddress({ street: 'Q 7, 12', city: 'Mannheim' })).toMatchObject({
      street: 'Q 7',
      houseNumber: '12',
    })
    expect(normalizeAddress({ street: 'c/o Muster GmbH', city: 'Köln' }).street).toBe('c/o Muster GmbH')
    // A British premise without a street number: the unit is part of the address, not a leftover.
    const premise = normalizeAddress({
      street: 'Unit 4, Riverside Park',
      city: 'Reading',
      postalCode: 'RG1 8AB',
    })
    expect(premise.street).toBe('Unit 4, Riverside Park')
  })
})

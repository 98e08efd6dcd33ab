import { describe, expect, it } from 'vitest'
import { addressKey, normalizeAddress, streetKey } from './address.js'

describe('normalizeAddress', () => {
  it('reads a German line with a D- prefix', () => {
    expect(normalizeAddress('Hauptstr. 4, D-80331 München')).toMatchObject({
      street: 'Hauptstr.',
      houseNumber: '4',
      postalCode: '80331',
      city: 'München',
      country: 'DE',
      streetKey: 'hauptstrasse',
      valid: true,
      issues: [],
    })
  })

  it('restores the leading zero of a Dresden postcode', () => {
    const address = normalizeAddress(
      { street: 'Prager Str. 2', postalCode: 1067, city: 'Dresden' },
      { defaultCountry: 'DE' },
    )
    expect(address).toMatchObject({ street: 'Prager Str.', houseNumber: '2', postalCode: '01067' })
    expect(address.issues.map((issue) => issue.code)).toEqual(['POSTCODE_REPAIRED'])
  })

  it('reads a US line with state and ZIP', () => {
    expect(normalizeAddress('12 Main Street, Springfield, IL 62704, USA')).toMatchObject({
      houseNumber: '12',
      street: 'Main Street',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62704',
      country: 'US',
    })
  })

  it('flags a postcode that does not fit the country', () => {
    const address = normalizeAddress({ postalCode: '123', city: 'Wien', country: 'Österreich' })
    expect(address.country).toBe('AT')
    expect(address.issues.map((issue) => issue.code)).toEqual(['POSTCODE_INVALID'])
    expect(address.valid).toBe(false)
  })
})

describe('normalizeAddress with Austrian stair and door numbers', () => {
  it('keeps house, stair and door together as the house number', () => {
    expect(normalizeAddress({ line: 'Mariahilfer Str. 45/2/7, 1060 Wien', country: 'AT' })).toMatchObject({
      street: 'Mariahilfer Str.',
      houseNumber: '45/2/7',
      postalCode: '1060',
      city: 'Wien',
    })
    expect(
      normalizeAddress({ street: 'Kärntner Straße 12/3/14', postalCode: '1010', city: 'Wien' }),
    ).toMatchObject({
      street: 'Kärntner Straße',
      houseNumber: '12/3/14',
    })
    expect(normalizeAddress({ line: 'Hauptstraße 12 a/1, 80331 München' }).houseNumber).toBe('12a/1')
  })
})

describe('normalizeAddress with postcodes spaced out and Italian provinces', () => {
  it('reads a German postcode written with a space', () => {
    const address = normalizeAddress(
      { street: 'Hauptstr. 12 a', postalCode: '80 331', city: 'München' },
      { defaultCountry: 'DE' },
    )
    expect(address).toMatchObject({ postalCode: '80331', valid: true, issues: [] })
    expect(normalizeAddress({ postalCode: '1010 1', country: 'AT' }).valid).toBe(false)
  })

  it('takes the province of an Italian city out of the city', () => {
    expect(normalizeAddress({ line: 'Via Roma 12, 20121 Milano (MI)', country: 'IT' })).toMatchObject({
      city: 'Milano',
      region: 'MI',
      postalCode: '20121',
    })
    // Elsewhere a bracket belongs to the name.
    expect(
      normalizeAddress({ line: 'Karl-Marx-Str. 1, 15230 Frankfurt (Oder)' }, { defaultCountry: 'DE' }),
    ).toMatchObject({
      city: 'Frankfurt (Oder)',
    })
  })
})

describe('streetKey', () => {
  it('expands Str. and folds spelling', () => {
    expect(streetKey('Hauptstr.')).toBe(streetKey('Haupt-Straße'))
  })
})

describe('addressKey', () => {
  it('joins country, postcode, street key and number', () => {
    expect(addressKey(normalizeAddress('Hauptstr. 4, 80331 München', { defaultCountry: 'DE' }))).toBe(
      'DE|80331|hauptstrasse|4',
    )
  })
})

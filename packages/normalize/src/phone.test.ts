import { describe, expect, it } from 'vitest'
import { isNormalizeError } from './error.js'
import { normalizePhone, normalizePhones, phoneKey, splitPhones } from './phone.js'

describe('normalizePhone', () => {
  it('reads +49 (0)89 with the optional trunk zero', () => {
    expect(normalizePhone('+49 (0)89 1234567', { defaultCountry: 'DE' })).toMatchObject({
      e164: '+49891234567',
      national: '089 1234567',
      international: '+49 89 1234567',
      country: 'DE',
      kind: 'fixedLine',
      valid: true,
      confidence: 'high',
      issues: [],
    })
  })

  it('flags 212-555-0123 read as a German number as a low-confidence guess', () => {
    const phone = normalizePhone('212-555-0123', { defaultCountry: 'DE' })
    expect(phone.valid).toBe(true)
    expect(phone.confidence).toBe('low')
    expect(phone.issues.map((issue) => issue.code)).toEqual(['PHONE_COUNTRY_GUESSED'])
  })

  it('reads the same number with +1 as a sure US number', () => {
    expect(normalizePhone('+1 212-555-0123', { defaultCountry: 'DE' })).toMatchObject({
      e164: '+12125550123',
      country: 'US',
      confidence: 'high',
    })
  })

  it('takes the extension after Durchwahl and drops the label', () => {
    expect(normalizePhone('Tel.: 089 1234567 Durchwahl -12', { defaultCountry: 'DE' })).toMatchObject({
      e164: '+49891234567',
      extension: '12',
      valid: true,
    })
  })

  it('classifies a German mobile number and its label', () => {
    expect(normalizePhone('Mobil: 0171 2345678', { defaultCountry: 'DE' })).toMatchObject({
      e164: '+491712345678',
      kind: 'mobile',
      label: 'mobile',
    })
  })

  it('reports an invalid number without throwing', () => {
    const phone = normalizePhone('0123', { defaultCountry: 'DE' })
    expect(phone.valid).toBe(false)
    expect(phone.issues[0]?.code).toBe('PHONE_INVALID')
  })

  it('throws NORMALIZE_INVALID_OPTION for a country name instead of a code', () => {
    let caught: unknown
    try {
      normalizePhone('089 1234567', { defaultCountry: 'Germany' })
    } catch (error) {
      caught = error
    }
    expect(isNormalizeError(caught) && caught.code).toBe('NORMALIZE_INVALID_OPTION')
  })
})

describe('splitPhones', () => {
  it('splits two numbers separated by a slash but keeps a slash inside one number', () => {
    expect(splitPhones('0171 2345678 / 089 1234567')).toEqual(['0171 2345678', '089 1234567'])
    expect(splitPhones('089/123 45-67')).toEqual(['089/123 45-67'])
  })

  it('splits at a second label', () => {
    expect(splitPhones('Tel. 089 1234567 Fax 089 1234568')).toEqual(['Tel. 089 1234567', 'Fax 089 1234568'])
  })
})

describe('normalizePhones', () => {
  it('returns one result per number in the cell', () => {
    const phones = normalizePhones('Tel. 089 1234567, Fax 089 1234568', { defaultCountry: 'DE' })
    expect(phones.map((phone) => [phone.e164, phone.label])).toEqual([
      ['+49891234567', undefined],
      ['+49891234568', 'fax'],
    ])
  })
})

describe('phoneKey', () => {
  it('gives two spellings of one number the same key', () => {
    expect(phoneKey('+49 (0)89 1234567')).toBe('+49891234567')
    expect(phoneKey('089/123 45-67', 'DE')).toBe('+49891234567')
  })

  it('falls back to the digits when the number does not parse', () => {
    expect(phoneKey('12-34')).toBe('1234')
  })
})

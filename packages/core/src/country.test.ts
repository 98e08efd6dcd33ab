import { describe, expect, it } from 'vitest'
import { AddressSchema } from './contact.js'
import { isCountryCode } from './country.js'

// Every region code Node's ICU (CLDR) knows under its own, current code, without groupings and private-use codes.
function cldrRegions(): Set<string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  const regions = new Set<string>()
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second)
      if (/^(AA|Q[M-Z]|X[A-Z]|ZZ|EU|EZ|UN)$/.test(code)) continue
      if (new Intl.Locale(`und-${code}`).region === code && names.of(code) !== undefined) regions.add(code)
    }
  }
  return regions
}

describe('isCountryCode', () => {
  it('accepts the codes of the DACH region, its neighbours and the common B2B markets', () => {
    for (const code of ['DE', 'AT', 'CH', 'LI', 'LU', 'NL', 'BE', 'FR', 'IT', 'PL', 'CZ', 'DK', 'GB', 'US'])
      expect(isCountryCode(code), code).toBe(true)
  })

  it('accepts Kosovo (XK) and the reserved codes of territories with their own post and phone plans', () => {
    for (const code of ['XK', 'IC', 'EA', 'AC', 'TA', 'DG', 'CP', 'CQ'])
      expect(isCountryCode(code), code).toBe(true)
  })

  it('refuses informal, retired, grouping, user-assigned and lower-case codes', () => {
    for (const code of [
      'UK',
      'DD',
      'SU',
      'YU',
      'EU',
      'UN',
      'EZ',
      'XX',
      'ZZ',
      'AA',
      'QZ',
      'de',
      'De',
      'DEU',
      'D',
      '',
    ])
      expect(isCountryCode(code), code).toBe(false)
  })

  it('holds exactly the regions of CLDR plus XK, with the 249 assigned ISO 3166-1 codes among them', () => {
    const expected = cldrRegions()
    expected.add('XK')
    const accepted: string[] = []
    for (let first = 65; first <= 90; first++)
      for (let second = 65; second <= 90; second++) {
        const code = String.fromCharCode(first, second)
        if (isCountryCode(code)) accepted.push(code)
      }
    expect(accepted).toEqual([...expected].sort())
    expect(accepted.length - 8).toBe(249)
  })
})

describe('AddressSchema country', () => {
  it('keeps an assigned code', () => {
    expect(AddressSchema.parse({ city: 'Wien', country: 'AT' }).country).toBe('AT')
  })

  it('refuses UK with a message that names GB', () => {
    const result = AddressSchema.safeParse({ city: 'London', country: 'UK' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toContain('GB, not UK')
    expect(result.error?.issues[0]?.path).toEqual(['country'])
  })

  it('refuses a code of the right form that names no country', () => {
    expect(AddressSchema.safeParse({ country: 'ZZ' }).success).toBe(false)
  })
})

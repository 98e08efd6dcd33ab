// phoneKey's shortcut for plainly written numbers (digits, spaces, `+`, `/`, `-`, `.`, `(0)`) must give exactly
// what the general path gives (test/reference): on numbers of the countries our users write most, written the
// ways people write them, and on junk made of the same characters.
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { computePhoneKey, phoneKey } from '../src/phone.js'
import { referencePhoneKey } from './reference/keys.js'

// Calling code, trunk prefix and plausible first digits of national numbers per country.
const PLANS = {
  DE: {
    code: '49',
    trunk: '0',
    starts: ['30', '40', '69', '89', '211', '221', '711', '151', '160', '170', '171', '176', '800', '180'],
  },
  AT: { code: '43', trunk: '0', starts: ['1', '316', '512', '662', '664', '676', '699', '800', '720'] },
  CH: { code: '41', trunk: '0', starts: ['21', '22', '31', '44', '61', '76', '78', '79', '800', '848'] },
  GB: {
    code: '44',
    trunk: '0',
    starts: ['20', '113', '121', '131', '161', '1632', '7400', '7700', '7911', '800', '845'],
  },
  US: { code: '1', trunk: '1', starts: ['212', '213', '312', '415', '617', '646', '800', '202', '555'] },
  FR: { code: '33', trunk: '0', starts: ['1', '2', '3', '4', '5', '6', '7', '9', '800'] },
} as const
type Country = keyof typeof PLANS
const country = fc.constantFrom<Country>('DE', 'AT', 'CH', 'GB', 'US', 'FR')
const defaultCountry = fc.constantFrom(undefined, 'DE', 'AT', 'CH', 'GB', 'US', 'FR')
const separator = fc.constantFrom('', ' ', ' ', '/', '-', '.', ' / ', ' - ')

// A national number: a plausible start and 3–9 more digits, most valid, some a digit too short or too long.
const national = country.chain((which) =>
  fc
    .tuple(fc.constantFrom(...PLANS[which].starts), fc.stringMatching(/^[0-9]{3,9}$/))
    .map(([start, rest]) => ({ which, start, rest })),
)

// The ways people write a number of that country.
const written = fc
  .tuple(national, separator, separator, fc.integer({ min: 0, max: 5 }), fc.nat(8))
  .map(([{ which, start, rest }, first, second, style, cut]) => {
    const { code, trunk } = PLANS[which]
    const tail = `${rest.slice(0, cut)}${second}${rest.slice(cut)}`
    switch (style) {
      case 0:
        return `+${code}${start}${rest}`
      case 1:
        return `+${code} ${start}${first}${tail}`
      case 2:
        return `+${code} (${trunk})${start} ${tail}`
      case 3:
        return `00${code} ${start}${first}${tail}`
      case 4:
        return `(${trunk}${start}) ${tail}`
      default:
        return `${trunk}${start}${first}${tail}`
    }
  })

const junk = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'+0123456789()/-. '), maxLength: 24 }),
  fc.string({ unit: fc.constantFrom(...'+0123456789()/-. \u00A0\tx#'), maxLength: 24 }),
  fc.string({ maxLength: 24 }),
)

describe('phoneKey of plainly written numbers', () => {
  it.each([
    ['089 1234567', 'DE', '+49891234567'],
    ['+49 (0)171 2345678', 'DE', '+491712345678'],
    ['0171/2345678', 'AT', '+431712345678'],
    ['+43 1 5321234', 'DE', '+4315321234'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['(212) 555-0123', 'US', '+12125550123'],
    ['01 42 68 53 00', 'FR', '+33142685300'],
    ['044 668 18 00', 'CH', '+41446681800'],
    [' 089 1234567', 'DE', '+49891234567'],
  ])('keys %j (default %s) as %j, as the general path does', (value, country, key) => {
    expect(computePhoneKey(value, country)).toBe(key)
    expect(referencePhoneKey(value, country)).toBe(key)
  })

  test.prop([written, defaultCountry], { numRuns: 1500 })(
    'agree with the general path on written numbers',
    (value, country) => {
      expect(computePhoneKey(value, country)).toBe(referencePhoneKey(value, country))
      expect(phoneKey(value, country)).toBe(referencePhoneKey(value, country))
    },
    30_000,
  )

  test.prop([junk, defaultCountry], { numRuns: 1500 })(
    'agree with the general path on junk',
    (value, country) => {
      expect(computePhoneKey(value, country)).toBe(referencePhoneKey(value, country))
    },
    30_000,
  )
})

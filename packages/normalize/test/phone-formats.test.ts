import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { type NormalizedPhone, normalizePhone, normalizePhones } from '../src/index.js'
import { PHONE_CASES } from './fixtures/phones.js'
import { referenceAnalyzePhone } from './reference/phone.js'

// `formats: false` may only drop the two display formats; every other field must be what the default gives.
function withoutFormats(phone: NormalizedPhone): NormalizedPhone {
  const { national: _national, international: _international, ...rest } = phone
  return rest
}

function expectSameBesidesFormats(text: string, country: string | undefined): void {
  const full = normalizePhone(text, { defaultCountry: country })
  const lean = normalizePhone(text, { defaultCountry: country, formats: false })
  expect(lean).toStrictEqual(withoutFormats(full))
  expect(lean.national).toBeUndefined()
  expect(lean.international).toBeUndefined()
  expect(normalizePhones(text, { defaultCountry: country, formats: false })).toStrictEqual(
    normalizePhones(text, { defaultCountry: country }).map(withoutFormats),
  )
}

const countries = fc.constantFrom(undefined, 'DE', 'AT', 'CH', 'GB', 'US', 'FR', 'IT')
const prefixes = fc.constantFrom(
  '',
  '0',
  '+49 ',
  '+49 (0)',
  '+49(0)',
  '0049 ',
  '0049 (0)',
  '+43 ',
  '+43 (0)',
  '0043 ',
  '+41 ',
  '+41 (0)',
  '0041 ',
  '+44 ',
  '+44 (0)',
  '0044 ',
  '+1 ',
  '1-',
  '+33 ',
  '+39 ',
  '00',
  '+',
  '(',
)
const labels = fc.constantFrom('', 'Tel.: ', 'Fax ', 'Mobil: ', 'T ', 'Tel. privat ', 'Phone: ', 'Zentrale ')
const extensions = fc.constantFrom(
  '',
  ' ext. 12',
  ' x123',
  ' Durchwahl -12',
  ' App. 5',
  '-12',
  ' #4',
  ', ext 7',
)
const separators = fc.constantFrom(' ', '', '/', ' / ', '-', '.', ') ', ' - ')
const generated = fc
  .tuple(
    labels,
    prefixes,
    fc.stringMatching(/^[1-9]\d{0,4}$/),
    separators,
    fc.stringMatching(/^\d{2,4}$/),
    fc.constantFrom(' ', '', '-', '.'),
    fc.stringMatching(/^\d{0,6}$/),
    extensions,
  )
  .map(([label, prefix, area, sep, a, sep2, b, ext]) => `${label}${prefix}${area}${sep}${a}${sep2}${b}${ext}`)
const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(...'+0123456789()/-.,;: xX#\u00A0', 'Tel.', 'ext', 'Fax', 'oder'),
    maxLength: 30,
  }),
)
const realistic = fc.constantFrom(...PHONE_CASES.map((item) => item.input))

describe('normalizePhone with formats: false', () => {
  it.each([
    ['+49 (0)89 1234567', 'DE'],
    ['0049 89 1234567', 'DE'],
    ['089/123 45-67', 'DE'],
    ['Tel.: 089 1234567 Durchwahl -12', 'DE'],
    ['Mobil: 0171 2345678', 'DE'],
    ['+44 20 7946 0958', 'DE'],
    ['020 7946 0958', 'GB'],
    ['+1 (212) 555-0123 x123', 'DE'],
    ['212-555-0123', 'DE'],
    ['01 5134567', 'AT'],
    ['+43 (0)1 5134567', 'DE'],
    ['044 668 18 00', 'CH'],
    ['+41 44 668 18 00', undefined],
    ['0123', 'DE'],
    ['keine Angabe', 'DE'],
  ] as const)('keeps every field but the formats for %j (%s)', (text, country) => {
    expectSameBesidesFormats(text, country)
  })

  it('still answers the E.164 form, country and kind of a Munich number', () => {
    expect(normalizePhone('+49 (0)89 1234567', { defaultCountry: 'DE', formats: false })).toStrictEqual({
      raw: '+49 (0)89 1234567',
      e164: '+49891234567',
      country: 'DE',
      kind: 'fixedLine',
      valid: true,
      confidence: 'high',
      issues: [],
    })
  })

  it('builds the formats with formats: true as by default', () => {
    const phone = normalizePhone('089/123 45-67', { defaultCountry: 'DE', formats: true })
    expect([phone.national, phone.international]).toEqual(['089 1234567', '+49 89 1234567'])
  })

  test.prop([realistic, countries], { numRuns: 300 })(
    'agrees with the default on the phone table',
    (text, country) => {
      expectSameBesidesFormats(text, country)
    },
  )

  test.prop([generated, countries], { numRuns: 600 })(
    'agrees with the default on generated writings',
    (text, country) => {
      expectSameBesidesFormats(text, country)
    },
  )

  test.prop([junk, countries], { numRuns: 300 })('agrees with the default on junk', (text, country) => {
    expectSameBesidesFormats(text, country)
  })
})

describe('normalizePhone against the previous implementation', () => {
  const same = (text: string, country: string | undefined) => {
    expect(normalizePhone(text, { defaultCountry: country })).toStrictEqual(
      referenceAnalyzePhone(text, country, true),
    )
  }
  const more = fc.constantFrom(
    undefined,
    'DE',
    'AT',
    'CH',
    'GB',
    'US',
    'FR',
    'IT',
    'NL',
    'BE',
    'ES',
    'PL',
    'SE',
    'DK',
    'CA',
    'AU',
    'JP',
    'BR',
    'IN',
    'RU',
  )
  const international = fc
    .tuple(
      fc.constantFrom(
        '+49',
        '+43',
        '+41',
        '+44',
        '+1',
        '+33',
        '+39',
        '+31',
        '+32',
        '+34',
        '+48',
        '+46',
        '+45',
        '+7',
        '+61',
        '+81',
        '+55',
        '+91',
        '+352',
        '+420',
        '+86',
        '+971',
        '+90',
        '+30',
      ),
      fc.constantFrom(' ', '', ' (0)', '-'),
      fc.stringMatching(/^[1-9]\d{1,3}$/),
      fc.constantFrom(' ', '', '-', '/'),
      fc.stringMatching(/^\d{3,9}$/),
    )
    .map((parts) => parts.join(''))

  it.each([
    ['+49 (0)89 1234567', 'DE'],
    ['0171 2345678', 'DE'],
    ['+44 20 7946 0958', 'DE'],
    ['+1 212-555-0123 x12', 'DE'],
    ['01 5134567', 'AT'],
    ['044 668 18 00', 'CH'],
    ['0800 123 4567', 'GB'],
  ] as const)('formats %j (%s) as libphonenumber-js does', (text, country) => {
    same(text, country)
  })

  test.prop([realistic, more], { numRuns: 500 })('agrees on the phone table', same)
  test.prop([generated, more], { numRuns: 1000 })('agrees on generated writings', same)
  test.prop([international, more], { numRuns: 1500 })('agrees on numbers of many countries', same)
  test.prop([junk, countries], { numRuns: 300 })('agrees on junk', same)
})

import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { fastE164, fastParse, numberType, parsePhone } from './phone-metadata.js'

// The fast path must agree with libphonenumber-js wherever it answers.
let answered = 0
function agree(text: string, country: string): void {
  const fast = fastParse(text, country)
  // The key path skips the line type; it must accept exactly the numbers fastParse accepts.
  expect(fastE164(text, country)).toBe(fast?.number)
  if (!fast) return
  answered++
  const parsed = parsePhone(text, country)
  expect(parsed?.number).toBe(fast.number)
  expect(parsed?.country).toBe(fast.country)
  expect(parsed && numberType(parsed)).toBe(fast.type)
  expect(parsed?.getType()).toBe(fast.type)
}

const countries = fc.constantFrom(
  'DE',
  'AT',
  'CH',
  'FR',
  'NL',
  'BE',
  'SE',
  'ES',
  'PL',
  'DK',
  'GB',
  'US',
  'IT',
)
const separators = fc.constantFrom(' ', '', '/', '-', '.')
const written = fc
  .tuple(
    fc.constantFrom(
      '',
      '0',
      '+49 ',
      '+49 (0)',
      '0049 ',
      '+43 ',
      '+41 ',
      '+33 ',
      '+31 ',
      '+1 ',
      '+44 ',
      '00',
      '+',
    ),
    fc.stringMatching(/^[1-9]\d{1,4}$/),
    separators,
    fc.stringMatching(/^\d{3,8}$/),
  )
  .map(([prefix, area, separator, subscriber]) => `${prefix}${area}${separator}${subscriber}`)

describe('fastParse', () => {
  it.each([
    ['089 1234567', 'DE', '+49891234567'],
    ['+49 (0)89 1234567', 'DE', '+49891234567'],
    ['0049 89 1234567', 'DE', '+49891234567'],
    ['0171 2345678', 'DE', '+491712345678'],
    ['01 5134567', 'AT', '+4315134567'],
    ['044 668 18 00', 'CH', '+41446681800'],
    ['91 123 45 67', 'ES', '+34911234567'],
    ['+49 171 2345678', 'DE', '+491712345678'],
    ['+4989 1234567', 'DE', '+49891234567'],
  ])('reads %s in %s as %s like libphonenumber-js', (text, country, e164) => {
    expect(fastParse(text, country)?.number).toBe(e164)
    expect(fastE164(text, country)).toBe(e164)
    agree(text, country)
  })

  it('leaves shared calling codes and unusual writing to libphonenumber-js', () => {
    expect(fastParse('+1 212 555 0123', 'DE')).toBeUndefined()
    expect(fastParse('+44 20 7946 0958', 'DE')).toBeUndefined()
    expect(fastParse('089 1234567 ext. 5', 'DE')).toBeUndefined()
    expect(fastParse('0800-FLOWERS', 'DE')).toBeUndefined()
    expect(fastE164('+1 212 555 0123', 'DE')).toBeUndefined()
    // Not a valid German number (too short for any line type): no fast answer, with or without the type.
    expect(fastParse('089 12', 'DE')).toBeUndefined()
    expect(fastE164('089 12', 'DE')).toBeUndefined()
  })

  test.prop([written, countries], { numRuns: 400 })('agrees with libphonenumber-js', (text, country) => {
    agree(text, country)
  })

  it('answered for a good share of the generated numbers (the property above is not vacuous)', () => {
    expect(answered).toBeGreaterThan(40)
  })
})

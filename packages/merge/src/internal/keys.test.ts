import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { mayHoldLetter } from './keys.js'

describe('mayHoldLetter', () => {
  it('lets phone numbers written with digits and separators skip the letter pattern', () => {
    expect(mayHoldLetter('+49 (0)89 123 45-67')).toBe(false)
    expect(mayHoldLetter('089/1234567 Durchwahl 12')).toBe(true)
    expect(mayHoldLetter('0171 2345678 µ')).toBe(true)
  })

  test.prop([fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 30 }))], {
    numRuns: 2000,
  })('is true for every text that holds a letter', (text) => {
    if (/\p{L}/u.test(text)) expect(mayHoldLetter(text)).toBe(true)
  })
})

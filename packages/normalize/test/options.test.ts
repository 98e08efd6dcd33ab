// The country option's last-value cache must answer and throw exactly as the uncached check.
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { NormalizeError } from '../src/error.js'
import { countryOption } from '../src/internal/options.js'

describe('countryOption', () => {
  const option = fc.oneof(
    fc.constantFrom('DE', 'de', 'De', 'AT', 'ch', 'GB', 'us', '', 'D', 'DEU', 'D1', ' DE', 'Ä Ö'),
    fc.string({ maxLength: 3 }),
  )
  const uncached = (value: string): string => {
    if (!/^[A-Za-z]{2}$/.test(value)) throw new NormalizeError('NORMALIZE_INVALID_OPTION', value)
    return value.toUpperCase()
  }

  test.prop([fc.array(option, { maxLength: 30 })], { numRuns: 300 })(
    'answers and throws as the uncached check, in any order of calls',
    (values) => {
      for (const value of values) {
        let expected: string | undefined
        try {
          expected = uncached(value)
        } catch {
          expect(() => countryOption(value)).toThrowError(NormalizeError)
          continue
        }
        expect(countryOption(value)).toBe(expected)
      }
    },
  )

  it('still rejects an empty code and non-strings right after a valid one', () => {
    expect(countryOption('de')).toBe('DE')
    expect(() => countryOption('')).toThrowError(
      expect.objectContaining({ code: 'NORMALIZE_INVALID_OPTION' }),
    )
    expect(countryOption('de')).toBe('DE')
    expect(() => countryOption(49)).toThrowError(NormalizeError)
    expect(countryOption(undefined)).toBeUndefined()
  })
})

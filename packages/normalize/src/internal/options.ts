import { NormalizeError } from '../error.js'

const COUNTRY_CODE = /^[A-Za-z]{2}$/

// The last valid code and its upper-case form: key functions are called per value with the same option, and the
// test and `toUpperCase` would otherwise run on every call.
let lastCode: string | undefined
let lastUpper: string | undefined

/**
 * Validates an optional ISO 3166-1 alpha-2 option and upper-cases it.
 *
 * @internal
 */
export function countryOption(value: unknown, name = 'defaultCountry'): string | undefined {
  if (value === undefined) return undefined
  if (value === lastCode) return lastUpper
  if (typeof value !== 'string' || !COUNTRY_CODE.test(value)) {
    throw new NormalizeError(
      'NORMALIZE_INVALID_OPTION',
      `${name} must be an ISO 3166-1 alpha-2 code such as 'DE', got ${JSON.stringify(value)}`,
    )
  }
  lastUpper = value.toUpperCase()
  lastCode = value
  return lastUpper
}

import { NormalizeError } from '../error.js'

const COUNTRY_CODE = /^[A-Za-z]{2}$/

/**
 * Validates an optional ISO 3166-1 alpha-2 option and upper-cases it.
 *
 * @internal
 */
export function countryOption(value: unknown, name = 'defaultCountry'): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !COUNTRY_CODE.test(value)) {
    throw new NormalizeError(
      'NORMALIZE_INVALID_OPTION',
      `${name} must be an ISO 3166-1 alpha-2 code such as 'DE', got ${JSON.stringify(value)}`,
    )
  }
  return value.toUpperCase()
}

import { isCountryCode } from '@contactkit/core'
import { z } from 'zod'

/**
 * An ISO 3166-1 alpha-2 country code in capitals (`DE`, `AT`, `CH`, `GB`), for phone numbers written without a
 * country code. User-assigned (`XX`), grouping (`EU`) and retired or informal codes (`UK`) are refused.
 */
export const IsoCountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. DE')
  .refine(isCountryCode, 'not an assigned ISO 3166-1 alpha-2 country code')
  .describe('ISO 3166-1 alpha-2 country for phone numbers written without a country code, e.g. DE')

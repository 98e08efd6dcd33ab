import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link MatchError}.
 *
 * - `MATCH_INVALID_CONFIG`: a matcher configuration is malformed (bad m/u, prior, option values).
 * - `MATCH_UNKNOWN_FIELD`: a field name is neither a known contact field nor `custom.<name>`.
 * - `MATCH_NO_LEVELS`: a comparator declares no agreement levels.
 * - `MATCH_THRESHOLDS_ORDER`: thresholds are outside (0, 1) or `possible` is above `duplicate`.
 * - `MATCH_INVALID_CONTACT`: a record handed to the index or to `findDuplicates` is not a contact object.
 * - `MATCH_DUPLICATE_ID`: two records share an id where ids must be unique.
 * - `MATCH_LIMIT_EXCEEDED`: an input is larger than the configured limit.
 * - `MATCH_WORKER_FAILED`: a worker thread of `findDuplicates` failed.
 *
 * @example
 * ```ts
 * const code: MatchErrorCode = 'MATCH_INVALID_CONFIG'
 * ```
 */
export type MatchErrorCode =
  | 'MATCH_INVALID_CONFIG'
  | 'MATCH_UNKNOWN_FIELD'
  | 'MATCH_NO_LEVELS'
  | 'MATCH_THRESHOLDS_ORDER'
  | 'MATCH_INVALID_CONTACT'
  | 'MATCH_DUPLICATE_ID'
  | 'MATCH_LIMIT_EXCEEDED'
  | 'MATCH_WORKER_FAILED'

/**
 * The error type thrown by `@contactkit/match`.
 *
 * @example
 * ```ts
 * try {
 *   createMatcher({ thresholds: { duplicate: 0.5, possible: 0.9 } })
 * } catch (error) {
 *   if (isMatchError(error)) console.log(error.code) // 'MATCH_THRESHOLDS_ORDER'
 * }
 * ```
 */
export class MatchError extends ContactKitError<MatchErrorCode> {
  override readonly name: string = 'MatchError'
}

/**
 * Tells whether a value is a {@link MatchError}, also across duplicate copies of the package.
 *
 * @param value - Anything caught.
 * @returns `true` when the value is a `MatchError`.
 *
 * @example
 * ```ts
 * isMatchError(new Error('x')) // false
 * ```
 */
export function isMatchError(value: unknown): value is MatchError {
  return (
    value instanceof Error &&
    value.name === 'MatchError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link MatchError}.
 *
 * @example
 * ```ts
 * const code: MatchErrorCode = 'MATCH_INVALID_CONFIG'
 * ```
 */
export type MatchErrorCode = 'MATCH_INVALID_CONFIG'

/**
 * The error type thrown by `@contactkit/match`.
 *
 * @example
 * ```ts
 * try {
 *   // a call into @contactkit/match
 * } catch (error) {
 *   if (isMatchError(error)) console.log(error.code)
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

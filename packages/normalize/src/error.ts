import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link NormalizeError}.
 *
 * @example
 * ```ts
 * const code: NormalizeErrorCode = 'NORMALIZE_INVALID_OPTION'
 * ```
 */
export type NormalizeErrorCode = 'NORMALIZE_INVALID_OPTION'

/**
 * The error type thrown by `@contactkit/normalize`.
 *
 * @example
 * ```ts
 * try {
 *   // a call into @contactkit/normalize
 * } catch (error) {
 *   if (isNormalizeError(error)) console.log(error.code)
 * }
 * ```
 */
export class NormalizeError extends ContactKitError<NormalizeErrorCode> {
  override readonly name: string = 'NormalizeError'
}

/**
 * Tells whether a value is a {@link NormalizeError}, also across duplicate copies of the package.
 *
 * @param value - Anything caught.
 * @returns `true` when the value is a `NormalizeError`.
 *
 * @example
 * ```ts
 * isNormalizeError(new Error('x')) // false
 * ```
 */
export function isNormalizeError(value: unknown): value is NormalizeError {
  return (
    value instanceof Error &&
    value.name === 'NormalizeError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

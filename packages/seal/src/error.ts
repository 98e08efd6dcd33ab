import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link SealError}.
 *
 * @example
 * ```ts
 * const code: SealErrorCode = 'SEAL_INTEGRITY'
 * ```
 */
export type SealErrorCode =
  | 'SEAL_MALFORMED'
  | 'SEAL_UNKNOWN_KEY'
  | 'SEAL_INTEGRITY'
  | 'SEAL_UNSUPPORTED_VERSION'
  | 'SEAL_WEAK_SECRET'

/**
 * The error type thrown by `@contactkit/seal`.
 *
 * @example
 * ```ts
 * try {
 *   // a call into @contactkit/seal
 * } catch (error) {
 *   if (isSealError(error)) console.log(error.code)
 * }
 * ```
 */
export class SealError extends ContactKitError<SealErrorCode> {
  override readonly name: string = 'SealError'
}

/**
 * Tells whether a value is a {@link SealError}, also across duplicate copies of the package.
 *
 * @param value - Anything caught.
 * @returns `true` when the value is a `SealError`.
 *
 * @example
 * ```ts
 * isSealError(new Error('x')) // false
 * ```
 */
export function isSealError(value: unknown): value is SealError {
  return (
    value instanceof Error &&
    value.name === 'SealError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

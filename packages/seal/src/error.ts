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
  /** The token is not shaped like a token (segments, characters, limits); told without any key. */
  | 'SEAL_MALFORMED'
  /** The token names a key id the keyring does not hold. */
  | 'SEAL_UNKNOWN_KEY'
  /** The token fails authentication: tampered, truncated, wrong key or wrong context. */
  | 'SEAL_INTEGRITY'
  /** The token carries a format version this release cannot read. */
  | 'SEAL_UNSUPPORTED_VERSION'
  /** A secret is shorter than 32 bytes and short secrets were not allowed explicitly. */
  | 'SEAL_WEAK_SECRET'
  /** An argument or option is invalid: not a string or bytes, ill-formed Unicode, too large, bad keyring. */
  | 'SEAL_INVALID_INPUT'
  /** The authentic plaintext is not of the requested form (not UTF-8 text, or not JSON for iron tokens). */
  | 'SEAL_NOT_TEXT'
  /** An @hapi/iron token whose time to live has passed. */
  | 'SEAL_EXPIRED'

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

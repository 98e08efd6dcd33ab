import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link SignatureError}.
 *
 * - `SIGNATURE_INPUT_TOO_LARGE`: the text, HTML or vCard is longer than the `maxInputLength` option.
 * - `SIGNATURE_INVALID_INPUT`: the input has the wrong shape (e.g. neither `text` nor `html`, a number instead of a string).
 * - `SIGNATURE_INVALID_VCARD`: the text holds no vCard or MECARD.
 *
 * @example
 * ```ts
 * const code: SignatureErrorCode = 'SIGNATURE_INPUT_TOO_LARGE'
 * ```
 */
export type SignatureErrorCode =
  | 'SIGNATURE_INPUT_TOO_LARGE'
  | 'SIGNATURE_INVALID_INPUT'
  | 'SIGNATURE_INVALID_VCARD'

/**
 * The error type thrown by `@contactkit/signature`.
 *
 * @example
 * ```ts
 * try {
 *   // a call into @contactkit/signature
 * } catch (error) {
 *   if (isSignatureError(error)) console.log(error.code)
 * }
 * ```
 */
export class SignatureError extends ContactKitError<SignatureErrorCode> {
  override readonly name: string = 'SignatureError'
}

/**
 * Tells whether a value is a {@link SignatureError}, also across duplicate copies of the package.
 *
 * @param value - Anything caught.
 * @returns `true` when the value is a `SignatureError`.
 *
 * @example
 * ```ts
 * isSignatureError(new Error('x')) // false
 * ```
 */
export function isSignatureError(value: unknown): value is SignatureError {
  return (
    value instanceof Error &&
    value.name === 'SignatureError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link NormalizeError}.
 *
 * - `NORMALIZE_INVALID_OPTION`: an option has the wrong shape, e.g. `defaultCountry: 'Germany'`.
 * - `NORMALIZE_INVALID_INPUT`: the contact input does not match `ContactInputSchema` (wrong types, not messy text).
 *
 * @example
 * ```ts
 * const code: NormalizeErrorCode = 'NORMALIZE_INVALID_OPTION'
 * ```
 */
export type NormalizeErrorCode = 'NORMALIZE_INVALID_OPTION' | 'NORMALIZE_INVALID_INPUT'

/**
 * The error type thrown by `@contactkit/normalize`. Messy text never throws (it yields issues); only
 * programmer errors do: an invalid option, or an input of the wrong type.
 *
 * @example
 * ```ts
 * try {
 *   normalizePhone('089 1234567', { defaultCountry: 'Germany' })
 * } catch (error) {
 *   if (isNormalizeError(error)) console.log(error.code) // 'NORMALIZE_INVALID_OPTION'
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

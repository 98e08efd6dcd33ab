import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link MergeError}.
 *
 * @example
 * ```ts
 * const code: MergeErrorCode = 'MERGE_UNKNOWN_PATH'
 * ```
 */
export type MergeErrorCode = 'MERGE_UNKNOWN_PATH' | 'MERGE_UNKNOWN_RECORD' | 'MERGE_PATCH_FAILED'

/**
 * The error type thrown by `@contactkit/merge`.
 *
 * @example
 * ```ts
 * try {
 *   // a call into @contactkit/merge
 * } catch (error) {
 *   if (isMergeError(error)) console.log(error.code)
 * }
 * ```
 */
export class MergeError extends ContactKitError<MergeErrorCode> {
  override readonly name: string = 'MergeError'
}

/**
 * Tells whether a value is a {@link MergeError}, also across duplicate copies of the package.
 *
 * @param value - Anything caught.
 * @returns `true` when the value is a `MergeError`.
 *
 * @example
 * ```ts
 * isMergeError(new Error('x')) // false
 * ```
 */
export function isMergeError(value: unknown): value is MergeError {
  return (
    value instanceof Error &&
    value.name === 'MergeError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

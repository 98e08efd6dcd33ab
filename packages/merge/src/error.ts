import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link MergeError}.
 *
 * - `MERGE_UNKNOWN_PATH`: a choice names a field path that no record of the merge has.
 * - `MERGE_UNKNOWN_RECORD`: a choice or policy names a record that is not in the cluster.
 * - `MERGE_PATCH_FAILED`: a JSON Patch is malformed or does not apply (a `test` failed, a path is missing).
 * - `MERGE_INVALID_INPUT`: a record is not a contact (e.g. a field has the wrong type), or two records share an id.
 * - `MERGE_INVALID_CHOICE`: a choice does not fit its path (e.g. `union` on a single-valued field).
 * - `MERGE_INVALID_POLICY`: a policy rule does not fit its field, or a custom rule returned a foreign value.
 * - `MERGE_INVALID_JOURNAL`: a journal entry handed to `unmerge` is not one `mergeContacts` wrote.
 * - `MERGE_TOO_MANY_RECORDS`: a merge was handed more records than its `maxRecords` option allows.
 *
 * @example
 * ```ts
 * const code: MergeErrorCode = 'MERGE_UNKNOWN_PATH'
 * ```
 */
export type MergeErrorCode =
  | 'MERGE_UNKNOWN_PATH'
  | 'MERGE_UNKNOWN_RECORD'
  | 'MERGE_PATCH_FAILED'
  | 'MERGE_INVALID_INPUT'
  | 'MERGE_INVALID_CHOICE'
  | 'MERGE_INVALID_POLICY'
  | 'MERGE_INVALID_JOURNAL'
  | 'MERGE_TOO_MANY_RECORDS'

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

import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link ImportError}.
 *
 * @example
 * ```ts
 * const code: ImportErrorCode = 'IMPORT_MALFORMED'
 * ```
 */
export type ImportErrorCode = 'IMPORT_MALFORMED'

/**
 * The error type thrown by `@contactkit/import`.
 *
 * @example
 * ```ts
 * try {
 *   // a call into @contactkit/import
 * } catch (error) {
 *   if (isImportError(error)) console.log(error.code)
 * }
 * ```
 */
export class ImportError extends ContactKitError<ImportErrorCode> {
  override readonly name: string = 'ImportError'
}

/**
 * Tells whether a value is a {@link ImportError}, also across duplicate copies of the package.
 *
 * @param value - Anything caught.
 * @returns `true` when the value is a `ImportError`.
 *
 * @example
 * ```ts
 * isImportError(new Error('x')) // false
 * ```
 */
export function isImportError(value: unknown): value is ImportError {
  return (
    value instanceof Error &&
    value.name === 'ImportError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link ImportError}.
 *
 * - `IMPORT_FILE_TOO_LARGE`: the input exceeds `limits.maxBytes`, or an Excel workbook inflates beyond
 *   `limits.maxUncompressedBytes` (zip bomb).
 * - `IMPORT_TOO_MANY_ROWS`: more data rows than `limits.maxRows`.
 * - `IMPORT_TOO_MANY_COLUMNS`: the header (or a sheet's used range) has more columns than `limits.maxColumns`.
 * - `IMPORT_ROW_TOO_LONG`: one row exceeds `limits.maxRowLength` characters, e.g. a 1 GB single line or an
 *   unterminated quote that swallows the rest of the file.
 * - `IMPORT_UNSUPPORTED_FORMAT`: not a CSV/TSV text or an xlsx/xls/ods workbook (e.g. a PDF), or a workbook
 *   given to an entry point that cannot read it.
 * - `IMPORT_ENCRYPTED_WORKBOOK`: a password-protected workbook.
 * - `IMPORT_EMPTY`: no bytes, no header or no data rows.
 * - `IMPORT_MALFORMED`: broken structure that cannot be read past (unterminated quote at the end of the file,
 *   invalid UTF-8 after the sniffed window, a corrupt workbook); `details` has `line` and `column` where known.
 * - `IMPORT_ABORTED`: the caller's `AbortSignal` fired.
 * - `IMPORT_INVALID_OPTIONS`: options that fail validation (a programmer error).
 * - `IMPORT_UNENCODABLE`: an export to Windows-1252 met a character that encoding lacks.
 *
 * @example
 * ```ts
 * const code: ImportErrorCode = 'IMPORT_MALFORMED'
 * ```
 */
export type ImportErrorCode =
  | 'IMPORT_FILE_TOO_LARGE'
  | 'IMPORT_TOO_MANY_ROWS'
  | 'IMPORT_TOO_MANY_COLUMNS'
  | 'IMPORT_ROW_TOO_LONG'
  | 'IMPORT_UNSUPPORTED_FORMAT'
  | 'IMPORT_ENCRYPTED_WORKBOOK'
  | 'IMPORT_EMPTY'
  | 'IMPORT_MALFORMED'
  | 'IMPORT_ABORTED'
  | 'IMPORT_INVALID_OPTIONS'
  | 'IMPORT_UNENCODABLE'

/**
 * The error type thrown by `@contactkit/import`.
 *
 * @example
 * ```ts
 * try {
 *   sniff(new Uint8Array())
 * } catch (error) {
 *   if (isImportError(error)) console.log(error.code) // 'IMPORT_EMPTY'
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

import { z } from 'zod'
import { ImportError } from './error.js'

/**
 * Upper bounds that keep an import from exhausting memory or time on hostile or broken files.
 * Every field is optional; {@link DEFAULT_LIMITS} fills the rest.
 *
 * @example
 * ```ts
 * const limits: ImportLimits = { maxBytes: 50 * 1024 * 1024, maxRows: 100_000 }
 * ```
 */
export interface ImportLimits {
  /** Bytes read from the source before `IMPORT_FILE_TOO_LARGE`. */
  maxBytes?: number
  /** Data rows (header excluded) before `IMPORT_TOO_MANY_ROWS`. */
  maxRows?: number
  /** Columns of the header or a sheet's used range before `IMPORT_TOO_MANY_COLUMNS`. */
  maxColumns?: number
  /** Characters of one cell; a longer cell is dropped with a `CELL_TOO_LONG` row issue. */
  maxCellLength?: number
  /** Characters of one row (all its cells and delimiters) before `IMPORT_ROW_TOO_LONG`. */
  maxRowLength?: number
  /** Sum of the uncompressed sizes of an Excel workbook's parts before `IMPORT_FILE_TOO_LARGE` (zip bomb). */
  maxUncompressedBytes?: number
}

/**
 * The limits used when a caller sets none: sized for real contact exports (a million rows of about 150 bytes)
 * while refusing what no contact list needs. `maxRows` and `maxCellLength` are Excel's own sheet limits.
 *
 * @example
 * ```ts
 * DEFAULT_LIMITS.maxRows // 1_048_576
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Required<ImportLimits>> = Object.freeze({
  maxBytes: 512 * 1024 * 1024,
  maxRows: 1_048_576,
  maxColumns: 2_000,
  maxCellLength: 32_767,
  maxRowLength: 1024 * 1024,
  maxUncompressedBytes: 256 * 1024 * 1024,
})

const positive = z.number().int().positive().optional()
const LimitsSchema = z
  .object({
    maxBytes: positive,
    maxRows: positive,
    maxColumns: positive,
    maxCellLength: positive,
    maxRowLength: positive,
    maxUncompressedBytes: positive,
  })
  .strict()

/**
 * Validates caller limits and fills the defaults.
 *
 * @internal
 */
export function resolveLimits(limits: ImportLimits | undefined): Required<ImportLimits> {
  const parsed = LimitsSchema.safeParse(limits ?? {})
  if (!parsed.success) {
    throw new ImportError(
      'IMPORT_INVALID_OPTIONS',
      `Invalid limits: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      {
        cause: parsed.error,
      },
    )
  }
  const resolved = { ...DEFAULT_LIMITS }
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) resolved[key as keyof ImportLimits] = value
  }
  return resolved
}

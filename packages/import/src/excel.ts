import * as XLSX from '@e965/xlsx'
import { ImportError } from './error.js'
import { assertZipWithinLimit } from './internal/zip-guard.js'
import { type ImportLimits, resolveLimits } from './limits.js'
import { generatedHeaders } from './read-table.js'
import { detectHeaderRow, sniffWorkbook } from './sniff.js'

/**
 * Options of {@link readWorkbook}.
 *
 * @example
 * ```ts
 * const options: ReadWorkbookOptions = { sheet: 'Kontakte', limits: { maxRows: 50_000 } }
 * ```
 */
export interface ReadWorkbookOptions {
  /** The sheet by name or 0-based index; default: the first sheet with any cell. */
  sheet?: string | number
  /** Whether the sheet has a header row; detected (skipping title rows) when absent. */
  header?: boolean
  /** Limits; `maxBytes`, `maxUncompressedBytes`, `maxRows`, `maxColumns` and `maxCellLength` apply. */
  limits?: ImportLimits
}

/**
 * One data row of a sheet: displayed strings, plus ISO dates for date cells.
 *
 * @example
 * ```ts
 * const row: WorkbookRow = { rowNumber: 3, cells: ['Anna', 'Schäfer', '31.12.2024'], dates: [undefined, undefined, '2024-12-31'] }
 * ```
 */
export interface WorkbookRow {
  /** The row number Excel shows (1-based). */
  rowNumber: number
  /** Each cell as the spreadsheet displays it (number formats applied), `''` for blanks. */
  cells: string[]
  /** For date cells, the date as ISO 8601 (`2024-12-31`, or with time when it has one); otherwise `undefined`. */
  dates?: (string | undefined)[]
}

/**
 * A sheet read by {@link readWorkbook}.
 *
 * @example
 * ```ts
 * const sheet: WorkbookSheet = { sheets: ['Kontakte'], sheet: 'Kontakte', headerRowNumber: 2, headers: ['Vorname', 'Nachname'], rows: [] }
 * ```
 */
export interface WorkbookSheet {
  /** Every sheet name in the workbook, in tab order. */
  sheets: string[]
  /** The sheet that was read. */
  sheet: string
  /** The row number of the header (after any title rows), or 0 without header. */
  headerRowNumber: number
  /** Header cells, or `Column 1`... without header. */
  headers: string[]
  /** Data rows below the header; rows with no filled cell are left out. */
  rows: WorkbookRow[]
}

const HEADER_SEARCH_ROWS = 10

function readBook(
  bytes: Uint8Array,
  limits: Required<ImportLimits>,
): { book: XLSX.WorkBook; format: 'xlsx' | 'xls' | 'ods' } {
  if (bytes.byteLength > limits.maxBytes) {
    throw new ImportError('IMPORT_FILE_TOO_LARGE', `The workbook is larger than ${limits.maxBytes} bytes`, {
      details: { maxBytes: limits.maxBytes },
    })
  }
  const kind = sniffWorkbook(bytes)
  if (kind === undefined)
    throw new ImportError('IMPORT_UNSUPPORTED_FORMAT', 'Not an xlsx, xls or ods workbook')
  if (kind.encrypted) throw encrypted()
  if (kind.format !== 'xls') assertZipWithinLimit(bytes, limits.maxUncompressedBytes)
  try {
    const book = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellDates: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      // Rows beyond the limit are never materialised; `!fullref` still tells how many there were.
      sheetRows: limits.maxRows + HEADER_SEARCH_ROWS + 1,
    })
    return { book, format: kind.format }
  } catch (error) {
    if (error instanceof Error && /password|encrypt/i.test(error.message)) throw encrypted(error)
    throw new ImportError('IMPORT_MALFORMED', 'The workbook cannot be read', { cause: error })
  }
}

function encrypted(cause?: unknown): ImportError {
  return new ImportError(
    'IMPORT_ENCRYPTED_WORKBOOK',
    'The workbook is password-protected; save it without a password and try again',
    cause === undefined ? {} : { cause },
  )
}

type DenseSheet = XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] }

function cellText(cell: XLSX.CellObject | undefined): string {
  if (cell === undefined || cell.t === 'z') return ''
  if (cell.t === 'e') return cell.w ?? ''
  if (cell.w !== undefined) return cell.w
  if (cell.v instanceof Date) return isoDate(cell.v)
  return cell.v === undefined ? '' : String(cell.v)
}

function isoDate(date: Date): string {
  const iso = date.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z')
}

function pickSheet(book: XLSX.WorkBook, sheet: string | number | undefined): string {
  if (typeof sheet === 'number') {
    const name = book.SheetNames[sheet]
    if (name === undefined)
      throw new ImportError('IMPORT_INVALID_OPTIONS', `The workbook has no sheet ${sheet}`)
    return name
  }
  if (typeof sheet === 'string') {
    if (!book.SheetNames.includes(sheet))
      throw new ImportError(
        'IMPORT_INVALID_OPTIONS',
        `The workbook has no sheet named ${JSON.stringify(sheet)}`,
      )
    return sheet
  }
  const filled = book.SheetNames.find(
    (name) => ((book.Sheets[name] as DenseSheet | undefined)?.['!data']?.length ?? 0) > 0,
  )
  return filled ?? (book.SheetNames[0] as string)
}

function sheetRows(sheet: DenseSheet, limits: Required<ImportLimits>): WorkbookRow[] {
  const fullRef = sheet['!fullref'] ?? sheet['!ref']
  if (fullRef !== undefined) {
    const range = XLSX.utils.decode_range(fullRef)
    if (range.e.r - range.s.r + 1 > limits.maxRows + HEADER_SEARCH_ROWS + 1) {
      throw new ImportError('IMPORT_TOO_MANY_ROWS', `The sheet has more than ${limits.maxRows} rows`, {
        details: { maxRows: limits.maxRows },
      })
    }
  }
  const rows: WorkbookRow[] = []
  const data = sheet['!data'] ?? []
  for (let r = 0; r < data.length; r++) {
    const row = data[r]
    if (row === undefined) continue
    // The used range may claim thousands of formatted but empty columns; the cells that hold text count.
    let width = 0
    for (let c = row.length - 1; c >= 0; c--) {
      if (cellText(row[c]) !== '') {
        width = c + 1
        break
      }
    }
    if (width === 0) continue
    if (width > limits.maxColumns) {
      throw new ImportError(
        'IMPORT_TOO_MANY_COLUMNS',
        `Row ${r + 1} has ${width} columns; the limit is ${limits.maxColumns}`,
        {
          details: { row: r + 1, columns: width, maxColumns: limits.maxColumns },
        },
      )
    }
    const cells = new Array<string>(width)
    let dates: (string | undefined)[] | undefined
    for (let c = 0; c < width; c++) {
      const cell = row[c]
      cells[c] = cellText(cell)
      if (cell?.v instanceof Date) {
        dates ??= new Array<string | undefined>(width).fill(undefined)
        dates[c] = isoDate(cell.v)
      }
    }
    rows.push(dates ? { rowNumber: r + 1, cells, dates } : { rowNumber: r + 1, cells })
  }
  return rows
}

/**
 * Reads one sheet of an xlsx, xls or ods workbook into header and rows of displayed strings. Password-protected
 * workbooks are refused, a zip bomb is caught before inflation, and rows and columns are capped.
 *
 * @param bytes - The workbook file.
 * @param options - Sheet choice, header flag and limits.
 * @returns The sheet names, the chosen sheet, its header and its data rows.
 * @throws {ImportError} IMPORT_ENCRYPTED_WORKBOOK for a password-protected workbook; IMPORT_FILE_TOO_LARGE when
 * the file or its inflated parts exceed the limits; IMPORT_TOO_MANY_ROWS / IMPORT_TOO_MANY_COLUMNS beyond the
 * used-range caps; IMPORT_MALFORMED for a corrupt file; IMPORT_UNSUPPORTED_FORMAT for anything else;
 * IMPORT_EMPTY for a sheet without cells.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs'
 * const { headers, rows } = readWorkbook(readFileSync('kontakte.xlsx'), { sheet: 'Kontakte' })
 * headers // ['Anrede', 'Vorname', 'Nachname', ...] (title rows above are skipped)
 * rows[0]?.cells // ['Frau', 'Anna', 'Schäfer', ...]
 * ```
 */
export function readWorkbook(bytes: Uint8Array, options: ReadWorkbookOptions = {}): WorkbookSheet {
  const limits = resolveLimits(options.limits)
  const { book } = readBook(bytes, limits)
  const name = pickSheet(book, options.sheet)
  const rows = sheetRows(book.Sheets[name] as DenseSheet, limits)
  if (rows.length === 0) throw new ImportError('IMPORT_EMPTY', `The sheet ${JSON.stringify(name)} is empty`)
  const probe = rows.slice(0, HEADER_SEARCH_ROWS + 10).map((row) => row.cells)
  const detected = detectHeaderRow(probe)
  const hasHeader = options.header ?? detected.hasHeader
  const headerIndex = detected.headerRow
  const header = rows[headerIndex] as WorkbookRow
  const dataRows = rows.slice(hasHeader ? headerIndex + 1 : headerIndex)
  if (dataRows.length > limits.maxRows) {
    throw new ImportError('IMPORT_TOO_MANY_ROWS', `The sheet has more than ${limits.maxRows} rows`, {
      details: { maxRows: limits.maxRows },
    })
  }
  const width = Math.max(header.cells.length, ...dataRows.slice(0, 50).map((row) => row.cells.length))
  const headers = hasHeader ? header.cells : generatedHeaders(width)
  // A sheet stores no trailing blank cells; they are blanks, not a ragged row.
  for (const row of dataRows) {
    while (row.cells.length < headers.length) {
      row.cells.push('')
      row.dates?.push(undefined)
    }
  }
  return {
    sheets: [...book.SheetNames],
    sheet: name,
    headerRowNumber: hasHeader ? header.rowNumber : 0,
    headers,
    rows: dataRows,
  }
}

/**
 * Lists the sheet names of a workbook, so a user can choose one before the import.
 *
 * @param bytes - The workbook file.
 * @param options - Limits (size and zip-bomb checks apply).
 * @returns The sheet names in tab order.
 * @throws {ImportError} The same codes as {@link readWorkbook}.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs'
 * listSheets(readFileSync('kontakte.xlsx')) // ['Kontakte', 'Firmen']
 * ```
 */
export function listSheets(bytes: Uint8Array, options: { limits?: ImportLimits } = {}): string[] {
  const limits = resolveLimits(options.limits)
  return [...readBook(bytes, limits).book.SheetNames]
}

/**
 * Writes rows of strings as a one-sheet xlsx workbook. Every cell is written as text (type `s`), so Excel shows
 * `01067` and `+49 89 1234` as written and never evaluates a formula.
 *
 * @param rows - The header row first, then data rows.
 * @param options - `sheetName` (default `Contacts`).
 * @returns The xlsx file.
 *
 * @example
 * ```ts
 * const bytes = writeWorkbook([['Vorname', 'PLZ'], ['Jürgen', '01067']], { sheetName: 'Kontakte' })
 * readWorkbook(bytes).rows[0]?.cells // ['Jürgen', '01067']
 * ```
 */
export function writeWorkbook(
  rows: readonly (readonly string[])[],
  options: { sheetName?: string } = {},
): Uint8Array {
  const sheet: XLSX.WorkSheet = {}
  let width = 0
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value !== '') sheet[XLSX.utils.encode_cell({ r, c })] = { t: 's', v: value }
    })
    width = Math.max(width, row.length)
  })
  sheet['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: Math.max(rows.length - 1, 0), c: Math.max(width - 1, 0) },
  })
  const book = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(book, sheet, options.sheetName ?? 'Contacts')
  const out = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer
  return new Uint8Array(out)
}

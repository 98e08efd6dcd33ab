import { isUtf8 } from 'node:buffer'
import { createCsvParser } from './csv-parser.js'
import { decodeText, type TextEncodingName } from './decode.js'
import { ImportError } from './error.js'
import { looksLikeHeaderLabel, matchHeaderSynonym } from './internal/header-vocabulary.js'

/**
 * File formats the importer recognises.
 *
 * @example
 * ```ts
 * const format: ImportFormat = 'xlsx'
 * ```
 */
export type ImportFormat = 'csv' | 'tsv' | 'xlsx' | 'xls' | 'ods'

/**
 * What {@link sniff} found out about a file.
 *
 * @example
 * ```ts
 * const result: SniffResult = {
 *   format: 'csv', encoding: 'windows-1252', bom: false, delimiter: ';', sepLine: false,
 *   hasHeader: true, headerRow: 1, encrypted: false,
 * }
 * ```
 */
export interface SniffResult {
  /** The container: delimited text or a workbook. */
  format: ImportFormat
  /** Text formats: the encoding, from the BOM, strict UTF-8 validation, the UTF-16 byte pattern or else Windows-1252. */
  encoding?: TextEncodingName
  /** Text formats: whether the file starts with a byte order mark. */
  bom?: boolean
  /** Text formats: the cell delimiter: `,` `;` tab or `|`. */
  delimiter?: string
  /** Text formats: whether the first line is Excel's `sep=;` hint (it is skipped when reading). */
  sepLine: boolean
  /** Text formats: `true` when lines end in a bare CR (old Mac Excel); they are read as line breaks. */
  crLineBreaks?: boolean
  /** Whether the row at `headerRow` is a header (labels) rather than data. Workbooks are checked when read. */
  hasHeader: boolean
  /** 0-based index of the header row among the records after any `sep=` line: title rows above it are skipped. */
  headerRow: number
  /** Whether the workbook is password-protected (it cannot be imported). */
  encrypted: boolean
}

/**
 * Options of {@link sniff}.
 *
 * @example
 * ```ts
 * const options: SniffOptions = { encoding: 'windows-1252', delimiter: ';' }
 * ```
 */
export interface SniffOptions {
  /** Skip encoding detection and use this one. */
  encoding?: TextEncodingName
  /** Skip delimiter detection and use this one. */
  delimiter?: string
  /** Whether `bytes` is the whole file (default `true`); when it is only the start, a truncated character at the end is not held against UTF-8. */
  complete?: boolean
}

const DELIMITERS = [',', ';', '\t', '|'] as const
const SAMPLE_RECORDS = 50
const HEADER_SEARCH_ROWS = 10

/**
 * Detects the format, encoding, delimiter and header row of a contact file from its bytes (or its first
 * 64 KiB to 1 MiB: enough for a reliable guess).
 *
 * @param bytes - The file, or its beginning.
 * @param options - Known facts that skip detection, and whether `bytes` is complete.
 * @returns The format and, for text, encoding, delimiter, `sep=` line and header row.
 * @throws {ImportError} IMPORT_EMPTY when there are no bytes or only blank lines; IMPORT_UNSUPPORTED_FORMAT for
 * binary content that is no spreadsheet (a PDF, an image, a zip of something else).
 *
 * @example
 * ```ts
 * import iconv from 'iconv-lite'
 * const bytes = iconv.encode('Kontakte Stand 31.12.2024;;\nVorname;Nachname;Ort\nJürgen;Weiß;Köln\n', 'windows-1252')
 * sniff(bytes)
 * // { format: 'csv', encoding: 'windows-1252', bom: false, delimiter: ';', sepLine: false,
 * //   hasHeader: true, headerRow: 1, encrypted: false }
 * ```
 */
export function sniff(bytes: Uint8Array, options: SniffOptions = {}): SniffResult {
  if (bytes.byteLength === 0) throw new ImportError('IMPORT_EMPTY', 'The file is empty')
  const workbook = sniffWorkbook(bytes)
  if (workbook !== undefined) {
    return {
      format: workbook.format,
      sepLine: false,
      hasHeader: true,
      headerRow: 0,
      encrypted: workbook.encrypted,
    }
  }
  const { encoding, bom } = options.encoding
    ? { encoding: options.encoding, bom: hasBom(bytes, options.encoding) }
    : detectEncoding(bytes, options.complete ?? true)
  const text = decodeText(bytes, encoding)
  return sniffText(text, encoding, bom, options.delimiter, options.complete ?? true)
}

/** @internal Detection on already decoded text (after any BOM). */
export function sniffText(
  text: string,
  encoding: TextEncodingName,
  bom: boolean,
  delimiterOption: string | undefined,
  complete: boolean,
): SniffResult {
  // Old Mac Excel ("CSV (Macintosh)") ends lines with a bare CR; such text is read with CR taken as LF.
  const crLineBreaks = text.includes('\r') && !text.includes('\n')
  let body = crLineBreaks ? text.replaceAll('\r', '\n') : text
  let delimiter = delimiterOption
  const sep = /^"?sep=(.)"?[^\S\n]*\r?\n/i.exec(body)
  if (sep) {
    delimiter ??= sep[1]
    body = body.slice(sep[0].length)
  }
  if (body.trim() === '') throw new ImportError('IMPORT_EMPTY', 'The file has no rows')
  delimiter ??= detectDelimiter(body, complete)
  const records = sampleRecords(body, delimiter, complete)
  const { headerRow, hasHeader } = detectHeaderRow(records)
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    encoding,
    bom,
    delimiter,
    sepLine: sep !== null,
    ...(crLineBreaks ? { crLineBreaks } : {}),
    hasHeader,
    headerRow,
    encrypted: false,
  }
}

/**
 * Finds the text encoding: a BOM wins; then the NUL pattern of BOM-less UTF-16; then strict UTF-8; otherwise
 * Windows-1252 (what German Excel writes for "CSV (Trennzeichen-getrennt)").
 *
 * @internal
 */
export function detectEncoding(
  bytes: Uint8Array,
  complete: boolean,
): { encoding: TextEncodingName; bom: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true }
  const probe = bytes.subarray(0, Math.min(bytes.byteLength, 4096))
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < probe.byteLength; i++) {
    if (probe[i] === 0) {
      if (i % 2 === 0) evenNul++
      else oddNul++
    }
  }
  const pairs = probe.byteLength / 2
  if (pairs >= 2 && oddNul > pairs * 0.3 && evenNul < pairs * 0.05)
    return { encoding: 'utf-16le', bom: false }
  if (pairs >= 2 && evenNul > pairs * 0.3 && oddNul < pairs * 0.05)
    return { encoding: 'utf-16be', bom: false }
  if (evenNul + oddNul > probe.byteLength * 0.1) {
    throw new ImportError('IMPORT_UNSUPPORTED_FORMAT', 'The file is binary, not a CSV text or a workbook')
  }
  const checked = complete ? bytes : trimIncompleteUtf8(bytes)
  return { encoding: isUtf8(checked) ? 'utf-8' : 'windows-1252', bom: false }
}

function hasBom(bytes: Uint8Array, encoding: TextEncodingName): boolean {
  if (encoding === 'utf-8') return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  if (encoding === 'utf-16le') return bytes[0] === 0xff && bytes[1] === 0xfe
  if (encoding === 'utf-16be') return bytes[0] === 0xfe && bytes[1] === 0xff
  return false
}

// A window cut from a stream may end inside a multi-byte character; that is no evidence against UTF-8.
function trimIncompleteUtf8(bytes: Uint8Array): Uint8Array {
  const end = bytes.byteLength
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back] as number
    if ((byte & 0xc0) === 0x80) continue
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2
      return needed > back ? bytes.subarray(0, end - back) : bytes
    }
    return bytes
  }
  return bytes
}

function sampleRecords(text: string, delimiter: string, complete: boolean): string[][] {
  const parser = createCsvParser({ delimiter })
  const records: string[][] = []
  try {
    const slice = text.length > 256 * 1024 ? text.slice(0, 256 * 1024) : text
    for (const record of parser.push(slice)) {
      records.push(record.cells)
      if (records.length >= SAMPLE_RECORDS) return records
    }
    if (complete && slice.length === text.length)
      for (const record of parser.end()) records.push(record.cells)
  } catch {
    // An unbalanced quote in the sample only makes this delimiter less likely; the real read reports it.
  }
  return records
}

// The most frequent number (the larger one on a tie), and how often it occurs; 0 for an empty list.
function mostFrequent(numbers: number[]): { value: number; times: number } {
  const frequency = new Map<number, number>()
  for (const n of numbers) frequency.set(n, (frequency.get(n) ?? 0) + 1)
  let value = 0
  let times = 0
  for (const [n, count] of frequency) {
    if (count > times || (count === times && n > value)) {
      value = n
      times = count
    }
  }
  return { value, times }
}

/**
 * Picks the delimiter whose quote-aware parse of the sample gives the most consistent number of cells (more
 * than one) per row.
 *
 * @internal
 */
export function detectDelimiter(text: string, complete: boolean): string {
  let best: string = ','
  let bestScore = 0
  for (const delimiter of DELIMITERS) {
    const counts = sampleRecords(text, delimiter, complete).map((cells) => cells.length)
    if (counts.length === 0) continue
    const { value: mode, times: modeFrequency } = mostFrequent(counts)
    if (mode < 2) continue
    const score = (modeFrequency / counts.length) * (1 + Math.log2(mode))
    if (score > bestScore) {
      best = delimiter
      bestScore = score
    }
  }
  return best
}

/**
 * Finds the header among the first rows, skipping title rows (one filled cell, or far fewer filled cells than
 * the table is wide), and decides whether it holds labels or already data.
 *
 * @internal
 */
export function detectHeaderRow(records: string[][]): { headerRow: number; hasHeader: boolean } {
  const filled = records.map((cells) => cells.filter((cell) => cell.trim() !== '').length)
  const width = mostFrequent(filled.filter((count) => count >= 2)).value
  let headerRow = 0
  const limit = Math.min(records.length, HEADER_SEARCH_ROWS)
  for (let i = 0; i < limit; i++) {
    const count = filled[i] as number
    if (count >= 2 && count >= Math.ceil(width * 0.5)) {
      headerRow = i
      break
    }
  }
  const header = records[headerRow] ?? []
  const labels = header.filter((cell) => cell.trim() !== '')
  if (labels.length === 0) return { headerRow, hasHeader: false }
  const labelRatio = labels.filter((cell) => looksLikeHeaderLabel(cell)).length / labels.length
  const unique = new Set(labels.map((cell) => cell.trim().toLowerCase())).size === labels.length
  const known = labels.filter((cell) => matchHeaderSynonym(cell) !== undefined).length
  const hasHeader =
    labelRatio >= 0.8 && unique && (known >= 1 || typesDiffer(header, records.slice(headerRow + 1)))
  return { headerRow, hasHeader }
}

// A header differs from the data below: a column of emails or numbers under a cell that is neither.
function typesDiffer(header: string[], rows: string[][]): boolean {
  if (rows.length === 0) return false
  for (let column = 0; column < header.length; column++) {
    const values = rows.map((row) => (row[column] ?? '').trim()).filter((value) => value !== '')
    if (values.length === 0) continue
    const dataLike = values.filter((value) => /@|^[+\d(][\d\s()./-]{3,}$/.test(value)).length / values.length
    if (dataLike >= 0.6 && looksLikeHeaderLabel(header[column] ?? '')) return true
  }
  return false
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte)
}

function contains(bytes: Uint8Array, needle: string, utf16 = false): boolean {
  const encoded = utf16 ? Buffer.from(needle, 'utf16le') : Buffer.from(needle, 'latin1')
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(encoded)
}

/** @internal Recognises xlsx/ods (zip) and xls/encrypted OOXML (OLE compound file) by their magic bytes. */
export function sniffWorkbook(
  bytes: Uint8Array,
): { format: 'xlsx' | 'xls' | 'ods'; encrypted: boolean } | undefined {
  if (startsWith(bytes, ZIP_MAGIC)) {
    if (contains(bytes, 'application/vnd.oasis.opendocument.spreadsheet'))
      return { format: 'ods', encrypted: false }
    if (contains(bytes, 'xl/')) return { format: 'xlsx', encrypted: false }
    throw new ImportError(
      'IMPORT_UNSUPPORTED_FORMAT',
      'The file is a zip archive but not an xlsx or ods workbook',
    )
  }
  if (startsWith(bytes, CFB_MAGIC)) {
    // Password-protected xlsx is an OLE compound file holding EncryptionInfo and EncryptedPackage streams.
    if (contains(bytes, 'EncryptedPackage', true)) return { format: 'xlsx', encrypted: true }
    return { format: 'xls', encrypted: false }
  }
  return undefined
}

import { type CsvPiece, type CsvRecord, createCsvEngine, rowTooLong } from './csv-parser.js'
import { createTextDecoder, decodePiece, type TextEncodingName } from './decode.js'
import { ImportError } from './error.js'
import { cutRecords } from './internal/byte-cutter.js'
import { CONTROL_CHARACTER, markControlFree } from './internal/control-free.js'
import type { ImportLimits } from './limits.js'
import { type SniffResult, sniff } from './sniff.js'
import { byteChunks, type ImportSource, throwIfAborted } from './source.js'

/** @internal Bytes looked at before deciding encoding, delimiter and header row. */
export const SNIFF_BYTES = 1024 * 1024

/** @internal Characters of text gathered before cutting a {@link CsvPiece} (about 850 contact rows). */
export const PIECE_CHARS = 128 * 1024

/** @internal Bytes gathered before cutting a {@link BytePiece} (about 450 contact rows). */
export const PIECE_BYTES = 64 * 1024

/**
 * A run of whole records as the file's raw bytes (UTF-8 or Windows-1252), cut at a record boundary without
 * decoding, so that a worker thread decodes and parses it. `bytes` is a copy the reader owns: it can be
 * transferred to a worker.
 *
 * @internal
 */
export interface BytePiece {
  /** The bytes of the records, from the start of the first to the line break after the last (or the file end). */
  bytes: Uint8Array
  /** 1-based line where the piece starts. */
  line: number
  /** Records in the piece (blank lines not counted). */
  records: number
  /** Offset of the piece in the file, for the byte offset a decoding error names. */
  offset: number
}

/**
 * Options for reading a table, shared by CSV and workbooks.
 *
 * @internal
 */
export interface ReadTableOptions {
  limits: Required<ImportLimits>
  signal?: AbortSignal | undefined
  encoding?: TextEncodingName | undefined
  delimiter?: string | undefined
  /** Whether the file has a header row; detected when absent. */
  header?: boolean | undefined
  /** Workbooks: the sheet to read, by name or 0-based index; the first non-empty sheet by default. */
  sheet?: string | number | undefined
  onBytes?: ((bytesRead: number) => void) | undefined
  /**
   * Text formats: after the records of the sniffed head, deliver the rest as {@link BytePiece}s of about
   * {@link PIECE_BYTES} (UTF-8 and Windows-1252 with LF or CRLF line breaks and an ASCII delimiter), else as
   * {@link CsvPiece}s of about {@link PIECE_CHARS} characters: cut at record boundaries, not split into cells.
   */
  pieces?: boolean | undefined
}

/** @internal A table: its header, a sample of data rows, and every data row in batches. */
export interface Table {
  sniffed: SniffResult
  headers: string[]
  /** Up to 50 data rows for {@link suggestMapping}; they are also the start of `batches`. */
  sample: string[][]
  /** The data rows: parsed records, or (with the `pieces` option, after the head) pieces of text. */
  batches: AsyncGenerator<CsvRecord[] | CsvPiece | BytePiece>
  /** Releases the source (cancels a web stream, destroys a Node stream) when reading stops early. */
  close: () => Promise<void>
  /** Workbooks: the sheet read. */
  sheet?: string
}

/** @internal Generated names for a file without header row: `Column 1`, `Column 2`, ... */
export function generatedHeaders(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Column ${i + 1}`)
}

/**
 * Opens a source as a table: sniffs the first MiB, decodes, parses and finds the header; data rows follow
 * lazily so memory stays flat whatever the file size.
 *
 * @internal
 */
export async function openTable(source: ImportSource, options: ReadTableOptions): Promise<Table> {
  const chunks = byteChunks(source, options.limits.maxBytes, options.signal)
  try {
    return await readHead(chunks, options)
  } catch (error) {
    // A file refused at its head (format, encoding, limits) must not leave the caller's stream open.
    await chunks.return(undefined)
    throw error
  }
}

async function readHead(chunks: AsyncGenerator<Uint8Array>, options: ReadTableOptions): Promise<Table> {
  const { limits, signal } = options
  const head: Uint8Array[] = []
  let headBytes = 0
  let ended = false
  let bytesRead = 0
  while (headBytes < SNIFF_BYTES) {
    const next = await chunks.next()
    if (next.done) {
      ended = true
      break
    }
    head.push(next.value)
    headBytes += next.value.byteLength
  }
  bytesRead = headBytes
  options.onBytes?.(bytesRead)
  const headJoined = concat(head, headBytes)
  const sniffed = sniff(headJoined, {
    complete: ended,
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  })
  if (sniffed.encrypted) {
    await chunks.return(undefined)
    throw new ImportError(
      'IMPORT_ENCRYPTED_WORKBOOK',
      'The workbook is password-protected; save it without a password and try again',
    )
  }
  if (sniffed.format === 'xlsx' || sniffed.format === 'xls' || sniffed.format === 'ods') {
    const parts = [headJoined]
    for await (const chunk of chunks) {
      parts.push(chunk)
      bytesRead += chunk.byteLength
    }
    options.onBytes?.(bytesRead)
    const { readWorkbookTable } = await import('./internal/workbook-table.js')
    return readWorkbookTable(concat(parts, bytesRead), sniffed, options)
  }
  const encoding = sniffed.encoding as TextEncodingName
  const textDecoder = createTextDecoder(encoding, true)
  const decoder = sniffed.crLineBreaks
    ? {
        write: (bytes: Uint8Array) => textDecoder.write(bytes).replaceAll('\r', '\n'),
        end: () => textDecoder.end().replaceAll('\r', '\n'),
      }
    : textDecoder
  const parser = createCsvEngine({
    delimiter: sniffed.delimiter as string,
    maxRowLength: limits.maxRowLength,
  })
  const headText = decoder.write(headJoined)
  let controlFree = !CONTROL_CHARACTER.test(headText)
  const pending: CsvRecord[] = parser.push(headText)
  const headRecords = pending.length
  let finished = false
  if (ended) {
    const endText = decoder.end()
    if (CONTROL_CHARACTER.test(endText)) controlFree = false
    pending.push(...parser.push(endText))
    // A broken last record must not hide the good rows before it: its error is raised after they are read.
    if (pending.length <= sniffed.headerRow + (sniffed.sepLine ? 2 : 1)) {
      pending.push(...parser.end())
      finished = true
    }
  }
  if (sniffed.sepLine) pending.shift()
  // Title rows above the header are dropped; more records may be needed when the first MiB was all title.
  let skipped = 0
  while (skipped < sniffed.headerRow && pending.length > 0) {
    pending.shift()
    skipped++
  }
  let headers: string[]
  const first = pending[0]
  if (first === undefined) throw new ImportError('IMPORT_EMPTY', 'The file has no rows')
  const hasHeader = options.header ?? sniffed.hasHeader
  if (hasHeader) {
    headers = first.cells
    pending.shift()
  } else {
    headers = generatedHeaders(first.cells.length)
  }
  if (headers.length > limits.maxColumns) {
    throw new ImportError(
      'IMPORT_TOO_MANY_COLUMNS',
      `The header has ${headers.length} columns; the limit is ${limits.maxColumns}`,
      {
        details: { columns: headers.length, maxColumns: limits.maxColumns },
      },
    )
  }
  const sample = pending.slice(0, 50).map((record) => record.cells)
  const delimiterCode = (sniffed.delimiter as string).charCodeAt(0)
  // Where the bytes of the head's unfinished record start, when the rest can go to workers as bytes: the byte
  // cutter must find the same records in the head as the parser did.
  let byteStart = -1
  if (
    options.pieces &&
    !ended &&
    (encoding === 'utf-8' || encoding === 'windows-1252') &&
    !sniffed.crLineBreaks &&
    delimiterCode < 128
  ) {
    const skip = encoding === 'utf-8' && sniffed.bom ? 3 : 0
    const cut = cutRecords(headJoined.subarray(skip), delimiterCode, false)
    if (cut.records === headRecords && cut.lines + 1 === parser.nextLine()) byteStart = skip + cut.end
  }
  async function* batches(): AsyncGenerator<CsvRecord[] | CsvPiece | BytePiece> {
    if (pending.length > 0) yield controlFree ? markControlFree(pending) : pending
    if (ended) {
      if (!finished) {
        const last = parser.end()
        if (last.length > 0) yield last
      }
      return
    }
    if (byteStart !== -1) {
      yield* bytePieces()
      return
    }
    if (options.pieces) {
      yield* pieces()
      return
    }
    for await (const chunk of chunks) {
      throwIfAborted(signal)
      bytesRead += chunk.byteLength
      const text = decoder.write(chunk)
      // A record may start in an earlier chunk: the mark holds only while all text so far was free of them.
      if (controlFree && CONTROL_CHARACTER.test(text)) controlFree = false
      const records = parser.push(text)
      options.onBytes?.(bytesRead)
      if (records.length > 0) yield controlFree ? markControlFree(records) : records
    }
    const endText = decoder.end()
    if (CONTROL_CHARACTER.test(endText)) controlFree = false
    const last = parser.push(endText)
    last.push(...parser.end())
    if (last.length > 0) yield controlFree ? markControlFree(last) : last
  }
  // Text is gathered to about PIECE_CHARS before each cut (and a long chunk is cut in several places), so that
  // pieces have a similar size whatever the source's chunks are.
  async function* pieces(): AsyncGenerator<CsvPiece> {
    let parts: string[] = []
    let gathered = 0
    function* take(text: string, flush: boolean): Generator<CsvPiece> {
      for (let at = 0; at < text.length || (flush && at === 0); at += PIECE_CHARS) {
        const part = at === 0 && text.length <= PIECE_CHARS ? text : text.slice(at, at + PIECE_CHARS)
        parts.push(part)
        gathered += part.length
        if (gathered >= PIECE_CHARS || (flush && at + PIECE_CHARS >= text.length)) {
          const piece = parser.cut(parts.length === 1 ? (parts[0] as string) : parts.join(''))
          parts = []
          gathered = 0
          if (piece) yield piece
        }
      }
    }
    for await (const chunk of chunks) {
      throwIfAborted(signal)
      bytesRead += chunk.byteLength
      const text = decoder.write(chunk)
      options.onBytes?.(bytesRead)
      yield* take(text, false)
    }
    yield* take(decoder.end(), true)
    const last = parser.finish()
    if (last) yield last
  }
  // Bytes are gathered to about PIECE_BYTES (a long chunk is taken in slices of that size), copied into a buffer
  // of the piece's own and cut after its last complete record; the unfinished record is carried to the next one.
  async function* bytePieces(): AsyncGenerator<BytePiece | CsvRecord[]> {
    let carry = headJoined.slice(byteStart)
    let parts: Uint8Array[] = carry.byteLength > 0 ? [carry] : []
    let gathered = carry.byteLength
    let offset = byteStart
    let line = parser.nextLine()
    function cut(): BytePiece | undefined {
      const joined = concatCopy(parts, gathered)
      const found = cutRecords(joined, delimiterCode, false)
      const end = found.end
      carry = joined.slice(end)
      parts = carry.byteLength > 0 ? [carry] : []
      gathered = carry.byteLength
      // The unfinished record may not outgrow the row limit (in characters: at least one per byte).
      if (
        carry.byteLength > limits.maxRowLength &&
        (encoding === 'windows-1252' ? carry.byteLength : new TextDecoder().decode(carry).length) >
          limits.maxRowLength
      ) {
        throw rowTooLong(line + found.lines, limits.maxRowLength)
      }
      if (end === 0) return undefined
      const piece: BytePiece = {
        bytes: end === joined.byteLength ? joined : joined.subarray(0, end),
        line,
        records: found.records,
        offset,
      }
      line += found.lines
      offset += end
      return piece
    }
    for await (const chunk of chunks) {
      throwIfAborted(signal)
      bytesRead += chunk.byteLength
      options.onBytes?.(bytesRead)
      for (let at = 0; at < chunk.byteLength; at += PIECE_BYTES) {
        const part = chunk.byteLength <= PIECE_BYTES ? chunk : chunk.subarray(at, at + PIECE_BYTES)
        parts.push(part)
        gathered += part.byteLength
        if (gathered >= PIECE_BYTES) {
          const piece = cut()
          if (piece) yield piece
        }
      }
    }
    if (gathered > 0) {
      const piece = cut()
      if (piece) yield piece
    }
    // The last record without a line break (or with a quote left open) is parsed here, so that an error in it
    // comes after the rows before it, with its line and column, as on one thread.
    if (gathered > 0) {
      const rest = decodePiece(carry, encoding as 'utf-8' | 'windows-1252', offset)
      const last = createCsvEngine(
        { delimiter: sniffed.delimiter as string, maxRowLength: limits.maxRowLength },
        line,
      ).parseWhole(rest)
      if (last.length > 0) yield last
    }
  }
  const close = async () => {
    await chunks.return(undefined)
  }
  return { sniffed: { ...sniffed, hasHeader }, headers, sample, batches: batches(), close }
}

// Always a new buffer: the parts may be the caller's memory, and a piece's buffer is transferred to a worker.
function concatCopy(parts: Uint8Array[], total: number): Uint8Array {
  const joined = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    joined.set(part, offset)
    offset += part.byteLength
  }
  return joined
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatCopy(parts, total)
}

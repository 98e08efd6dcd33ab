import { ImportError } from './error.js'

/**
 * One record of a delimited text file: its cells exactly as written (quotes removed, doubled quotes undone)
 * and the 1-based line where it starts.
 *
 * @example
 * ```ts
 * const row: CsvRecord = { line: 2, cells: ['Anna', 'Schäfer', 'Muster GmbH & Co. KG'] }
 * ```
 */
export interface CsvRecord {
  /** 1-based physical line where the record starts (a quoted cell may span several lines). */
  line: number
  /** The cells as strings, never converted. */
  cells: string[]
  /** Workbooks only: ISO 8601 dates of date cells, by column. */
  dates?: (string | undefined)[]
}

/**
 * Options of {@link createCsvParser}.
 *
 * @example
 * ```ts
 * const options: CsvParserOptions = { delimiter: ';', maxRowLength: 1_048_576 }
 * ```
 */
export interface CsvParserOptions {
  /** One character: `,` `;` tab or `|`. */
  delimiter: string
  /** Characters of one record before `IMPORT_ROW_TOO_LONG`; default 1 MiB. */
  maxRowLength?: number
}

/**
 * An incremental RFC 4180 parser: feed decoded text in chunks of any size, receive complete records.
 *
 * @example
 * ```ts
 * const parser = createCsvParser({ delimiter: ';' })
 * const rows = [...parser.push('Vorname;Nachname\nJürgen;"Mül'), ...parser.push('ler"\n'), ...parser.end()]
 * rows.map((row) => row.cells) // [['Vorname', 'Nachname'], ['Jürgen', 'Müller']]
 * ```
 */
export interface CsvParser {
  /** Parses a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[]
  /** Flushes the last record; throws `IMPORT_MALFORMED` on a quote left open at the end of the input. */
  end(): CsvRecord[]
}

const QUOTE = 34
const LF = 10
const CR = 13

/**
 * Creates an incremental CSV parser.
 *
 * Lines without a quote take a fast path (one `indexOf` for the line end, one native `split`); lines with quotes
 * are parsed field by field. Only the unfinished record is kept between chunks, and it may not grow beyond
 * `maxRowLength`, so a 1 GB single line or an unterminated quote ends in `IMPORT_ROW_TOO_LONG`, never in an
 * out-of-memory crash. Blank lines are skipped; lines may end in LF or CRLF.
 *
 * @param options - The delimiter and the row length limit.
 * @returns A parser with `push` and `end`.
 * @throws {ImportError} IMPORT_ROW_TOO_LONG when a record grows beyond `maxRowLength`; IMPORT_MALFORMED from
 * `end()` when a quoted cell is still open at the end of the input (`details.line`, `details.column`).
 *
 * @example
 * ```ts
 * const parser = createCsvParser({ delimiter: ',' })
 * parser.push('name,company\n"Meier, Klaus","Meier GmbH"\n').map((r) => r.cells)
 * // [['name', 'company'], ['Meier, Klaus', 'Meier GmbH']]
 * ```
 */
export function createCsvParser(options: CsvParserOptions): CsvParser {
  const engine = createCsvEngine(options)
  return { push: engine.push, end: engine.end }
}

/**
 * A run of whole records of a delimited text, cut from the input at a record boundary, so that it can be parsed
 * on its own (in a worker thread) with {@link parseCsvPiece} and give the same records as the whole text.
 *
 * @internal
 */
export interface CsvPiece {
  /** The text of the records, from the start of the first to the line break after the last. */
  text: string
  /** 1-based line where the piece starts. */
  line: number
  /** Records in the piece (blank lines not counted). */
  records: number
}

/**
 * The parser of {@link createCsvParser} with a second way out: `cut` takes text like `push` but returns the
 * complete records as one {@link CsvPiece} of text, without splitting them into cells (only quoted records are
 * parsed, to find where they end). Both share the unfinished record and the line count, so a caller may `push`
 * the head of a file and `cut` the rest. Limits and errors are those of `push` and `end`.
 *
 * @internal
 */
export interface CsvEngine extends CsvParser {
  /** Takes a chunk; returns the records it completed as text, or `undefined` when it completed none. */
  cut(chunk: string): CsvPiece | undefined
  /** Checks the unfinished last record (throws as `end` does) and returns it as the final piece. */
  finish(): CsvPiece | undefined
  /** The line where the unfinished record (the next one) starts. */
  nextLine(): number
}

/**
 * Parses a piece cut by {@link CsvEngine.cut} (or {@link CsvEngine.finish}) into its records.
 *
 * @internal
 */
export function parseCsvPiece(piece: { text: string; line: number }, options: CsvParserOptions): CsvRecord[] {
  return createCsvEngine(options, piece.line).parseWhole(piece.text)
}

/** @internal Creates the engine behind {@link createCsvParser}, counting lines from `firstLine`. */
export function createCsvEngine(
  options: CsvParserOptions,
  firstLine = 1,
): CsvEngine & { parseWhole(text: string): CsvRecord[] } {
  const delimiter = options.delimiter
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ImportError('IMPORT_INVALID_OPTIONS', `Unsupported delimiter ${JSON.stringify(delimiter)}`)
  }
  const delimiterCode = delimiter.charCodeAt(0)
  const maxRowLength = options.maxRowLength ?? 1024 * 1024
  let tail = ''
  let line = firstLine
  // Records found by the last `run` (also when they were not collected).
  let found = 0
  const scratch: string[] = []

  // Result of the slow path: the next position and the number of line breaks consumed, or -1 when incomplete.
  let consumedLines = 0
  let openQuoteAt = -1

  function parseQuotedRecord(text: string, start: number, final: boolean, cells: string[]): number {
    const length = text.length
    let pos = start
    let newline = text.indexOf('\n', start)
    consumedLines = 0
    openQuoteAt = -1
    for (;;) {
      if (pos < length && text.charCodeAt(pos) === QUOTE) {
        openQuoteAt = pos
        let value = ''
        let from = pos + 1
        for (;;) {
          const q = text.indexOf('"', from)
          if (q === -1) return -1
          if (q + 1 >= length && !final) return -1
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1)
            from = q + 2
            continue
          }
          value += text.slice(from, q)
          pos = q + 1
          break
        }
        openQuoteAt = -1
        consumedLines += countLineBreaks(value)
        // Text after a closing quote (`"a"b`) is kept, not dropped: it is appended up to the next delimiter.
        if (pos < length) {
          const c = text.charCodeAt(pos)
          if (c !== delimiterCode && c !== LF && c !== CR) {
            const end = nextBoundary(text, pos, delimiterCode)
            if (end === -1 && !final) return -1
            const stop = end === -1 ? length : end
            value += text.slice(pos, stop)
            pos = stop
          }
        }
        cells.push(value)
      } else {
        // An unquoted cell ends at the next delimiter or line break; both are found with indexOf.
        if (newline !== -1 && newline < pos) newline = text.indexOf('\n', pos)
        const at = text.indexOf(delimiter, pos)
        let end = at !== -1 && (newline === -1 || at < newline) ? at : newline
        if (end === -1) {
          if (!final) return -1
          cells.push(text.slice(pos))
          return length
        }
        if (end === newline && end > pos && text.charCodeAt(end - 1) === CR) end -= 1
        cells.push(text.slice(pos, end))
        pos = end
      }
      if (pos >= length) {
        if (!final) return -1
        return length
      }
      const c = text.charCodeAt(pos)
      if (c === delimiterCode) {
        pos += 1
        if (pos >= length && final) {
          cells.push('')
          return length
        }
        continue
      }
      if (c === CR) {
        if (pos + 1 >= length && !final) return -1
        consumedLines += 1
        return text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1
      }
      // LF
      consumedLines += 1
      return pos + 1
    }
  }

  // Parses `text` from its start; with `collect` false it only finds where records end (cells of quoted records
  // are still built, into a scratch array, since quotes decide where they end).
  function run(text: string, final: boolean, collect: boolean): CsvRecord[] {
    const records: CsvRecord[] = []
    found = 0
    const length = text.length
    let pos = 0
    let nextQuote = text.indexOf('"')
    while (pos < length) {
      let newline = text.indexOf('\n', pos)
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos)
      if (nextQuote === -1 || (newline !== -1 && nextQuote > newline)) {
        // Fast path: no quote before the end of this line.
        if (newline === -1) {
          if (!final) break
          newline = length
        }
        let end = newline
        if (end > pos && text.charCodeAt(end - 1) === CR) end -= 1
        if (end > pos) {
          if (end - pos > maxRowLength) throw rowTooLong(line, maxRowLength)
          found += 1
          if (!collect) {
            line += 1
            pos = newline + 1
            continue
          }
          const cells: string[] = []
          let start = pos
          for (;;) {
            const at = text.indexOf(delimiter, start)
            if (at === -1 || at >= end) {
              cells.push(text.slice(start, end))
              break
            }
            cells.push(text.slice(start, at))
            start = at + 1
          }
          records.push({ line, cells })
        }
        line += 1
        pos = newline + 1
        continue
      }
      let cells: string[]
      if (collect) cells = []
      else {
        scratch.length = 0
        cells = scratch
      }
      const next = parseQuotedRecord(text, pos, final, cells)
      if (next === -1) {
        if (final) throw unterminated(text, pos, openQuoteAt, line)
        break
      }
      if (next - pos > maxRowLength) throw rowTooLong(line, maxRowLength)
      if (!(cells.length === 1 && cells[0] === '' && next - pos <= 2)) {
        found += 1
        if (collect) records.push({ line, cells })
      }
      line += consumedLines
      pos = next
    }
    tail = pos >= length ? '' : text.slice(pos)
    if (tail.length > maxRowLength) throw rowTooLong(line, maxRowLength)
    return records
  }

  return {
    push(chunk: string): CsvRecord[] {
      return run(tail === '' ? chunk : tail + chunk, false, true)
    },
    end(): CsvRecord[] {
      const text = tail
      tail = ''
      return text === '' ? [] : run(text, true, true)
    },
    cut(chunk: string): CsvPiece | undefined {
      const text = tail === '' ? chunk : tail + chunk
      const start = line
      run(text, false, false)
      if (found === 0) return undefined
      return { text: text.slice(0, text.length - tail.length), line: start, records: found }
    },
    finish(): CsvPiece | undefined {
      const text = tail
      const start = line
      tail = ''
      if (text === '') return undefined
      run(text, true, false)
      return found === 0 ? undefined : { text, line: start, records: found }
    },
    nextLine(): number {
      return line
    },
    parseWhole(text: string): CsvRecord[] {
      return run(text, true, true)
    },
  }
}

function nextBoundary(text: string, from: number, delimiterCode: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === delimiterCode || c === LF || c === CR) return i
  }
  return -1
}

function countLineBreaks(value: string): number {
  let count = 0
  let at = value.indexOf('\n')
  while (at !== -1) {
    count += 1
    at = value.indexOf('\n', at + 1)
  }
  return count
}

/** @internal The error of a record longer than `maxRowLength`, starting at `line`. */
export function rowTooLong(line: number, maxRowLength: number): ImportError {
  return new ImportError(
    'IMPORT_ROW_TOO_LONG',
    `The row starting at line ${line} is longer than ${maxRowLength} characters (a missing line break or an unterminated quote?)`,
    { details: { line, maxRowLength } },
  )
}

function unterminated(text: string, rowStart: number, quoteAt: number, line: number): ImportError {
  const at = quoteAt === -1 ? rowStart : quoteAt
  const before = text.slice(rowStart, at)
  const lastBreak = before.lastIndexOf('\n')
  const quoteLine = line + countLineBreaks(before)
  const column = at - (lastBreak === -1 ? rowStart : rowStart + lastBreak + 1) + 1
  return new ImportError(
    'IMPORT_MALFORMED',
    `Unterminated quote: the quoted cell opened at line ${quoteLine}, column ${column} never closes`,
    { details: { line: quoteLine, column } },
  )
}

import type { Contact } from '@contactkit/core'
import { z } from 'zod'
import type { ImportIssue } from './contact-row.js'
import type { CsvPiece, CsvRecord } from './csv-parser.js'
import type { TextEncodingName } from './decode.js'
import { ImportError, isImportError } from './error.js'
import { isControlFree } from './internal/control-free.js'
import { type JobAnswer, jobRecords, type PoolInput, type WorkerCsvOptions } from './internal/run-job.js'
import { RowWorkerPool } from './internal/worker-pool.js'
import { type ImportLimits, resolveLimits } from './limits.js'
import {
  type ColumnMapping,
  type MappingInput,
  type MappingSuggestion,
  resolveMapping,
  suggestMapping,
} from './mapping.js'
import { processRow, type RowContext } from './process-row.js'
import { type BytePiece, openTable, type ReadTableOptions } from './read-table.js'
import type { ImportFormat, SniffResult } from './sniff.js'
import { type ImportSource, throwIfAborted } from './source.js'

/**
 * Options of {@link importContacts} and {@link previewImport}.
 *
 * @example
 * ```ts
 * const options: ImportOptions = {
 *   defaultCountry: 'DE',
 *   mapping: { Vorname: 'firstName', Nachname: 'lastName', 'E-Mail': 'email' },
 *   limits: { maxRows: 100_000 },
 *   signal: AbortSignal.timeout(60_000),
 * }
 * ```
 */
export interface ImportOptions {
  /** Column mapping; by default the suggestions of {@link suggestMapping} with at least `minConfidence`. */
  mapping?: MappingInput
  /** Confidence a suggestion needs to be applied when no `mapping` is given; default 0.5. */
  minConfidence?: number
  /** ISO 3166-1 alpha-2 country for phone numbers and addresses without one, e.g. `DE`. */
  defaultCountry?: string
  /** Locale of the names, passed to normalisation. */
  locale?: string
  /** Called after each chunk of input with bytes and rows so far. */
  onProgress?: (progress: ImportProgress) => void
  /** Cancels the import: iteration ends with `IMPORT_ABORTED`. */
  signal?: AbortSignal
  /** Size, row, column and cell limits; see {@link DEFAULT_LIMITS}. */
  limits?: ImportLimits
  /** Skip encoding detection. */
  encoding?: TextEncodingName
  /** Skip delimiter detection. */
  delimiter?: string
  /** Whether the file has a header row; detected when absent. */
  header?: boolean
  /** Workbooks: the sheet by name or 0-based index. */
  sheet?: string | number
  /**
   * Worker threads that share the rows with this thread (0 = all in this thread, the default). CSV after the
   * first MiB is cut into pieces of raw bytes at record boundaries; of each `workers + 1` pieces, the workers
   * decode, parse and normalise `workers` and this thread one (an idle worker always gets the next). Rows come out
   * in file order either way, and memory stays bounded. A row worked by a worker costs this process about 40 %
   * more CPU time than one worked here (starting a worker ~0.5–1 s more), so `workers: 1` pays off on big files
   * (a million rows: ~1.3× the rows per second of one thread) when a second core is free; on two cores, 2 workers
   * are slower than 1, and on a busy machine or for files under ~200,000 rows one thread is faster.
   */
  workers?: number
}

/**
 * Progress of an import.
 *
 * @example
 * ```ts
 * const progress: ImportProgress = { bytesRead: 1_048_576, rowsRead: 7_000, rowsImported: 6_990 }
 * ```
 */
export interface ImportProgress {
  /** Bytes read from the source so far. */
  bytesRead: number
  /** Data rows read so far (blank rows excluded). */
  rowsRead: number
  /** Rows that became a contact so far. */
  rowsImported: number
}

/**
 * One data row of the import.
 *
 * @example
 * ```ts
 * const row: ImportRow = {
 *   rowNumber: 3,
 *   raw: ['Herr', 'Jürgen', 'Weiß', '0211 123456'],
 *   contact: { firstName: 'Jürgen', lastName: 'Weiß', emails: [], phones: [{ value: '+49211123456', kind: 'work' }], addresses: [], websites: [] },
 *   issues: [],
 * }
 * ```
 */
export interface ImportRow {
  /** The 1-based line (CSV) or sheet row (Excel) where the row starts, as the user sees it. */
  rowNumber: number
  /** The normalised contact, absent when the row holds no contact data. */
  contact?: Contact
  /** Findings about the row and its cells; a row with issues may still have a contact. */
  issues: ImportIssue[]
  /** The cells as the file had them, in header order (extra cells of ragged rows included). */
  raw: string[]
  /** Workbooks: ISO 8601 dates of date cells, by column (`raw` has them as displayed, e.g. `31.12.2024`). */
  dates?: (string | undefined)[]
}

/**
 * Totals of an import, complete once iteration has finished.
 *
 * @example
 * ```ts
 * const summary: ImportSummary = {
 *   format: 'csv', encoding: 'windows-1252', delimiter: ';', headers: ['Vorname', 'Nachname'], mapping: [],
 *   bytesRead: 745, rowsRead: 3, rowsImported: 3, rowsWithIssues: 1, rowsSkipped: 0, issuesByCode: { POSTCODE_REPAIRED: 1 },
 * }
 * ```
 */
export interface ImportSummary {
  /** The format read. */
  format?: ImportFormat
  /** Text formats: the encoding used. */
  encoding?: TextEncodingName
  /** Text formats: the delimiter used. */
  delimiter?: string
  /** Workbooks: the sheet read. */
  sheet?: string
  /** The header cells (or `Column 1`... without header). */
  headers: string[]
  /** The mapping applied. */
  mapping: ColumnMapping[]
  /** Bytes read. */
  bytesRead: number
  /** Data rows read (blank rows excluded). */
  rowsRead: number
  /** Rows that became a contact. */
  rowsImported: number
  /** Rows with at least one issue. */
  rowsWithIssues: number
  /** Blank rows (every cell empty) that were skipped. */
  rowsSkipped: number
  /** How often each issue code occurred. */
  issuesByCode: Record<string, number>
}

/**
 * A running import: iterate it for rows; read `summary` during or after.
 *
 * @example
 * ```ts
 * const run: ImportRun = importContacts(new TextEncoder().encode('Vorname;Nachname\nAnna;Schäfer\n'))
 * for await (const row of run) console.log(row.contact?.lastName)
 * run.summary.rowsImported // 1
 * ```
 */
export interface ImportRun extends AsyncIterable<ImportRow> {
  /** Totals so far; final once iteration has ended. */
  readonly summary: ImportSummary
}

/**
 * What {@link previewImport} shows before an import: the detected layout, a sample and the suggested mapping.
 *
 * @example
 * ```ts
 * const preview: ImportPreview = {
 *   sniffed: { format: 'csv', encoding: 'utf-8', bom: true, delimiter: ';', sepLine: false, hasHeader: true, headerRow: 0, encrypted: false },
 *   headers: ['Vorname'], sample: [['Anna']], suggestions: [],
 * }
 * ```
 */
export interface ImportPreview {
  /** Format, encoding, delimiter and header position. */
  sniffed: SniffResult
  /** Workbooks: the sheet read. */
  sheet?: string
  /** The header cells. */
  headers: string[]
  /** Up to 50 data rows. */
  sample: string[][]
  /** The suggested mapping, one entry per column. */
  suggestions: MappingSuggestion[]
}

const OptionsSchema = z.object({
  minConfidence: z.number().min(0).max(1).optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code')
    .optional(),
  locale: z.string().optional(),
  onProgress: z.function().optional(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  delimiter: z.string().length(1).optional(),
  header: z.boolean().optional(),
  sheet: z.union([z.string(), z.number().int().nonnegative()]).optional(),
  workers: z.number().int().min(0).max(64).optional(),
})

function checkOptions(options: ImportOptions): void {
  const parsed = OptionsSchema.safeParse(options)
  if (!parsed.success) {
    throw new ImportError(
      'IMPORT_INVALID_OPTIONS',
      `Invalid import options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      { cause: parsed.error },
    )
  }
}

const noop = () => undefined

// Resolves with the promise, or rejects with IMPORT_ABORTED as soon as the signal fires (not when a worker is done).
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  throwIfAborted(signal)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      try {
        throwIfAborted(signal)
      } catch (error) {
        reject(error)
      }
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

function tableOptions(
  options: ImportOptions,
  limits: Required<ImportLimits>,
  onBytes?: (bytes: number) => void,
): ReadTableOptions {
  return {
    limits,
    signal: options.signal,
    encoding: options.encoding,
    delimiter: options.delimiter,
    header: options.header,
    sheet: options.sheet,
    onBytes,
  }
}

/**
 * Reads the start of a file and suggests a mapping, so a user can check it before the import.
 * It reads the whole source only for workbooks; a stream is consumed, so import from a fresh one.
 *
 * @param source - Bytes, a Blob, a Node.js stream or a web ReadableStream.
 * @param options - Encoding, delimiter, header, sheet and limits as for {@link importContacts}.
 * @returns The detected layout, the header, a sample and the suggestions.
 * @throws {ImportError} The file-level codes of {@link importContacts}.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs'
 * const preview = await previewImport(readFileSync('outlook.csv'))
 * preview.suggestions.filter((s) => s.field !== null).map((s) => `${s.header} → ${s.field}`)
 * // ['Vorname → firstName', 'Nachname → lastName', 'Straße geschäftlich → address.work.street', ...]
 * ```
 */
export async function previewImport(
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportPreview> {
  checkOptions(options)
  const table = await openTable(source, tableOptions(options, resolveLimits(options.limits)))
  await table.batches.return(undefined)
  await table.close()
  return {
    sniffed: table.sniffed,
    ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
    headers: table.headers,
    sample: table.sample,
    suggestions: suggestMapping(table.headers, table.sample),
  }
}

/**
 * Imports contacts from a CSV, TSV or Excel (xlsx, xls, ods) file, streaming: each data row comes out with its
 * normalised contact (via `@contactkit/normalize`), its issues and its raw cells. A bad row or cell never ends
 * the import; only file-level problems (limits, a corrupt or encrypted file, cancellation) throw. Memory stays
 * flat for CSV whatever the file size; workbooks are read whole (SheetJS), within the limits.
 *
 * @param source - Bytes, a Blob, a Node.js stream or a web ReadableStream.
 * @param options - Mapping, default country, progress callback, AbortSignal, limits, worker threads, and
 * overrides for encoding, delimiter, header and sheet.
 * @returns An async iterable of {@link ImportRow} with a live `summary`.
 * @throws {ImportError} (while iterating) IMPORT_FILE_TOO_LARGE, IMPORT_TOO_MANY_ROWS, IMPORT_TOO_MANY_COLUMNS,
 * IMPORT_ROW_TOO_LONG, IMPORT_UNSUPPORTED_FORMAT, IMPORT_ENCRYPTED_WORKBOOK, IMPORT_EMPTY, IMPORT_MALFORMED
 * (`details.line`, `details.column`), IMPORT_ABORTED; IMPORT_INVALID_OPTIONS at once for bad options.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs'
 * const run = importContacts(createReadStream('kontakte.csv'), { defaultCountry: 'DE' })
 * for await (const row of run) {
 *   if (row.contact) console.log(row.contact.lastName, row.contact.phones[0]?.value) // 'Weiß' '+492111234560'
 *   for (const issue of row.issues) console.log(row.rowNumber, issue.header, issue.code) // 3 'PLZ' 'POSTCODE_REPAIRED'
 * }
 * console.log(run.summary) // { rowsRead: 3, rowsImported: 3, rowsWithIssues: 1, issuesByCode: { POSTCODE_REPAIRED: 1 }, ... }
 * ```
 */
export function importContacts(source: ImportSource, options: ImportOptions = {}): ImportRun {
  checkOptions(options)
  const limits = resolveLimits(options.limits)
  const summary: ImportSummary = {
    headers: [],
    mapping: [],
    bytesRead: 0,
    rowsRead: 0,
    rowsImported: 0,
    rowsWithIssues: 0,
    rowsSkipped: 0,
    issuesByCode: {},
  }
  const report = () =>
    options.onProgress?.({
      bytesRead: summary.bytesRead,
      rowsRead: summary.rowsRead,
      rowsImported: summary.rowsImported,
    })

  async function* rows(): AsyncGenerator<ImportRow> {
    let closePool: (() => Promise<void>) | undefined
    const workers = options.workers ?? 0
    const table = await openTable(source, {
      ...tableOptions(options, limits, (bytes) => {
        summary.bytesRead = bytes
      }),
      // With workers, the text after the sniffed head goes to them unparsed, cut at record boundaries.
      pieces: workers > 0,
    })
    summary.format = table.sniffed.format
    if (table.sniffed.encoding) summary.encoding = table.sniffed.encoding
    if (table.sniffed.delimiter) summary.delimiter = table.sniffed.delimiter
    if (table.sheet !== undefined) summary.sheet = table.sheet
    summary.headers = table.headers
    const minConfidence = options.minConfidence ?? 0.5
    const mapping =
      options.mapping === undefined
        ? suggestMapping(table.headers, table.sample)
            .filter((suggestion) => suggestion.field !== null && suggestion.confidence >= minConfidence)
            .map(({ column, field, group, kindColumn, extensionColumn }) => ({
              column,
              field,
              ...(group === undefined ? {} : { group }),
              ...(kindColumn === undefined ? {} : { kindColumn }),
              ...(extensionColumn === undefined ? {} : { extensionColumn }),
            }))
        : resolveMapping(options.mapping, table.headers)
    summary.mapping = mapping
    const context: RowContext = {
      headers: table.headers,
      mapping,
      maxCellLength: limits.maxCellLength,
      defaultCountry: options.defaultCountry?.toUpperCase(),
      locale: options.locale,
    }
    let dataRows = 0
    const countRows = (count: number) => {
      dataRows += count
      if (dataRows > limits.maxRows) {
        throw new ImportError('IMPORT_TOO_MANY_ROWS', `The file has more than ${limits.maxRows} data rows`, {
          details: { maxRows: limits.maxRows },
        })
      }
    }

    function account(row: ImportRow): void {
      summary.rowsRead++
      if (row.contact) summary.rowsImported++
      if (row.issues.length > 0) {
        summary.rowsWithIssues++
        for (const issue of row.issues)
          summary.issuesByCode[issue.code] = (summary.issuesByCode[issue.code] ?? 0) + 1
      }
    }

    function buildRow(record: CsvRecord, controlFree: boolean): ImportRow | null {
      const outcome = processRow(record, context, controlFree)
      if (outcome.blank) return null
      const row: ImportRow = { rowNumber: record.line, issues: outcome.issues, raw: record.cells }
      if (outcome.contact) row.contact = outcome.contact
      if (record.dates) row.dates = record.dates
      return row
    }

    // Records processed here as they go out (so that each row dies young), counted in the summary; blank rows are
    // skipped.
    function* emitRecords(records: readonly CsvRecord[]): Generator<ImportRow> {
      const controlFree = isControlFree(records)
      for (const record of records) {
        if (options.signal?.aborted) throwIfAborted(options.signal)
        const row = buildRow(record, controlFree)
        if (row === null) {
          summary.rowsSkipped++
          continue
        }
        account(row)
        yield row
      }
    }

    // Rows that come back from a worker in their final shape (`null` for a blank row), read one at a time as they
    // are yielded, so that they die young like the rows made in this thread.
    function* emitAnswer(answer: JobAnswer, records: CsvRecord[] | undefined): Generator<ImportRow> {
      const { reader } = answer
      reader.open(answer.batch)
      for (let i = 0; reader.more; i++) {
        if (options.signal?.aborted) throwIfAborted(options.signal)
        const row = reader.next() as ImportRow | null
        if (row === null) {
          summary.rowsSkipped++
          continue
        }
        const dates = records?.[i]?.dates
        if (dates) row.dates = dates
        account(row)
        yield row
      }
    }

    try {
      if (workers === 0) {
        for await (const batch of table.batches) {
          throwIfAborted(options.signal)
          const records = batch as CsvRecord[]
          countRows(records.length)
          yield* emitRecords(records)
          report()
        }
      } else {
        const csv: WorkerCsvOptions = {
          delimiter: table.sniffed.delimiter ?? ',',
          maxRowLength: limits.maxRowLength,
          encoding: table.sniffed.encoding ?? 'utf-8',
        }
        // The sample rows warm the workers up before they get jobs (see RowWorkerPool).
        const warmUp = table.sample.map((cells) => ({ line: 0, cells }))
        const pool = new RowWorkerPool(workers, context, csv, warmUp)
        closePool = () => pool.close()
        // Jobs in file order, each worked by a worker or by this thread. This thread works its jobs when they are
        // next in line (so that its rows die young, as on one thread); a job it works costs no hand-over, which is
        // most of a worker row's extra cost. Of each `workers + 1` jobs, `workers` go to the workers and one stays
        // here; an idle worker gets the next job whatever the turn, and after this thread had to wait for a
        // worker the next job stays here. At most 2 jobs per worker and `3 × workers + 2` in all are held (pieces
        // of ~64 KiB), so memory stays bounded whatever the file size.
        interface Job {
          /** A worker's job: its answer, and the records it was given (for their dates). */
          answer?: Promise<JobAnswer>
          done?: JobAnswer
          records?: CsvRecord[]
          /** A job for this thread. */
          input?: PoolInput
        }
        const queue: Job[] = []
        const maxQueue = 3 * workers + 2
        let turn = 0
        let waited = false
        const enqueue = (input: PoolInput, records?: CsvRecord[]) => {
          const toWorker = pool.hasRoom(1) || (!waited && pool.hasRoom(2) && turn % (workers + 1) < workers)
          turn++
          waited = false
          if (!toWorker) {
            queue.push({ input })
            return
          }
          const answer = pool.run(input)
          const job: Job = records ? { records, answer } : { answer }
          answer.then((done) => {
            job.done = done
          }, noop)
          queue.push(job)
        }
        // A file-level error (a limit, a malformed last record) is raised after the rows before it, as on one thread.
        let failure: unknown
        let ended = false
        for (;;) {
          // Read ahead, so that the workers have their next jobs while this thread works one.
          while (!ended && queue.length < maxQueue) {
            let next: IteratorResult<CsvRecord[] | CsvPiece | BytePiece>
            try {
              next = await table.batches.next()
              if (next.done) {
                ended = true
                break
              }
              throwIfAborted(options.signal)
              countRows(Array.isArray(next.value) ? next.value.length : next.value.records)
            } catch (error) {
              if (isImportError(error) && error.code === 'IMPORT_ABORTED') throw error
              failure = error
              ended = true
              break
            }
            const item = next.value
            if (Array.isArray(item)) {
              // Parsed records (the sniffed head, workbooks): jobs of up to 1,000 rows or 4 MiB of text, so that
              // a job fits a worker's capped heap even when rows are long.
              let start = 0
              let characters = 0
              for (let i = 0; i < item.length; i++) {
                for (const cell of (item[i] as CsvRecord).cells) characters += cell.length
                if (i + 1 - start >= 1_000 || characters >= 4 * 1024 * 1024 || i === item.length - 1) {
                  const records = item.slice(start, i + 1)
                  enqueue({ records }, records)
                  start = i + 1
                  characters = 0
                }
              }
            } else if ('bytes' in item) {
              const { bytes } = item
              enqueue({
                bytes: bytes.buffer as ArrayBuffer,
                length: bytes.byteLength,
                line: item.line,
                offset: item.offset,
              })
            } else {
              enqueue({ text: item.text, line: item.line })
            }
            report()
          }
          const head = queue.shift()
          if (head === undefined) break
          if (head.answer === undefined) {
            yield* emitRecords(jobRecords(head.input as PoolInput, csv))
          } else {
            if (head.done === undefined) waited = true
            yield* emitAnswer(head.done ?? (await untilAborted(head.answer, options.signal)), head.records)
          }
          report()
        }
        if (failure !== undefined) throw failure
      }
      if (summary.rowsRead === 0 && summary.rowsSkipped === 0) {
        throw new ImportError('IMPORT_EMPTY', 'The file has a header but no data rows')
      }
      report()
    } finally {
      // Also when the consumer stops early (break) or an error ends the import: no worker outlives the run.
      await closePool?.()
      await table.batches.return(undefined)
      await table.close()
    }
  }

  return {
    get summary() {
      return summary
    },
    [Symbol.asyncIterator]: () => rows(),
  }
}

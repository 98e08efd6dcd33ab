// What importContacts' worker threads do with a job; in its own module so the worker entry stays small.

import type { Contact } from '@contactkit/core'
import type { ImportIssue } from '../contact-row.js'
import { type CsvParserOptions, type CsvRecord, parseCsvPiece } from '../csv-parser.js'
import { decodePiece, type TextEncodingName } from '../decode.js'
import { processRow, type RowContext } from '../process-row.js'
import { isControlFree, parseMarked } from './control-free.js'
import type { EncodedBatch, ValueReader, ValueWriter } from './value-codec.js'

/**
 * @internal What a job carries: raw bytes of whole records (the buffer is transferred; `length` bytes of it are
 * the piece), a piece of CSV text cut at record boundaries, or parsed records; each with the line it starts at.
 */
export type PoolInput =
  | { bytes: ArrayBuffer; length: number; line: number; offset: number }
  | { text: string; line: number }
  | { records: CsvRecord[] }

/** @internal A job as posted to a worker. */
export type WorkerJob = PoolInput & { id: number }

/** @internal How a worker parses text: the CSV dialect and, for byte pieces, the file's encoding. */
export interface WorkerCsvOptions extends CsvParserOptions {
  encoding: TextEncodingName
}

/**
 * @internal The rows of a job as written by the worker's {@link ValueWriter}: one value per record, the row as
 * importContacts yields it (without `dates`, which the main thread keeps), or `null` for a blank row.
 */
export type JobBatch = EncodedBatch

/** @internal A job's answer in the main thread: the batch and the reader of the worker that wrote it. */
export interface JobAnswer {
  batch: JobBatch
  reader: ValueReader
}

/** @internal A worker's message: the answer to job `id`, or why it failed (an ImportError's code and details). */
export type WorkerAnswer =
  | { id: number; batch: JobBatch; error?: undefined }
  | { id: number; error: string; code?: string; details?: Record<string, unknown> }

/** @internal One processed row as `importContacts` yields it, without `dates` (the main thread adds them). */
export interface JobRow {
  rowNumber: number
  issues: ImportIssue[]
  raw: string[]
  contact?: Contact
}

/** @internal The records of a job: the piece of bytes or text parsed, or the records it carries. */
export function jobRecords(job: PoolInput, csv: WorkerCsvOptions): CsvRecord[] {
  if ('records' in job) return job.records
  if ('text' in job) return parseMarked(job.text, (text) => parseCsvPiece({ text, line: job.line }, csv))
  // Byte pieces are only cut from UTF-8 and Windows-1252 files (see read-table.ts).
  const encoding = csv.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8'
  const text = decodePiece(new Uint8Array(job.bytes, 0, job.length), encoding, job.offset)
  return parseMarked(text, (whole) => parseCsvPiece({ text: whole, line: job.line }, csv))
}

/**
 * @internal A worker's answer to a job: each row written as soon as it is made, so that rows die young (only the
 * strings of the batch's table outlive them).
 */
export function runJob(
  job: PoolInput,
  context: RowContext,
  csv: WorkerCsvOptions,
  writer: ValueWriter,
): JobBatch {
  const records = jobRecords(job, csv)
  const controlFree = isControlFree(records)
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as CsvRecord
    const outcome = processRow(record, context, controlFree)
    if (outcome.blank) {
      writer.write(null)
      continue
    }
    // The same object, key for key, that the main thread builds when it processes a row itself.
    const row: JobRow = { rowNumber: record.line, issues: outcome.issues, raw: record.cells }
    if (outcome.contact) row.contact = outcome.contact
    writer.write(row)
  }
  return writer.take()
}

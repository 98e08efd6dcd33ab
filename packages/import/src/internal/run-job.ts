// What importContacts' worker threads do with a job; in its own module so the worker entry stays small.

import type { Contact } from '@contactkit/core'
import type { ImportIssue } from '../contact-row.js'
import { type CsvParserOptions, type CsvRecord, parseCsvPiece } from '../csv-parser.js'
import { processRow, type RowContext } from '../process-row.js'

/** @internal What a job carries: a piece of CSV text cut at record boundaries with its first line, or records. */
export type PoolInput = { text: string; line: number } | { records: CsvRecord[] }

/** @internal A job as posted to a worker. */
export type WorkerJob = PoolInput & { id: number }

/**
 * @internal The rows of a job as UTF-8 JSON: `ends[i]` is where row i's text ends in the decoded `bytes` (an empty
 * text is a blank row). Otherwise the row as importContacts yields it, without `dates` (the main thread keeps
 * them). Bytes, not strings, so that the answers waiting in the main thread stay outside its heap.
 */
export interface JobAnswer {
  bytes: Uint8Array
  ends: Uint32Array
}

/** @internal A worker's message: the answer to job `id`, or why it failed. */
export type WorkerAnswer = (JobAnswer & { id: number; error?: undefined }) | { id: number; error: string }

/** @internal One processed row as `importContacts` yields it, without `dates` (the main thread adds them). */
export interface JobRow {
  rowNumber: number
  issues: ImportIssue[]
  raw: string[]
  contact?: Contact
}

/** @internal The records of a job: the piece of text parsed, or the records it carries. */
export function jobRecords(job: PoolInput, csv: CsvParserOptions): CsvRecord[] {
  return 'records' in job ? job.records : parseCsvPiece(job, csv)
}

const encoder = new TextEncoder()

/**
 * @internal A worker's answer to a job: each row as JSON text, made as soon as the row is (so that only strings,
 * not a piece's worth of objects, outlive the young generation), then the whole as UTF-8 bytes.
 */
export function runJob(job: PoolInput, context: RowContext, csv: CsvParserOptions): JobAnswer {
  const records = jobRecords(job, csv)
  const rows: string[] = new Array(records.length)
  const ends = new Uint32Array(records.length)
  let end = 0
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as CsvRecord
    const outcome = processRow(record, context)
    if (outcome.blank) {
      rows[i] = ''
      ends[i] = end
      continue
    }
    // The same object, key for key, that the main thread builds when it processes a row itself.
    const row: JobRow = { rowNumber: record.line, issues: outcome.issues, raw: record.cells }
    if (outcome.contact) row.contact = outcome.contact
    const text = JSON.stringify(row)
    rows[i] = text
    end += text.length
    ends[i] = end
  }
  return { bytes: encoder.encode(rows.join('')), ends }
}

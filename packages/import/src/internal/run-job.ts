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
 * @internal The answer: `rows` has an entry per record, in order: `''` for a blank row, otherwise the JSON text of
 * the row as importContacts yields it (without `dates`, which the main thread keeps).
 */
export type WorkerAnswer = { id: number; rows: string[]; error?: undefined } | { id: number; error: string }

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

/**
 * @internal A worker's answer to a job: each row as JSON text, made as soon as the row is, so that only strings
 * (not a piece's worth of objects) outlive the young generation. The main thread parses one row at a time as it
 * yields them, so there too rows are short-lived.
 */
export function runJob(job: PoolInput, context: RowContext, csv: CsvParserOptions): string[] {
  const records = jobRecords(job, csv)
  const rows: string[] = new Array(records.length)
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as CsvRecord
    const outcome = processRow(record, context)
    if (outcome.blank) {
      rows[i] = ''
      continue
    }
    // The same object, key for key, that the main thread builds when it processes a row itself.
    const row: JobRow = { rowNumber: record.line, issues: outcome.issues, raw: record.cells }
    if (outcome.contact) row.contact = outcome.contact
    rows[i] = JSON.stringify(row)
  }
  return rows
}

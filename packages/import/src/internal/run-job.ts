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
 * @internal The answer: `json` is one JSON array with an entry per record, in order: `null` for a blank row,
 * otherwise the row as importContacts yields it (without `dates`, which the main thread keeps).
 */
export type WorkerAnswer = { id: number; json: string; error?: undefined } | { id: number; error: string }

/** @internal One processed row as `importContacts` yields it, without `dates` (the main thread adds them). */
export interface JobRow {
  rowNumber: number
  issues: ImportIssue[]
  raw: string[]
  contact?: Contact
}

/**
 * @internal Parses (a piece of text) and processes one job: an entry per record, in order, `null` for a blank row.
 * Runs in a worker thread, or in the main thread when the workers are busy.
 */
export function processJob(job: PoolInput, context: RowContext, csv: CsvParserOptions): (JobRow | null)[] {
  const records = 'records' in job ? job.records : parseCsvPiece(job, csv)
  const rows: (JobRow | null)[] = new Array(records.length)
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as CsvRecord
    const outcome = processRow(record, context)
    if (outcome.blank) {
      rows[i] = null
      continue
    }
    const row: JobRow = { rowNumber: record.line, issues: outcome.issues, raw: record.cells }
    if (outcome.contact) row.contact = outcome.contact
    rows[i] = row
  }
  return rows
}

/**
 * @internal A worker's answer to a job: its rows as one JSON text, which the main thread parses in one go. Each row
 * is turned into text as soon as it is made, so that only strings (not a piece's worth of objects) outlive the
 * young generation's collections.
 */
export function runJob(job: PoolInput, context: RowContext, csv: CsvParserOptions): string {
  const records = 'records' in job ? job.records : parseCsvPiece(job, csv)
  const parts: string[] = new Array(records.length)
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as CsvRecord
    const outcome = processRow(record, context)
    if (outcome.blank) {
      parts[i] = 'null'
      continue
    }
    const row: JobRow = { rowNumber: record.line, issues: outcome.issues, raw: record.cells }
    if (outcome.contact) row.contact = outcome.contact
    parts[i] = JSON.stringify(row)
  }
  return `[${parts.join(',')}]`
}

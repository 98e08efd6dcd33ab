// Batches of records whose text was checked as a whole and holds no control character (other than tab and line
// breaks), so that their cells skip the check one by one: one pattern over ~64 KiB of text is far cheaper than
// a check per cell (a dozen a row), and control characters are rare in real files.

import type { CsvRecord } from '../csv-parser.js'

/** @internal The control characters a cell may not keep (tab, LF and CR may stay). */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

const controlFree = new WeakSet<readonly CsvRecord[]>()

/** @internal Marks records parsed from text without control characters; returns them. */
export function markControlFree<T extends readonly CsvRecord[]>(records: T): T {
  controlFree.add(records)
  return records
}

/** @internal Whether `records` were marked by {@link markControlFree}. */
export function isControlFree(records: readonly CsvRecord[]): boolean {
  return controlFree.has(records)
}

/** @internal Parses with `parse` and marks the records when `text` has no control character. */
export function parseMarked(text: string, parse: (text: string) => CsvRecord[]): CsvRecord[] {
  const records = parse(text)
  return CONTROL_CHARACTER.test(text) ? records : markControlFree(records)
}

import type { CsvRecord } from '../csv-parser.js'
import { readWorkbook } from '../excel.js'
import type { ReadTableOptions, Table } from '../read-table.js'
import type { SniffResult } from '../sniff.js'

/** @internal The table view `importContacts` reads a workbook through. */
export function readWorkbookTable(bytes: Uint8Array, sniffed: SniffResult, options: ReadTableOptions): Table {
  const sheet = readWorkbook(bytes, {
    limits: options.limits,
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    ...(options.header === undefined ? {} : { header: options.header }),
  })
  const records: CsvRecord[] = sheet.rows.map((row) =>
    row.dates
      ? { line: row.rowNumber, cells: row.cells, dates: row.dates }
      : { line: row.rowNumber, cells: row.cells },
  )
  async function* batches(): AsyncGenerator<CsvRecord[]> {
    for (let i = 0; i < records.length; i += 10_000) yield records.slice(i, i + 10_000)
  }
  return {
    sniffed: { ...sniffed, hasHeader: sheet.headerRowNumber > 0 },
    headers: sheet.headers,
    sample: sheet.rows.slice(0, 50).map((row) => row.cells),
    batches: batches(),
    close: async () => undefined,
    sheet: sheet.sheet,
  }
}

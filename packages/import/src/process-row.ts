import type { Contact } from '@contactkit/core'
import { normalizeContact } from '@contactkit/normalize'
import { columnOf, type ImportIssue, toContactInput } from './contact-row.js'
import type { CsvRecord } from './csv-parser.js'
import type { ColumnMapping } from './mapping.js'

/** @internal Everything a row needs besides its cells; plain data, so it can be posted to a worker. */
export interface RowContext {
  headers: string[]
  mapping: ColumnMapping[]
  maxCellLength: number
  defaultCountry?: string | undefined
  locale?: string | undefined
}

/** @internal The outcome of one row. */
export interface ProcessedRow {
  contact?: Contact
  issues: ImportIssue[]
  /** Whether the row held no value at all (every cell blank): it is skipped, not reported. */
  blank: boolean
}

/**
 * @internal Checks shape, builds the contact input and normalises it; never throws. `controlFree`: the record's
 * text is known to hold no control character (see internal/control-free.ts).
 */
export function processRow(record: CsvRecord, context: RowContext, controlFree = false): ProcessedRow {
  const { cells } = record
  let blank = true
  for (const cell of cells) {
    if (cell !== '' && cell.trim() !== '') {
      blank = false
      break
    }
  }
  if (blank) return { issues: [], blank: true }
  const issues: ImportIssue[] = []
  const width = context.headers.length
  if (cells.length !== width) {
    const extra = cells.slice(width).some((cell) => cell.trim() !== '')
    if (cells.length < width || extra) {
      issues.push({
        code: 'ROW_RAGGED',
        message:
          cells.length < width
            ? `The row has ${cells.length} cells, the header ${width}; the missing ones are taken as empty`
            : `The row has ${cells.length} cells, the header ${width}; the extra cells are not imported (they are in raw)`,
      })
    }
  }
  const built = toContactInput(
    cells,
    context.mapping,
    context.headers,
    context.maxCellLength,
    record.dates,
    controlFree,
  )
  issues.push(...built.issues)
  if (!built.hasContactData) {
    issues.push({ code: 'ROW_NO_CONTACT_DATA', message: 'The row has no name, company, email or phone' })
    return { issues, blank: false }
  }
  try {
    const result = normalizeContact(built.input, {
      defaultCountry: context.defaultCountry,
      locale: context.locale,
      maxFieldLength: context.maxCellLength,
    })
    for (const issue of result.issues) {
      const column = columnOf(issue.field, built.origins)
      // Only defined keys, so that a row is the same after a trip through JSON from a worker thread.
      const found: ImportIssue = { code: issue.code, message: issue.message }
      if (issue.field !== undefined) found.field = issue.field
      if (issue.raw !== undefined) found.raw = issue.raw
      if (column !== undefined) {
        found.column = column
        found.header = context.headers[column] ?? ''
      }
      issues.push(found)
    }
    return { contact: result.contact, issues, blank: false }
  } catch (error) {
    issues.push({
      code: 'ROW_INVALID',
      message: error instanceof Error ? error.message : 'The row could not be normalised',
    })
    return { issues, blank: false }
  }
}

import type { Contact } from '@contactkit/core'
import iconv from 'iconv-lite'
import { z } from 'zod'
import { ImportError } from './error.js'
import type { ImportRow } from './import-contacts.js'

/**
 * CSV dialects of {@link exportContacts}.
 *
 * | dialect | delimiter | encoding | for |
 * | --- | --- | --- | --- |
 * | `rfc4180` | `,` | UTF-8, no BOM | other programs, APIs |
 * | `excel` | `,` | UTF-8 with BOM | Excel with English list separator |
 * | `excel-de` | `;` | UTF-8 with BOM | German Excel ("CSV UTF-8") |
 * | `excel-de-ansi` | `;` | Windows-1252 | old German Excel ("CSV (Trennzeichen-getrennt)") |
 * | `tsv` | tab | UTF-8, no BOM | tab-separated tools |
 *
 * @example
 * ```ts
 * const dialect: CsvDialect = 'excel-de'
 * ```
 */
export type CsvDialect = 'rfc4180' | 'excel' | 'excel-de' | 'excel-de-ansi' | 'tsv'

/**
 * Options of {@link exportContacts}.
 *
 * @example
 * ```ts
 * const options: ExportOptions = { format: 'csv', dialect: 'excel-de' }
 * ```
 */
export interface ExportOptions {
  /** `csv` (default) or `xlsx`. */
  format?: 'csv' | 'xlsx'
  /** CSV only; default `rfc4180`. */
  dialect?: CsvDialect
  /** Prefix cells that start with `=`, `+`, `-`, `@`, tab or CR with `'` so spreadsheets never run them as formulas; default `true`. */
  neutralizeFormulas?: boolean
  /** xlsx only: the sheet name; default `Contacts`. */
  sheetName?: string
}

const DIALECTS: Record<CsvDialect, { delimiter: string; encoding: 'utf-8' | 'windows-1252'; bom: boolean }> =
  {
    rfc4180: { delimiter: ',', encoding: 'utf-8', bom: false },
    excel: { delimiter: ',', encoding: 'utf-8', bom: true },
    'excel-de': { delimiter: ';', encoding: 'utf-8', bom: true },
    'excel-de-ansi': { delimiter: ';', encoding: 'windows-1252', bom: false },
    tsv: { delimiter: '\t', encoding: 'utf-8', bom: false },
  }

const OptionsSchema = z.object({
  format: z.enum(['csv', 'xlsx']).optional(),
  dialect: z.enum(['rfc4180', 'excel', 'excel-de', 'excel-de-ansi', 'tsv']).optional(),
  neutralizeFormulas: z.boolean().optional(),
  sheetName: z.string().min(1).max(31).optional(),
})

const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Makes a cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'` in front, so
 * Excel, LibreOffice and Google Sheets show it as text instead of evaluating it (OWASP "CSV injection").
 * `importContacts` removes that prefix again.
 *
 * @param value - A cell value.
 * @returns The value, prefixed when it could start a formula.
 *
 * @example
 * ```ts
 * neutralizeFormula('=HYPERLINK("http://evil.example")') // `'=HYPERLINK("http://evil.example")`
 * neutralizeFormula('Muster GmbH') // 'Muster GmbH'
 * ```
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** @internal Undoes {@link neutralizeFormula} on import. */
export function restoreNeutralized(value: string): string {
  return value.length > 1 && value.charCodeAt(0) === 39 && FORMULA_START.test(value.slice(1))
    ? value.slice(1)
    : value
}

const BASE_COLUMNS: readonly [string, (contact: Contact) => string | undefined][] = [
  ['ID', (c) => c.id],
  ['Salutation', (c) => c.salutation],
  ['Academic Title', (c) => c.title],
  ['First Name', (c) => c.firstName],
  ['Middle Name', (c) => c.middleName],
  ['Last Name', (c) => c.lastName],
  ['Suffix', (c) => c.suffix],
  ['Job Title', (c) => c.jobTitle],
  ['Department', (c) => c.department],
  ['Company', (c) => c.company],
]

const ADDRESS_PARTS = [
  ['Street', 'street'],
  ['House Number', 'houseNumber'],
  ['Postal Code', 'postalCode'],
  ['City', 'city'],
  ['Region', 'region'],
  ['Country', 'country'],
  ['Kind', 'kind'],
] as const

function text(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * Lays out contacts as a table: fixed name and company columns, then as many numbered email, phone, address
 * and website columns as the contact with the most needs, then `Social: <network>` and `Custom: <key>` columns.
 * `importContacts` recognises this layout, so an export reads back to the same contacts.
 *
 * @internal
 */
export function contactTable(contacts: readonly Contact[]): string[][] {
  let emails = 0
  let phones = 0
  let addresses = 0
  let websites = 0
  const social = new Set<string>()
  const custom = new Set<string>()
  for (const contact of contacts) {
    emails = Math.max(emails, contact.emails.length)
    phones = Math.max(phones, contact.phones.length)
    addresses = Math.max(addresses, contact.addresses.length)
    websites = Math.max(websites, contact.websites.length)
    for (const key of Object.keys(contact.social ?? {})) social.add(key)
    for (const key of Object.keys(contact.custom ?? {})) custom.add(key)
  }
  const header = BASE_COLUMNS.map(([name]) => name)
  for (let i = 1; i <= emails; i++) header.push(`Email ${i}`, `Email ${i} Kind`)
  for (let i = 1; i <= phones; i++) header.push(`Phone ${i}`, `Phone ${i} Kind`, `Phone ${i} Extension`)
  for (let i = 1; i <= addresses; i++)
    for (const [label] of ADDRESS_PARTS) header.push(`Address ${i} ${label}`)
  for (let i = 1; i <= websites; i++) header.push(`Website ${i}`)
  const socialKeys = [...social].sort()
  const customKeys = [...custom].sort()
  for (const key of socialKeys) header.push(`Social: ${key}`)
  for (const key of customKeys) header.push(`Custom: ${key}`)
  header.push('Updated At')
  const rows = contacts.map((contact) => {
    const row = BASE_COLUMNS.map(([, get]) => get(contact) ?? '')
    for (let i = 0; i < emails; i++) {
      const email = contact.emails[i]
      row.push(email?.value ?? '', email?.kind ?? '')
    }
    for (let i = 0; i < phones; i++) {
      const phone = contact.phones[i]
      row.push(phone?.value ?? '', phone?.kind ?? '', phone?.extension ?? '')
    }
    for (let i = 0; i < addresses; i++) {
      const address = contact.addresses[i]
      for (const [, part] of ADDRESS_PARTS) row.push(address?.[part] ?? '')
    }
    for (let i = 0; i < websites; i++) row.push(contact.websites[i] ?? '')
    for (const key of socialKeys) row.push(contact.social?.[key] ?? '')
    for (const key of customKeys) row.push(text(contact.custom?.[key]))
    row.push(contact.updatedAt ?? '')
    return row
  })
  return [header, ...rows]
}

function csvCell(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')
    ? `"${value.replaceAll('"', '""')}"`
    : value
}

/**
 * Exports contacts as CSV (in a chosen dialect) or xlsx, with spreadsheet formula injection neutralised.
 * `importContacts` reads the result back to the same contacts.
 *
 * @param contacts - Canonical contacts, e.g. from `importContacts` or `normalizeContact`.
 * @param options - `format` (`csv` or `xlsx`), CSV `dialect`, `neutralizeFormulas`, xlsx `sheetName`.
 * @returns The file's bytes.
 * @throws {ImportError} IMPORT_UNENCODABLE when the `excel-de-ansi` dialect meets a character Windows-1252
 * lacks (use `excel-de`); IMPORT_INVALID_OPTIONS for unknown options.
 *
 * @example
 * ```ts
 * const bytes = await exportContacts(
 *   [{ firstName: 'Jürgen', lastName: 'Weiß', company: '=1+1', emails: [], phones: [], addresses: [], websites: [] }],
 *   { format: 'csv', dialect: 'excel-de' },
 * )
 * new TextDecoder().decode(bytes).split('\r\n')[1] // ";;;Jürgen;;Weiß;;;;'=1+1;"
 * ```
 */
export async function exportContacts(
  contacts: Iterable<Contact>,
  options: ExportOptions = {},
): Promise<Uint8Array> {
  checkExportOptions(options)
  return writeTable(contactTable([...contacts]), options)
}

function checkExportOptions(options: ExportOptions): void {
  const parsed = OptionsSchema.safeParse(options)
  if (!parsed.success) {
    throw new ImportError(
      'IMPORT_INVALID_OPTIONS',
      `Invalid export options: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      { cause: parsed.error },
    )
  }
}

// Header row first; every data cell neutralised unless the caller opts out.
async function writeTable(rows: string[][], options: ExportOptions): Promise<Uint8Array> {
  const neutralize = options.neutralizeFormulas ?? true
  const table = rows.map((row, index) =>
    index === 0 || !neutralize ? row : row.map((cell) => neutralizeFormula(cell)),
  )
  if (options.format === 'xlsx') {
    // Loaded on demand so that CSV-only users never load SheetJS.
    const { writeWorkbook } = await import('./excel.js')
    return writeWorkbook(table, options.sheetName === undefined ? {} : { sheetName: options.sheetName })
  }
  const dialect = DIALECTS[options.dialect ?? 'rfc4180']
  const textOut = `${table.map((row) => row.map((cell) => csvCell(cell, dialect.delimiter)).join(dialect.delimiter)).join('\r\n')}\r\n`
  if (dialect.encoding === 'windows-1252') {
    const bytes = iconv.encode(textOut, 'windows-1252')
    if (iconv.decode(bytes, 'windows-1252') !== textOut) {
      throw new ImportError(
        'IMPORT_UNENCODABLE',
        "A value has characters Windows-1252 cannot hold; use the 'excel-de' dialect (UTF-8 with BOM)",
      )
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  const body = new TextEncoder().encode(textOut)
  if (!dialect.bom) return body
  const out = new Uint8Array(body.byteLength + 3)
  out.set([0xef, 0xbb, 0xbf])
  out.set(body, 3)
  return out
}

/**
 * Writes the issues of imported rows as a report a user can open in a spreadsheet and fix the file by: one line
 * per issue with row number, column, field, code, message and the value as written (formula injection
 * neutralised like {@link exportContacts}).
 *
 * @param rows - Rows from {@link importContacts} (rows without issues are skipped).
 * @param options - `format` and CSV `dialect` as for {@link exportContacts}.
 * @returns The report's bytes.
 * @throws {ImportError} IMPORT_UNENCODABLE and IMPORT_INVALID_OPTIONS as {@link exportContacts}.
 *
 * @example
 * ```ts
 * const rows: ImportRow[] = []
 * for await (const row of importContacts(bytes, { defaultCountry: 'DE' })) rows.push(row)
 * const report = await exportIssues(rows, { dialect: 'excel-de' })
 * // Row;Column;Field;Code;Message;Value
 * // 3;PLZ;addresses.0.postalCode;POSTCODE_REPAIRED;Restored leading zeros ...;1067
 * ```
 */
export async function exportIssues(
  rows: Iterable<Pick<ImportRow, 'rowNumber' | 'issues'>>,
  options: ExportOptions = {},
): Promise<Uint8Array> {
  checkExportOptions(options)
  const table = [['Row', 'Column', 'Field', 'Code', 'Message', 'Value']]
  for (const row of rows) {
    for (const issue of row.issues) {
      table.push([
        String(row.rowNumber),
        issue.header ?? '',
        issue.field ?? '',
        issue.code,
        issue.message,
        issue.raw ?? '',
      ])
    }
  }
  return writeTable(table, options)
}

import { randomUUID } from 'node:crypto'
import type { Contact } from '@contactkit/core'
import {
  type ColumnMapping,
  type ImportRow,
  importContacts,
  isImportError,
  neutralizeFormula,
  previewImport,
} from '@contactkit/import'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import type { CrmConnector } from '../crm/connector.js'
import { ServerError } from '../errors.js'
import type { Database } from '../store/schema.js'
import type { BulkCrmConnector } from './builtin-connector.js'
import { checkNormalized, type DuplicateCandidate, scoreCandidates } from './duplicate-check.js'
import { serverMatcher } from './matcher.js'

/** Rows stored and progress written per batch. */
const BATCH = 200

/** What an import shows before it runs: layout, a sample and the suggested mapping per column. */
export interface StoredPreview {
  format: string
  encoding?: string | undefined
  delimiter?: string | undefined
  sheet?: string | undefined
  headers: string[]
  sample: string[][]
  suggestions: { column: number; header: string; field: string | null; confidence: number }[]
}

/** Import progress as the page polls it. */
export interface ImportProgressState {
  bytesRead: number
  totalBytes: number
  rowsRead: number
  created: number
  review: number
  invalid: number
  withIssues: number
}

/** Reads an upload's layout and suggested mapping; file-level problems become VALIDATION_FAILED. */
export async function previewUpload(bytes: Uint8Array): Promise<StoredPreview> {
  try {
    const preview = await previewImport(bytes)
    return {
      format: preview.sniffed.format,
      encoding: preview.sniffed.encoding,
      delimiter: preview.sniffed.delimiter,
      sheet: preview.sheet,
      headers: preview.headers,
      sample: preview.sample.slice(0, 5),
      suggestions: preview.suggestions.map((suggestion) => ({
        column: suggestion.column,
        header: suggestion.header,
        field: suggestion.field,
        confidence: suggestion.confidence,
      })),
    }
  } catch (error) {
    if (isImportError(error)) {
      throw new ServerError('VALIDATION_FAILED', error.message, { details: { importCode: error.code } })
    }
    throw error
  }
}

/** Creates the import record for an uploaded file. */
export async function createImport(
  db: Kysely<Database>,
  clock: Clock,
  values: {
    orgId: string
    userId: string
    listId: string
    fileName: string
    file: Buffer
    preview: StoredPreview
  },
): Promise<string> {
  const id = randomUUID()
  const now = clock.now()
  await db
    .insertInto('dq_imports')
    .values({
      id,
      org_id: values.orgId,
      created_by: values.userId,
      list_id: values.listId,
      file_name: values.fileName,
      file: values.file,
      status: 'uploaded',
      preview: JSON.stringify(values.preview),
      options: JSON.stringify({}),
      progress: JSON.stringify(emptyProgress(values.file.length)),
      summary: null,
      error: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

function emptyProgress(totalBytes: number): ImportProgressState {
  return { bytesRead: 0, totalBytes, rowsRead: 0, created: 0, review: 0, invalid: 0, withIssues: 0 }
}

interface RowOutcome {
  org_id: string
  import_id: string
  row_number: number
  outcome: string
  verdict: string | null
  contact: string | null
  raw: string
  issues: string
  candidates: string
  contact_id: string | null
  resolved_at: null
}

/**
 * Runs an import: every row is normalised (@contactkit/import), checked against the CRM, and created only when
 * no duplicate is found; duplicates and possible duplicates wait for review. Progress is written as it goes.
 */
export async function runImport(
  db: Kysely<Database>,
  clock: Clock,
  connector: CrmConnector,
  orgId: string,
  importId: string,
): Promise<void> {
  const record = await db
    .selectFrom('dq_imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', importId)
    .executeTakeFirst()
  if (!record?.file) return
  // Claim the job: of several workers handed the same import, one runs it.
  const claimed = await db
    .updateTable('dq_imports')
    .set({ status: 'running', updated_at: clock.now() })
    .where('id', '=', importId)
    .where('status', '=', 'queued')
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) === 0) return
  const options = record.options as { mapping?: ColumnMapping[]; defaultCountry?: string }
  const progress = emptyProgress(record.file.length)
  const matcher = serverMatcher()
  const run = importContacts(new Uint8Array(record.file), {
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
    onProgress: (update) => {
      progress.bytesRead = update.bytesRead
    },
  })
  let batch: RowOutcome[] = []
  const flush = async () => {
    if (batch.length > 0) await db.insertInto('dq_import_rows').values(batch).execute()
    batch = []
    await db
      .updateTable('dq_imports')
      .set({ progress: JSON.stringify(progress), updated_at: clock.now() })
      .where('id', '=', importId)
      .execute()
  }
  const context: BatchContext = { connector, matcher, orgId, importId, progress }
  try {
    let pending: ImportRow[] = []
    // Two stages: while one batch is checked and stored, the next one is read and normalised. Batches still
    // run one after the other, so each one's search sees the contacts the previous one created.
    let inFlight: Promise<void> = Promise.resolve()
    const start = (rows: ImportRow[]) => {
      const previous = inFlight
      inFlight = (async () => {
        await previous
        batch.push(...(await processBatch(rows, context)))
        await flush()
      })()
      // Handled when awaited below; this only keeps a failure from counting as unhandled meanwhile.
      inFlight.catch(() => {})
    }
    for await (const row of run) {
      pending.push(row)
      if (pending.length >= BATCH) {
        await inFlight
        start(pending)
        pending = []
      }
    }
    await inFlight
    batch.push(...(await processBatch(pending, context)))
    progress.bytesRead = progress.totalBytes
    await flush()
    await db
      .updateTable('dq_imports')
      .set({
        status: 'done',
        file: null,
        summary: JSON.stringify({ ...run.summary, mapping: run.summary.mapping }),
        updated_at: clock.now(),
      })
      .where('id', '=', importId)
      .execute()
  } catch (error) {
    await flush().catch(() => {})
    const failure = isImportError(error)
      ? { code: error.code, message: error.message }
      : { code: 'INTERNAL', message: 'The import stopped because of an error on our side.' }
    await db
      .updateTable('dq_imports')
      .set({ status: 'failed', error: JSON.stringify(failure), updated_at: clock.now() })
      .where('id', '=', importId)
      .execute()
  }
}

interface BatchContext {
  connector: CrmConnector
  matcher: ReturnType<typeof serverMatcher>
  orgId: string
  importId: string
  progress: ImportProgressState
}

/** Checks and database writes of one batch run this many at a time (the pool has ten connections). */
const CONCURRENCY = 8

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T)
    }
  })
  await Promise.all(lanes)
  return results
}

/** The CRM candidates of each row: one query for the whole batch with the built-in CRM, else a search per row. */
async function checkRows(
  connector: CrmConnector,
  matcher: ReturnType<typeof serverMatcher>,
  rows: readonly ImportRow[],
): Promise<DuplicateCandidate[][]> {
  if (!('searchCandidatesMany' in connector)) {
    return mapLimit(rows, CONCURRENCY, (row) =>
      row.contact ? checkNormalized(connector, matcher, row.contact, { limit: 3 }) : Promise.resolve([]),
    )
  }
  const contacts = rows.flatMap((row) => (row.contact ? [row.contact] : []))
  const records = await (connector as BulkCrmConnector).searchCandidatesMany(contacts, { limit: 10 })
  let next = 0
  return rows.map((row) =>
    row.contact ? scoreCandidates(matcher, row.contact, records[next++] ?? [], { limit: 3 }) : [],
  )
}

interface Candidate {
  id: string
  probability: number
  verdict: string
  contact: unknown
}

/**
 * One batch of rows: the CRM checks run concurrently; rows of the batch are also checked against each other
 * (an in-memory index of the rows about to be created), so a row repeated in the file waits for review
 * instead of being created twice; then the new contacts are created concurrently.
 */
async function processBatch(rows: readonly ImportRow[], context: BatchContext): Promise<RowOutcome[]> {
  const { connector, matcher, orgId, importId, progress } = context
  const found = await checkRows(connector, matcher, rows)
  const local = matcher.createIndex()
  const toCreate: ImportRow[] = []
  const decided = rows.map((row, i) => {
    progress.rowsRead++
    if (row.issues.length > 0) progress.withIssues++
    if (!row.contact) return { row, outcome: 'invalid' as const, candidates: [] as Candidate[] }
    const inCrm: Candidate[] = (found[i] ?? []).map(({ id, probability, verdict, contact }) => ({
      id,
      probability,
      verdict,
      contact,
    }))
    const ref = `row:${row.rowNumber}`
    const inFile: Candidate[] = local
      .query({ ...row.contact, id: ref }, { limit: 3 })
      .map(({ id, probability, verdict, contact }) => ({ id, probability, verdict, contact }))
    const candidates = [...inCrm, ...inFile].sort((a, b) => b.probability - a.probability).slice(0, 3)
    if (candidates.length > 0) return { row, outcome: 'review' as const, candidates }
    local.add({ ...row.contact, id: ref })
    toCreate.push(row)
    return { row, outcome: 'created' as const, candidates }
  })
  const contacts = toCreate.map((row) => row.contact as Contact)
  const created =
    'createMany' in connector
      ? await (connector as BulkCrmConnector).createMany(contacts)
      : await mapLimit(contacts, CONCURRENCY, (contact) => connector.create(contact))
  const idOf = new Map(toCreate.map((row, i) => [`row:${row.rowNumber}`, created[i]?.id as string]))
  return decided.map(({ row, outcome, candidates }) => {
    const base = {
      org_id: orgId,
      import_id: importId,
      row_number: row.rowNumber,
      raw: JSON.stringify(row.raw),
      issues: JSON.stringify(row.issues),
      resolved_at: null,
    }
    if (outcome === 'invalid') {
      progress.invalid++
      return { ...base, outcome, verdict: null, contact: null, candidates: '[]', contact_id: null }
    }
    if (outcome === 'review') {
      progress.review++
      // Rows of this file that were created meanwhile are named by their new CRM id.
      const named = candidates.map((candidate) => ({
        ...candidate,
        id: idOf.get(candidate.id) ?? candidate.id,
      }))
      return {
        ...base,
        outcome,
        verdict: named[0]?.verdict ?? 'possible',
        contact: JSON.stringify(row.contact),
        candidates: JSON.stringify(named),
        contact_id: null,
      }
    }
    progress.created++
    return {
      ...base,
      outcome,
      verdict: 'none',
      contact: JSON.stringify(row.contact),
      candidates: '[]',
      contact_id: idOf.get(`row:${row.rowNumber}`) ?? null,
    }
  })
}

function csvCell(value: string): string {
  const safe = neutralizeFormula(value)
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * The rows with issues (and rows that could not be read) as a semicolon CSV with a BOM, as Excel in German
 * locales opens it: row number, outcome, the issues, then the original cells. Formula-like cells are neutralised.
 */
export function issuesCsv(
  headers: readonly string[],
  rows: readonly { row_number: number; outcome: string; issues: unknown; raw: unknown }[],
): string {
  const lines = [['Row', 'Outcome', 'Issues', ...headers].map(csvCell).join(';')]
  for (const row of rows) {
    const issues = (row.issues as { code: string; message: string; header?: string }[])
      .map((issue) => `${issue.header ? `${issue.header}: ` : ''}${issue.message} (${issue.code})`)
      .join(' | ')
    const cells = (row.raw as string[]).map(String)
    lines.push([String(row.row_number), row.outcome, issues, ...cells].map(csvCell).join(';'))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

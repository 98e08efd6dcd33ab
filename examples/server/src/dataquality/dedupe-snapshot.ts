import type { Contact } from '@contactkit/core'
import type { Matcher } from '@contactkit/match'
import type { Kysely } from 'kysely'
import type { CrmConnector, CrmRecord } from '../crm/connector.js'
import type { Database } from '../store/schema.js'

/** Fields kept besides the matched ones: what a cluster member shows. */
const DISPLAY_FIELDS = ['title', 'firstName', 'lastName', 'suffix', 'company', 'emails']
// Rows per INSERT: PostgreSQL allows 65,535 parameters, four per key row.
const INSERT_CHUNK = 5_000

function project(contact: Contact, fields: ReadonlySet<string>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(contact)) {
    if (fields.has(key) && value !== undefined) kept[key] = value
  }
  return kept
}

/**
 * Copies every contact of an outside CRM into the run's snapshot, page by page through the connector's `listAll`
 * (HubSpot: `GET /crm/v3/objects/contacts` with `after` paging, 429s waited out) or, without it, its change feed from
 * the beginning, with each record's blocking keys. Only the fields the matcher reads and the display
 * fields are kept. A record the feed delivers twice (changed while paging) is replaced, keys included. Returns how
 * many records the snapshot holds.
 *
 * @example
 * ```ts
 * const total = await snapshotCrm(db, hubspot, matcher, orgId, runId, fields, async (n) => report(n))
 * ```
 */
export async function snapshotCrm(
  db: Kysely<Database>,
  connector: CrmConnector,
  matcher: Matcher,
  orgId: string,
  runId: string,
  matchedFields: readonly string[],
  onPage?: (fetched: number) => Promise<void>,
): Promise<number> {
  const fields = new Set([...matchedFields, ...DISPLAY_FIELDS])
  let cursor: string | undefined
  let fetched = 0
  // The CRM's list endpoint when it has one (HubSpot: GET /crm/v3/objects/contacts), else the change feed.
  const nextPage = async (): Promise<{ records: CrmRecord[]; hasMore: boolean }> => {
    if (connector.listAll !== undefined) {
      const page = await connector.listAll(cursor, { limit: 100 })
      cursor = page.after
      return { records: page.records, hasMore: page.after !== undefined }
    }
    const page = await connector.listChanges(cursor, { limit: 100 })
    cursor = page.cursor
    return page
  }
  for (;;) {
    const page = await nextPage()
    const records = [...new Map(page.records.map((record) => [record.id, record])).values()]
    if (records.length > 0) {
      const ids = records.map((record) => record.id)
      const keys = records.flatMap((record) =>
        [...new Set(matcher.blockingKeys(record.contact))].map((key) => ({
          org_id: orgId,
          run_id: runId,
          key,
          record_id: record.id,
        })),
      )
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('dq_dedupe_snapshot_keys')
          .where('org_id', '=', orgId)
          .where('run_id', '=', runId)
          .where('record_id', 'in', ids)
          .execute()
        await trx
          .insertInto('dq_dedupe_snapshot')
          .values(
            records.map((record) => ({
              org_id: orgId,
              run_id: runId,
              record_id: record.id,
              data: JSON.stringify(project(record.contact, fields)),
            })),
          )
          .onConflict((conflict) =>
            conflict
              .columns(['org_id', 'run_id', 'record_id'])
              .doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })),
          )
          .execute()
        for (let start = 0; start < keys.length; start += INSERT_CHUNK) {
          await trx
            .insertInto('dq_dedupe_snapshot_keys')
            .values(keys.slice(start, start + INSERT_CHUNK))
            .execute()
        }
      })
      fetched += records.length
    }
    await onPage?.(fetched)
    if (!page.hasMore) break
  }
  return countSnapshot(db, orgId, runId)
}

/** The number of records in a run's snapshot. */
export async function countSnapshot(db: Kysely<Database>, orgId: string, runId: string): Promise<number> {
  const row = await db
    .selectFrom('dq_dedupe_snapshot')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Drops a run's snapshot: the keys first, in one range of their primary key, then the records. */
export async function dropSnapshot(db: Kysely<Database>, orgId: string, runId: string): Promise<void> {
  await db
    .deleteFrom('dq_dedupe_snapshot_keys')
    .where('org_id', '=', orgId)
    .where('run_id', '=', runId)
    .execute()
  await db.deleteFrom('dq_dedupe_snapshot').where('org_id', '=', orgId).where('run_id', '=', runId).execute()
}

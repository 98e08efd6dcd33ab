import { createHash } from 'node:crypto'
import type { Contact } from '@contactkit/core'
import type { Matcher } from '@contactkit/match'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type pg from 'pg'
import type { Database } from '../store/schema.js'
import { type ContactScope, scopeCondition } from './scope.js'

/** A contact id with its canonical contact (and its blocking keys when the caller has them already). */
export interface KeyedContact {
  id: string
  contact: Contact
  keys?: readonly string[] | undefined
}

// Rows per INSERT: PostgreSQL allows 65,535 parameters, three per row.
const INSERT_CHUNK = 5_000

/**
 * Replaces the blocking keys of the given contacts (an empty contact list is a no-op) and takes them off the
 * re-key queue. Pass `deleted` ids to drop their keys only, and `fresh` for contacts created just now (nothing to
 * replace). Runs in `db` when it is a transaction, else in its own.
 */
export async function writeBlockingKeys(
  db: Kysely<Database>,
  matcher: Matcher,
  orgId: string,
  contacts: readonly KeyedContact[],
  deleted: readonly string[] = [],
  options: { fresh?: boolean } = {},
): Promise<void> {
  const ids = [...contacts.map((entry) => entry.id), ...deleted]
  if (ids.length === 0) return
  const rows = contacts.flatMap(({ id, contact, keys }) =>
    (keys ?? matcher.blockingKeys(contact)).map((key) => ({ org_id: orgId, key, contact_id: id })),
  )
  const write = async (trx: Kysely<Database>) => {
    // Contacts created just now have no keys to replace.
    if (!options.fresh) await trx.deleteFrom('dq_blocking_keys').where('contact_id', 'in', ids).execute()
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await trx
        .insertInto('dq_blocking_keys')
        .values(rows.slice(start, start + INSERT_CHUNK))
        .onConflict((conflict) => conflict.doNothing())
        .execute()
    }
    await trx.deleteFrom('dq_blocking_key_queue').where('contact_id', 'in', ids).execute()
  }
  // Inside the caller's transaction (a merge), the keys commit or roll back with the contact write.
  if (db.isTransaction) await write(db)
  else await db.transaction().execute(write)
}

/**
 * Re-keys contacts the database trigger queued (any insert or update of a contact, by any code path),
 * at most `max` per call, several callers sharing the queue safely. Returns how many were processed.
 */
export async function syncQueuedKeys(
  db: Kysely<Database>,
  matcher: Matcher,
  orgId: string,
  max = 2_000,
): Promise<number> {
  const queued = await db
    .selectFrom('dq_blocking_key_queue')
    .select('contact_id')
    .where('org_id', '=', orgId)
    .limit(max)
    .execute()
  if (queued.length === 0) return 0
  const ids = queued.map((row) => row.contact_id)
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'data', 'deleted_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute()
  const live = rows.filter((row) => row.deleted_at === null)
  const liveIds = new Set(live.map((row) => row.id))
  await writeBlockingKeys(
    db,
    matcher,
    orgId,
    live.map((row) => ({ id: row.id, contact: row.data as unknown as Contact })),
    ids.filter((id) => !liveIds.has(id)),
  )
  return ids.length
}

const preparedPools = new WeakMap<object, pg.Pool>()

/**
 * Runs the candidate searches made on `db` as named prepared statements on `pool` (PostgreSQL), so each pooled
 * connection parses and plans them once instead of on every check. Searches inside a transaction, and on a `db`
 * never registered here, run as plain queries.
 */
export function prepareCandidateSearches(db: Kysely<Database>, pool: pg.Pool): void {
  preparedPools.set(db, pool)
}

const statementNames = new Map<string, string>()

async function rowsOf<R>(db: Kysely<Database>, query: RawBuilder<R>): Promise<R[]> {
  const pool = db.isTransaction ? undefined : preparedPools.get(db)
  if (!pool) return (await query.execute(db)).rows
  const compiled = query.compile(db)
  let name = statementNames.get(compiled.sql)
  if (!name) {
    // One name per distinct text (the scope and queue check change it), the same in every process.
    name = `dq_search_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 16)}`
    if (statementNames.size < 100) statementNames.set(compiled.sql, name)
  }
  const result = await pool.query({ name, text: compiled.sql, values: [...compiled.parameters] })
  return result.rows as R[]
}

/** Options of {@link findCandidateRows}. */
export interface CandidateSearch {
  /**
   * Most candidates returned, those sharing the most keys first. Default 20. Visibility is applied to the best
   * `3 × limit` by shared keys, so a caller who cannot see most of a block may get fewer.
   */
  limit?: number
  /** Most contacts read per key, so one very common key (a big company) cannot make a check slow. Default 200. */
  perKey?: number
  /** Contact ids never returned (the contact being checked itself). */
  exclude?: readonly string[]
}

/** A stored contact found through shared blocking keys. */
export interface CandidateRow {
  id: string
  data: Record<string, unknown>
  updated_at: Date
  shared: number
}

/**
 * Contacts of the scope that share a blocking key with `keys`: an index join on `dq_blocking_keys`, bounded per
 * key, so the cost does not grow with the size of the organisation.
 */
export async function findCandidateRows(
  db: Kysely<Database>,
  scope: ContactScope,
  keys: readonly string[],
  options: CandidateSearch = {},
): Promise<CandidateRow[]> {
  return (await searchKeys(db, scope, keys, options, false)).rows
}

/**
 * {@link findCandidateRows} that also says, in the same round trip, whether contacts of the organisation wait
 * on the re-key queue (then their stored keys may be stale and the caller syncs and searches again).
 */
export async function findCandidateRowsOrQueued(
  db: Kysely<Database>,
  scope: ContactScope,
  keys: readonly string[],
  options: CandidateSearch = {},
): Promise<{ rows: CandidateRow[]; queued: boolean }> {
  return searchKeys(db, scope, keys, options, true)
}

async function searchKeys(
  db: Kysely<Database>,
  scope: ContactScope,
  keys: readonly string[],
  options: CandidateSearch,
  checkQueue: boolean,
): Promise<{ rows: CandidateRow[]; queued: boolean }> {
  const exclude = options.exclude ?? []
  const limit = options.limit ?? 20
  if (keys.length === 0) {
    if (!checkQueue) return { rows: [], queued: false }
    const pending = await db
      .selectFrom('dq_blocking_key_queue')
      .select('contact_id')
      .where('org_id', '=', scope.orgId)
      .limit(1)
      .executeTakeFirst()
    return { rows: [], queued: pending !== undefined }
  }
  // Rank contact ids on the key index alone (an index-only scan per key, bounded by perKey), then read the
  // stored contacts of the best few only, applying deletion and visibility there.
  const candidates = sql`
    with ranked as (
      select hit.contact_id, count(*)::int as shared
      from unnest(${[...keys]}::text[]) as q(key)
      cross join lateral (
        select k.contact_id from dq_blocking_keys k
        where k.org_id = ${scope.orgId} and k.key = q.key
        limit ${options.perKey ?? 200}
      ) hit
      where not (hit.contact_id = any(${[...exclude]}::uuid[]))
      group by hit.contact_id
      order by shared desc, hit.contact_id
      limit ${limit * 3}
    )
    select c.id, c.data, c.updated_at, ranked.shared
    from ranked
    join contacts c on c.id = ranked.contact_id and c.org_id = ${scope.orgId} and c.deleted_at is null
    join lists l on l.org_id = c.org_id and l.id = c.list_id and l.deleted_at is null
    where ${scopeCondition(scope, 'read')}
    order by ranked.shared desc, c.id
    limit ${limit}
  `
  if (!checkQueue) return { rows: await rowsOf(db, sql<CandidateRow>`${candidates}`), queued: false }
  // One row with a null id when nothing matched, so the queue flag always comes back.
  const found = await rowsOf(
    db,
    sql<CandidateRow & { queued: boolean; id: string | null }>`
      with found as (${candidates})
      select exists (select 1 from dq_blocking_key_queue where org_id = ${scope.orgId}) as queued, found.*
      from (select 1) one
      left join found on true
      order by found.shared desc, found.id
    `,
  )
  const queued = found[0]?.queued === true
  const rows = found.flatMap(({ queued: _queued, ...row }) => (row.id === null ? [] : [row as CandidateRow]))
  return { rows, queued }
}

/**
 * {@link findCandidateRows} for many probes in one query (an import's batch of rows): `keys[i]` are the keys of
 * probe `i`, the answer's entry `i` its candidates, ranked and bounded exactly as a single search would.
 */
export async function findCandidateRowsMany(
  db: Kysely<Database>,
  scope: ContactScope,
  keys: readonly (readonly string[])[],
  options: Omit<CandidateSearch, 'exclude'> = {},
): Promise<CandidateRow[][]> {
  const limit = options.limit ?? 20
  const probe: number[] = []
  const flat: string[] = []
  keys.forEach((list, i) => {
    for (const key of list) {
      probe.push(i)
      flat.push(key)
    }
  })
  const found: CandidateRow[][] = keys.map(() => [])
  if (flat.length === 0) return found
  const result = await rowsOf(
    db,
    sql<CandidateRow & { probe: number }>`
    with hits as (
      select q.probe, hit.contact_id, count(*)::int as shared
      from unnest(${probe}::int[], ${flat}::text[]) as q(probe, key)
      cross join lateral (
        select k.contact_id from dq_blocking_keys k
        where k.org_id = ${scope.orgId} and k.key = q.key
        limit ${options.perKey ?? 200}
      ) hit
      group by q.probe, hit.contact_id
    ),
    ranked as (
      select probe, contact_id, shared,
        row_number() over (partition by probe order by shared desc, contact_id) as place
      from hits
    ),
    visible as (
      select ranked.probe, ranked.shared, c.id,
        row_number() over (partition by ranked.probe order by ranked.shared desc, c.id) as kept
      from ranked
      join contacts c on c.id = ranked.contact_id and c.org_id = ${scope.orgId} and c.deleted_at is null
      join lists l on l.org_id = c.org_id and l.id = c.list_id and l.deleted_at is null
      where ranked.place <= ${limit * 3} and ${scopeCondition(scope, 'read')}
    )
    -- Only the rows the caller keeps carry their contact data: reading it is most of the query's cost.
    select visible.probe, c.id, c.data, c.updated_at, visible.shared
    from visible
    join contacts c on c.id = visible.id
    where visible.kept <= ${limit}
    order by visible.probe, visible.shared desc, c.id
  `,
  )
  for (const { probe: i, ...row } of result) {
    const list = found[i] as CandidateRow[]
    if (list.length < limit) list.push(row)
  }
  return found
}

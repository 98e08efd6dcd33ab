import type { Contact } from '@contactkit/core'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../store/schema.js'
import { countSnapshot } from './dedupe-snapshot.js'
import { type ContactScope, scopeCondition } from './scope.js'

/** One member of a duplicate cluster, with enough to show it. */
export interface ClusterMember {
  id: string
  name: string
  company?: string | undefined
  email?: string | undefined
}

/** A blocking key shared by several records, with their ids in id order. */
export interface Block {
  key: string
  ids: string[]
}

/**
 * What a dedupe run reads, page by page, so that memory does not grow with the organisation: blocks in key order
 * from an indexed key table, then the records of a page of blocks. The built-in CRM reads `dq_blocking_keys` and
 * `contacts`; an outside CRM the run's snapshot (`dq_dedupe_snapshot`, `dq_dedupe_snapshot_keys`).
 */
export interface DedupeSource {
  readonly crm: 'builtin' | 'hubspot'
  /** How many records the run covers. */
  count(): Promise<number>
  /** How many blocks of 2 to `maxSize` records there are (for progress). */
  countBlocks(maxSize: number): Promise<number>
  /** Up to `limit` blocks of 2 to `maxSize` records whose key sorts after `after`, in key order. */
  blocks(after: string, limit: number, maxSize: number): Promise<Block[]>
  /** The records among `ids` the run may see, projected to the fields the matcher reads. */
  contacts(ids: readonly string[]): Promise<Map<string, Contact>>
  /** Display fields and a creation time (oldest first in a cluster) of the given records. */
  members(ids: readonly string[]): Promise<Map<string, { member: ClusterMember; createdAt: number }>>
}

/** Records whose display fields are read per query. */
const MEMBER_PAGE = 1_000

/**
 * The contact fields the matcher reads, as the top-level keys of a stored contact: the match fields' getters
 * (`email` reads `emails`, `city` the `addresses`, the phone comparison also the first address's country, the
 * generation a mark in `suffix` or at the end of `lastName`).
 *
 * @example
 * ```ts
 * matchedContactFields(['email', 'city', 'lastName']) // ['addresses', 'emails', 'lastName']
 * ```
 */
export function matchedContactFields(fields: readonly string[]): string[] {
  const keys = new Set<string>()
  for (const field of fields) {
    if (field === 'email') keys.add('emails')
    else if (field === 'phone') keys.add('phones').add('addresses')
    else if (['street', 'postalCode', 'city', 'region', 'country'].includes(field)) keys.add('addresses')
    else if (field === 'website') keys.add('websites')
    else if (field === 'suffix') keys.add('suffix').add('lastName')
    else if (field.startsWith('custom.')) keys.add('custom')
    else keys.add(field)
  }
  return [...keys].sort()
}

/** A cluster member's display fields from a (partial) contact. */
export function memberOf(id: string, contact: Partial<Contact>): ClusterMember {
  // The suffix too: `Hans Meier sen.` and `Hans Meier jun.` are two people.
  const name = [contact.title, contact.firstName, contact.lastName, contact.suffix].filter(Boolean).join(' ')
  return {
    id,
    name: name || '(no name)',
    company: contact.company,
    email: contact.emails?.[0]?.value,
  }
}

function withoutNulls(data: Record<string, unknown> | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data ?? {}).filter(([, value]) => value !== null))
}

/**
 * The built-in CRM as a dedupe source: blocks from `dq_blocking_keys` (its primary key orders them by key, so a
 * page is an index range), records from `contacts` restricted to what `scope` may read and not deleted. Keys of
 * contacts the scope cannot see still form blocks; their records are simply not returned.
 */
export function builtinSource(
  db: Kysely<Database>,
  scope: ContactScope,
  fields: readonly string[],
): DedupeSource {
  const orgId = scope.orgId
  return {
    crm: 'builtin',
    async count() {
      const row = await db
        .selectFrom('contacts as c')
        .innerJoin('lists as l', (join) =>
          join.onRef('l.id', '=', 'c.list_id').onRef('l.org_id', '=', 'c.org_id'),
        )
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('c.org_id', '=', orgId)
        .where('c.deleted_at', 'is', null)
        .where('l.deleted_at', 'is', null)
        .where(scopeCondition(scope, 'read'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async countBlocks(maxSize) {
      const result = await sql<{ n: string }>`
        select count(*) as n from (
          select 1 from dq_blocking_keys where org_id = ${orgId}
          group by key having count(*) between 2 and ${maxSize}
        ) blocks`.execute(db)
      return Number(result.rows[0]?.n ?? 0)
    },
    async blocks(after, limit, maxSize) {
      const result = await sql<Block>`
        select key, array_agg(contact_id::text order by contact_id) as ids
        from dq_blocking_keys
        where org_id = ${orgId} and key > ${after}
        group by key
        having count(*) between 2 and ${maxSize}
        order by key
        limit ${limit}`.execute(db)
      return result.rows
    },
    async contacts(ids) {
      const found = new Map<string, Contact>()
      if (ids.length === 0) return found
      // Only what the matcher reads, projected by the database: notes, provenance and raw input stay there.
      const rows = await db
        .selectFrom('contacts as c')
        .innerJoin('lists as l', (join) =>
          join.onRef('l.id', '=', 'c.list_id').onRef('l.org_id', '=', 'c.org_id'),
        )
        .select([
          'c.id',
          sql<Record<
            string,
            unknown
          > | null>`(select jsonb_object_agg(f.key, f.value) from jsonb_each(c.data) f where f.key = any(${[...fields]}::text[]))`.as(
            'data',
          ),
        ])
        .where('c.org_id', '=', orgId)
        .where('c.id', 'in', [...ids])
        .where('c.deleted_at', 'is', null)
        .where('l.deleted_at', 'is', null)
        .where(scopeCondition(scope, 'read'))
        .execute()
      for (const row of rows) found.set(row.id, { ...(row.data ?? {}), id: row.id } as Contact)
      return found
    },
    async members(ids) {
      const members = new Map<string, { member: ClusterMember; createdAt: number }>()
      for (let start = 0; start < ids.length; start += MEMBER_PAGE) {
        const rows = await db
          .selectFrom('contacts as c')
          .select([
            'c.id',
            'c.created_at',
            sql<Record<string, unknown> | null>`jsonb_build_object('title', c.data -> 'title',
              'firstName', c.data -> 'firstName', 'lastName', c.data -> 'lastName',
              'suffix', c.data -> 'suffix', 'company', c.data -> 'company', 'emails', c.data -> 'emails')`.as(
              'data',
            ),
          ])
          .where('c.org_id', '=', orgId)
          .where('c.id', 'in', ids.slice(start, start + MEMBER_PAGE))
          .execute()
        for (const row of rows) {
          members.set(row.id, {
            member: memberOf(row.id, withoutNulls(row.data)),
            createdAt: row.created_at.getTime(),
          })
        }
      }
      return members
    },
  }
}

/**
 * A dedupe run's snapshot of an outside CRM as a dedupe source: the same block walk over
 * `dq_dedupe_snapshot_keys`, records from `dq_dedupe_snapshot`, both scoped by organisation and run.
 */
export function snapshotSource(db: Kysely<Database>, orgId: string, runId: string): DedupeSource {
  return {
    crm: 'hubspot',
    count: () => countSnapshot(db, orgId, runId),
    async countBlocks(maxSize) {
      const result = await sql<{ n: string }>`
        select count(*) as n from (
          select 1 from dq_dedupe_snapshot_keys where org_id = ${orgId} and run_id = ${runId}
          group by key having count(*) between 2 and ${maxSize}
        ) blocks`.execute(db)
      return Number(result.rows[0]?.n ?? 0)
    },
    async blocks(after, limit, maxSize) {
      const result = await sql<Block>`
        select key, array_agg(record_id order by record_id) as ids
        from dq_dedupe_snapshot_keys
        where org_id = ${orgId} and run_id = ${runId} and key > ${after}
        group by key
        having count(*) between 2 and ${maxSize}
        order by key
        limit ${limit}`.execute(db)
      return result.rows
    },
    async contacts(ids) {
      const found = new Map<string, Contact>()
      if (ids.length === 0) return found
      const rows = await db
        .selectFrom('dq_dedupe_snapshot')
        .select(['record_id', 'data'])
        .where('org_id', '=', orgId)
        .where('run_id', '=', runId)
        .where('record_id', 'in', [...ids])
        .execute()
      for (const row of rows) found.set(row.record_id, { ...row.data, id: row.record_id } as Contact)
      return found
    },
    async members(ids) {
      const members = new Map<string, { member: ClusterMember; createdAt: number }>()
      for (let start = 0; start < ids.length; start += MEMBER_PAGE) {
        const rows = await db
          .selectFrom('dq_dedupe_snapshot')
          .select(['record_id', 'data'])
          .where('org_id', '=', orgId)
          .where('run_id', '=', runId)
          .where('record_id', 'in', ids.slice(start, start + MEMBER_PAGE))
          .execute()
        for (const row of rows) {
          // HubSpot ids grow with creation: the smallest is the oldest record.
          members.set(row.record_id, {
            member: memberOf(row.record_id, row.data as Partial<Contact>),
            createdAt: Number(row.record_id),
          })
        }
      }
      return members
    },
  }
}

import { randomUUID } from 'node:crypto'
import type { Contact } from '@contactkit/core'
import type { FindDuplicatesProgress } from '@contactkit/match'
import { type Kysely, sql } from 'kysely'
import type { Clock } from '../clock.js'
import type { Actor } from '../context.js'
import type { Database } from '../store/schema.js'
import { serverMatcher } from './matcher.js'
import { scopeCondition, scopeOf } from './scope.js'

/** Contacts read per query while loading an organisation. */
const PAGE = 5_000
/** Cluster members whose display fields are read per query at the end. */
const MEMBER_PAGE = 1_000
/** Most clusters kept in a run's result (the biggest organisations are reviewed in slices anyway). */
export const MAX_CLUSTERS = 5_000
/** Progress is written at most this often. */
const PROGRESS_INTERVAL_MS = 500

/** One member of a duplicate cluster, with enough to show it. */
export interface ClusterMember {
  id: string
  name: string
  company?: string | undefined
  email?: string | undefined
}

/** A run's result: clusters (best first) of contacts held to be one person. */
export interface DedupeResult {
  contacts: number
  clusters: { probability: number; members: ClusterMember[] }[]
  truncated: boolean
  pairs: number
}

/** Creates a queued dedupe run. */
export async function createDedupeRun(
  db: Kysely<Database>,
  clock: Clock,
  actor: Pick<Actor, 'orgId' | 'userId'>,
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('dq_dedupe_runs')
    .values({
      id,
      org_id: actor.orgId,
      created_by: actor.userId,
      status: 'queued',
      progress: JSON.stringify({ phase: 'queued', done: 0, total: 0 }),
      result: null,
      error: null,
      created_at: clock.now(),
      finished_at: null,
    })
    .execute()
  return id
}

function memberOf(id: string, contact: Partial<Contact>): ClusterMember {
  const name = [contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ')
  return {
    id,
    name: name || '(no name)',
    company: contact.company,
    email: contact.emails?.[0]?.value,
  }
}

/**
 * The contact fields the matcher reads, as the top-level keys of a stored contact: the match fields' getters
 * (`email` reads `emails`, `city` the `addresses`, the phone comparison also the first address's country).
 */
export function matchedContactFields(fields: readonly string[]): string[] {
  const keys = new Set<string>()
  for (const field of fields) {
    if (field === 'email') keys.add('emails')
    else if (field === 'phone') keys.add('phones').add('addresses')
    else if (['street', 'postalCode', 'city', 'region', 'country'].includes(field)) keys.add('addresses')
    else if (field === 'website') keys.add('websites')
    else if (field.startsWith('custom.')) keys.add('custom')
    else keys.add(field)
  }
  return [...keys].sort()
}

/** Options of {@link runDedupe}. */
export interface DedupeOptions {
  /** Contacts read per query (keyset pages by id). Default 5,000. */
  pageSize?: number
}

/** Display fields and creation time of the clusters' members, read in pages of ids. */
async function loadMembers(
  db: Kysely<Database>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, { member: ClusterMember; createdAt: number }>> {
  const members = new Map<string, { member: ClusterMember; createdAt: number }>()
  for (let start = 0; start < ids.length; start += MEMBER_PAGE) {
    const rows = await db
      .selectFrom('contacts as c')
      .select([
        'c.id',
        'c.created_at',
        sql<
          Partial<Contact>
        >`jsonb_build_object('title', c.data -> 'title', 'firstName', c.data -> 'firstName',
          'lastName', c.data -> 'lastName', 'company', c.data -> 'company', 'emails', c.data -> 'emails')`.as(
          'data',
        ),
      ])
      .where('c.org_id', '=', orgId)
      .where('c.id', 'in', ids.slice(start, start + MEMBER_PAGE))
      .execute()
    for (const row of rows) {
      const data = Object.fromEntries(Object.entries(row.data).filter(([, value]) => value !== null))
      members.set(row.id, { member: memberOf(row.id, data), createdAt: row.created_at.getTime() })
    }
  }
  return members
}

/**
 * Finds the duplicates among the contacts the run's owner can see (the whole organisation for an admin) with
 * `findDuplicates` of @contactkit/match, writing progress per phase.
 */
export async function runDedupe(
  db: Kysely<Database>,
  clock: Clock,
  owner: Pick<Actor, 'orgId' | 'userId' | 'role'>,
  runId: string,
  options: DedupeOptions = {},
): Promise<void> {
  const claimed = await db
    .updateTable('dq_dedupe_runs')
    .set({ status: 'running' })
    .where('org_id', '=', owner.orgId)
    .where('id', '=', runId)
    .where('status', '=', 'queued')
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) === 0) return
  let lastWrite = 0
  const writeProgress = async (
    progress: FindDuplicatesProgress | { phase: string; done: number; total: number },
    force = false,
  ) => {
    const now = Date.now()
    if (!force && now - lastWrite < PROGRESS_INTERVAL_MS) return
    lastWrite = now
    await db
      .updateTable('dq_dedupe_runs')
      .set({ progress: JSON.stringify(progress) })
      .where('id', '=', runId)
      .execute()
  }
  try {
    const scope = scopeOf(owner)
    const matcher = serverMatcher()
    const pageSize = options.pageSize ?? PAGE
    // Only what the matcher reads is loaded, projected by the database, page by page (keyset on id): notes,
    // provenance, raw input and the other fields never reach this process. The clusters' display fields and
    // creation times are read at the end, for their members only.
    const fields = matchedContactFields(matcher.parameters().map((parameter) => parameter.field))
    const contacts: (Contact & { id: string })[] = []
    let after = '00000000-0000-0000-0000-000000000000'
    for (;;) {
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
          > | null>`(select jsonb_object_agg(f.key, f.value) from jsonb_each(c.data) f where f.key = any(${fields}::text[]))`.as(
            'data',
          ),
        ])
        .where('c.org_id', '=', owner.orgId)
        .where('c.deleted_at', 'is', null)
        .where('l.deleted_at', 'is', null)
        .where(scopeCondition(scope, 'read'))
        .where(sql<boolean>`c.id > ${after}::uuid`)
        .orderBy('c.id')
        .limit(pageSize)
        .execute()
      for (const row of rows) contacts.push({ ...(row.data ?? {}), id: row.id } as Contact & { id: string })
      await writeProgress({ phase: 'loading', done: contacts.length, total: 0 })
      if (rows.length < pageSize) break
      after = rows.at(-1)?.id ?? after
    }
    // Progress callbacks are synchronous; the last one is written when the phase changes or the run ends.
    let pending: Promise<void> = Promise.resolve()
    const result = await matcher.findDuplicates(contacts, {
      onProgress: (progress) => {
        pending = pending.then(() => writeProgress(progress)).catch(() => {})
      },
    })
    await pending
    const total = contacts.length
    contacts.length = 0
    const kept = [...result.clusters].sort((a, b) => b.probability - a.probability).slice(0, MAX_CLUSTERS)
    const members = await loadMembers(
      db,
      owner.orgId,
      kept.flatMap((cluster) => cluster.ids),
    )
    const clusters = kept.map((cluster) => ({
      probability: cluster.probability,
      // The oldest record first: the merge view suggests merging the newer ones into it.
      members: [...cluster.ids]
        .sort(
          (a, b) => (members.get(a)?.createdAt ?? 0) - (members.get(b)?.createdAt ?? 0) || a.localeCompare(b),
        )
        .flatMap((id) => {
          const member = members.get(id)
          return member ? [member.member] : []
        }),
    }))
    const summary: DedupeResult = {
      contacts: total,
      clusters,
      truncated: result.clusters.length > MAX_CLUSTERS,
      pairs: result.pairs.length,
    }
    await db
      .updateTable('dq_dedupe_runs')
      .set({
        status: 'done',
        result: JSON.stringify(summary),
        progress: JSON.stringify({ phase: 'done', done: total, total }),
        finished_at: clock.now(),
      })
      .where('id', '=', runId)
      .execute()
  } catch (error) {
    await db
      .updateTable('dq_dedupe_runs')
      .set({
        status: 'failed',
        error: JSON.stringify({
          code: (error as { code?: string }).code ?? 'INTERNAL',
          message: 'The run failed.',
        }),
        finished_at: clock.now(),
      })
      .where('id', '=', runId)
      .execute()
  }
}

import { randomUUID } from 'node:crypto'
import type { Contact } from '@contactkit/core'
import type { FindDuplicatesProgress } from '@contactkit/match'
import { type Kysely, sql } from 'kysely'
import type { Clock } from '../clock.js'
import type { Actor } from '../context.js'
import type { Database } from '../store/schema.js'
import { contactOfRow } from './builtin-connector.js'
import { serverMatcher } from './matcher.js'
import { scopeCondition, scopeOf } from './scope.js'

/** Contacts read per query while loading an organisation. */
const PAGE = 5_000
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

function memberOf(contact: Contact & { id: string }): ClusterMember {
  const name = [contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ')
  return {
    id: contact.id,
    name: name || '(no name)',
    company: contact.company,
    email: contact.emails[0]?.value,
  }
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
    const contacts: (Contact & { id: string })[] = []
    const createdAt = new Map<string, number>()
    let after = '00000000-0000-0000-0000-000000000000'
    for (;;) {
      const rows = await db
        .selectFrom('contacts as c')
        .innerJoin('lists as l', (join) =>
          join.onRef('l.id', '=', 'c.list_id').onRef('l.org_id', '=', 'c.org_id'),
        )
        .select(['c.id', 'c.data', 'c.created_at'])
        .where('c.org_id', '=', owner.orgId)
        .where('c.deleted_at', 'is', null)
        .where('l.deleted_at', 'is', null)
        .where(scopeCondition(scope, 'read'))
        .where(sql<boolean>`c.id > ${after}::uuid`)
        .orderBy('c.id')
        .limit(PAGE)
        .execute()
      for (const row of rows) {
        contacts.push(contactOfRow(row) as Contact & { id: string })
        createdAt.set(row.id, row.created_at.getTime())
      }
      await writeProgress({ phase: 'loading', done: contacts.length, total: 0 })
      if (rows.length < PAGE) break
      after = rows.at(-1)?.id ?? after
    }
    // Progress callbacks are synchronous; the last one is written when the phase changes or the run ends.
    let pending: Promise<void> = Promise.resolve()
    const result = await serverMatcher().findDuplicates(contacts, {
      onProgress: (progress) => {
        pending = pending.then(() => writeProgress(progress)).catch(() => {})
      },
    })
    await pending
    const byId = new Map(contacts.map((contact) => [contact.id, contact]))
    const clusters = [...result.clusters]
      .sort((a, b) => b.probability - a.probability)
      .slice(0, MAX_CLUSTERS)
      .map((cluster) => ({
        probability: cluster.probability,
        // The oldest record first: the merge view suggests merging the newer ones into it.
        members: [...cluster.ids]
          .sort((a, b) => (createdAt.get(a) ?? 0) - (createdAt.get(b) ?? 0) || a.localeCompare(b))
          .flatMap((id) => {
            const contact = byId.get(id)
            return contact ? [memberOf(contact)] : []
          }),
      }))
    const summary: DedupeResult = {
      contacts: contacts.length,
      clusters,
      truncated: result.clusters.length > MAX_CLUSTERS,
      pairs: result.pairs.length,
    }
    await db
      .updateTable('dq_dedupe_runs')
      .set({
        status: 'done',
        result: JSON.stringify(summary),
        progress: JSON.stringify({ phase: 'done', done: contacts.length, total: contacts.length }),
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

import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { recordAudit } from '../audit.js'
import type { Clock } from '../clock.js'
import type { Actor } from '../context.js'
import type { CrmConnector } from '../crm/connector.js'
import type { Database } from '../store/schema.js'
import { syncQueuedKeys } from './blocking-keys.js'
import { dropSnapshot, snapshotCrm } from './dedupe-snapshot.js'
import {
  builtinSource,
  type ClusterMember,
  type DedupeSource,
  matchedContactFields,
  snapshotSource,
} from './dedupe-source.js'
import { clusterEdges, MAX_BLOCK_SIZE, walkBlocks } from './dedupe-walk.js'
import { serverMatcher } from './matcher.js'
import { scopeOf } from './scope.js'

/** Blocks read per query. */
const BLOCKS_PER_PAGE = 500
/** Most clusters kept in a run's result (the biggest organisations are reviewed in slices anyway). */
export const MAX_CLUSTERS = 5_000
/** Progress is written at most this often. */
const PROGRESS_INTERVAL_MS = 500

export { type ClusterMember, matchedContactFields } from './dedupe-source.js'

/** A run's result: clusters (best first) of records held to be one person, in the CRM the organisation uses. */
export interface DedupeResult {
  /** The CRM the members' ids belong to: the built-in contact store or HubSpot. */
  crm: 'builtin' | 'hubspot'
  contacts: number
  clusters: { probability: number; members: ClusterMember[] }[]
  truncated: boolean
  /** Pairs at or above the `possible` verdict. */
  pairs: number
  /** Blocks walked and pairs compared. */
  blocks: number
  comparisons: number
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

/** Options of {@link runDedupe}. */
export interface DedupeOptions {
  /** Blocks read per query. Default 500. */
  pageSize?: number
  /**
   * Resolves the organisation's CRM (inside the run, so a connection that cannot be used fails the run with its
   * code). An outside CRM (HubSpot) has its contacts fetched into the run's snapshot and deduplicated there; the
   * built-in one, or no resolver, dedupes the built-in contacts the run's owner can see.
   */
  crm?: (() => Promise<CrmConnector>) | undefined
  /** Called after each page of blocks (benchmarks measure the memory the walk keeps between pages). */
  afterPage?: ((blocksDone: number) => void) | undefined
}

/**
 * Finds the duplicates in the CRM the organisation uses, writing progress per phase: the built-in contacts the run's
 * owner can see (the whole organisation for an admin), or all contacts of its HubSpot portal, fetched into a
 * snapshot first. Either way the comparison is driven by an indexed key table, a page of blocks at a time
 * (`walkBlocks`), so memory holds a page of records and the pairs found, not the organisation.
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
  const writeProgress = async (progress: { phase: string; done: number; total: number }, force = false) => {
    const now = Date.now()
    if (!force && now - lastWrite < PROGRESS_INTERVAL_MS) return
    lastWrite = now
    await db
      .updateTable('dq_dedupe_runs')
      .set({ progress: JSON.stringify(progress) })
      .where('org_id', '=', owner.orgId)
      .where('id', '=', runId)
      .execute()
  }
  // The run's end is audited as the system (no request); its start was audited with the admin who asked.
  const finished = (details: Record<string, unknown>) =>
    recordAudit(db, clock, {
      orgId: owner.orgId,
      actor: undefined,
      request: undefined,
      action: 'dedupe.finish',
      targetType: 'dedupe_run',
      targetId: runId,
      details,
    })
  const matcher = serverMatcher()
  const fields = matchedContactFields(matcher.parameters().map((parameter) => parameter.field))
  try {
    let source: DedupeSource
    const crm = await options.crm?.()
    if (crm !== undefined && crm.kind !== 'builtin') {
      await snapshotCrm(db, crm, matcher, owner.orgId, runId, fields, (fetched) =>
        writeProgress({ phase: 'loading', done: fetched, total: 0 }),
      )
      source = snapshotSource(db, owner.orgId, runId)
    } else {
      // Contacts written since their keys were stored are keyed first, so the walk sees every current key.
      while ((await syncQueuedKeys(db, matcher, owner.orgId)) > 0) {}
      source = builtinSource(db, scopeOf(owner), fields)
    }
    const total = await source.count()
    const blockCount = await source.countBlocks(MAX_BLOCK_SIZE)
    await writeProgress({ phase: 'scoring', done: 0, total: blockCount }, true)
    const walk = await walkBlocks(source, matcher, {
      blocksPerPage: options.pageSize ?? BLOCKS_PER_PAGE,
      onPage: async (done) => {
        options.afterPage?.(done)
        await writeProgress({ phase: 'scoring', done, total: blockCount })
      },
    })
    await writeProgress({ phase: 'clustering', done: 0, total: 0 }, true)
    const found = await clusterEdges(walk.edges, matcher, (ids) => source.contacts(ids))
    const kept = found.sort((a, b) => b.probability - a.probability).slice(0, MAX_CLUSTERS)
    const members = await source.members(kept.flatMap((cluster) => cluster.ids))
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
      crm: source.crm,
      contacts: total,
      clusters,
      truncated: found.length > MAX_CLUSTERS,
      pairs: walk.edges.size,
      blocks: walk.blocks,
      comparisons: walk.comparisons,
    }
    await db
      .updateTable('dq_dedupe_runs')
      .set({
        status: 'done',
        result: JSON.stringify(summary),
        progress: JSON.stringify({ phase: 'done', done: total, total }),
        finished_at: clock.now(),
      })
      .where('org_id', '=', owner.orgId)
      .where('id', '=', runId)
      .execute()
    await finished({
      status: 'done',
      crm: summary.crm,
      contacts: total,
      clusters: clusters.length,
      pairs: summary.pairs,
    })
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'INTERNAL'
    // A HubSpot failure keeps its own code (HUBSPOT_AUTH, HUBSPOT_RATE_LIMITED, …) for the admin.
    const crmCode = (error as { details?: { crmCode?: unknown } }).details?.crmCode
    const failure = { code, ...(typeof crmCode === 'string' ? { crmCode } : {}) }
    await db
      .updateTable('dq_dedupe_runs')
      .set({
        status: 'failed',
        error: JSON.stringify({ ...failure, message: 'The run failed.' }),
        finished_at: clock.now(),
      })
      .where('org_id', '=', owner.orgId)
      .where('id', '=', runId)
      .execute()
    await finished({ status: 'failed', ...failure })
  } finally {
    await dropSnapshot(db, owner.orgId, runId)
  }
}

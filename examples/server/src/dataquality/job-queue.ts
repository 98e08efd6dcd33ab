import type PgBoss from 'pg-boss'
import type { Store } from '../store/store.js'

/** Queues of the DataQuality background jobs. */
export const IMPORT_QUEUE = 'dataquality-import'
export const DEDUPE_QUEUE = 'dataquality-dedupe'

/** A DataQuality job: which kind, and the id of its row (dq_imports / dq_dedupe_runs) in an organisation. */
export interface DataQualityJob {
  queue: typeof IMPORT_QUEUE | typeof DEDUPE_QUEUE
  orgId: string
  id: string
}

type Handler = (job: DataQualityJob) => Promise<void>

const bosses = new WeakMap<Store, PgBoss>()
const running = new WeakMap<Store, Set<Promise<void>>>()

/**
 * Works the DataQuality queues with the server's pg-boss job runner (call after `startJobs`): any number of
 * server or worker processes share the jobs. Without it, jobs run in the background of the process that
 * accepted them.
 */
export async function registerDataQualityJobs(boss: PgBoss, store: Store, handler: Handler): Promise<void> {
  for (const queue of [IMPORT_QUEUE, DEDUPE_QUEUE] as const) {
    await boss.createQueue(queue)
    await boss.work<DataQualityJob>(queue, async (jobs) => {
      for (const job of jobs) await handler(job.data)
    })
  }
  bosses.set(store, boss)
}

/** Starts a job: on the pg-boss queue when registered, else in the background of this process. */
export async function enqueueJob(store: Store, job: DataQualityJob, handler: Handler): Promise<void> {
  const boss = bosses.get(store)
  if (boss) {
    await boss.send(job.queue, job, { retryLimit: 0 })
    return
  }
  const set = running.get(store) ?? new Set()
  running.set(store, set)
  const promise = handler(job).finally(() => set.delete(promise))
  set.add(promise)
}

/** Resolves when the in-process jobs of a store have finished (tests, shutdown). */
export async function settleJobs(store: Store): Promise<void> {
  const set = running.get(store)
  while (set && set.size > 0) await Promise.allSettled([...set])
}

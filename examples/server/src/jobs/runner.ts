import PgBoss from 'pg-boss'
import { purgeEndedCredentials } from '../auth/cleanup.js'
import type { Clock } from '../clock.js'
import { purgeDeleted } from '../records/soft-delete.js'
import type { Store } from '../store/store.js'

/** Queue of the nightly purge of soft-deleted rows. */
export const PURGE_QUEUE = 'purge-deleted'
/** When the purge runs (cron, UTC). */
export const PURGE_CRON = '17 3 * * *'

/** A started job runner; stop it before closing the store. */
export interface JobRunner {
  boss: PgBoss
  stop(): Promise<void>
}

/**
 * Starts pg-boss 10 on the store's own pg Pool (PostgreSQL or PGlite alike: pg-boss only needs `executeSql`),
 * schedules the purge and works its queue. pg-boss keeps its tables in the `pgboss` schema; with PostgreSQL any
 * number of server processes share the queue and the schedule fires once.
 */
export async function startJobs(
  store: Store,
  clock: Clock,
  log: { info(object: object, message: string): void; error(object: object, message: string): void },
): Promise<JobRunner> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => store.pool.query(text, values) },
    schedule: true,
    supervise: true,
  })
  boss.on('error', (error: Error) => log.error({ err: { type: error.name } }, 'job queue error'))
  await boss.start()
  await boss.createQueue(PURGE_QUEUE)
  await boss.schedule(PURGE_QUEUE, PURGE_CRON, {}, { tz: 'UTC' })
  await boss.work(PURGE_QUEUE, async () => {
    const records = await purgeDeleted(store.db, clock)
    const credentials = await purgeEndedCredentials(store.db, clock)
    log.info({ purged: { ...records, ...credentials } }, 'purged deleted records and ended credentials')
    return { ...records, ...credentials }
  })
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
  }
}

import type { Clock } from '../clock.js'
import type { SecretBox } from '../secret-box.js'
import type { Store } from '../store/store.js'
import { syncQueuedKeys } from './blocking-keys.js'
import { connectorFor } from './connectors.js'
import { runDedupe } from './dedupe-service.js'
import { runImport } from './import-service.js'
import { type DataQualityJob, DEDUPE_QUEUE, IMPORT_QUEUE } from './job-queue.js'
import { serverMatcher } from './matcher.js'

/**
 * The worker of the DataQuality queues: runs an import or a dedupe run as the user who started it (their role
 * and lists bound what the job may see and write). `secrets` unseals the organisation's HubSpot connection; without
 * it, imports and dedupe runs of an organisation connected to HubSpot fail with HUBSPOT_INVALID_CONFIG.
 */
export function dataQualityWorker(
  store: Store,
  clock: Clock,
  secrets?: SecretBox,
): (job: DataQualityJob) => Promise<void> {
  return async (job) => {
    const table = job.queue === IMPORT_QUEUE ? 'dq_imports' : 'dq_dedupe_runs'
    const owner = await store.db
      .selectFrom(table)
      .innerJoin('users', (join) =>
        join.onRef('users.id', '=', `${table}.created_by`).onRef('users.org_id', '=', `${table}.org_id`),
      )
      .select(['users.id as userId', 'users.role', 'users.org_id as orgId'])
      .where(`${table}.org_id`, '=', job.orgId)
      .where(`${table}.id`, '=', job.id)
      .executeTakeFirst()
    if (!owner) return
    if (job.queue === IMPORT_QUEUE) {
      const row = await store.db
        .selectFrom('dq_imports')
        .select(['list_id', 'options'])
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow()
      const options = row.options as { defaultCountry?: string }
      const connector = await connectorFor({ store, clock, secrets }, owner, {
        listId: row.list_id,
        source: { kind: 'import', id: job.id },
        defaultCountry: options.defaultCountry,
        bulk: true,
      })
      // Contacts written by others before the import are keyed once here, not before every row.
      while ((await syncQueuedKeys(store.db, serverMatcher(), job.orgId)) > 0) {}
      await runImport(store.db, clock, connector, job.orgId, job.id)
    } else if (job.queue === DEDUPE_QUEUE) {
      await runDedupe(store.db, clock, owner, job.id, {
        crm: () => connectorFor({ store, clock, secrets }, owner),
      })
    }
  }
}

import type { Kysely } from 'kysely'
import { type Clock, DAY_MS } from '../clock.js'
import type { Database } from '../store/schema.js'

/** Deleted lists and contacts can be restored this long; then the purge job removes them for good. */
export const RESTORE_WINDOW_DAYS = 30

/** Whether a row deleted at `deletedAt` may still be restored at `now`. */
export function isRestorable(deletedAt: Date, now: Date): boolean {
  return now.getTime() - deletedAt.getTime() < RESTORE_WINDOW_DAYS * DAY_MS
}

/** What {@link purgeDeleted} removed. */
export interface PurgeResult {
  contacts: number
  lists: number
}

/**
 * Removes contacts and lists deleted more than {@link RESTORE_WINDOW_DAYS} days before `clock.now()`, in all
 * organisations (it is the operator's job, not a tenant's). A purged list takes its contacts with it.
 */
export async function purgeDeleted(db: Kysely<Database>, clock: Clock): Promise<PurgeResult> {
  const cutoff = new Date(clock.now().getTime() - RESTORE_WINDOW_DAYS * DAY_MS)
  return db.transaction().execute(async (trx) => {
    const contacts = await trx.deleteFrom('contacts').where('deleted_at', '<=', cutoff).executeTakeFirst()
    const lists = await trx.deleteFrom('lists').where('deleted_at', '<=', cutoff).executeTakeFirst()
    return { contacts: Number(contacts.numDeletedRows), lists: Number(lists.numDeletedRows) }
  })
}

import type PgBoss from 'pg-boss'
import { type MailSyncContext, syncAllMailboxes } from './suggest.js'

/** Queue of the mailbox polling. */
export const MAIL_SYNC_QUEUE = 'mail-sync'
/** How often every mailbox is read (cron, UTC): every 15 minutes. */
export const MAIL_SYNC_CRON = '*/15 * * * *'

/**
 * Schedules the mailbox polling on the server's pg-boss runner (call after `startJobs`): every 15 minutes one
 * process reads the new mails of every connected mailbox. With PostgreSQL any number of processes share it and the
 * schedule fires once; a run that is still going when the next is due is not started twice (singleton key).
 */
export async function registerMailJobs(
  boss: PgBoss,
  ctx: MailSyncContext,
  log: { info(object: object, message: string): void },
): Promise<void> {
  await boss.createQueue(MAIL_SYNC_QUEUE, { name: MAIL_SYNC_QUEUE, policy: 'singleton' })
  await boss.schedule(MAIL_SYNC_QUEUE, MAIL_SYNC_CRON, {}, { tz: 'UTC' })
  await boss.work(MAIL_SYNC_QUEUE, async () => {
    const result = await syncAllMailboxes(ctx)
    // Counts only: nothing of the mails or their senders.
    log.info({ mail: result }, 'read the connected mailboxes')
    return result
  })
}

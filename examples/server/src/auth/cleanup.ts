import type { Kysely } from 'kysely'
import { type Clock, DAY_MS } from '../clock.js'
import type { Database } from '../store/schema.js'

/** Ended sessions, API tokens and setup tokens are kept this long (for "where was I logged in"), then removed. */
export const CREDENTIAL_RETENTION_DAYS = 30
/** Password-reset and invitation tokens are kept one day after they expired or were used, then removed. */
export const ACCOUNT_TOKEN_RETENTION_DAYS = 1

/** What {@link purgeEndedCredentials} removed. */
export interface CredentialPurgeResult {
  sessions: number
  apiTokens: number
  setupTokens: number
  accountTokens: number
}

/**
 * Removes sessions and tokens that ended (expired, revoked or used) more than the retention period ago; account
 * tokens (mail links) after {@link ACCOUNT_TOKEN_RETENTION_DAYS}, since no "where was I logged in" needs them.
 */
export async function purgeEndedCredentials(
  db: Kysely<Database>,
  clock: Clock,
): Promise<CredentialPurgeResult> {
  const cutoff = new Date(clock.now().getTime() - CREDENTIAL_RETENTION_DAYS * DAY_MS)
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
    .executeTakeFirst()
  const apiTokens = await db
    .deleteFrom('api_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
    .executeTakeFirst()
  const setupTokens = await db
    .deleteFrom('setup_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('used_at', '<', cutoff)]))
    .executeTakeFirst()
  const accountCutoff = new Date(clock.now().getTime() - ACCOUNT_TOKEN_RETENTION_DAYS * DAY_MS)
  const accountTokens = await db
    .deleteFrom('account_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', accountCutoff), eb('used_at', '<', accountCutoff)]))
    .executeTakeFirst()
  return {
    sessions: Number(sessions.numDeletedRows),
    apiTokens: Number(apiTokens.numDeletedRows),
    setupTokens: Number(setupTokens.numDeletedRows),
    accountTokens: Number(accountTokens.numDeletedRows),
  }
}

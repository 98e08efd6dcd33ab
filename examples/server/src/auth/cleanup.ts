import type { Kysely } from 'kysely'
import { type Clock, DAY_MS } from '../clock.js'
import type { Database } from '../store/schema.js'

/** Ended sessions, API tokens and setup tokens are kept this long (for "where was I logged in"), then removed. */
export const CREDENTIAL_RETENTION_DAYS = 30

/** What {@link purgeEndedCredentials} removed. */
export interface CredentialPurgeResult {
  sessions: number
  apiTokens: number
  setupTokens: number
}

/** Removes sessions and tokens that ended (expired, revoked or used) more than the retention period ago. */
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
  return {
    sessions: Number(sessions.numDeletedRows),
    apiTokens: Number(apiTokens.numDeletedRows),
    setupTokens: Number(setupTokens.numDeletedRows),
  }
}

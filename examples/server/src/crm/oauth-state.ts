import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import type { Actor } from '../context.js'
import { ServerError } from '../errors.js'
import type { SecretBox } from '../secret-box.js'
import type { Database } from '../store/schema.js'
import { type StoredHubSpotSettings, StoredHubSpotSettingsSchema } from './organisation-crm.js'

/** How long an admin has to approve the app at HubSpot before the `state` expires. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000

/** The shape of a `state` this server issues: 32 random bytes, base64url. */
export const OAUTH_STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/

function hashOf(state: string): string {
  return createHash('sha256').update(state).digest('hex')
}

function secretContext(orgId: string, stateHash: string): string {
  return `org:${orgId}/crm-oauth-state:${stateHash}/client-secret`
}

/** An OAuth install waiting for HubSpot's redirect. */
export interface PendingInstall {
  state: string
  expiresAt: Date
}

/**
 * Starts an OAuth install: a random `state` for HubSpot's authorize URL, stored only as its SHA-256 with the
 * organisation, the admin, the settings and the sealed client secret, valid for {@link OAUTH_STATE_TTL_MS}. Expired
 * states of the organisation are dropped on the way.
 *
 * @example
 * ```ts
 * const { state } = await startInstall(db, secrets, clock, actor, settings, clientSecret)
 * reply.send({ authorizeUrl: authorizationUrl({ ...settings, clientSecret }, state) })
 * ```
 */
export async function startInstall(
  db: Kysely<Database>,
  secrets: SecretBox,
  clock: Clock,
  actor: Pick<Actor, 'orgId' | 'userId'>,
  settings: StoredHubSpotSettings,
  clientSecret: string,
): Promise<PendingInstall> {
  const state = randomBytes(32).toString('base64url')
  const stateHash = hashOf(state)
  const now = clock.now()
  const expiresAt = new Date(now.getTime() + OAUTH_STATE_TTL_MS)
  await db
    .deleteFrom('crm_oauth_states')
    .where('org_id', '=', actor.orgId)
    .where('expires_at', '<', now)
    .execute()
  await db
    .insertInto('crm_oauth_states')
    .values({
      state_hash: stateHash,
      org_id: actor.orgId,
      user_id: actor.userId,
      settings: JSON.stringify(settings),
      client_secret_sealed: await secrets.seal(clientSecret, secretContext(actor.orgId, stateHash)),
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute()
  return { state, expiresAt }
}

/**
 * Takes the install a `state` belongs to, once: it must have been issued to this admin of this organisation, be
 * unused and unexpired. It is marked used before anything else happens, so a replayed redirect cannot run twice.
 *
 * @throws {ServerError} OAUTH_STATE_INVALID (unknown state, or another organisation's or admin's),
 * OAUTH_STATE_USED (taken before), OAUTH_STATE_EXPIRED (older than {@link OAUTH_STATE_TTL_MS}).
 */
export async function takeInstall(
  db: Kysely<Database>,
  secrets: SecretBox,
  clock: Clock,
  actor: Pick<Actor, 'orgId' | 'userId'>,
  state: string,
): Promise<{ settings: StoredHubSpotSettings; clientSecret: string }> {
  const invalid = new ServerError(
    'OAUTH_STATE_INVALID',
    'This HubSpot authorisation was not started by you in this organisation; start it again.',
  )
  if (!OAUTH_STATE_PATTERN.test(state)) throw invalid
  const stateHash = hashOf(state)
  const now = clock.now()
  // Marked used in the same statement that reads it: of two concurrent callbacks only one gets the row.
  const taken = await db
    .updateTable('crm_oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('org_id', '=', actor.orgId)
    .where('user_id', '=', actor.userId)
    .where('used_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
  if (taken === undefined) {
    const row = await db
      .selectFrom('crm_oauth_states')
      .select(['used_at'])
      .where('state_hash', '=', stateHash)
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst()
    if (row?.used_at)
      throw new ServerError('OAUTH_STATE_USED', 'This HubSpot authorisation was already used.')
    throw invalid
  }
  if (taken.expires_at.getTime() <= now.getTime()) {
    throw new ServerError('OAUTH_STATE_EXPIRED', 'This HubSpot authorisation expired; start it again.')
  }
  return {
    settings: StoredHubSpotSettingsSchema.parse(taken.settings),
    clientSecret: await secrets.unseal(taken.client_secret_sealed, secretContext(actor.orgId, stateHash)),
  }
}

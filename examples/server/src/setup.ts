import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { createAccount } from './auth/accounts.js'
import { hashPassword } from './auth/password.js'
import { hashToken, randomToken } from './auth/secrets.js'
import type { Clock } from './clock.js'
import { ServerError } from './errors.js'
import type { Database, UserRow } from './store/schema.js'

/** A setup token is valid this long after it was printed. */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000

/** Issues a one-time token that creates one organisation and its first admin; only its hash is stored. */
export async function issueSetupToken(db: Kysely<Database>, clock: Clock): Promise<string> {
  const token = randomToken('ck_setup')
  const now = clock.now()
  await db
    .insertInto('setup_tokens')
    .values({
      id: randomUUID(),
      token_hash: hashToken(token),
      created_at: now,
      expires_at: new Date(now.getTime() + SETUP_TOKEN_TTL_MS),
      used_at: null,
    })
    .execute()
  return token
}

/**
 * On a store without users, replaces any unused setup token by a fresh one (the old one was printed to a log
 * that may be gone) and returns it; `undefined` once an organisation exists.
 */
export async function ensureSetupToken(db: Kysely<Database>, clock: Clock): Promise<string | undefined> {
  const user = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (user) return undefined
  await db.deleteFrom('setup_tokens').where('used_at', 'is', null).execute()
  return issueSetupToken(db, clock)
}

/** What {@link completeSetup} needs. */
export interface SetupInput {
  token: string
  organisationName: string
  admin: { name: string; email: string; password: string }
}

/** Consumes a setup token and creates the organisation with its first admin, atomically. */
export async function completeSetup(
  db: Kysely<Database>,
  clock: Clock,
  input: SetupInput,
): Promise<{ organisation: { id: string; name: string }; admin: UserRow }> {
  const passwordHash = await hashPassword(input.admin.password)
  return db.transaction().execute(async (trx) => {
    const now = clock.now()
    const token = await trx
      .selectFrom('setup_tokens')
      .select(['id', 'expires_at', 'used_at'])
      .where('token_hash', '=', hashToken(input.token))
      .forUpdate()
      .executeTakeFirst()
    if (!token || token.used_at || token.expires_at <= now) {
      throw new ServerError('SETUP_TOKEN_INVALID', 'The setup token is unknown, used or expired.')
    }
    await trx.updateTable('setup_tokens').set({ used_at: now }).where('id', '=', token.id).execute()
    const organisation = { id: randomUUID(), name: input.organisationName, created_at: now }
    await trx.insertInto('organisations').values(organisation).execute()
    const admin = await createAccount(trx, {
      orgId: organisation.id,
      email: input.admin.email,
      name: input.admin.name,
      role: 'admin',
      passwordHash,
      now,
    })
    return { organisation: { id: organisation.id, name: organisation.name }, admin }
  })
}

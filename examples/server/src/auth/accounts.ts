import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ServerError } from '../errors.js'
import type { Database, Role, UserRow } from '../store/schema.js'

/** What a new account needs; the password arrives hashed. */
export interface NewAccount {
  orgId: string
  email: string
  name: string
  role: Role
  passwordHash: string
  now: Date
}

/**
 * Creates a user after checking that no account (in any organisation: the address is the login name) uses the
 * e-mail address, compared case-insensitively.
 *
 * @throws {ServerError} CONFLICT when the address is taken.
 */
export async function createAccount(db: Kysely<Database>, account: NewAccount): Promise<UserRow> {
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', account.email.toLowerCase()))
    .executeTakeFirst()
  if (taken) throw new ServerError('CONFLICT', 'A user with this e-mail address exists already.')
  return db
    .insertInto('users')
    .values({
      id: randomUUID(),
      org_id: account.orgId,
      email: account.email,
      name: account.name,
      role: account.role,
      password_hash: account.passwordHash,
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      locked_until: null,
      disabled_at: null,
      created_at: account.now,
      updated_at: account.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Clock, DAY_MS } from '../clock.js'
import { ServerError } from '../errors.js'
import type { AccountTokenPurpose, Database } from '../store/schema.js'
import { hashPassword } from './password.js'
import { hashToken } from './secrets.js'

/** How long a link sets a password: an hour for a reset, a week for an invitation (people are away). */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  reset: 60 * 60 * 1000,
  invite: 7 * DAY_MS,
}

/**
 * Issues a single-use token that lets its holder set the user's password. Only its SHA-256 is stored; the token goes
 * into the mail and nowhere else. A new reset token replaces the user's earlier unused ones, so only the latest mail
 * works; invitations stay valid until used or expired.
 *
 * @param db - The store, or the transaction that also creates the user.
 * @param clock - Source of `created_at` and the expiry.
 * @param user - Whose password the token may set.
 * @param purpose - `reset` or `invite`; decides the lifetime ({@link ACCOUNT_TOKEN_TTL_MS}).
 * @returns The token (32 random bytes, base64url) and when it expires.
 *
 * @example
 * ```ts
 * const { token } = await issueAccountToken(store.db, clock, { id: user.id, org_id: user.org_id }, 'reset')
 * ```
 */
export async function issueAccountToken(
  db: Kysely<Database>,
  clock: Clock,
  user: { id: string; org_id: string },
  purpose: AccountTokenPurpose,
): Promise<{ token: string; expiresAt: Date }> {
  const now = clock.now()
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS[purpose])
  if (purpose === 'reset') {
    await db
      .deleteFrom('account_tokens')
      .where('org_id', '=', user.org_id)
      .where('user_id', '=', user.id)
      .where('purpose', '=', 'reset')
      .where('used_at', 'is', null)
      .execute()
  }
  await db
    .insertInto('account_tokens')
    .values({
      id: randomUUID(),
      org_id: user.org_id,
      user_id: user.id,
      purpose,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute()
  return { token, expiresAt }
}

/** The user a token belongs to, as {@link findAccountToken} answers it. */
export interface AccountTokenOwner {
  tokenId: string
  purpose: AccountTokenPurpose
  orgId: string
  userId: string
}

/** The one answer for unknown, expired, used and disabled-account tokens, so none can be told apart. */
export function resetTokenInvalid(): ServerError {
  return new ServerError(
    'RESET_TOKEN_INVALID',
    'The link is unknown, expired or used already; ask for a new one.',
  )
}

/**
 * Looks a token up without using it: unused, unexpired, and of an account that is not disabled.
 *
 * @param db - The store.
 * @param clock - Decides expiry.
 * @param token - The token from the link.
 * @returns Its owner and purpose.
 * @throws {ServerError} RESET_TOKEN_INVALID otherwise.
 *
 * @example
 * ```ts
 * const owner = await findAccountToken(store.db, clock, request.body.token)
 * ```
 */
export async function findAccountToken(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<AccountTokenOwner> {
  const row = await db
    .selectFrom('account_tokens')
    .innerJoin('users', (join) =>
      join
        .onRef('users.org_id', '=', 'account_tokens.org_id')
        .onRef('users.id', '=', 'account_tokens.user_id'),
    )
    .select([
      'account_tokens.id as tokenId',
      'account_tokens.purpose',
      'account_tokens.org_id as orgId',
      'account_tokens.user_id as userId',
    ])
    .where('account_tokens.token_hash', '=', hashToken(token))
    .where('account_tokens.used_at', 'is', null)
    .where('account_tokens.expires_at', '>', clock.now())
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw resetTokenInvalid()
  return row
}

/**
 * Marks the token used and drops the user's other unused tokens: once a link has set the password, an older reset
 * mail or a pending invitation must not set it again. Run it in the transaction that changes the password, so two
 * requests with the same token cannot both succeed.
 *
 * @param db - The transaction.
 * @param clock - Source of `used_at` and expiry.
 * @param owner - From {@link findAccountToken}.
 * @throws {ServerError} RESET_TOKEN_INVALID when the token was used or expired in the meantime.
 *
 * @example
 * ```ts
 * await store.db.transaction().execute((trx) => consumeAccountToken(trx, clock, owner))
 * ```
 */
export async function consumeAccountToken(
  db: Kysely<Database>,
  clock: Clock,
  owner: AccountTokenOwner,
): Promise<void> {
  const now = clock.now()
  const claimed = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', owner.tokenId)
    .where('org_id', '=', owner.orgId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  if (claimed.numUpdatedRows === 0n) throw resetTokenInvalid()
  await db
    .deleteFrom('account_tokens')
    .where('org_id', '=', owner.orgId)
    .where('user_id', '=', owner.userId)
    .where('used_at', 'is', null)
    .execute()
}

/**
 * A password hash nobody can log in with: the argon2id hash of 32 random bytes that are thrown away. Invited users
 * get it until they set their own password; a real hash (not a marker string) makes their failed logins take as
 * long as anyone's.
 *
 * @returns A PHC string.
 *
 * @example
 * ```ts
 * const passwordHash = await unusablePasswordHash()
 * ```
 */
export function unusablePasswordHash(): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64url'))
}

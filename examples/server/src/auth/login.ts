import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { recordAudit } from '../audit.js'
import type { Clock } from '../clock.js'
import { ServerError } from '../errors.js'
import type { SecretBox } from '../secret-box.js'
import type { Database, UserRow } from '../store/schema.js'
import { burnPasswordCheck, verifyPassword } from './password.js'
import { acceptTotpCode, consumeRecoveryCode, verifyTotp } from './totp.js'

/** Failed attempts (password or second factor) before the account locks. */
export const MAX_FAILED_LOGINS = 5
/** How long a locked account stays locked. */
export const LOCKOUT_MS = 15 * 60 * 1000

/** What the login form sends. */
export interface Credentials {
  email: string
  password: string
  totpCode?: string | undefined
  recoveryCode?: string | undefined
}

async function registerFailure(
  db: Kysely<Database>,
  clock: Clock,
  user: UserRow,
  request: FastifyRequest,
  reason: string,
): Promise<void> {
  const now = clock.now()
  const failures = user.failed_logins + 1
  const lock = failures >= MAX_FAILED_LOGINS
  await db
    .updateTable('users')
    .set({
      failed_logins: lock ? 0 : failures,
      locked_until: lock ? new Date(now.getTime() + LOCKOUT_MS) : user.locked_until,
    })
    .where('id', '=', user.id)
    .execute()
  await recordAudit(db, clock, {
    orgId: user.org_id,
    actor: undefined,
    request,
    action: lock ? 'auth.locked' : 'auth.login_failed',
    targetType: 'user',
    targetId: user.id,
    details: { reason },
  })
}

/**
 * Checks password and, when enrolled, the TOTP or a recovery code. Failures count towards a lockout of
 * {@link LOCKOUT_MS} after {@link MAX_FAILED_LOGINS}; unknown addresses take as long as known ones.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  clock: Clock,
  secrets: SecretBox,
  credentials: Credentials,
  request: FastifyRequest,
): Promise<UserRow> {
  const now = clock.now()
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', credentials.email.toLowerCase()))
    .executeTakeFirst()
  const invalid = new ServerError('AUTH_INVALID_CREDENTIALS', 'E-mail address or password is wrong.')
  if (!user) {
    await burnPasswordCheck(credentials.password)
    throw invalid
  }
  refuseLocked(user, now)
  if (!(await verifyPassword(user.password_hash, credentials.password))) {
    await registerFailure(db, clock, user, request, 'password')
    throw invalid
  }
  if (user.disabled_at) throw invalid
  if (user.totp_secret) {
    if (credentials.recoveryCode) {
      if (!(await consumeRecoveryCode(db, clock, user, credentials.recoveryCode))) {
        await registerFailure(db, clock, user, request, 'recovery_code')
        throw new ServerError('AUTH_TOTP_INVALID', 'The recovery code is wrong or used.')
      }
    } else if (credentials.totpCode) {
      const secret = await secrets.unseal(user.totp_secret, `totp:${user.id}`)
      if (!(await acceptTotpCode(db, user, secret, credentials.totpCode, now))) {
        await registerFailure(db, clock, user, request, 'totp')
        throw new ServerError('AUTH_TOTP_INVALID', 'The authenticator code is wrong or was used already.')
      }
    } else {
      throw new ServerError('AUTH_TOTP_REQUIRED', 'Send totpCode (or a recoveryCode) as well.')
    }
  }
  await clearFailures(db, user)
  return user
}

function refuseLocked(user: UserRow, now: Date): void {
  if (user.locked_until && user.locked_until > now) {
    const retryAfterSeconds = Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000)
    throw new ServerError('AUTH_LOCKED', 'Too many failed logins; the account is locked for a while.', {
      details: { retryAfterSeconds },
    })
  }
}

async function clearFailures(db: Kysely<Database>, user: UserRow): Promise<void> {
  if (user.failed_logins > 0 || user.locked_until) {
    await db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute()
  }
}

/** What a signed-in user proves again before a sensitive change of their own account. */
export type Reconfirmation =
  | { kind: 'password'; password: string; message: string }
  | { kind: 'totp'; secret: string; code: string; message: string }

/**
 * Checks the password (or the current TOTP code) a signed-in user gives again before changing their password or
 * second factor. A wrong answer counts towards the same lockout as a failed login, and a locked account is refused:
 * otherwise a stolen session could guess the password, or the 6-digit code, without limit.
 */
export async function reconfirm(
  db: Kysely<Database>,
  clock: Clock,
  user: UserRow,
  proof: Reconfirmation,
  request: FastifyRequest,
): Promise<void> {
  refuseLocked(user, clock.now())
  const ok =
    proof.kind === 'password'
      ? await verifyPassword(user.password_hash, proof.password)
      : verifyTotp(proof.secret, proof.code, clock.now())
  if (!ok) {
    await registerFailure(
      db,
      clock,
      user,
      request,
      proof.kind === 'password' ? 'password_reconfirm' : 'totp_reconfirm',
    )
    throw new ServerError(
      proof.kind === 'password' ? 'AUTH_INVALID_CREDENTIALS' : 'AUTH_TOTP_INVALID',
      proof.message,
    )
  }
  await clearFailures(db, user)
}

import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { Secret, TOTP } from 'otpauth'
import type { Clock } from '../clock.js'
import type { Database } from '../store/schema.js'
import { hashToken, safeEqual } from './secrets.js'

/** Recovery codes issued at once. */
export const RECOVERY_CODE_COUNT = 10

function totp(secret: string, label = 'contactkit'): TOTP {
  return new TOTP({
    issuer: 'contactkit',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  })
}

/** A new base32 TOTP secret (160 bits, RFC 4226's recommendation). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The otpauth:// URI authenticator apps read from a QR code. */
export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString()
}

const PERIOD_MS = 30_000

/**
 * Checks a 6-digit code at `now`, one period of drift either way.
 *
 * @returns The time step the code belongs to, or `undefined` when it is wrong.
 */
export function verifyTotpStep(secret: string, code: string, now: Date): number | undefined {
  const digits = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(digits)) return undefined
  const delta = totp(secret).validate({ token: digits, timestamp: now.getTime(), window: 1 })
  return delta === null ? undefined : Math.floor(now.getTime() / PERIOD_MS) + delta
}

/** Checks a 6-digit code at `now` (enrolment, where replay does not matter). */
export function verifyTotp(secret: string, code: string, now: Date): boolean {
  return verifyTotpStep(secret, code, now) !== undefined
}

/**
 * Accepts a login code once: it must be valid and newer than the last accepted one. The conditional update
 * makes two concurrent logins with the same code accept only one.
 */
export async function acceptTotpCode(
  db: Kysely<Database>,
  user: { id: string; org_id: string },
  secret: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const step = verifyTotpStep(secret, code, now)
  if (step === undefined) return false
  const updated = await db
    .updateTable('users')
    .set({ totp_last_step: String(step) })
    .where('id', '=', user.id)
    .where('org_id', '=', user.org_id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst()
  return updated.numUpdatedRows === 1n
}

/** The code an authenticator shows at `now` (tests and enrolment checks). */
export function currentTotp(secret: string, now: Date): string {
  return totp(secret).generate({ timestamp: now.getTime() })
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** Replaces a user's recovery codes with new ones; returns them in clear once. Stored as SHA-256 (80-bit random). */
export async function issueRecoveryCodes(
  db: Kysely<Database>,
  user: { id: string; org_id: string },
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const hex = randomBytes(10).toString('hex')
    return `${hex.slice(0, 5)}-${hex.slice(5, 10)}-${hex.slice(10, 15)}-${hex.slice(15)}`
  })
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('recovery_codes')
      .where('org_id', '=', user.org_id)
      .where('user_id', '=', user.id)
      .execute()
    await trx
      .insertInto('recovery_codes')
      .values(
        codes.map((code) => ({
          id: randomUUID(),
          org_id: user.org_id,
          user_id: user.id,
          code_hash: hashToken(normaliseRecoveryCode(code)),
          used_at: null,
        })),
      )
      .execute()
  })
  return codes
}

/** Marks a recovery code used; false when it is unknown or used already. */
export async function consumeRecoveryCode(
  db: Kysely<Database>,
  clock: Clock,
  user: { id: string; org_id: string },
  code: string,
): Promise<boolean> {
  const hash = hashToken(normaliseRecoveryCode(code))
  const rows = await db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('org_id', '=', user.org_id)
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .execute()
  const match = rows.find((row) => safeEqual(row.code_hash, hash))
  if (!match) return false
  const updated = await db
    .updateTable('recovery_codes')
    .set({ used_at: clock.now() })
    .where('id', '=', match.id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return updated.numUpdatedRows === 1n
}

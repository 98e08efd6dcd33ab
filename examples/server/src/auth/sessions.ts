import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import type { Database } from '../store/schema.js'
import { hashToken, randomToken } from './secrets.js'

/** Cookie name; `__Host-` makes browsers insist on Secure, path `/` and no Domain. */
export const SESSION_COOKIE = '__Host-ck_session'
/** A session ends this long after login, however active. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000
/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000

/** Starts a session for a user and returns the cookie value and the CSRF token that goes with it. */
export async function createSession(
  db: Kysely<Database>,
  clock: Clock,
  user: { id: string; org_id: string },
  request: FastifyRequest,
): Promise<{ id: string; token: string; csrfToken: string; expiresAt: Date }> {
  const now = clock.now()
  const token = randomToken('ck_session')
  const csrfToken = randomToken('ck_csrf')
  const id = randomUUID()
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_MS)
  const userAgent = request.headers['user-agent']
  await db
    .insertInto('sessions')
    .values({
      id,
      org_id: user.org_id,
      user_id: user.id,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      revoked_at: null,
      ip: request.ip,
      user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 400) : null,
    })
    .execute()
  return { id, token, csrfToken, expiresAt }
}

/**
 * Sets the session cookie: httpOnly, Secure, SameSite=Strict. Browsers accept Secure cookies from
 * http://localhost and http://127.0.0.1, so the plain-HTTP quick start works too.
 */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    expires: expiresAt,
  })
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' })
}

/** Revokes every live session of a user, optionally keeping one (after a password change). */
export async function revokeUserSessions(
  db: Kysely<Database>,
  clock: Clock,
  orgId: string,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: clock.now() })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
  await query.execute()
}

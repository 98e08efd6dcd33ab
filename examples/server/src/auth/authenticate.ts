import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { recordAudit } from '../audit.js'
import type { Actor } from '../context.js'
import { ServerError } from '../errors.js'
import { can } from '../permissions.js'
import { hashToken, safeEqual } from './secrets.js'
import { SESSION_COOKIE, SESSION_IDLE_MS } from './sessions.js'

/** Header support staff send to act (read-only) in a customer's organisation. */
export const SUPPORT_ORG_HEADER = 'x-contactkit-organisation'
/** Header carrying the CSRF token for cookie-authenticated writes. */
export const CSRF_HEADER = 'x-csrf-token'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const uuid = z.uuid()
/** Sessions' `last_seen_at` and API tokens' `last_used_at` are written at most this often, not on every request. */
export const TOUCH_INTERVAL_MS = 60_000

/** Whether a last-seen stamp is due for a rewrite at `now`. */
function touchDue(last: Date | null, now: Date): boolean {
  return last === null || now.getTime() - last.getTime() >= TOUCH_INTERVAL_MS
}

/**
 * How long a resolved API token is reused without asking the database again. A write in this process that can
 * end a token (revoking it, disabling or demoting its user: any write outside the record and DataQuality routes)
 * empties the cache at once; a change made by another server process takes effect within this time.
 */
export const TOKEN_CACHE_MS = 5_000

interface TokenRow {
  id: string
  org_id: string
  expires_at: Date | null
  revoked_at: Date | null
  last_used_at: Date | null
  user_id: string
  role: Actor['role']
  disabled_at: Date | null
}

/** Resolved tokens of one store, by token hash; `generation` drops lookups that raced with a clear. */
interface TokenCache {
  rows: Map<string, { row: TokenRow; until: number; clockAt: number }>
  generation: number
}

const tokenCaches = new WeakMap<object, TokenCache>()
const MAX_CACHED_TOKENS = 10_000

function tokenCacheOf(store: object): TokenCache {
  let cache = tokenCaches.get(store)
  if (!cache) {
    cache = { rows: new Map(), generation: 0 }
    tokenCaches.set(store, cache)
  }
  return cache
}

/** Forgets every cached API token of the server's store (after a write that may end one). */
export function clearTokenCache(request: FastifyRequest): void {
  const cache = tokenCaches.get(request.server.ctx.store)
  if (!cache) return
  cache.rows.clear()
  cache.generation++
}

// Writes to these routes never end a token; any other write clears the token cache when it completes.
const TOKEN_NEUTRAL_WRITES = ['/duplicates/', '/merges', '/imports', '/dedupe-runs', '/lists', '/contacts/']

/** Whether a completed request may have ended an API token (revoked it, disabled or demoted its user). */
export function mayEndTokens(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false
  const url = request.routeOptions.url ?? request.url
  return !TOKEN_NEUTRAL_WRITES.some((prefix) => url.startsWith(prefix))
}

async function lookupToken(request: FastifyRequest, hash: string, now: Date): Promise<TokenRow | undefined> {
  const { store } = request.server.ctx
  const cache = tokenCacheOf(store)
  const hit = cache.rows.get(hash)
  // The movable test clock also ends an entry when it moves, so a test's clock jump never sees an old row.
  if (hit && performance.now() < hit.until && Math.abs(now.getTime() - hit.clockAt) < TOKEN_CACHE_MS) {
    return hit.row
  }
  const generation = cache.generation
  const row = await store.db
    .selectFrom('api_tokens')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'api_tokens.user_id').onRef('users.org_id', '=', 'api_tokens.org_id'),
    )
    .select(['api_tokens.id', 'api_tokens.org_id', 'api_tokens.expires_at', 'api_tokens.revoked_at'])
    .select('api_tokens.last_used_at')
    .select(['users.id as user_id', 'users.role', 'users.disabled_at'])
    .where('api_tokens.token_hash', '=', hash)
    .executeTakeFirst()
  if (!row) {
    cache.rows.delete(hash)
    return undefined
  }
  if (generation === cache.generation) {
    if (cache.rows.size >= MAX_CACHED_TOKENS) cache.rows.clear()
    cache.rows.set(hash, { row, until: performance.now() + TOKEN_CACHE_MS, clockAt: now.getTime() })
  }
  return row
}

async function fromApiToken(request: FastifyRequest, token: string): Promise<Actor> {
  const { store, clock } = request.server.ctx
  const now = clock.now()
  const row = await lookupToken(request, hashToken(token), now)
  if (!row || row.revoked_at || row.disabled_at || (row.expires_at && row.expires_at <= now)) {
    throw new ServerError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked.')
  }
  // A machine client sends many requests a second: one write a minute keeps `last_used_at` useful and cheap.
  if (touchDue(row.last_used_at, now)) {
    row.last_used_at = now
    await store.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute()
  }
  return { orgId: row.org_id, userId: row.user_id, role: row.role, via: 'token' }
}

async function fromSession(request: FastifyRequest, token: string): Promise<Actor | undefined> {
  const { store, clock } = request.server.ctx
  const now = clock.now()
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'sessions.user_id').onRef('users.org_id', '=', 'sessions.org_id'),
    )
    .select(['sessions.id', 'sessions.org_id', 'sessions.csrf_token', 'sessions.expires_at'])
    .select([
      'sessions.last_seen_at',
      'sessions.revoked_at',
      'users.id as user_id',
      'users.role',
      'users.disabled_at',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (
    !row ||
    row.revoked_at ||
    row.disabled_at ||
    row.expires_at <= now ||
    now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS
  ) {
    return undefined
  }
  if (touchDue(row.last_seen_at, now)) {
    await store.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute()
  }
  return {
    orgId: row.org_id,
    userId: row.user_id,
    role: row.role,
    via: 'session',
    sessionId: row.id,
    csrfToken: row.csrf_token,
  }
}

/**
 * Support staff (users flagged `is_support` by the operator) may read another organisation by naming it in
 * {@link SUPPORT_ORG_HEADER}. They act with an admin's read capabilities, cannot write, and every request is
 * recorded in that organisation's audit log.
 */
async function asSupport(request: FastifyRequest, actor: Actor, orgId: string): Promise<Actor> {
  const { store, clock } = request.server.ctx
  const user = await store.db
    .selectFrom('users')
    .select('is_support')
    .where('id', '=', actor.userId)
    .where('org_id', '=', actor.orgId)
    .executeTakeFirst()
  if (!user?.is_support)
    throw new ServerError('FORBIDDEN', 'Only support staff may act in another organisation.')
  if (!uuid.safeParse(orgId).success) throw new ServerError('NOT_FOUND', 'Organisation not found.')
  const org = await store.db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', orgId)
    .executeTakeFirst()
  if (!org) throw new ServerError('NOT_FOUND', 'Organisation not found.')
  if (!SAFE_METHODS.has(request.method)) {
    throw new ServerError('FORBIDDEN', 'Support access to another organisation is read-only.')
  }
  const support: Actor = {
    orgId,
    userId: actor.userId,
    role: 'admin',
    via: 'support',
    homeOrgId: actor.orgId,
  }
  await recordAudit(store.db, clock, {
    orgId,
    actor: support,
    request,
    action: 'support.access',
    targetType: 'request',
    targetId: null,
    details: { method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0] },
  })
  return support
}

/**
 * Resolves the caller (API token in `Authorization: Bearer`, else the session cookie), checks CSRF for
 * cookie-authenticated writes and enforces the route's capability. Runs for every route; the one place where
 * permissions are checked.
 */
export async function authenticate(request: FastifyRequest): Promise<void> {
  request.actor = undefined
  const config = request.routeOptions.config
  const authorization = request.headers.authorization
  let actor: Actor | undefined
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    if (!match?.[1]) throw new ServerError('UNAUTHENTICATED', 'Use "Authorization: Bearer <API token>".')
    actor = await fromApiToken(request, match[1])
  } else {
    const cookie = request.cookies[SESSION_COOKIE]
    if (cookie) actor = await fromSession(request, cookie)
    // SameSite=Strict already stops most cross-site writes; the synchroniser token covers the rest.
    if (actor && !SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER]
      if (typeof header !== 'string' || !actor.csrfToken || !safeEqual(header, actor.csrfToken)) {
        throw new ServerError('CSRF_FAILED', `Cookie-authenticated writes need the ${CSRF_HEADER} header.`)
      }
    }
  }
  const supportOrg = request.headers[SUPPORT_ORG_HEADER]
  if (actor && typeof supportOrg === 'string' && supportOrg !== actor.orgId) {
    actor = await asSupport(request, actor, supportOrg)
  }
  request.actor = actor
  if (config.public) return
  if (!actor) throw new ServerError('UNAUTHENTICATED', 'Log in or send an API token.')
  if (config.capability && !can(actor.role, config.capability)) {
    throw new ServerError('FORBIDDEN', 'Your role does not allow this.', {
      details: { capability: config.capability },
    })
  }
}

/** The authenticated caller of a non-public route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new ServerError('UNAUTHENTICATED', 'Log in or send an API token.')
  return request.actor
}

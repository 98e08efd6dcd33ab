import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest, recordAudit } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { checkCredentials, reconfirm } from '../auth/login.js'
import { hashPassword } from '../auth/password.js'
import { clearSessionCookie, createSession, revokeUserSessions, setSessionCookie } from '../auth/sessions.js'
import { notFound, ServerError } from '../errors.js'
import { Email, ErrorSchema, errorResponses, IdParams, Password, toUser, UserSchema } from './schemas.js'

const SessionSchema = z.object({
  id: z.uuid(),
  current: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
})

/** Login, logout, the current session, the user's sessions and password change. */
export async function authRoutes(app: FastifyInstance, options: { loginRateLimit: number }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock, secrets } = app.ctx

  api.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password (and TOTP or a recovery code when enrolled)',
        security: [],
        body: z.object({
          email: Email,
          password: z.string().min(1).max(1024),
          totpCode: z.string().max(12).optional(),
          recoveryCode: z.string().max(40).optional(),
        }),
        response: {
          200: z.object({
            user: UserSchema,
            csrfToken: z.string().describe(`Send as x-csrf-token on writes`),
          }),
          400: ErrorSchema,
          401: ErrorSchema,
          423: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const user = await checkCredentials(store.db, clock, secrets, request.body, request)
      const session = await createSession(store.db, clock, user, request)
      await recordAudit(store.db, clock, {
        orgId: user.org_id,
        actor: { userId: user.id, via: 'session' },
        request,
        action: 'auth.login',
        targetType: 'session',
        targetId: session.id,
      })
      setSessionCookie(reply, session.token, session.expiresAt)
      return { user: toUser(user), csrfToken: session.csrfToken }
    },
  )

  api.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      if (actor.sessionId) {
        await store.db
          .updateTable('sessions')
          .set({ revoked_at: clock.now() })
          .where('id', '=', actor.sessionId)
          .where('org_id', '=', actor.orgId)
          .execute()
        await auditRequest(request, {
          action: 'auth.logout',
          targetType: 'session',
          targetId: actor.sessionId,
        })
      }
      clearSessionCookie(reply)
      return reply.code(204).send(null)
    },
  )

  api.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is logged in',
        response: {
          200: z.object({
            user: UserSchema,
            organisation: z.object({ id: z.uuid(), name: z.string() }),
            via: z.enum(['session', 'token', 'support']),
            csrfToken: z.string().optional(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const user = await store.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', actor.userId)
        .where('org_id', '=', actor.homeOrgId ?? actor.orgId)
        .executeTakeFirstOrThrow()
      const organisation = await store.db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('id', '=', actor.orgId)
        .executeTakeFirstOrThrow()
      return {
        user: toUser(user),
        organisation,
        via: actor.via,
        ...(actor.csrfToken ? { csrfToken: actor.csrfToken } : {}),
      }
    },
  )

  api.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: "The caller's live sessions",
        response: { 200: z.object({ sessions: z.array(SessionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const now = clock.now()
      const rows = await store.db
        .selectFrom('sessions')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .execute()
      return {
        sessions: rows.map((row) => ({
          id: row.id,
          current: row.id === actor.sessionId,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          ip: row.ip,
          userAgent: row.user_agent,
        })),
      }
    },
  )

  api.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of the caller’s sessions (log out elsewhere)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const result = await store.db
        .updateTable('sessions')
        .set({ revoked_at: clock.now() })
        .where('id', '=', request.params.id)
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      if (result.numUpdatedRows === 0n) throw notFound('Session')
      await auditRequest(request, {
        action: 'session.revoke',
        targetType: 'session',
        targetId: request.params.id,
      })
      return reply.code(204).send(null)
    },
  )

  api.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the password; other sessions are revoked',
        body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: Password }),
        response: { 204: z.null(), 423: ErrorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      if (actor.via === 'support') throw new ServerError('FORBIDDEN', 'Support access is read-only.')
      const user = await store.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', actor.userId)
        .where('org_id', '=', actor.orgId)
        .executeTakeFirstOrThrow()
      await reconfirm(
        store.db,
        clock,
        user,
        {
          kind: 'password',
          password: request.body.currentPassword,
          message: 'The current password is wrong.',
        },
        request,
      )
      await store.db
        .updateTable('users')
        .set({ password_hash: await hashPassword(request.body.newPassword), updated_at: clock.now() })
        .where('id', '=', actor.userId)
        .where('org_id', '=', actor.orgId)
        .execute()
      await revokeUserSessions(store.db, clock, actor.orgId, actor.userId, actor.sessionId)
      await auditRequest(request, {
        action: 'user.password_change',
        targetType: 'user',
        targetId: actor.userId,
      })
      return reply.code(204).send(null)
    },
  )
}

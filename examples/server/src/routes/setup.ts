import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { recordAudit } from '../audit.js'
import { createSession, setSessionCookie } from '../auth/sessions.js'
import { completeSetup } from '../setup.js'
import { Email, ErrorSchema, Password, PersonName, toUser, UserSchema } from './schemas.js'

/** POST /setup: turns a one-time setup token into an organisation and its first admin, logged in. */
export async function setupRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/setup',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Create an organisation and its first admin with a setup token',
        security: [],
        body: z.object({
          token: z.string().min(1).max(200).describe('The one-time token the server printed at start'),
          organisationName: z.string().trim().min(1).max(200),
          admin: z.object({ name: PersonName, email: Email, password: Password }),
        }),
        response: {
          201: z.object({
            organisation: z.object({ id: z.uuid(), name: z.string() }),
            user: UserSchema,
            csrfToken: z.string(),
          }),
          400: ErrorSchema,
          401: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { store, clock } = app.ctx
      const { organisation, admin } = await completeSetup(store.db, clock, request.body)
      const session = await createSession(store.db, clock, admin, request)
      const actor = { userId: admin.id, via: 'session' as const }
      await recordAudit(store.db, clock, {
        orgId: organisation.id,
        actor,
        request,
        action: 'organisation.create',
        targetType: 'organisation',
        targetId: organisation.id,
      })
      setSessionCookie(reply, session.token, session.expiresAt)
      return reply.code(201).send({ organisation, user: toUser(admin), csrfToken: session.csrfToken })
    },
  )
}

import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { hashToken, randomToken } from '../auth/secrets.js'
import { DAY_MS } from '../clock.js'
import { notFound, ServerError } from '../errors.js'
import { errorResponses, IdParams } from './schemas.js'

const TokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
})

/** API tokens for machine clients; they act as the user who made them, stored as SHA-256 only. */
export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock } = app.ctx

  api.get(
    '/tokens',
    {
      config: { capability: 'tokens.manage' },
      schema: {
        tags: ['tokens'],
        summary: 'The caller’s live API tokens',
        response: { 200: z.object({ tokens: z.array(TokenSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const rows = await store.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute()
      return {
        tokens: rows.map((row) => ({
          id: row.id,
          name: row.name,
          createdAt: row.created_at.toISOString(),
          lastUsedAt: row.last_used_at?.toISOString() ?? null,
          expiresAt: row.expires_at?.toISOString() ?? null,
        })),
      }
    },
  )

  api.post(
    '/tokens',
    {
      config: { capability: 'tokens.manage' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is shown once',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: { 201: TokenSchema.extend({ token: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      if (actor.via !== 'session')
        throw new ServerError('FORBIDDEN', 'Create API tokens from a logged-in session.')
      const now = clock.now()
      const token = randomToken('ck_api')
      const row = {
        id: randomUUID(),
        org_id: actor.orgId,
        user_id: actor.userId,
        name: request.body.name,
        token_hash: hashToken(token),
        created_at: now,
        last_used_at: null,
        expires_at: request.body.expiresInDays
          ? new Date(now.getTime() + request.body.expiresInDays * DAY_MS)
          : null,
        revoked_at: null,
      }
      await store.db.insertInto('api_tokens').values(row).execute()
      await auditRequest(request, { action: 'token.create', targetType: 'api_token', targetId: row.id })
      return reply.code(201).send({
        id: row.id,
        name: row.name,
        token,
        createdAt: now.toISOString(),
        lastUsedAt: null,
        expiresAt: row.expires_at?.toISOString() ?? null,
      })
    },
  )

  api.delete(
    '/tokens/:id',
    {
      config: { capability: 'tokens.manage' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const result = await store.db
        .updateTable('api_tokens')
        .set({ revoked_at: clock.now() })
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId)
        .where('id', '=', request.params.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      if (result.numUpdatedRows === 0n) throw notFound('API token')
      await auditRequest(request, {
        action: 'token.revoke',
        targetType: 'api_token',
        targetId: request.params.id,
      })
      return reply.code(204).send(null)
    },
  )
}

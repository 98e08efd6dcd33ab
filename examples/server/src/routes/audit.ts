import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/authenticate.js'
import { errorResponses } from './schemas.js'

const EntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorUserId: z.uuid().nullable(),
  actorOrganisationId: z.uuid().nullable(),
  actorKind: z.enum(['user', 'token', 'support', 'system']),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})

/** GET /audit: the organisation's audit log, newest first. There is no route that changes it. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.ctx
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit',
    {
      config: { capability: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log of the organisation, newest first; `before` is the last id of the previous page',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
          action: z.string().max(100).optional(),
        }),
        response: {
          200: z.object({ entries: z.array(EntrySchema), next: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      let query = store.db.selectFrom('audit_log').selectAll().where('org_id', '=', actor.orgId)
      if (request.query.before) query = query.where('id', '<', request.query.before)
      if (request.query.action) query = query.where('action', '=', request.query.action)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(request.query.limit + 1)
        .execute()
      const page = rows.slice(0, request.query.limit)
      return {
        entries: page.map((row) => ({
          id: String(row.id),
          at: row.at.toISOString(),
          actorUserId: row.actor_user_id,
          actorOrganisationId: row.actor_org_id,
          actorKind: row.actor_kind,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          ip: row.ip,
          userAgent: row.user_agent,
          details: row.details,
        })),
        next: rows.length > request.query.limit ? String(page.at(-1)?.id) : null,
      }
    },
  )
}

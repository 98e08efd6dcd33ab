import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { errorResponses } from './schemas.js'

const OrganisationSchema = z.object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime() })

/** The caller's organisation. */
export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store } = app.ctx

  const load = async (orgId: string) => {
    const row = await store.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow()
    return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() }
  }

  api.get(
    '/organisation',
    {
      schema: {
        tags: ['organisation'],
        summary: 'The caller’s organisation',
        response: { 200: OrganisationSchema, ...errorResponses },
      },
    },
    async (request) => load(actorOf(request).orgId),
  )

  api.patch(
    '/organisation',
    {
      config: { capability: 'organisation.manage' },
      schema: {
        tags: ['organisation'],
        summary: 'Rename the organisation',
        body: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 200: OrganisationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      await store.db
        .updateTable('organisations')
        .set({ name: request.body.name })
        .where('id', '=', actor.orgId)
        .execute()
      await auditRequest(request, {
        action: 'organisation.update',
        targetType: 'organisation',
        targetId: actor.orgId,
      })
      return load(actor.orgId)
    },
  )
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { createDedupeRun } from '../dataquality/dedupe-service.js'
import { DEDUPE_QUEUE, enqueueJob } from '../dataquality/job-queue.js'
import { dataQualityWorker } from '../dataquality/jobs.js'
import { notFound } from '../errors.js'
import { errorResponses, IdParams } from './schemas.js'

const RunSchema = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.record(z.string(), z.unknown()),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
})

/** Bulk deduplication of the organisation's contacts as a background job. */
export async function dedupeRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock } = app.ctx
  const worker = dataQualityWorker(store, clock, app.ctx.secrets)

  async function describe(orgId: string, id: string): Promise<z.infer<typeof RunSchema>> {
    const row = await store.db
      .selectFrom('dq_dedupe_runs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('Dedupe run')
    return {
      id: row.id,
      status: row.status,
      progress: row.progress,
      result: row.result,
      error: row.error,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    }
  }

  api.post(
    '/dedupe-runs',
    {
      config: { capability: 'records.administer' },
      schema: {
        tags: ['dataquality'],
        summary: "Start finding duplicates across the organisation's contacts (background job)",
        response: { 202: RunSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const id = await createDedupeRun(store.db, clock, actor)
      await enqueueJob(store, { queue: DEDUPE_QUEUE, orgId: actor.orgId, id }, worker)
      await auditRequest(request, { action: 'dedupe.start', targetType: 'dedupe_run', targetId: id })
      return reply.code(202).send(await describe(actor.orgId, id))
    },
  )

  api.get(
    '/dedupe-runs/:id',
    {
      config: { capability: 'records.administer' },
      schema: {
        tags: ['dataquality'],
        summary: 'A dedupe run: progress, then the duplicate clusters to review in the merge view',
        params: IdParams,
        response: { 200: RunSchema, ...errorResponses },
      },
    },
    async (request) => describe(actorOf(request).orgId, request.params.id),
  )

  api.get(
    '/dedupe-runs',
    {
      config: { capability: 'records.administer' },
      schema: {
        tags: ['dataquality'],
        summary: 'Recent dedupe runs, newest first (without their results)',
        response: { 200: z.object({ runs: z.array(RunSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await store.db
        .selectFrom('dq_dedupe_runs')
        .select(['id', 'status', 'progress', 'error', 'created_at', 'finished_at'])
        .where('org_id', '=', actorOf(request).orgId)
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute()
      return {
        runs: rows.map((row) => ({
          id: row.id,
          status: row.status,
          progress: row.progress,
          result: null,
          error: row.error,
          createdAt: row.created_at.toISOString(),
          finishedAt: row.finished_at?.toISOString() ?? null,
        })),
      }
    },
  )
}

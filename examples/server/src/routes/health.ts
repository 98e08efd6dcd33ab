import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'

/** GET /health: 200 when the store answers, 503 otherwise. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness and store reachability',
        security: [],
        response: {
          200: z.object({ status: z.literal('ok'), store: z.enum(['postgres', 'embedded']) }),
          503: z.object({ status: z.literal('unavailable'), store: z.enum(['postgres', 'embedded']) }),
        },
      },
    },
    async (_request, reply) => {
      const { store } = app.ctx
      if (await store.ping()) return { status: 'ok' as const, store: store.kind }
      return reply.code(503).send({ status: 'unavailable' as const, store: store.kind })
    },
  )
}

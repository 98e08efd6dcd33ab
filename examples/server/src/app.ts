import Fastify, { type FastifyInstance } from 'fastify'

/** Options for {@link buildApp}. */
export interface AppOptions {
  /** Log requests (off in tests). */
  logger?: boolean
}

/** Builds the Fastify application without listening, so tests can use `inject`. */
export function buildApp(options: AppOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false })
  app.get('/health', async () => ({ status: 'ok' }))
  return app
}

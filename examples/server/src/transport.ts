import type { FastifyInstance } from 'fastify'

/** One year, the HSTS max-age browsers' preload lists expect. */
const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * When the server is reached over HTTPS (TLS terminated here, or by a trusted proxy that sets
 * X-Forwarded-Proto), plain-HTTP requests are redirected to HTTPS and HTTPS answers carry HSTS.
 * `/health` stays reachable over HTTP for load-balancer probes.
 */
export function registerHttpsOnly(app: FastifyInstance, publicUrl: string | undefined): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', HSTS)
      return
    }
    if (request.url === '/health') return
    const origin = publicUrl ?? `https://${request.host}`
    return reply.redirect(`${origin}${request.url}`, 308)
  })
}

import type { IncomingMessage, ServerResponse } from 'node:http'
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

/**
 * The request handler of the plain-HTTP listener (`HTTP_REDIRECT_PORT`) beside a server that terminates TLS itself:
 * every request is redirected (308, method and body kept) to the same path over HTTPS, at `publicUrl` when set,
 * else at the requested host name on `httpsPort`. A request without a usable Host header answers 400.
 *
 * @example
 * createServer(httpsRedirectHandler({ httpsPort: 443 })).listen(80)
 */
export function httpsRedirectHandler(options: {
  publicUrl?: string | undefined
  httpsPort: number
}): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    let origin = options.publicUrl
    if (!origin) {
      const host = request.headers.host ?? ''
      // The host name without its port: `kontakte.example.de:80`, `[2001:db8::1]:80`.
      const name = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(host)?.[1]
      if (!name) {
        response.writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
        response.end(
          JSON.stringify({
            error: {
              code: 'HTTPS_REQUIRED',
              message: 'Use HTTPS; the Host header is missing or not a host name.',
            },
          }),
        )
        return
      }
      origin = `https://${name}${options.httpsPort === 443 ? '' : `:${options.httpsPort}`}`
    }
    response.writeHead(308, { location: `${origin}${request.url ?? '/'}` }).end()
  }
}

// Hosts a browser treats as a secure context over plain HTTP (where it keeps a Secure cookie).
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i

/**
 * A warning for the start banner when the server listens on plain HTTP on an address other machines reach: a browser
 * keeps the `Secure` session cookie only on `https://` or on localhost, so logging in on the web pages from another
 * machine would seem to work and then forget the session. `undefined` when there is nothing to warn about.
 */
export function plainHttpWarning(host: string, httpsOnly: boolean): string | undefined {
  if (httpsOnly || LOOPBACK.test(host)) return undefined
  return `Warning: plain HTTP on ${host}. Browsers on other machines will not keep the session cookie (it is Secure), so the web pages cannot log in there: terminate TLS here (TLS_CERT_FILE, TLS_KEY_FILE) or in a proxy (PUBLIC_URL=https://…, TRUST_PROXY).`
}

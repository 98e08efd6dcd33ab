import type { FastifyRequest, FastifyServerOptions } from 'fastify'

/** Query parameters whose values never reach the log (OAuth codes and states, tokens, secrets). */
const SENSITIVE_PARAM = /code|state|token|secret|password|key/i

/**
 * A request URL as it is logged: the values of sensitive query parameters are replaced by `[redacted]`.
 *
 * @example
 * redactUrl('/crm/hubspot/callback?code=na1-abc&state=xyz') // '/crm/hubspot/callback?code=%5Bredacted%5D&state=%5Bredacted%5D'
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?')
  if (mark < 0) return url
  const params = new URLSearchParams(url.slice(mark + 1))
  let changed = false
  for (const name of new Set(params.keys())) {
    if (!SENSITIVE_PARAM.test(name)) continue
    params.set(name, '[redacted]')
    changed = true
  }
  return changed ? `${url.slice(0, mark)}?${params.toString()}` : url
}

/**
 * Pino options of the server's logger: request lines carry method, redacted URL, host and client address, never
 * headers (cookies, `Authorization`, the CSRF token) or bodies (passwords); see the error handler for errors.
 *
 * @example
 * const app = Fastify({ logger: loggerOptions('info') })
 */
export function loggerOptions(
  level: string,
  stream?: { write(line: string): void },
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    // Fastify's request serializer logs no headers; these paths are a second line of defence.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          ...(request.socket?.remotePort === undefined ? {} : { remotePort: request.socket.remotePort }),
        }
      },
    },
    ...(stream ? { stream } : {}),
  }
}

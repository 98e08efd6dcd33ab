import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestServer } from './support/server.js'
import { STORE_KINDS } from './support/stores.js'

describe.each(STORE_KINDS)('HTTP basics on the %s store', (kind) => {
  const server = new TestServer(kind)
  beforeAll(() => server.start(), 60_000)
  afterAll(() => server.stop())

  it('answers /health with 200 while the store is reachable', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', store: kind })
  })

  it('serves an OpenAPI 3.1 document listing every registered route', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(response.statusCode).toBe(200)
    const document = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> }
    expect(document.openapi).toBe('3.1.0')
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort()
    // HEAD routes are Fastify's automatic twins of the GET routes.
    const registered = server.app.routeTable.filter((route) => route.method !== 'HEAD')
    const name = (route: { method: string; url: string }) => `${route.method} ${route.url}`
    expect(documented).toEqual(
      registered
        .filter((route) => !route.hidden)
        .map(name)
        .sort(),
    )
    // Only the docs page itself and the static DataQuality pages stay out of the document.
    expect(
      registered
        .filter((route) => route.hidden)
        .map(name)
        .filter((route) => !route.startsWith('GET /docs'))
        .sort(),
    ).toEqual(['GET /app', 'GET /app/:file', 'GET /openapi.json'])
    expect(documented.length).toBeGreaterThan(50)
    for (const expected of [
      'POST /setup',
      'POST /auth/totp/enrol',
      'PUT /lists/:id/members/:userId',
      'GET /audit',
    ]) {
      expect(documented).toContain(expected)
    }
  })

  it('serves the browsable API page at /docs without login', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/docs/' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('swagger')
  })

  it('sends security headers', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/health' })
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(response.headers['content-security-policy']).toContain("default-src 'self'")
    // Plain HTTP start: sub-requests must not be upgraded to an HTTPS port that does not exist.
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests')
  })

  it('answers unknown routes and missing login with the one error shape', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/lists' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Log in or send an API token.' },
    })
  })

  it('lists each invalid field of a bad request', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'kein-at-zeichen', password: 7 },
    })
    expect(response.statusCode).toBe(400)
    const body = response.json() as { error: { code: string; issues: Array<{ path: string }> } }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(['body.email', 'body.password'])
  })

  it('answers malformed JSON with 400, not a stack trace', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('VALIDATION_FAILED')
    expect(response.body).not.toMatch(/at .*\.ts:\d+/)
  })
})

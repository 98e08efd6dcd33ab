import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions, redactUrl } from '../src/logging.js'
import { type Client, TestServer } from './support/server.js'

describe('redactUrl', () => {
  it('hides the values of OAuth and token parameters and keeps the rest', () => {
    expect(redactUrl('/crm/hubspot/callback?code=na1-7f3e-Geheim&state=Zustand-42')).toBe(
      '/crm/hubspot/callback?code=%5Bredacted%5D&state=%5Bredacted%5D',
    )
    expect(redactUrl('/imports?listId=0b9c2f4e-6a1d-4c3b-9e8f-1a2b3c4d5e6f')).toBe(
      '/imports?listId=0b9c2f4e-6a1d-4c3b-9e8f-1a2b3c4d5e6f',
    )
    expect(redactUrl('/lists')).toBe('/lists')
  })
})

// The logger main.ts uses, writing into memory: no request, failure or login may put a secret into the log.
describe('the server log', () => {
  const lines: string[] = []
  const server = new TestServer('embedded')
  let admin: Client
  const password = 'Sommer-Regen-2026!'
  const dbPassword = 'Pg-Kennwort-Lagerhaus-77'

  beforeAll(async () => {
    await server.start({ logger: loggerOptions('info', { write: (line) => lines.push(line) }) })
    server.app.get('/test/failure', { config: { public: true } }, async () => {
      throw Object.assign(
        new Error(`connect ECONNREFUSED postgres://contactkit:${dbPassword}@db.lager.example:5432/kontakte`),
        { code: 'ECONNREFUSED' },
      )
    })
    admin = await server.createOrganisation('Lagerhaus Nord GmbH', 'admin@lagerhaus-nord.de', password)
  }, 60_000)
  afterAll(() => server.stop())

  it('logs requests without passwords, cookies, tokens, OAuth codes or driver messages', async () => {
    const token = (await admin.request('POST', '/tokens', { name: 'Nachtabgleich' })).json().token as string
    expect(token).toMatch(/^ck_api_/)
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: admin.email, password: 'Falsches-Passwort-2026' },
    })
    expect(wrong.statusCode).toBe(401)
    await server.app.inject({ method: 'GET', url: '/lists', headers: { authorization: `Bearer ${token}` } })
    await admin.request('GET', '/crm/hubspot/callback?code=na1-7f3e-Autorisierung&state=Zustand-Geheim-42')
    const failure = await server.app.inject({ method: 'GET', url: '/test/failure' })

    // The answer: the one error shape, no message of the driver, no stack.
    expect(failure.statusCode).toBe(500)
    expect(failure.json()).toEqual({
      error: { code: 'INTERNAL', message: 'Something went wrong on our side.' },
    })

    const log = lines.join('')
    expect(log).toContain('"url":"/test/failure"')
    expect(log).toContain('"code":"ECONNREFUSED"')
    expect(log).toContain('/crm/hubspot/callback?code=%5Bredacted%5D&state=%5Bredacted%5D')
    for (const secret of [
      password,
      'Falsches-Passwort-2026',
      token,
      admin.cookie.split('=')[1] as string,
      admin.csrfToken,
      'na1-7f3e-Autorisierung',
      'Zustand-Geheim-42',
      dbPassword,
    ]) {
      expect(log).not.toContain(secret)
    }
    expect(log).not.toMatch(/\bat .+:\d+:\d+/)
  })
})

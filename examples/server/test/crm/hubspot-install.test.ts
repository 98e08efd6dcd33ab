import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startInstall, takeInstall } from '../../src/crm/oauth-state.js'
import { StoredHubSpotSettingsSchema } from '../../src/crm/organisation-crm.js'
import type { Client } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { CrmTestServer } from './crm-test-server.js'
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js'

// HubSpot's OAuth authorisation-code flow through the server (start → HubSpot → callback with `state`) and the
// revocation of the refresh token when the connection is removed, against the local fake HubSpot.

const CLIENT_ID = '0c9a7e51-3f2b-4d8e-9a61-5b7c2d1e4f80'
const CLIENT_SECRET = 'e4d3c2b1-a0f9-4e8d-b7c6-5a4b3c2d1e0f'
const REFRESH_TOKEN = 'eu1-77aa-31bc-refresh-token-of-hanse-kontor'
const SECOND_REFRESH_TOKEN = 'eu1-88bb-42cd-refresh-token-of-the-test-portal'
const REDIRECT_URI = 'https://crm.hanse-kontor.de/crm/hubspot/callback'
const AUTH_CODE = 'e8f1c2d3-code-approved-by-the-admin'
const PORTAL_ID = '24681357'

describe.each(STORE_KINDS)('HubSpot install and revocation on the %s store', (kind) => {
  const server = new CrmTestServer(kind)
  let fake: FakeHubSpot
  let second: FakeHubSpot
  let admin: Client
  let otherAdmin: Client
  let foreignAdmin: Client
  const answers: string[] = []

  async function call(
    client: Client,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    const response = await client.request(method, url, body)
    answers.push(response.body)
    return response
  }

  function settings(baseUrl: string) {
    return {
      kind: 'hubspot',
      portalId: PORTAL_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      defaultCountry: 'DE',
      countryLocale: 'de',
      baseUrl,
    }
  }

  async function start(client: Client): Promise<{ state: string; url: URL }> {
    const response = await call(client, 'POST', '/crm/connection/hubspot/authorize', settings(fake.baseUrl))
    expect(response.statusCode).toBe(200)
    const url = new URL(response.json().authorizeUrl)
    return { state: url.searchParams.get('state') ?? '', url }
  }

  const callback = (client: Client, state: string, code = AUTH_CODE) =>
    call(
      client,
      'GET',
      `/crm/hubspot/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    )

  beforeAll(async () => {
    fake = await startFakeHubSpot({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
      portalId: PORTAL_ID,
      authorizationCode: {
        code: AUTH_CODE,
        redirectUri: REDIRECT_URI,
        scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
      },
    })
    second = await startFakeHubSpot({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: SECOND_REFRESH_TOKEN,
      portalId: PORTAL_ID,
    })
    server.hubspotBaseUrls = [fake.baseUrl, second.baseUrl]
    await server.start()
    admin = await server.createOrganisation('Hanse-Kontor GmbH', 'admin@hanse-kontor.de')
    otherAdmin = await server.createUser(admin, 'admin', 'zweite.admin@hanse-kontor.de')
    foreignAdmin = await server.createOrganisation('Alpenblick KG', 'admin@alpenblick.at')
  }, 120_000)
  afterAll(async () => {
    await server.stop()
    await fake.close()
    await second.close()
  })

  it('sends the admin to HubSpot with the app’s client id, scopes, redirect URI and a random state', async () => {
    const first = await start(admin)
    const again = await start(admin)
    expect(`${first.url.origin}${first.url.pathname}`).toBe('https://app.hubspot.com/oauth/authorize')
    expect(first.url.searchParams.get('client_id')).toBe(CLIENT_ID)
    expect(first.url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI)
    expect(first.url.searchParams.get('scope')).toBe('crm.objects.contacts.read crm.objects.contacts.write')
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(again.state).not.toBe(first.state)
    // Only the state's hash is stored, and the secret only sealed.
    const rows = await server.store.db.selectFrom('crm_oauth_states').selectAll().execute()
    expect(rows).toHaveLength(2)
    expect(JSON.stringify(rows)).not.toContain(first.state)
    expect(JSON.stringify(rows)).not.toContain(CLIENT_SECRET)
    // Starting it stores no connection and calls no HubSpot endpoint.
    expect((await call(admin, 'GET', '/crm/connection')).json().kind).toBe('builtin')
    expect(fake.requests).toEqual([])
  })

  it('refuses unknown, foreign and malformed states with OAUTH_STATE_INVALID before calling HubSpot', async () => {
    const { state } = await start(admin)
    const unknown = await callback(admin, 'x'.repeat(43))
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('OAUTH_STATE_INVALID')
    // The same organisation's other admin, and another organisation's admin, cannot finish it.
    for (const client of [otherAdmin, foreignAdmin]) {
      const refused = await callback(client, state)
      expect(refused.statusCode).toBe(400)
      expect(refused.json().error.code).toBe('OAUTH_STATE_INVALID')
    }
    const malformed = await callback(admin, 'a b')
    expect(malformed.json().error.code).toBe('OAUTH_STATE_INVALID')
    const missing = await call(admin, 'GET', '/crm/hubspot/callback?code=x')
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.code).toBe('VALIDATION_FAILED')
    expect(fake.requests).toEqual([])
  })

  it('lets only one of two simultaneous callbacks take a state', async () => {
    const stored = StoredHubSpotSettingsSchema.parse({
      portalId: PORTAL_ID,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
    })
    const actor = { orgId: admin.orgId, userId: admin.userId }
    const { state } = await startInstall(
      server.store.db,
      server.secrets,
      server.clock,
      actor,
      stored,
      CLIENT_SECRET,
    )
    const outcomes = await Promise.allSettled([
      takeInstall(server.store.db, server.secrets, server.clock, actor, state),
      takeInstall(server.store.db, server.secrets, server.clock, actor, state),
    ])
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    const taken = outcomes.find((outcome) => outcome.status === 'fulfilled')
    expect(taken?.status === 'fulfilled' && taken.value.clientSecret).toBe(CLIENT_SECRET)
    const refused = outcomes.find((outcome) => outcome.status === 'rejected')
    expect(refused?.status === 'rejected' && refused.reason.code).toBe('OAUTH_STATE_USED')
  })

  it('refuses an expired state with OAUTH_STATE_EXPIRED', async () => {
    const { state } = await start(admin)
    server.clock.advance(10 * 60_000 + 1)
    const expired = await callback(admin, state)
    expect(expired.statusCode).toBe(410)
    expect(expired.json().error.code).toBe('OAUTH_STATE_EXPIRED')
    expect(fake.requests).toEqual([])
  })

  it('finishes the install with the admin’s own state once, and refuses it the second time', async () => {
    const { state } = await start(admin)
    const done = await callback(admin, state)
    expect(done.statusCode).toBe(200)
    expect(done.json()).toMatchObject({
      kind: 'hubspot',
      defaultCountry: 'DE',
      hubspot: { portalId: PORTAL_ID, clientSecretSet: true, tokensSet: true },
    })
    const exchange = fake.requests.find((request) => request.path === '/oauth/v1/token')
    expect(exchange?.body).toMatchObject({
      grant_type: 'authorization_code',
      code: AUTH_CODE,
      redirect_uri: REDIRECT_URI,
    })
    const replay = await callback(admin, state)
    expect(replay.statusCode).toBe(409)
    expect(replay.json().error.code).toBe('OAUTH_STATE_USED')
    // The connection works: a test search reaches HubSpot.
    expect((await call(admin, 'POST', '/crm/connection/test')).json()).toEqual({ kind: 'hubspot', ok: true })
  })

  it('revokes the refresh token at HubSpot on DELETE, then deletes the sealed secrets', async () => {
    const removed = await call(admin, 'DELETE', '/crm/connection')
    expect(removed.statusCode).toBe(200)
    expect(removed.json()).toEqual({
      kind: 'builtin',
      defaultCountry: null,
      revocation: { status: 'revoked' },
    })
    expect(fake.revokedRefreshTokens).toEqual([REFRESH_TOKEN])
    expect(await server.store.db.selectFrom('crm_connections').selectAll().execute()).toEqual([])
    // The revoked token no longer refreshes.
    const refresh = await fetch(`${fake.baseUrl}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: REFRESH_TOKEN,
      }).toString(),
    })
    expect(refresh.status).toBe(400)
  })

  it('deletes locally and says so when HubSpot cannot be reached for the revocation', async () => {
    const connected = await call(admin, 'PUT', '/crm/connection', {
      ...settings(second.baseUrl),
      authorization: { refreshToken: SECOND_REFRESH_TOKEN },
    })
    expect(connected.statusCode).toBe(200)
    second.revocationStatus = 503
    const removed = await call(admin, 'DELETE', '/crm/connection')
    expect(removed.statusCode).toBe(200)
    expect(removed.json()).toMatchObject({
      kind: 'builtin',
      revocation: { status: 'failed', crmCode: 'HUBSPOT_UNAVAILABLE' },
    })
    // One attempt and one retry, then the local delete anyway.
    expect(
      second.requests.filter((request) => request.path.startsWith('/oauth/v1/refresh-tokens/')),
    ).toHaveLength(2)
    expect(second.revokedRefreshTokens).toEqual([])
    expect(await server.store.db.selectFrom('crm_connections').selectAll().execute()).toEqual([])
  })

  it('audits start, refusals, connect and both disconnects without a token or secret', async () => {
    const entries = (await call(admin, 'GET', '/audit?limit=500')).json().entries as Array<{
      action: string
      details: Record<string, unknown>
    }>
    const actions = entries.map((entry) => entry.action)
    expect(actions.filter((action) => action === 'crm_connection.authorize')).toHaveLength(5)
    expect(actions).toEqual(
      expect.arrayContaining(['crm_connection.callback_refused', 'crm_connection.configure']),
    )
    const configured = entries.find(
      (entry) => entry.action === 'crm_connection.configure' && entry.details.via === 'oauth_callback',
    )
    expect(configured?.details).toMatchObject({ kind: 'hubspot', portalId: PORTAL_ID })
    const deletes = entries.filter((entry) => entry.action === 'crm_connection.delete')
    expect(deletes.map((entry) => entry.details.revocation)).toEqual([
      { status: 'failed', crmCode: 'HUBSPOT_UNAVAILABLE' },
      { status: 'revoked' },
    ])
    const refusals = entries
      .filter((entry) => entry.action === 'crm_connection.callback_refused')
      .map((entry) => entry.details.code)
    expect(refusals).toEqual(
      expect.arrayContaining(['OAUTH_STATE_INVALID', 'OAUTH_STATE_EXPIRED', 'OAUTH_STATE_USED']),
    )
    const accessTokens = [fake, second].flatMap((f) =>
      f.requests.flatMap((request) => /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1] ?? []),
    )
    const rows = await server.store.db.selectFrom('audit_log').select('details').execute()
    for (const text of [...answers, JSON.stringify(rows)]) {
      for (const secret of [CLIENT_SECRET, REFRESH_TOKEN, SECOND_REFRESH_TOKEN, AUTH_CODE, ...accessTokens]) {
        expect(text).not.toContain(secret)
      }
    }
  })
})

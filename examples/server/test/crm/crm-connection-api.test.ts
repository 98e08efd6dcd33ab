import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settleJobs } from '../../src/dataquality/job-queue.js'
import { messeCsv, upload } from '../dataquality/upload.js'
import type { Client } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { CrmTestServer } from './crm-test-server.js'
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js'

// The organisation's CRM connection through the HTTP API, against the local fake HubSpot: an admin connects
// HubSpot for organisation A, A's duplicate checks and merges then go to HubSpot, organisation B keeps its built-in
// CRM, and neither the client secret nor a token ever appears in an answer or the audit log.

const CLIENT_ID = '6f1b1d5c-93b2-4a41-9c1e-4f0b2d1c7e11'
const CLIENT_SECRET = 'b7c1e0f4-2d6a-4f3e-8a9b-0c1d2e3f4a5b'
const REFRESH_TOKEN = 'na1-4c1d-9e2f-refresh-token-of-kontakt-werk'
const REDIRECT_URI = 'https://kontakte.kontakt-werk.de/api/crm/hubspot/callback'
const AUTH_CODE = 'a1b2c3d4-auth-code-from-hubspot'
const PORTAL_ID = '8765432'

describe.each(STORE_KINDS)('CRM connection API on the %s store', (kind) => {
  const server = new CrmTestServer(kind)
  let fake: FakeHubSpot
  let adminA: Client
  let userA: Client
  let reporterA: Client
  let adminB: Client
  let hubspotMueller: string
  /** Every answer the tests received, to check that no secret ever left the server. */
  const answers: string[] = []

  async function call(
    client: Client,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    const response = await client.request(method, url, body)
    answers.push(response.body)
    return response
  }

  function hubspotSettings(extra: Record<string, unknown> = {}) {
    return {
      kind: 'hubspot',
      portalId: PORTAL_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      countryLocale: 'de',
      baseUrl: fake.baseUrl,
      ...extra,
    }
  }

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
    // Only in HubSpot: the built-in CRM of either organisation has no Müller.
    hubspotMueller = fake.addContact({
      salutation: 'Herr Prof. Dr.',
      firstname: 'Hans-Jürgen',
      lastname: 'Müller',
      email: 'h.mueller@mueller-maschinenbau.de',
      phone: '089 1234560',
      company: 'Müller Maschinenbau GmbH & Co. KG',
      jobtitle: 'Geschäftsführer',
      address: 'Leopoldstraße 12',
      zip: '80802',
      city: 'München',
      country: 'Deutschland',
    })
    server.hubspotBaseUrls = [fake.baseUrl]
    await server.start()
    adminA = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    userA = await server.createUser(adminA, 'user', 'ute@kontakt-werk.de')
    reporterA = await server.createUser(adminA, 'reporter', 'rita@kontakt-werk.de')
    adminB = await server.createOrganisation('Nordlicht Handel AG', 'admin@nordlicht-handel.de')
    const list = await adminB.request('POST', '/lists', { name: 'Kunden Nord' })
    const created = await adminB.request('POST', `/lists/${list.json().id}/contacts`, {
      contact: {
        name: 'Anna Schäfer',
        company: 'Schäfer Logistik AG',
        emails: ['anna.schaefer@schaefer-logistik.de'],
        phones: ['+49 40 5556677'],
      },
      source: { kind: 'crm' },
    })
    expect(created.statusCode).toBe(201)
  }, 120_000)
  afterAll(async () => {
    await server.stop()
    await fake.close()
  })

  const muellerCard = {
    firstName: 'Hans-Jürgen',
    lastName: 'Mueller',
    company: 'Müller Maschinenbau GmbH & Co. KG',
    jobTitle: 'CEO',
    emails: ['h.mueller@mueller-maschinenbau.de'],
    phones: ['+49 89 1234560'],
  }

  it('starts on the built-in CRM and refuses every setting to non-admins', async () => {
    const initial = await call(adminA, 'GET', '/crm/connection')
    expect(initial.statusCode).toBe(200)
    expect(initial.json()).toEqual({ kind: 'builtin', defaultCountry: null })

    for (const client of [userA, reporterA]) {
      for (const [method, url, body] of [
        ['GET', '/crm/connection', undefined],
        ['PUT', '/crm/connection', hubspotSettings({ authorization: { code: AUTH_CODE } })],
        ['POST', '/crm/connection/test', undefined],
        ['DELETE', '/crm/connection', undefined],
        ['GET', '/organisation/settings', undefined],
        ['PUT', '/organisation/settings', { name: 'Übernommen GmbH', defaultCountry: 'DE' }],
      ] as const) {
        const response = await call(client, method, url, body)
        expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 403 })
        expect(response.json().error.code).toBe('FORBIDDEN')
      }
    }
    // The refused PUT never reached HubSpot, so the one-time code is still unused.
    expect(fake.requests).toEqual([])
  })

  it('refuses a base URL the server does not allow and a code HubSpot refuses, storing nothing', async () => {
    const foreign = await call(
      adminA,
      'PUT',
      '/crm/connection',
      hubspotSettings({ baseUrl: 'http://169.254.169.254', authorization: { code: AUTH_CODE } }),
    )
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().error.issues.map((issue: { path: string }) => issue.path)).toEqual(['body.baseUrl'])

    const badCountry = await call(
      adminA,
      'PUT',
      '/crm/connection',
      hubspotSettings({ defaultCountry: 'UK', authorization: { code: AUTH_CODE } }),
    )
    expect(badCountry.statusCode).toBe(400)
    expect(fake.requests).toEqual([])

    const refused = await call(
      adminA,
      'PUT',
      '/crm/connection',
      hubspotSettings({ authorization: { code: 'not-the-code' } }),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { crmCode: 'HUBSPOT_AUTH' },
    })
    expect((await call(adminA, 'GET', '/crm/connection')).json().kind).toBe('builtin')
    const rows = await server.store.db.selectFrom('crm_connections').selectAll().execute()
    expect(rows).toEqual([])
  })

  it('connects HubSpot for organisation A with the authorisation code and stores only sealed secrets', async () => {
    const response = await call(
      adminA,
      'PUT',
      '/crm/connection',
      hubspotSettings({ defaultCountry: 'DE', authorization: { code: AUTH_CODE } }),
    )
    expect(response.statusCode).toBe(200)
    const view = response.json()
    expect(view).toMatchObject({
      kind: 'hubspot',
      defaultCountry: 'DE',
      createdBy: adminA.userId,
      updatedBy: adminA.userId,
      hubspot: {
        portalId: PORTAL_ID,
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI,
        countryLocale: 'de',
        defaultCountry: 'DE',
        baseUrl: fake.baseUrl,
        scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
        clientSecretSet: true,
        tokensSet: true,
      },
    })
    expect(view.hubspot).not.toHaveProperty('clientSecret')
    const exchange = fake.requests.filter((request) => request.path === '/oauth/v1/token').at(-1)
    expect(exchange?.body).toMatchObject({ grant_type: 'authorization_code', code: AUTH_CODE })

    const row = await server.store.db
      .selectFrom('crm_connections')
      .selectAll()
      .where('org_id', '=', adminA.orgId)
      .executeTakeFirstOrThrow()
    expect(row.kind).toBe('hubspot')
    const stored = JSON.stringify(row)
    expect(stored).not.toContain(CLIENT_SECRET)
    expect(stored).not.toContain(REFRESH_TOKEN)
    expect(stored).not.toContain('CKDZ') // the fake's access tokens
    // Bound to organisation A's connection: the sealed secret does not open in another context.
    await expect(
      server.secrets.unseal(
        row.client_secret_sealed ?? '',
        `org:${adminB.orgId}/crm-connection:${row.id}/client-secret`,
      ),
    ).rejects.toThrow()
    await expect(
      server.secrets.unseal(
        row.client_secret_sealed ?? '',
        `org:${adminA.orgId}/crm-connection:${row.id}/client-secret`,
      ),
    ).resolves.toBe(CLIENT_SECRET)

    expect((await call(adminB, 'GET', '/crm/connection')).json().kind).toBe('builtin')
  })

  it('finds a duplicate that exists only in organisation A’s HubSpot', async () => {
    const before = fake.apiRequests().length
    const response = await call(userA, 'POST', '/duplicates/check', { contact: muellerCard })
    expect(response.statusCode).toBe(200)
    const check = response.json()
    expect(check.status).toBe('duplicate')
    expect(check.candidates[0]).toMatchObject({
      id: hubspotMueller,
      verdict: 'duplicate',
      contact: { lastName: 'Müller', jobTitle: 'Geschäftsführer', phones: [{ value: '+49891234560' }] },
    })
    const searches = fake.apiRequests().slice(before)
    expect(searches.map((request) => `${request.method} ${request.path}`)).toContain(
      'POST /crm/v3/objects/contacts/search',
    )
  })

  it('keeps organisation B on its built-in CRM', async () => {
    const before = fake.requests.length
    const mueller = await call(adminB, 'POST', '/duplicates/check', { contact: muellerCard })
    expect(mueller.statusCode).toBe(200)
    expect(mueller.json()).toMatchObject({ status: 'none', candidates: [] })
    const schaefer = await call(adminB, 'POST', '/duplicates/check', {
      contact: { name: 'Anna Schaefer', emails: ['anna.schaefer@schaefer-logistik.de'] },
    })
    expect(schaefer.json().status).toBe('duplicate')
    expect(fake.requests.length).toBe(before)
  })

  it('writes a merge into HubSpot as one minimal PATCH and undoes it there', async () => {
    const preview = await call(adminA, 'POST', '/merges/preview', {
      incoming: { contact: muellerCard },
      targetId: hubspotMueller,
    })
    expect(preview.statusCode).toBe(200)
    const kinds = Object.fromEntries(
      preview.json().diff.entries.map((entry: { path: string; kind: string }) => [entry.path, entry.kind]),
    )
    expect(kinds).toMatchObject({ lastName: 'equivalent', jobTitle: 'changed' })

    const before = fake.apiRequests().length
    const merged = await call(adminA, 'POST', '/merges', {
      incoming: { contact: muellerCard },
      targetId: hubspotMueller,
      choices: { jobTitle: 'takeIncoming' },
      expectedUpdatedAt: preview.json().existing.updatedAt,
    })
    expect(merged.statusCode).toBe(201)
    expect(merged.json().fieldUpdate).toEqual({ jobTitle: 'CEO' })
    const patches = fake
      .apiRequests()
      .slice(before)
      .filter((request) => request.method === 'PATCH')
    expect(patches).toHaveLength(1)
    expect(patches[0]?.path).toBe(`/crm/v3/objects/contacts/${hubspotMueller}`)
    expect(patches[0]?.body).toEqual({ properties: { jobtitle: 'CEO' } })
    expect(fake.contacts.get(hubspotMueller)?.properties).toMatchObject({ jobtitle: 'CEO', city: 'München' })

    const history = await call(adminA, 'GET', `/merges?targetId=${hubspotMueller}`)
    expect(history.json().merges).toEqual([
      expect.objectContaining({ id: merged.json().id, targetId: hubspotMueller, connector: 'hubspot' }),
    ])
    const undone = await call(adminA, 'POST', `/merges/${merged.json().id}/undo`)
    expect(undone.statusCode).toBe(200)
    expect(fake.contacts.get(hubspotMueller)?.properties.jobtitle).toBe('Geschäftsführer')
  })

  it('imports into HubSpot: rows are checked there, new ones created there, duplicates held for review', async () => {
    const list = await call(adminA, 'POST', '/lists', { name: 'Messe München' })
    const uploaded = await upload(adminA, list.json().id, 'messe-kontakte.csv', messeCsv)
    expect(uploaded.statusCode).toBe(201)
    const id = uploaded.json().id as string
    // No country in the request: the connection's (DE) is stored with the import.
    const started = await call(adminA, 'POST', `/imports/${id}/start`, {})
    expect(started.statusCode).toBe(202)
    await settleJobs(server.store)
    const state = (await call(adminA, 'GET', `/imports/${id}`)).json()
    expect(state.error).toBeNull()
    expect(state.status).toBe('done')

    const review = (await call(adminA, 'GET', `/imports/${id}/rows?outcome=review`)).json().rows
    expect(review[0]).toMatchObject({
      rowNumber: 2,
      candidates: [expect.objectContaining({ id: hubspotMueller })],
    })
    const created = (await call(adminA, 'GET', `/imports/${id}/rows?outcome=created`)).json().rows as Array<{
      rowNumber: number
      contactId: string
    }>
    const weiss = created.find((row) => row.rowNumber === 4)
    expect(fake.contacts.get(weiss?.contactId ?? '')?.properties).toMatchObject({
      lastname: 'Weiß',
      company: 'Weiß & Söhne OHG',
      phone: '0211 1234560',
    })
    expect(state.progress.created).toBe(created.length)
    expect((await call(adminA, 'GET', `/imports/${id}/rows/4`)).json().defaultCountry).toBe('DE')
    // Nothing went into the built-in CRM.
    expect((await call(adminA, 'GET', `/lists/${list.json().id}/contacts`)).json().contacts).toEqual([])
  })

  it('turns reporters away from HubSpot, whose contacts are not theirs', async () => {
    const response = await call(reporterA, 'POST', '/duplicates/check', { contact: muellerCard })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.details).toEqual({ capability: 'contacts.read_others' })
  })

  it('tests the connection, reconnects with a refresh token and reports a refused one by its code', async () => {
    const ok = await call(adminA, 'POST', '/crm/connection/test')
    expect(ok.json()).toEqual({ kind: 'hubspot', ok: true })
    const first = (await call(adminA, 'GET', '/crm/connection')).json()

    const again = await call(
      adminA,
      'PUT',
      '/crm/connection',
      hubspotSettings({ defaultCountry: 'AT', authorization: { refreshToken: REFRESH_TOKEN } }),
    )
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ kind: 'hubspot', defaultCountry: 'AT', createdAt: first.createdAt })

    fake.expireAccessTokens()
    fake.revokeRefreshToken()
    const refused = await call(adminA, 'POST', '/crm/connection/test')
    expect(refused.statusCode).toBe(200)
    expect(refused.json()).toMatchObject({ kind: 'hubspot', ok: false, error: { code: 'HUBSPOT_AUTH' } })

    // The DataQuality routes say what is wrong instead of failing with INTERNAL.
    const check = await call(userA, 'POST', '/duplicates/check', { contact: muellerCard })
    expect(check.statusCode).toBe(503)
    expect(check.json().error).toMatchObject({
      code: 'CRM_UNAVAILABLE',
      details: { crmCode: 'HUBSPOT_AUTH' },
    })
  })

  it('fails the test with the seal code when a stored secret no longer unseals', async () => {
    // A secret copied from another organisation's row does not open in this one.
    const foreign = await server.secrets.seal(
      CLIENT_SECRET,
      `org:${adminB.orgId}/crm-connection:x/client-secret`,
    )
    await server.store.db
      .updateTable('crm_connections')
      .set({ client_secret_sealed: foreign })
      .where('org_id', '=', adminA.orgId)
      .execute()
    const response = await call(adminA, 'POST', '/crm/connection/test')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      kind: 'hubspot',
      ok: false,
      error: { code: expect.stringMatching(/^SEAL_/) },
    })
  })

  it('goes back to the built-in CRM on DELETE', async () => {
    const response = await call(adminA, 'DELETE', '/crm/connection')
    expect(response.statusCode).toBe(200)
    // The stored refresh token was revoked in HubSpot earlier (the test before): nothing left to revoke.
    expect(response.json()).toEqual({
      kind: 'builtin',
      defaultCountry: null,
      revocation: { status: 'already_invalid' },
    })
    const before = fake.requests.length
    const check = await call(userA, 'POST', '/duplicates/check', { contact: muellerCard })
    expect(check.json()).toMatchObject({ status: 'none', candidates: [] })
    expect(fake.requests.length).toBe(before)
    const rows = await server.store.db.selectFrom('crm_connections').selectAll().execute()
    expect(rows).toEqual([])
  })

  it('reads national numbers with the organisation’s default country when the request names none', async () => {
    const contact = { name: 'Dr. Klaus Weiß', company: 'Weiß & Söhne OHG', phones: ['089 1234567'] }
    const without = await call(adminB, 'POST', '/duplicates/check', { contact })
    expect(without.json().issues).toEqual([
      expect.objectContaining({ field: 'phones.0', code: 'PHONE_INVALID' }),
    ])

    for (const defaultCountry of ['UK', 'XX', 'de', 'DEU']) {
      const bad = await call(adminB, 'PUT', '/organisation/settings', {
        name: 'Nordlicht Handel AG',
        defaultCountry,
      })
      expect({ defaultCountry, status: bad.statusCode }).toEqual({ defaultCountry, status: 400 })
    }
    const saved = await call(adminB, 'PUT', '/organisation/settings', {
      name: 'Nordlicht Handel AG',
      defaultCountry: 'DE',
    })
    expect(saved.json()).toEqual({ name: 'Nordlicht Handel AG', defaultCountry: 'DE' })
    expect((await call(adminB, 'GET', '/organisation/settings')).json().defaultCountry).toBe('DE')
    expect((await call(adminB, 'GET', '/organisation')).json().defaultCountry).toBe('DE')
    expect((await call(adminB, 'GET', '/crm/connection')).json().defaultCountry).toBe('DE')

    const withDefault = await call(adminB, 'POST', '/duplicates/check', { contact })
    expect(withDefault.json().issues).toEqual([])
    expect(withDefault.json().contact.phones).toEqual([{ value: '+49891234567', raw: '089 1234567' }])
    // The request's own country still wins: read as Austrian, the German number is invalid.
    const austrian = await call(adminB, 'POST', '/duplicates/check', { contact, defaultCountry: 'AT' })
    expect(austrian.json().issues).toEqual([
      expect.objectContaining({ code: 'PHONE_INVALID', message: 'Not a valid AT phone number' }),
    ])
    // Organisation A has no default country.
    const other = await call(adminA, 'POST', '/duplicates/check', { contact })
    expect(other.json().issues).toEqual([expect.objectContaining({ code: 'PHONE_INVALID' })])

    const cleared = await call(adminB, 'PUT', '/organisation/settings', {
      name: 'Nordlicht Handel AG',
      defaultCountry: null,
    })
    expect(cleared.json().defaultCountry).toBeNull()
    const again = await call(adminB, 'POST', '/duplicates/check', { contact })
    expect(again.json().issues).toEqual([expect.objectContaining({ code: 'PHONE_INVALID' })])
  })

  it('audits every change without a secret, and no answer ever carried one', async () => {
    const audit = await call(adminA, 'GET', '/audit?limit=500')
    const entries = audit.json().entries as Array<{ action: string; details: Record<string, unknown> }>
    const actions = entries.map((entry) => entry.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'crm_connection.configure_failed',
        'crm_connection.configure',
        'crm_connection.test',
        'crm_connection.delete',
      ]),
    )
    const configured = entries.filter((entry) => entry.action === 'crm_connection.configure')
    expect(configured).toHaveLength(2)
    expect(configured[0]?.details).toMatchObject({
      kind: 'hubspot',
      portalId: PORTAL_ID,
      via: 'refresh_token',
    })
    expect(configured[1]?.details).toMatchObject({ via: 'authorization_code', replaced: null })
    const auditB = (await call(adminB, 'GET', '/audit?limit=500')).json().entries as Array<{ action: string }>
    expect(auditB.filter((entry) => entry.action === 'organisation.settings.update')).toHaveLength(2)
    expect(auditB.some((entry) => entry.action.startsWith('crm_connection'))).toBe(false)

    const accessTokens = new Set(
      fake.requests.flatMap((request) => /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1] ?? []),
    )
    expect(accessTokens.size).toBeGreaterThan(0)
    const rows = await server.store.db.selectFrom('audit_log').select('details').execute()
    for (const text of [...answers, JSON.stringify(rows)]) {
      for (const secret of [CLIENT_SECRET, REFRESH_TOKEN, AUTH_CODE, ...accessTokens]) {
        expect(text).not.toContain(secret)
      }
    }
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  CRM_CACHE_TTL_MS,
  clientSecretContext,
  connectionVault,
  forgetOrganisationCrm,
  organisationCrm,
} from '../../src/crm/organisation-crm.js'
import { connectorFor } from '../../src/dataquality/connectors.js'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js'

// The per-organisation CRM behind connectorFor: read from crm_connections, unsealed, cached briefly, rebuilt only
// when the connection or the organisation's default country changed.

const CLIENT_SECRET = 'b7c1e0f4-2d6a-4f3e-8a9b-0c1d2e3f4a5b'
const REFRESH_TOKEN = 'na1-4c1d-9e2f-refresh-token-of-alpenblick'

describe.each(STORE_KINDS)('organisation CRM on the %s store', (kind) => {
  const server = new TestServer(kind)
  let fake: FakeHubSpot
  let admin: Client
  let reporter: Client

  beforeAll(async () => {
    fake = await startFakeHubSpot({
      clientId: 'cid',
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
    })
    await server.start()
    admin = await server.createOrganisation('Alpenblick Reisen GmbH', 'admin@alpenblick-reisen.de')
    reporter = await server.createUser(admin, 'reporter', 'rosa@alpenblick-reisen.de')
  }, 60_000)
  afterAll(async () => {
    await server.stop()
    await fake.close()
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  /** Stores a HubSpot connection the way PUT /crm/connection does, without the HTTP layer. */
  async function storeConnection(settings: Record<string, unknown> = {}, forget = true): Promise<string> {
    const { db } = server.store
    const id = randomUUID()
    const now = server.clock.now()
    await db.deleteFrom('crm_connections').where('org_id', '=', admin.orgId).execute()
    await db
      .insertInto('crm_connections')
      .values({
        id,
        org_id: admin.orgId,
        kind: 'hubspot',
        settings: JSON.stringify({
          portalId: '8765432',
          clientId: 'cid',
          redirectUri: 'https://reisen.alpenblick.at/api/crm/hubspot/callback',
          scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
          baseUrl: fake.baseUrl,
          ...settings,
        }),
        client_secret_sealed: await server.secrets.seal(CLIENT_SECRET, clientSecretContext(admin.orgId, id)),
        tokens_sealed: 'placeholder',
        created_by: admin.userId,
        created_at: now,
        updated_by: admin.userId,
        updated_at: now,
      })
      .execute()
    await connectionVault(db, server.secrets, admin.orgId, id).save({ refreshToken: REFRESH_TOKEN })
    if (forget) forgetOrganisationCrm(server.store, admin.orgId)
    return id
  }

  const ctx = () => ({ store: server.store, secrets: server.secrets, clock: server.clock })

  it('uses the built-in CRM and the organisation’s country while no connection is stored', async () => {
    await server.store.db
      .updateTable('organisations')
      .set({ default_country: 'AT' })
      .where('id', '=', admin.orgId)
      .execute()
    forgetOrganisationCrm(server.store, admin.orgId)
    const connector = await connectorFor(ctx(), { orgId: admin.orgId, userId: admin.userId, role: 'admin' })
    expect(connector.kind).toBe('builtin')
    expect(connector.defaultCountry).toBe('AT')
    const asked = await connectorFor(
      ctx(),
      { orgId: admin.orgId, userId: admin.userId, role: 'admin' },
      { defaultCountry: 'CH' },
    )
    expect(asked.defaultCountry).toBe('CH')
  })

  it('serves the stored HubSpot connection and reuses one connector while nothing changed', async () => {
    const id = await storeConnection({ defaultCountry: 'DE' })
    const first = await organisationCrm(ctx(), admin.orgId)
    expect(first.hubspot?.connectionId).toBe(id)
    expect(first.defaultCountry).toBe('DE')
    expect(first.organisationCountry).toBe('AT')

    const queries = vi.spyOn(server.store.db, 'selectFrom')
    const again = await organisationCrm(ctx(), admin.orgId)
    expect(again.hubspot?.connector).toBe(first.hubspot?.connector)
    expect(queries).not.toHaveBeenCalled()

    // After the TTL one small query finds nothing changed: the same connector (and its access token) stays.
    const realNow = performance.now.bind(performance)
    vi.spyOn(performance, 'now').mockImplementation(() => realNow() + CRM_CACHE_TTL_MS + 1)
    const later = await organisationCrm(ctx(), admin.orgId)
    expect(later.hubspot?.connector).toBe(first.hubspot?.connector)
    expect(queries).toHaveBeenCalledTimes(1)
  })

  it('rebuilds after another process changed the connection, once the TTL has passed', async () => {
    forgetOrganisationCrm(server.store, admin.orgId)
    const before = await organisationCrm(ctx(), admin.orgId)
    expect(before.hubspot).toBeDefined()
    // As another server process would: a new connection id, and no forgetOrganisationCrm here.
    const { db } = server.store
    const replacedId = await storeConnection({ defaultCountry: 'CH' }, false)
    await db
      .updateTable('organisations')
      .set({ default_country: 'DE' })
      .where('id', '=', admin.orgId)
      .execute()
    const realNow = performance.now.bind(performance)
    vi.spyOn(performance, 'now').mockImplementation(() => realNow() + CRM_CACHE_TTL_MS + 1)
    const after = await organisationCrm(ctx(), admin.orgId)
    expect(after.hubspot?.connectionId).toBe(replacedId)
    expect(after.hubspot?.connector).not.toBe(before.hubspot?.connector)
    expect(after).toMatchObject({ defaultCountry: 'CH', organisationCountry: 'DE' })
  })

  it('calls HubSpot with the unsealed secrets and keeps refreshed tokens sealed in the row', async () => {
    const id = await storeConnection()
    const connector = await connectorFor(ctx(), { orgId: admin.orgId, userId: admin.userId, role: 'admin' })
    expect(connector.kind).toBe('hubspot')
    fake.addContact({ firstname: 'Lena', lastname: 'Gruber', email: 'lena.gruber@alpenblick-reisen.at' })
    const found = await connector.searchCandidates({
      firstName: 'Lena',
      lastName: 'Gruber',
      emails: [{ value: 'lena.gruber@alpenblick-reisen.at' }],
      phones: [],
      addresses: [],
      websites: [],
    } as never)
    expect(found.map((record) => record.contact.lastName)).toEqual(['Gruber'])
    expect(fake.tokenRefreshes).toBeGreaterThan(0)
    const row = await server.store.db
      .selectFrom('crm_connections')
      .select('tokens_sealed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.tokens_sealed).not.toContain(REFRESH_TOKEN)
    const stored = await connectionVault(server.store.db, server.secrets, admin.orgId, id).load()
    expect(stored).toMatchObject({ refreshToken: REFRESH_TOKEN, accessToken: expect.stringMatching(/^CKDZ/) })
  })

  it('refuses reporters while HubSpot is connected and needs the sealing keys', async () => {
    await storeConnection()
    await expect(
      connectorFor(ctx(), { orgId: admin.orgId, userId: reporter.userId, role: 'reporter' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { capability: 'contacts.read_others' } })
    forgetOrganisationCrm(server.store, admin.orgId)
    await expect(
      connectorFor(
        { store: server.store, clock: server.clock },
        { orgId: admin.orgId, userId: admin.userId, role: 'admin' },
      ),
    ).rejects.toMatchObject({ code: 'HUBSPOT_INVALID_CONFIG' })
    // A failed load is not cached: with the keys it works at once.
    const connector = await connectorFor(ctx(), { orgId: admin.orgId, userId: admin.userId, role: 'admin' })
    expect(connector.kind).toBe('hubspot')
  })

  it('turns HubSpot failures into server errors that keep the HubSpot code', async () => {
    await storeConnection()
    const connector = await connectorFor(ctx(), { orgId: admin.orgId, userId: admin.userId, role: 'admin' })
    await connector.get('1') // a valid access token first
    fake.inject({
      status: 429,
      headers: { 'retry-after': '120' },
      body: { status: 'error', policyName: 'DAILY' },
    })
    await expect(connector.get('1')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { crmCode: 'HUBSPOT_RATE_LIMITED' },
    })
    fake.inject({ status: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND' } })
    await expect(connector.update('1', { jobTitle: 'Leitung Vertrieb' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { crmCode: 'HUBSPOT_NOT_FOUND' },
    })
  })
})

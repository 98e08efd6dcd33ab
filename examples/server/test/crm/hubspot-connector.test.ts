import { parseContact } from '@contactkit/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHubSpotConnector, type HubSpotConnectorOptions } from '../../src/crm/hubspot/connector.js'
import { isHubSpotError } from '../../src/crm/hubspot/error.js'
import type { TokenVault } from '../../src/crm/hubspot/token-vault.js'
import { type FakeHubSpot, MemoryVault, startFakeHubSpot } from './fake-hubspot.js'

const CLIENT_ID = '6f1b1d5c-93b2-4a41-9c1e-4f0b2d1c7e11'
const CLIENT_SECRET = 'b7c1e0f4-2d6a-4f3e-8a9b-client-secret'
const REFRESH_TOKEN = 'na1-8c6f-4d1e-refresh-token-value'

let fake: FakeHubSpot
let sleeps: number[]

beforeEach(async () => {
  fake = await startFakeHubSpot({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshToken: REFRESH_TOKEN,
  })
  sleeps = []
})
afterEach(() => fake.close())

function connect(vault: TokenVault, extra: Partial<HubSpotConnectorOptions> = {}) {
  return createHubSpotConnector({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    vault,
    baseUrl: fake.baseUrl,
    now: () => fake.now,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    defaultCountry: 'DE',
    ...extra,
  })
}

/** A vault holding a valid access token, as after the OAuth install flow. */
function connectedVault(): MemoryVault {
  return new MemoryVault({
    refreshToken: REFRESH_TOKEN,
    accessToken: fake.issueAccessToken(),
    expiresAt: fake.now + 1_800_000,
  })
}

function seedContacts() {
  const mueller = fake.addContact({
    salutation: 'Herr Dr.',
    firstname: 'Jürgen',
    lastname: 'Müller',
    email: 'j.mueller@brauerei-mueller.de',
    phone: '+49 (0)711 987654-0',
    company: 'Brauerei Müller GmbH & Co. KG',
    address: 'Königstraße 1',
    zip: '70173',
    city: 'Stuttgart',
    country: 'Deutschland',
  })
  const mueller2 = fake.addContact({
    firstname: 'Juergen',
    lastname: 'Mueller',
    email: 'juergen.mueller@gmx.de',
    company: 'Privat',
  })
  const smith = fake.addContact({
    salutation: 'Ms',
    firstname: 'Sarah',
    lastname: 'Smith',
    email: 'sarah.smith@northwind.co.uk',
    company: 'Northwind Traders Ltd',
    country: 'United Kingdom',
  })
  return { mueller, mueller2, smith }
}

describe('HubSpot connector: reading', () => {
  it('searches candidates with the documented request shape and maps the answers', async () => {
    const { mueller, mueller2, smith } = seedContacts()
    const vault = connectedVault()
    const crm = connect(vault)
    const incoming = parseContact({
      firstName: 'Jürgen',
      lastName: 'Müller',
      company: 'Brauerei Müller',
      emails: [{ value: 'J.Mueller@brauerei-mueller.de' }],
    })
    const found = await crm.searchCandidates(incoming, { limit: 10 })

    expect(found.map((record) => record.id).sort()).toEqual([mueller, mueller2].sort())
    expect(found.map((record) => record.id)).not.toContain(smith)
    const first = found.find((record) => record.id === mueller)
    expect(first?.contact).toMatchObject({
      salutation: 'Herr',
      title: 'Dr.',
      lastName: 'Müller',
      addresses: [{ country: 'DE', city: 'Stuttgart' }],
    })
    expect(first?.contact.phones[0]).toMatchObject({ value: '+497119876540', kind: 'work' })

    const [request] = fake.apiRequests()
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/crm/v3/objects/contacts/search')
    expect(request?.authorization).toBe(`Bearer ${vault.tokens?.accessToken}`)
    expect(request?.contentType).toBe('application/json')
    const body = request?.body as { filterGroups: unknown[]; limit: number; properties: string[] }
    expect(body.limit).toBe(10)
    expect(body.properties).toEqual(
      expect.arrayContaining(['email', 'hs_additional_emails', 'lastmodifieddate', 'country']),
    )
    expect(body.filterGroups).toEqual([
      { filters: [{ propertyName: 'email', operator: 'IN', values: ['j.mueller@brauerei-mueller.de'] }] },
      {
        filters: [
          { propertyName: 'lastname', operator: 'IN', values: ['müller', 'mueller', 'muller'] },
          { propertyName: 'firstname', operator: 'IN', values: ['jürgen', 'juergen', 'jurgen'] },
        ],
      },
      {
        filters: [
          { propertyName: 'lastname', operator: 'IN', values: ['müller', 'mueller', 'muller'] },
          { propertyName: 'company', operator: 'CONTAINS_TOKEN', value: 'brauerei' },
        ],
      },
    ])
  })

  it("spaces concurrent searches to stay under HubSpot's search rate", async () => {
    seedContacts()
    const crm = connect(connectedVault())
    const contact = parseContact({ firstName: 'Sarah', lastName: 'Smith' })
    const results = await Promise.all([1, 2, 3].map(() => crm.searchCandidates(contact)))
    expect(results.map((found) => found.length)).toEqual([1, 1, 1])
    expect(sleeps).toEqual([250, 500])
  })

  it('makes no request when the contact has nothing to search by', async () => {
    const crm = connect(connectedVault())
    expect(await crm.searchCandidates(parseContact({ company: 'Muster AG' }))).toEqual([])
    expect(fake.requests).toEqual([])
  })

  it('reads one contact with GET and properties, and undefined for a missing one', async () => {
    const { smith } = seedContacts()
    const crm = connect(connectedVault())
    const record = await crm.get(smith)
    expect(record?.contact).toMatchObject({
      salutation: 'Ms',
      firstName: 'Sarah',
      addresses: [{ country: 'GB' }],
    })
    expect(await crm.get('999999')).toBeUndefined()
    expect(await crm.get('../oauth')).toBeUndefined()
    const [read] = fake.apiRequests()
    expect(read?.method).toBe('GET')
    expect(read?.path).toBe(`/crm/v3/objects/contacts/${smith}`)
    expect(read?.query.properties?.split(',')).toEqual(
      expect.arrayContaining(['firstname', 'salutation', 'mobilephone']),
    )
  })

  it('reads many contacts in batches of 100, in the order asked, skipping missing ones (207)', async () => {
    const ids = Array.from({ length: 150 }, (_, index) =>
      fake.addContact({ lastname: `Kunde ${index}`, email: `kunde${index}@beispiel.de` }),
    )
    const crm = connect(connectedVault())
    const wanted = [ids[149] as string, '424242', ...ids.slice(0, 120)]
    const records = await crm.getMany(wanted)
    expect(records.map((record) => record.id)).toEqual(wanted.filter((id) => id !== '424242'))
    const batches = fake.apiRequests().map((request) => (request.body as { inputs: unknown[] }).inputs.length)
    expect(batches).toEqual([100, 22])
    expect(fake.apiRequests()[0]?.path).toBe('/crm/v3/objects/contacts/batch/read')
  })
})

describe('HubSpot connector: writing', () => {
  it('creates a contact with POST and returns the stored record', async () => {
    const crm = connect(connectedVault())
    const record = await crm.create(
      parseContact({
        salutation: 'Frau',
        title: 'Prof. Dr.',
        firstName: 'Anna',
        lastName: 'Schäfer',
        company: 'Muster GmbH & Co. KG',
        emails: [{ value: 'anna.schaefer@muster.de' }],
        phones: [{ value: '+49891234567', kind: 'work', raw: '+49 (0)89 1234567' }],
        addresses: [
          {
            street: 'Leopoldstraße',
            houseNumber: '12a',
            postalCode: '80802',
            city: 'München',
            country: 'DE',
          },
        ],
      }),
    )
    const [request] = fake.apiRequests()
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/crm/v3/objects/contacts')
    expect(request?.body).toEqual({
      properties: {
        salutation: 'Frau Prof. Dr.',
        firstname: 'Anna',
        lastname: 'Schäfer',
        company: 'Muster GmbH & Co. KG',
        email: 'anna.schaefer@muster.de',
        phone: '+49 (0)89 1234567',
        address: 'Leopoldstraße 12a',
        zip: '80802',
        city: 'München',
        country: 'Germany',
      },
    })
    expect(fake.contacts.get(record.id)?.properties.lastname).toBe('Schäfer')
    expect(record.contact).toMatchObject({
      title: 'Prof. Dr.',
      addresses: [{ street: 'Leopoldstraße', houseNumber: '12a', country: 'DE' }],
    })
    expect(record.updatedAt).toBe(new Date(fake.now).toISOString())
  })

  it('reports an existing contact with the same email as a conflict naming its id', async () => {
    const { mueller } = seedContacts()
    const crm = connect(connectedVault())
    const error = await crm
      .create(parseContact({ lastName: 'Müller', emails: [{ value: 'j.mueller@brauerei-mueller.de' }] }))
      .catch((e: unknown) => e)
    expect(isHubSpotError(error) && error.code).toBe('HUBSPOT_CONFLICT')
    expect(isHubSpotError(error) && error.details?.existingId).toBe(mueller)
  })

  it('refuses to drop values HubSpot cannot hold unless told to', async () => {
    const crm = connect(connectedVault())
    const contact = parseContact({ lastName: 'Weber', addresses: [{ city: 'Köln' }, { city: 'Bonn' }] })
    const error = await crm.create(contact).catch((e: unknown) => e)
    expect(isHubSpotError(error) && error.code).toBe('HUBSPOT_UNMAPPED_FIELDS')
    expect(isHubSpotError(error) && error.details).toEqual({ fields: ['addresses.1'] })
    expect(fake.apiRequests()).toEqual([])
    const dropping = connect(connectedVault(), { onUnmapped: 'drop' })
    expect((await dropping.create(contact)).contact.addresses).toEqual([{ city: 'Köln' }])
  })

  it('updates with a minimal PATCH and returns the whole record', async () => {
    const { mueller } = seedContacts()
    const crm = connect(connectedVault())
    const record = await crm.update(mueller, {
      jobTitle: 'Braumeister',
      phones: [{ value: '+49711987654', kind: 'work', extension: '10' }],
      websites: null,
    })
    const patch = fake.apiRequests().find((request) => request.method === 'PATCH')
    expect(patch?.path).toBe(`/crm/v3/objects/contacts/${mueller}`)
    expect(patch?.body).toEqual({
      properties: {
        jobtitle: 'Braumeister',
        phone: '+49711987654 ext. 10',
        mobilephone: '',
        fax: '',
        website: '',
      },
    })
    expect(record.contact).toMatchObject({
      lastName: 'Müller',
      jobTitle: 'Braumeister',
      title: 'Dr.',
      addresses: [{ city: 'Stuttgart' }],
    })
    expect(record.contact.phones).toEqual([
      { value: '+49711987654', extension: '10', raw: '+49711987654 ext. 10', kind: 'work' },
    ])
    expect(fake.contacts.get(mueller)?.properties.jobtitle).toBe('Braumeister')
  })

  it('fails with HUBSPOT_NOT_FOUND for an unknown id', async () => {
    const crm = connect(connectedVault())
    await expect(crm.update('777', { jobTitle: 'x' })).rejects.toMatchObject({ code: 'HUBSPOT_NOT_FOUND' })
  })
})

describe('HubSpot connector: rate limits and failures', () => {
  it('waits for Retry-After on a secondly 429 and then succeeds', async () => {
    seedContacts()
    const crm = connect(connectedVault())
    fake.inject({
      status: 429,
      headers: { 'Retry-After': '2' },
      body: {
        status: 'error',
        message: 'You have reached your secondly limit.',
        errorType: 'RATE_LIMIT',
        correlationId: 'c1',
        policyName: 'SECONDLY',
      },
    })
    const found = await crm.searchCandidates(parseContact({ lastName: 'Smith', firstName: 'Sarah' }))
    expect(found).toHaveLength(1)
    expect(sleeps).toEqual([2000])
    expect(fake.apiRequests()).toHaveLength(2)
  })

  it('does not retry when the daily limit is reached', async () => {
    const crm = connect(connectedVault())
    fake.inject({
      status: 429,
      body: {
        status: 'error',
        message: 'You have reached your daily limit.',
        errorType: 'RATE_LIMIT',
        correlationId: 'c2',
        policyName: 'DAILY',
      },
    })
    const error = await crm.get('1001').catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'HUBSPOT_RATE_LIMITED',
      details: { policyName: 'DAILY', status: 429 },
    })
    expect(sleeps).toEqual([])
  })

  it('gives up after the bounded retries', async () => {
    const crm = connect(connectedVault(), { maxRetries: 2 })
    const limited = {
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { status: 'error', policyName: 'SECONDLY' },
    }
    fake.inject(limited, limited, limited, limited)
    await expect(crm.get('1001')).rejects.toMatchObject({
      code: 'HUBSPOT_RATE_LIMITED',
      details: { retryAfterMs: 1000 },
    })
    expect(sleeps).toEqual([1000, 1000])
  })

  it('retries 5xx for reads but never repeats a create that may have been stored', async () => {
    const { smith } = seedContacts()
    const crm = connect(connectedVault())
    fake.inject({ status: 502, body: { status: 'error', message: 'Bad gateway' } }, { status: 503 })
    expect((await crm.get(smith))?.id).toBe(smith)
    expect(sleeps).toHaveLength(2)
    fake.inject({ status: 503, body: { status: 'error', message: 'unavailable' } })
    await expect(crm.create(parseContact({ lastName: 'Neu' }))).rejects.toMatchObject({
      code: 'HUBSPOT_UNAVAILABLE',
    })
    expect(fake.apiRequests().filter((request) => request.method === 'POST')).toHaveLength(1)
  })

  it('times out a stalled request with a typed error', async () => {
    const crm = connect(connectedVault(), { timeoutMs: 50, maxRetries: 0 })
    fake.inject({ status: 200, body: {}, delayMs: 1000 })
    await expect(crm.get('1001')).rejects.toMatchObject({ code: 'HUBSPOT_TIMEOUT' })
  })

  it('keeps submitted values and tokens out of a rejection', async () => {
    const vault = connectedVault()
    const crm = connect(vault)
    fake.inject({
      status: 400,
      body: {
        status: 'error',
        message: 'Property values were not valid: email "anna.schaefer@@muster.de" is invalid',
        category: 'VALIDATION_ERROR',
        correlationId: 'a43683b0-5717-4ceb-80b4-104d02915d8c',
        errors: [
          {
            message: 'Email address anna.schaefer@@muster.de is invalid',
            code: 'INVALID_EMAIL',
            in: 'email',
          },
        ],
      },
    })
    const error = await crm
      .create(parseContact({ lastName: 'Schäfer', emails: [{ value: 'anna.schaefer@@muster.de' }] }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'HUBSPOT_REJECTED',
      details: {
        status: 400,
        category: 'VALIDATION_ERROR',
        errorCodes: ['INVALID_EMAIL'],
        correlationId: 'a43683b0-5717-4ceb-80b4-104d02915d8c',
      },
    })
    const serialised = JSON.stringify(error) + String((error as Error).message)
    expect(serialised).not.toContain('anna.schaefer@@muster.de')
    expect(serialised).not.toContain(vault.tokens?.accessToken)
  })

  it('reports a missing scope as HUBSPOT_FORBIDDEN', async () => {
    const crm = connect(connectedVault())
    fake.inject({
      status: 403,
      body: {
        status: 'error',
        message: "This app hasn't been granted all required scopes",
        category: 'MISSING_SCOPES',
      },
    })
    await expect(crm.get('1001')).rejects.toMatchObject({
      code: 'HUBSPOT_FORBIDDEN',
      details: { category: 'MISSING_SCOPES' },
    })
  })

  it('rejects an answer of the wrong shape', async () => {
    const crm = connect(connectedVault())
    fake.inject({ status: 200, body: { results: 'nope' } })
    await expect(
      crm.searchCandidates(parseContact({ lastName: 'Smith', firstName: 'Sarah' })),
    ).rejects.toMatchObject({
      code: 'HUBSPOT_INVALID_RESPONSE',
    })
  })
})

describe('HubSpot connector: OAuth tokens', () => {
  it('refreshes before the first call when no access token is stored, and saves the new tokens', async () => {
    seedContacts()
    const vault = new MemoryVault({ refreshToken: REFRESH_TOKEN })
    const crm = connect(vault)
    await crm.searchCandidates(parseContact({ lastName: 'Smith', firstName: 'Sarah' }))
    const [token] = fake.requests
    expect(token?.path).toBe('/oauth/v1/token')
    expect(token?.contentType).toBe('application/x-www-form-urlencoded')
    expect(token?.body).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH_TOKEN,
    })
    expect(vault.saved).toHaveLength(1)
    expect(vault.tokens?.expiresAt).toBe(fake.now + 1_800_000)
    expect(fake.apiRequests()[0]?.authorization).toBe(`Bearer ${vault.tokens?.accessToken}`)
  })

  it('refreshes ahead of expiry', async () => {
    const vault = new MemoryVault({
      refreshToken: REFRESH_TOKEN,
      accessToken: fake.issueAccessToken(),
      expiresAt: fake.now + 60_000,
    })
    const crm = connect(vault)
    await crm.get('1001')
    expect(fake.tokenRefreshes).toBe(1)
  })

  it('refreshes once after a 401 for an expired token and retries the call', async () => {
    const { smith } = seedContacts()
    const vault = connectedVault()
    const crm = connect(vault)
    fake.expireAccessTokens()
    expect((await crm.get(smith))?.id).toBe(smith)
    expect(fake.tokenRefreshes).toBe(1)
    const calls = fake.apiRequests()
    expect(calls).toHaveLength(2)
    expect(calls[0]?.authorization).not.toBe(calls[1]?.authorization)
  })

  it('shares one refresh among concurrent calls', async () => {
    await fake.close()
    fake = await startFakeHubSpot({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
      refreshDelayMs: 30,
    })
    const { smith } = seedContacts()
    const crm = connect(new MemoryVault({ refreshToken: REFRESH_TOKEN }))
    const records = await Promise.all(Array.from({ length: 8 }, () => crm.get(smith)))
    expect(records.every((record) => record?.id === smith)).toBe(true)
    expect(fake.tokenRefreshes).toBe(1)

    fake.expireAccessTokens()
    await Promise.all(Array.from({ length: 8 }, () => crm.get(smith)))
    expect(fake.tokenRefreshes).toBe(2)
  })

  it('asks for re-authorisation when the refresh token was revoked, without leaking secrets', async () => {
    fake.revokeRefreshToken()
    const crm = connect(new MemoryVault({ refreshToken: REFRESH_TOKEN }))
    const error = await crm.get('1001').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'HUBSPOT_AUTH' })
    const serialised =
      JSON.stringify(error) + String((error as Error).message) + String((error as Error).stack)
    for (const secret of [CLIENT_SECRET, REFRESH_TOKEN]) expect(serialised).not.toContain(secret)
  })

  it('fails with HUBSPOT_NOT_CONNECTED when the vault is empty', async () => {
    await expect(connect(new MemoryVault(undefined)).get('1001')).rejects.toMatchObject({
      code: 'HUBSPOT_NOT_CONNECTED',
    })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settleJobs } from '../../src/dataquality/job-queue.js'
import { CrmTestServer } from '../crm/crm-test-server.js'
import { type FakeHubSpot, startFakeHubSpot } from '../crm/fake-hubspot.js'
import type { Client } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'

// Bulk deduplication of an organisation connected to HubSpot, against the local fake HubSpot: the run pages through
// every HubSpot contact, finds the clusters, and a cluster is reviewed and merged in HubSpot through the merge API
// (the absorbed record archived), then undone.

const CLIENT_ID = '5a1c9e07-2b4d-4f68-8a13-c7e0d9b2f641'
const CLIENT_SECRET = '9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a'
const REFRESH_TOKEN = 'na1-5e6f-7a8b-refresh-token-of-rheinwerk'
const PORTAL_ID = '13579246'

type Cluster = { probability: number; members: { id: string; name: string; email?: string }[] }

describe.each(STORE_KINDS)('bulk dedupe of a HubSpot organisation on the %s store', (kind) => {
  const server = new CrmTestServer(kind)
  let fake: FakeHubSpot
  let admin: Client
  let user: Client
  const ids: Record<string, string> = {}

  async function runDedupe(): Promise<{
    status: string
    result: Record<string, unknown> & { clusters: Cluster[] }
  }> {
    const started = await admin.request('POST', '/dedupe-runs')
    expect(started.statusCode).toBe(202)
    await settleJobs(server.store)
    return (await admin.request('GET', `/dedupe-runs/${started.json().id}`)).json()
  }

  beforeAll(async () => {
    fake = await startFakeHubSpot({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
      portalId: PORTAL_ID,
    })
    ids.mueller = fake.addContact({
      salutation: 'Herr Dr.',
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
    ids.schaefer = fake.addContact({
      firstname: 'Anna',
      lastname: 'Schäfer',
      email: 'anna.schaefer@schaefer-logistik.de',
      phone: '+49 40 5556677',
      company: 'Schäfer Logistik AG',
      city: 'Hamburg',
      country: 'Deutschland',
    })
    ids.oconnor = fake.addContact({
      salutation: 'Ms',
      firstname: 'Sarah',
      lastname: "O'Connor",
      email: 'sarah.oconnor@thamesbridge.co.uk',
      phone: '+44 20 7946 0018',
      company: 'Thames Bridge Consulting Ltd',
      address: '221B Baker Street',
      zip: 'NW1 6XE',
      city: 'London',
      country: 'United Kingdom',
    })
    ids.thomas = fake.addContact({
      firstname: 'Thomas',
      lastname: 'Müller',
      email: 'info@baeckerei-mueller.de',
      phone: '0821 445566',
      company: 'Bäckerei Müller',
      city: 'Augsburg',
      country: 'Deutschland',
    })
    // Captured again at a trade fair: no email, the number in international form, a mobile, the name transliterated.
    ids.muellerCard = fake.addContact({
      firstname: 'Hans-Jürgen',
      lastname: 'Mueller',
      phone: '+49 89 1234560',
      mobilephone: '+49 171 2345678',
      company: 'Müller Maschinenbau GmbH & Co. KG',
      address: 'Leopoldstr. 12',
      zip: '80802',
      city: 'München',
      country: 'Germany',
    })
    ids.oconnorCard = fake.addContact({
      firstname: 'Sarah',
      lastname: 'OConnor',
      phone: '020 7946 0018',
      company: 'Thames Bridge Consulting',
      city: 'London',
      country: 'UK',
    })
    server.hubspotBaseUrls = [fake.baseUrl]
    await server.start()
    admin = await server.createOrganisation('Rheinwerk Vertrieb GmbH', 'admin@rheinwerk-vertrieb.de')
    user = await server.createUser(admin, 'user', 'uwe@rheinwerk-vertrieb.de')
    // A built-in contact that would pair with HubSpot's Müller: a HubSpot run must not look at it.
    const list = await admin.request('POST', '/lists', { name: 'Altbestand' })
    await admin.request('POST', `/lists/${list.json().id}/contacts`, {
      contact: {
        name: 'Hans-Jürgen Müller',
        company: 'Müller Maschinenbau GmbH & Co. KG',
        emails: ['h.mueller@mueller-maschinenbau.de'],
      },
      source: { kind: 'crm' },
    })
    const connected = await admin.request('PUT', '/crm/connection', {
      kind: 'hubspot',
      portalId: PORTAL_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: 'https://kontakte.rheinwerk-vertrieb.de/crm/hubspot/callback',
      defaultCountry: 'DE',
      countryLocale: 'de',
      baseUrl: fake.baseUrl,
      authorization: { refreshToken: REFRESH_TOKEN },
    })
    expect(connected.statusCode).toBe(200)
  }, 120_000)
  afterAll(async () => {
    await server.stop()
    await fake.close()
  })

  it('pages through every HubSpot contact and finds the clusters by their HubSpot ids', async () => {
    const before = fake.apiRequests().length
    const run = await runDedupe()
    expect(run.status).toBe('done')
    expect(run.result).toMatchObject({ crm: 'hubspot', contacts: 6 })
    const clusters = run.result.clusters.map((cluster) => cluster.members.map((member) => member.id))
    // Oldest (smallest HubSpot id) first: the merge view suggests merging the newer record into it.
    expect(clusters).toContainEqual([ids.mueller, ids.muellerCard])
    expect(clusters).toContainEqual([ids.oconnor, ids.oconnorCard])
    expect(clusters.flat()).not.toContain(ids.thomas)
    expect(clusters.flat()).not.toContain(ids.schaefer)
    const mueller = run.result.clusters.find((cluster) => cluster.members[0]?.id === ids.mueller)
    expect(mueller?.members[0]).toMatchObject({
      name: 'Dr. Hans-Jürgen Müller',
      email: 'h.mueller@mueller-maschinenbau.de',
    })
    // The contacts came from HubSpot's list endpoint (not search, whose rate the duplicate checks need), in one page
    // with the properties the mapping reads; the snapshot is gone after the run.
    const calls = fake.apiRequests().slice(before)
    expect(calls.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /crm/v3/objects/contacts',
    ])
    expect(calls[0]?.query).toMatchObject({ limit: '100', archived: 'false' })
    expect(calls[0]?.query.properties?.split(',')).toEqual(
      expect.arrayContaining(['email', 'mobilephone', 'zip']),
    )
    expect(await server.store.db.selectFrom('dq_dedupe_snapshot').selectAll().execute()).toEqual([])
    expect(await server.store.db.selectFrom('dq_dedupe_snapshot_keys').selectAll().execute()).toEqual([])
  })

  it('reviews and merges a cluster in HubSpot, archives the absorbed record, and undoes it', async () => {
    const incoming = { recordId: ids.muellerCard }
    const preview = await user.request('POST', '/merges/preview', { incoming, targetId: ids.mueller })
    expect(preview.statusCode).toBe(200)
    const entries = preview.json().diff.entries as { path: string; kind: string; suggestion: string }[]
    // The same number written two ways and the same address are not conflicts.
    expect(
      entries.find((entry) => entry.path.startsWith('phones') && entry.kind === 'equivalent'),
    ).toBeDefined()
    expect(entries.find((entry) => entry.path === 'addresses[DE|80802|leopoldstrasse|12]')?.kind).toBe(
      'equivalent',
    )
    expect(entries.find((entry) => entry.path === 'phones[+491712345678]')).toMatchObject({
      kind: 'added',
      suggestion: 'union',
    })

    // The merge view sends its radio buttons, which start at the suggestions.
    const merged = await user.request('POST', '/merges', {
      incoming,
      targetId: ids.mueller,
      choices: Object.fromEntries(entries.map((entry) => [entry.path, entry.suggestion])),
      expectedUpdatedAt: preview.json().existing.updatedAt,
    })
    expect(merged.statusCode).toBe(201)
    expect(Object.keys(merged.json().fieldUpdate)).toEqual(['phones'])
    const target = fake.contacts.get(ids.mueller as string)
    expect(target?.properties).toMatchObject({
      lastname: 'Müller',
      email: 'h.mueller@mueller-maschinenbau.de',
      phone: '089 1234560',
      mobilephone: '+49 171 2345678',
      jobtitle: 'Geschäftsführer',
    })
    expect(fake.contacts.has(ids.muellerCard as string)).toBe(false)
    expect(fake.archived.has(ids.muellerCard as string)).toBe(true)
    const archive = fake.requests.filter((request) => request.method === 'DELETE')
    expect(archive.map((request) => request.path)).toEqual([`/crm/v3/objects/contacts/${ids.muellerCard}`])

    // A second run no longer finds the Müller cluster, only the O'Connor one.
    const again = await runDedupe()
    expect(again.result.clusters.map((cluster) => cluster.members.map((member) => member.id))).toEqual([
      [ids.oconnor, ids.oconnorCard],
    ])

    const undone = await user.request('POST', `/merges/${merged.json().id}/undo`)
    expect(undone.statusCode).toBe(200)
    expect(fake.contacts.get(ids.mueller as string)?.properties.mobilephone).toBeUndefined()
    const restored = undone.json().restored
    expect(restored.id).not.toBe(ids.muellerCard)
    ids.restored = restored.id
    expect(fake.contacts.get(restored.id)?.properties).toMatchObject({
      firstname: 'Hans-Jürgen',
      lastname: 'Mueller',
      mobilephone: '+49 171 2345678',
      company: 'Müller Maschinenbau GmbH & Co. KG',
      city: 'München',
    })
  })

  it('pages past HubSpot’s page size and waits out a 429', async () => {
    const total = fake.contacts.size
    for (let i = 0; i < 230; i++) {
      fake.addContact({
        firstname: ['Lena', 'Jonas', 'Emily', 'Oliver', 'Marie'][i % 5] as string,
        lastname: `Testperson${i}`,
        email: `kontakt${i}@beispiel-${i}.de`,
        company: `Beispiel ${i} GmbH`,
      })
    }
    fake.inject({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { status: 'error', policyName: 'SECONDLY' },
    })
    const before = fake.apiRequests().length
    const run = await runDedupe()
    expect(run.status).toBe('done')
    expect(run.result.contacts).toBe(total + 230)
    // Three pages of 100 and the 429'd attempt, all on the list endpoint.
    const calls = fake.apiRequests().slice(before)
    expect(calls).toHaveLength(4)
    expect(
      calls.every((request) => request.method === 'GET' && request.path === '/crm/v3/objects/contacts'),
    ).toBe(true)
    // The 230 distinct people form no cluster; the Müller card, back after the undo, is found again.
    expect(run.result.clusters.map((cluster) => cluster.members.map((member) => member.id)).sort()).toEqual([
      [ids.mueller, ids.restored],
      [ids.oconnor, ids.oconnorCard],
    ])
  })

  it('fails the run with HubSpot’s code when HubSpot refuses, and audits start and end of every run', async () => {
    fake.expireAccessTokens()
    fake.revokeRefreshToken()
    const run = await runDedupe()
    expect(run.status).toBe('failed')
    expect(run).toMatchObject({ error: { code: 'CRM_UNAVAILABLE', crmCode: 'HUBSPOT_AUTH' } })
    const entries = (await admin.request('GET', '/audit?limit=100')).json().entries as {
      action: string
      details: Record<string, unknown>
    }[]
    expect(entries.filter((entry) => entry.action === 'dedupe.start')).toHaveLength(4)
    const ends = entries.filter((entry) => entry.action === 'dedupe.finish').map((entry) => entry.details)
    expect(ends).toHaveLength(4)
    expect(ends[0]).toEqual({ status: 'failed', code: 'CRM_UNAVAILABLE', crmCode: 'HUBSPOT_AUTH' })
    expect(ends[3]).toEqual({
      status: 'done',
      crm: 'hubspot',
      contacts: 6,
      clusters: 2,
      pairs: expect.any(Number),
    })
  })
})

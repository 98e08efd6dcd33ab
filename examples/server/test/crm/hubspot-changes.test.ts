import { afterEach, describe, expect, it } from 'vitest'
import type { CrmConnector } from '../../src/crm/connector.js'
import { createHubSpotConnector } from '../../src/crm/hubspot/connector.js'
import { type FakeHubSpot, MemoryVault, startFakeHubSpot } from './fake-hubspot.js'

const CLIENT = { clientId: 'client-id-1', clientSecret: 'client-secret-1', refreshToken: 'refresh-1' }
const FIRST_NAMES = ['Jürgen', 'Anna', 'Özlem', 'Sarah', 'Klaus', 'Émilie', 'James', 'Grete']
const LAST_NAMES = ['Müller', 'Schäfer', 'Yılmaz', 'Smith', 'Meier', 'Dubois', "O'Brien", 'Groß']

let fake: FakeHubSpot | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function setUp(cap: number): Promise<{ fake: FakeHubSpot; crm: CrmConnector }> {
  fake = await startFakeHubSpot({ ...CLIENT, searchResultCap: cap })
  const server = fake
  const vault = new MemoryVault({ refreshToken: CLIENT.refreshToken })
  const crm = createHubSpotConnector({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    vault,
    baseUrl: server.baseUrl,
    now: () => server.now,
    sleep: async () => {},
    searchResultCap: cap,
  })
  return { fake: server, crm }
}

/** Adds `count` contacts; every `tie` consecutive ones share one lastmodifieddate. */
function addContacts(server: FakeHubSpot, count: number, tie = 1): string[] {
  const base = server.now
  return Array.from({ length: count }, (_, index) =>
    server.addContact(
      {
        firstname: FIRST_NAMES[index % FIRST_NAMES.length] as string,
        lastname: LAST_NAMES[(index * 3) % LAST_NAMES.length] as string,
        email: `kontakt${index}@beispiel-${index % 7}.de`,
      },
      base + 1000 + Math.floor(index / tie),
    ),
  )
}

async function drain(crm: CrmConnector, cursor: string | undefined, limit: number) {
  const ids: string[] = []
  let next = cursor
  for (let pages = 0; pages < 1000; pages++) {
    const page = await crm.listChanges(next, { limit })
    ids.push(...page.records.map((record) => record.id))
    next = page.cursor
    if (!page.hasMore) return { ids, cursor: next, pages: pages + 1 }
  }
  throw new Error('the change feed did not end')
}

describe('HubSpot connector: listChanges', () => {
  it('pages through every contact in lastmodifieddate order, then only reports new changes', async () => {
    const { fake: server, crm } = await setUp(10_000)
    const ids = addContacts(server, 230)
    const first = await drain(crm, undefined, 100)
    expect(first.ids).toEqual(ids)
    expect(first.pages).toBe(3)

    const searches = server.apiRequests().filter((request) => request.path.endsWith('/search'))
    expect(searches[0]?.body).toMatchObject({
      filterGroups: [],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      limit: 100,
    })
    expect(searches[1]?.body).toMatchObject({ after: '100' })

    const quiet = await crm.listChanges(first.cursor)
    expect(quiet).toMatchObject({ records: [], hasMore: false })

    server.now += 60_000
    await crm.update(ids[17] as string, { jobTitle: 'Einkaufsleiterin' })
    const created = server.addContact({
      firstname: 'Lena',
      lastname: 'Köhler',
      email: 'lena.koehler@beispiel.de',
    })
    const later = await drain(crm, quiet.cursor, 100)
    expect(later.ids).toEqual([ids[17], created])
    const lastSearch = server
      .apiRequests()
      .filter((request) => request.path.endsWith('/search'))
      .at(-1)
    expect(lastSearch?.body).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE' }] }],
    })
  })

  it('moves the cursor past the search result cap without losing or repeating contacts that share a timestamp', async () => {
    const { fake: server, crm } = await setUp(250)
    const ids = addContacts(server, 1000, 7)
    const { ids: seen } = await drain(crm, undefined, 100)
    expect(new Set(seen).size).toBe(seen.length)
    expect([...seen].sort()).toEqual([...ids].sort())
    // The fake answers 400 for paging past the cap; the feed never asked for it.
    const searches = server.apiRequests().filter((request) => request.path.endsWith('/search'))
    expect(searches.every((request) => Number((request.body as { after?: string }).after ?? 0) < 250)).toBe(
      true,
    )
  })

  it('stops with a typed error instead of looping when more contacts than the cap share one timestamp', async () => {
    const { fake: server, crm } = await setUp(250)
    addContacts(server, 400, 400)
    await expect(drain(crm, undefined, 100)).rejects.toMatchObject({ code: 'HUBSPOT_REJECTED' })
  })

  it('rejects a cursor it did not produce', async () => {
    const { crm } = await setUp(10_000)
    await expect(crm.listChanges('bm90LWEtY3Vyc29y')).rejects.toMatchObject({
      code: 'HUBSPOT_INVALID_CURSOR',
    })
    await expect(crm.listChanges('{"v":1}')).rejects.toMatchObject({ code: 'HUBSPOT_INVALID_CURSOR' })
  })
})

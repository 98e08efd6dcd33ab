import type { Contact } from '@contactkit/core'
import { generateContacts } from '@contactkit/match'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyFieldUpdate, createBuiltinConnector } from '../../src/dataquality/builtin-connector.js'
import { serverMatcher } from '../../src/dataquality/matcher.js'
import { organisationScope } from '../../src/dataquality/scope.js'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { seedList } from './fixtures.js'

describe('applyFieldUpdate', () => {
  it('sets, clears and edits keyed entries without touching other fields', () => {
    const contact = {
      lastName: 'Weiß',
      department: 'Vertrieb',
      emails: [{ value: 'k.weiss@weiss-soehne.de' }],
      custom: { kundennummer: 'K-1042', segment: 'A' },
    }
    expect(
      applyFieldUpdate(contact, {
        department: null,
        jobTitle: 'Prokurist',
        emails: null,
        'custom.segment': null,
        'social.linkedin': 'https://www.linkedin.com/in/klaus-weiss',
      }),
    ).toEqual({
      lastName: 'Weiß',
      jobTitle: 'Prokurist',
      emails: [],
      custom: { kundennummer: 'K-1042' },
      social: { linkedin: 'https://www.linkedin.com/in/klaus-weiss' },
    })
    expect(contact.department).toBe('Vertrieb')
    expect(applyFieldUpdate({}, { __proto__: 'x', 'custom.__proto__': 'y' } as never)).toEqual({})
  })
})

describe.each(STORE_KINDS)('built-in CRM connector on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  let listId: string
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    ;({ listId } = await seedList(admin, 'CRM', []))
  }, 60_000)
  afterAll(() => server.stop())

  function connector() {
    return createBuiltinConnector({
      db: server.store.db,
      clock: server.clock,
      matcher: serverMatcher(),
      scope: organisationScope(admin.orgId, admin.userId),
      listId,
      source: { kind: 'import', id: 'test' },
      defaultCountry: 'DE',
    })
  }

  it('creates normalised records that are found as candidates at once', async () => {
    const crm = connector()
    const created = await crm.create({
      firstName: 'Jörg',
      lastName: 'Weiß',
      company: 'Weiß & Söhne OHG',
      emails: [{ value: 'J.Weiss@Weiss-Soehne.de' }],
      phones: [{ value: '0211 1234560' }],
      addresses: [],
      websites: [],
    })
    expect(created.contact.phones[0]?.value).toBe('+492111234560')
    expect(await crm.get(created.id)).toEqual(created)
    const candidates = await crm.searchCandidates({
      lastName: 'Weiss',
      emails: [{ value: 'j.weiss@weiss-soehne.de' }],
      phones: [],
      addresses: [],
      websites: [],
    })
    expect(candidates.map((record) => record.id)).toEqual([created.id])
    expect(await crm.getMany([created.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000'])).toEqual([
      created,
    ])
  })

  it('searches a batch in one query with the same candidates, in the same order, as one search each', async () => {
    const crm = connector()
    const { contacts } = generateContacts({ count: 160, seed: 7 })
    const stored = contacts.slice(0, 120).map(({ id: _id, ...contact }) => contact as Contact)
    await crm.createMany(stored)
    // The rest of the generated set: new people and corrupted copies of stored ones; plus one with no keys.
    const probes = [
      ...contacts.slice(120).map(({ id: _id, ...contact }) => contact as Contact),
      { emails: [], phones: [], addresses: [], websites: [] } as unknown as Contact,
    ]
    const sizes: Record<number, number[]> = {}
    for (const limit of [1, 10]) {
      const batch = await crm.searchCandidatesMany(probes, { limit })
      const single = await Promise.all(probes.map((probe) => crm.searchCandidates(probe, { limit })))
      expect(batch).toEqual(single)
      sizes[limit] = batch.map((found) => found.length)
    }
    // The limit cuts per probe: probes with several candidates keep only the best one at limit 1.
    expect(Math.max(...(sizes[10] ?? []))).toBeGreaterThan(1)
    expect(sizes[1]).toEqual(sizes[10]?.map((size) => Math.min(size, 1)))
    expect((await crm.searchCandidatesMany(probes, { limit: 10 })).at(-1)).toEqual([])
  })

  it('pages through changes in order with a cursor', async () => {
    const crm = connector()
    server.clock.advance(1000)
    const later = await crm.create({
      lastName: 'Schäfer',
      emails: [],
      phones: [],
      addresses: [],
      websites: [],
    })
    const first = await crm.listChanges(undefined, { limit: 1 })
    expect(first.records).toHaveLength(1)
    expect(first.hasMore).toBe(true)
    let cursor = first.cursor
    const seen = [...first.records.map((record) => record.id)]
    for (;;) {
      const page = await crm.listChanges(cursor, { limit: 1 })
      seen.push(...page.records.map((record) => record.id))
      cursor = page.cursor
      if (!page.hasMore) break
    }
    expect(seen.at(-1)).toBe(later.id)
    expect(new Set(seen).size).toBe(seen.length)
    const none = await crm.listChanges(cursor)
    expect(none).toMatchObject({ records: [], hasMore: false, cursor })
    await expect(crm.listChanges('kaputt')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})

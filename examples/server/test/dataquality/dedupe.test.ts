import type { Contact } from '@contactkit/core'
import { generateContacts } from '@contactkit/match'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBuiltinConnector } from '../../src/dataquality/builtin-connector.js'
import { createDedupeRun, type DedupeResult, runDedupe } from '../../src/dataquality/dedupe-service.js'
import { settleJobs } from '../../src/dataquality/job-queue.js'
import { serverMatcher } from '../../src/dataquality/matcher.js'
import { organisationScope } from '../../src/dataquality/scope.js'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { muellerCard, muellerCrm, schaefer, seedList, weiss } from './fixtures.js'

describe.each(STORE_KINDS)('bulk deduplication on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  let user: Client
  let ids: string[]
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    user = await server.createUser(admin, 'user', 'ulla@kontakt-werk.de')
    ;({ ids } = await seedList(admin, 'CRM', [muellerCrm, schaefer, weiss, muellerCard]))
    await seedList(user, 'Ullas Liste', [{ ...schaefer, jobTitle: 'Leiterin Einkauf' }])
  }, 60_000)
  afterAll(() => server.stop())

  it('finds the clusters of the whole organisation in the background, with progress', async () => {
    const started = await admin.request('POST', '/dedupe-runs')
    expect(started.statusCode).toBe(202)
    expect(['queued', 'running', 'done']).toContain(started.json().status)
    await settleJobs(server.store)
    const run = (await admin.request('GET', `/dedupe-runs/${started.json().id}`)).json()
    expect(run.status).toBe('done')
    expect(run.progress).toMatchObject({ phase: 'done', done: 5, total: 5 })
    expect(run.result.contacts).toBe(5)
    const clusters = run.result.clusters.map((cluster: { members: { id: string }[] }) =>
      cluster.members.map((member) => member.id).sort(),
    )
    expect(clusters).toContainEqual([ids[0], ids[3]].sort())
    // Anna Schäfer in Ulla's list duplicates the admin's record: the admin sees every list.
    const schaeferCluster = run.result.clusters.find((cluster: { members: { id: string }[] }) =>
      cluster.members.some((member) => member.id === ids[1]),
    )
    expect(schaeferCluster.members).toHaveLength(2)
    expect(run.result.clusters.every((cluster: { members: unknown[] }) => cluster.members.length >= 2)).toBe(
      true,
    )
    const listed = (await admin.request('GET', '/dedupe-runs')).json().runs
    expect(listed[0]).toMatchObject({ id: run.id, status: 'done', result: null })
  })

  it('walks the blocking keys in pages and finds exactly the clusters of an in-memory run', async () => {
    const { contacts } = generateContacts({ count: 150, seed: 11 })
    const crm = createBuiltinConnector({
      db: server.store.db,
      clock: server.clock,
      matcher: serverMatcher(),
      scope: organisationScope(admin.orgId, admin.userId),
      listId: (await seedList(admin, 'Messe 2026', [])).listId,
      source: { kind: 'import', id: 'messe' },
      defaultCountry: 'DE',
    })
    await crm.createMany(contacts.map(({ id: _id, ...contact }) => contact as Contact))
    // The reference: every stored contact in full, in memory, as a single findDuplicates call.
    const stored = await server.store.db
      .selectFrom('contacts')
      .select(['id', 'data', 'created_at'])
      .where('org_id', '=', admin.orgId)
      .where('deleted_at', 'is', null)
      .execute()
    const reference = await serverMatcher().findDuplicates(
      stored.map((row) => ({ ...(row.data as unknown as Contact), id: row.id })),
    )
    const expected = reference.clusters.map((cluster) => [...cluster.ids].sort()).sort()
    expect(expected.length).toBeGreaterThan(10)

    const owner = { orgId: admin.orgId, userId: admin.userId, role: 'admin' as const }
    const results = []
    for (const pageSize of [7, 1_000]) {
      const runId = await createDedupeRun(server.store.db, server.clock, owner)
      await runDedupe(server.store.db, server.clock, owner, runId, { pageSize })
      const run = await server.store.db
        .selectFrom('dq_dedupe_runs')
        .select(['status', 'result'])
        .where('id', '=', runId)
        .executeTakeFirstOrThrow()
      expect(run.status).toBe('done')
      const result = run.result as unknown as DedupeResult
      expect(result.contacts).toBe(stored.length)
      expect(result.clusters.map((cluster) => cluster.members.map((m) => m.id).sort()).sort()).toEqual(
        expected,
      )
      results.push(result)
    }
    // Smaller pages compare again a pair below `possible` that two pages share; everything else is the same.
    expect({ ...results[0], comparisons: 0 }).toEqual({ ...results[1], comparisons: 0 })
    expect(results[0]?.comparisons).toBeGreaterThanOrEqual(results[1]?.comparisons ?? 0)
    // Members carry their display fields, read for the clusters only.
    const byId = new Map(stored.map((row) => [row.id, row.data as unknown as Contact]))
    for (const member of results[0]?.clusters.flatMap((cluster) => cluster.members) ?? []) {
      const contact = byId.get(member.id) as Contact
      expect(member.company).toBe(contact.company)
      expect(member.email).toBe(contact.emails[0]?.value)
    }
  })

  it('keeps father and son of a family firm apart and names them with their suffix', async () => {
    const owner = await server.createOrganisation('Meier Metallbau GmbH & Co. KG', 'admin@meier-metallbau.de')
    const family = {
      firstName: 'Hans',
      lastName: 'Meier',
      company: 'Meier Metallbau GmbH & Co. KG',
      emails: [{ value: 'info@meier-metallbau.de' }],
      phones: [{ value: '+49 89 1234567' }],
      addresses: [{ street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'DE' }],
    }
    const { ids: familyIds } = await seedList(owner, 'Familie', [
      { ...family, suffix: 'sen.' },
      { ...family, suffix: 'jun.' },
      { ...family, firstName: 'Hans', suffix: 'Jr.', phones: [{ value: '089 1234567' }] },
    ])
    const started = await owner.request('POST', '/dedupe-runs')
    await settleJobs(server.store)
    const run = (await owner.request('GET', `/dedupe-runs/${started.json().id}`)).json()
    const clusters = run.result.clusters.map((cluster: { members: { id: string; name: string }[] }) =>
      cluster.members.map((member) => [member.id, member.name]).sort(),
    )
    expect(clusters).toEqual([
      [
        [familyIds[1], 'Hans Meier jun.'],
        [familyIds[2], 'Hans Meier Jr.'],
      ].sort(),
    ])
  })

  it('is for administrators only', async () => {
    const refused = await user.request('POST', '/dedupe-runs')
    expect(refused.statusCode).toBe(403)
  })
})

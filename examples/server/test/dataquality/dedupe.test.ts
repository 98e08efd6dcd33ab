import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settleJobs } from '../../src/dataquality/job-queue.js'
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

  it('is for administrators only', async () => {
    const refused = await user.request('POST', '/dedupe-runs')
    expect(refused.statusCode).toBe(403)
  })
})

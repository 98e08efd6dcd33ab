// Bulk dedupe of an organisation connected to HubSpot, against the local fake HubSpot (in this process) holding N
// synthetic contacts: the run lists them into its snapshot, then walks the snapshot's keys. Reports time, CPU (of this
// process, which includes the fake's answers) and the heap retained between pages.
// Run: DATABASE_URL=postgres://... BENCH_CONTACTS=100000 node --expose-gc --import tsx bench/dedupe-hubspot.bench.ts
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import type { Contact } from '@contactkit/core'
import { generateContacts } from '@contactkit/match'
import { systemClock } from '../src/clock.js'
import { toCreateProperties } from '../src/crm/hubspot/mapping.js'
import { clientSecretContext, connectionVault } from '../src/crm/organisation-crm.js'
import { connectorFor } from '../src/dataquality/connectors.js'
import { createDedupeRun, type DedupeResult, runDedupe } from '../src/dataquality/dedupe-service.js'
import { createSecretBox, generateKeyring } from '../src/secret-box.js'
import { startFakeHubSpot } from '../test/crm/fake-hubspot.js'
import { createBenchDatabase, openStore, seedContacts } from './seed.js'

const adminUrl = process.env.DATABASE_URL
if (!adminUrl)
  throw new Error(
    'Set DATABASE_URL to a PostgreSQL server; the benchmark creates and drops its own database.',
  )
const count = Number(process.env.BENCH_CONTACTS ?? 20_000)
const gc = (globalThis as { gc?: () => void }).gc
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)

const credentials = { clientId: 'bench-client', clientSecret: 'bench-secret', refreshToken: 'bench-refresh' }
const fake = await startFakeHubSpot({ ...credentials, portalId: '4242' })
const { contacts } = generateContacts({ count, seed: 7 })
for (const contact of contacts) {
  fake.addContact(toCreateProperties(contact as Contact, { countryLocale: 'de' }).properties)
}
const database = await createBenchDatabase(adminUrl)
const store = await openStore({ kind: 'postgres', url: database.url })
try {
  const seeded = await seedContacts(store, 0, () => {})
  const secrets = createSecretBox(generateKeyring())
  const id = randomUUID()
  const now = new Date()
  const settings = {
    portalId: '4242',
    clientId: credentials.clientId,
    redirectUri: 'https://kontakte.example.de/crm/hubspot/callback',
    scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
    defaultCountry: 'DE',
    countryLocale: 'de',
    baseUrl: fake.baseUrl,
  }
  await store.db
    .insertInto('crm_connections')
    .values({
      id,
      org_id: seeded.orgId,
      kind: 'hubspot',
      settings: JSON.stringify(settings),
      client_secret_sealed: await secrets.seal(
        credentials.clientSecret,
        clientSecretContext(seeded.orgId, id),
      ),
      tokens_sealed: 'replaced below',
      created_by: seeded.userId,
      created_at: now,
      updated_by: seeded.userId,
      updated_at: now,
    })
    .execute()
  await connectionVault(store.db, secrets, seeded.orgId, id).save({
    refreshToken: credentials.refreshToken,
    accessToken: fake.issueAccessToken(24 * 3600),
    expiresAt: Date.now() + 24 * 3600_000,
  })
  const owner = { orgId: seeded.orgId, userId: seeded.userId, role: 'admin' as const }
  const runId = await createDedupeRun(store.db, systemClock, owner)
  gc?.()
  const base = process.memoryUsage().heapUsed
  let live = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  await runDedupe(store.db, systemClock, owner, runId, {
    crm: () => connectorFor({ store, clock: systemClock, secrets }, owner),
    afterPage: () => {
      if (!gc) return
      gc()
      live = Math.max(live, process.memoryUsage().heapUsed - base)
    },
  })
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const run = await store.db
    .selectFrom('dq_dedupe_runs')
    .select(['status', 'result', 'error'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow()
  const result = run.result as unknown as DedupeResult | null
  console.log(
    JSON.stringify(
      {
        contacts: count,
        status: run.status,
        error: run.error,
        crm: result?.crm,
        clusters: result?.clusters.length,
        pairs: result?.pairs,
        listRequests: fake.listPages,
        seconds: +seconds.toFixed(1),
        cpuSecondsIncludingFake: +((used.user + used.system) / 1e6).toFixed(1),
        liveHeapBetweenPagesMaxMb: mb(live),
        loadAverage: loadavg().map((value) => +value.toFixed(1)),
      },
      null,
      2,
    ),
  )
} finally {
  await store.close()
  await database.drop()
  await fake.close()
}

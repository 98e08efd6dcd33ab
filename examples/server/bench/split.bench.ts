// In-process split of one duplicate check: where the time of POST /duplicates/check goes (HTTP layer via
// app.inject, the check service, the candidate query, normalisation, scoring). Medians and CPU time per call.
// Run: DATABASE_URL=postgres://... BENCH_CONTACTS=20000 tsx bench/split.bench.ts
import type { Contact, ContactInput } from '@contactkit/core'
import { normalizeContact } from '@contactkit/normalize'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { systemClock } from '../src/clock.js'
import { findCandidateRows } from '../src/dataquality/blocking-keys.js'
import { createBuiltinConnector } from '../src/dataquality/builtin-connector.js'
import { checkDuplicate } from '../src/dataquality/duplicate-check.js'
import { serverMatcher } from '../src/dataquality/matcher.js'
import { organisationScope } from '../src/dataquality/scope.js'
import { createSecretBox, generateKeyring } from '../src/secret-box.js'
import { createBenchDatabase, openStore, probeOf, seedContacts } from './seed.js'

const adminUrl = process.env.DATABASE_URL
if (!adminUrl)
  throw new Error(
    'Set DATABASE_URL to a PostgreSQL server; the benchmark creates and drops its own database.',
  )
const count = Number(process.env.BENCH_CONTACTS ?? 20_000)
const rounds = Number(process.env.BENCH_ROUNDS ?? 400)

// BENCH_ONLY=<prefix> runs only the measurements whose name starts with it (for a CPU profile of one).
const only = process.env.BENCH_ONLY

// Database round trips per call: every query of the pool goes through pg.Client#query.
let queries = 0
const query = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++
  return (query as (...a: unknown[]) => unknown).apply(this, args)
} as typeof query

async function measure(name: string, task: (i: number) => Promise<unknown> | unknown): Promise<void> {
  if (only && !name.startsWith(only)) return
  for (let i = 0; i < 50; i++) await task(i)
  const times: number[] = []
  queries = 0
  const cpu = process.cpuUsage()
  for (let i = 0; i < rounds; i++) {
    const begin = performance.now()
    await task(i)
    times.push(performance.now() - begin)
  }
  const used = process.cpuUsage(cpu)
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)] as number
  const cpuMs = (used.user + used.system) / 1000 / rounds
  const perCall = (queries / rounds).toFixed(1)
  console.log(
    `${name.padEnd(36)} median ${median.toFixed(3)} ms   CPU ${cpuMs.toFixed(3)} ms/call   ${perCall} queries/call`,
  )
}

const database = await createBenchDatabase(adminUrl)
const store = await openStore({ kind: 'postgres', url: database.url })
try {
  const seeded = await seedContacts(store, count, () => {})
  const app = await buildApp({ store, secrets: createSecretBox(generateKeyring()), clock: systemClock })
  await app.ready()
  const matcher = serverMatcher()
  const probes = seeded.samples.map(probeOf)
  const bodies = probes.map((contact) => JSON.stringify({ contact, defaultCountry: 'DE' }))
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` }
  const scope = organisationScope(seeded.orgId, seeded.userId)
  const connector = createBuiltinConnector({ db: store.db, clock: systemClock, matcher, scope })
  const normalised = probes.map(
    (probe) => normalizeContact(probe as ContactInput, { defaultCountry: 'DE' }).contact,
  )
  const pick = <T>(list: T[], i: number) => list[i % list.length] as T
  console.log(`${count} contacts, ${rounds} calls each`)
  await measure('GET /health (inject)', () => app.inject({ method: 'GET', url: '/health' }))
  await measure('POST /duplicates/check (inject)', (i) =>
    app.inject({ method: 'POST', url: '/duplicates/check', headers, payload: pick(bodies, i) }),
  )
  await measure('checkDuplicate (service)', (i) =>
    checkDuplicate(connector, matcher, pick(probes, i) as ContactInput, { defaultCountry: 'DE' }),
  )
  await measure('normalizeContact', (i) =>
    normalizeContact(pick(probes, i) as ContactInput, { defaultCountry: 'DE' }),
  )
  await measure('blocking keys of the probe', (i) => matcher.blockingKeys(pick(normalised, i)))
  await measure('candidate query (10)', (i) =>
    findCandidateRows(store.db, scope, matcher.blockingKeys(pick(normalised, i)), { limit: 10 }),
  )
  const candidates = await Promise.all(
    normalised
      .slice(0, 50)
      .map((contact) => findCandidateRows(store.db, scope, matcher.blockingKeys(contact), { limit: 10 })),
  )
  await measure('score 10 candidates (compare)', (i) => {
    const probe = pick(normalised, i % 50)
    for (const row of pick(candidates, i)) matcher.compare(probe, row.data as unknown as Contact)
  })
  await app.close()
} finally {
  await store.close()
  await database.drop()
}

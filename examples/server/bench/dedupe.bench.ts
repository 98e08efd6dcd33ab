// Bulk dedupe of an organisation of N contacts in PostgreSQL: time and the peak memory of this process.
// Run: DATABASE_URL=postgres://... BENCH_CONTACTS=50000 node --expose-gc --import tsx bench/dedupe.bench.ts
import { loadavg } from 'node:os'
import { systemClock } from '../src/clock.js'
import { createDedupeRun, runDedupe } from '../src/dataquality/dedupe-service.js'
import { createBenchDatabase, openStore, seedContacts } from './seed.js'

const adminUrl = process.env.DATABASE_URL
if (!adminUrl)
  throw new Error(
    'Set DATABASE_URL to a PostgreSQL server; the benchmark creates and drops its own database.',
  )
const count = Number(process.env.BENCH_CONTACTS ?? 50_000)
const gc = (globalThis as { gc?: () => void }).gc

const database = await createBenchDatabase(adminUrl)
const store = await openStore({ kind: 'postgres', url: database.url })
try {
  const seeded = await seedContacts(store, count, () => {})
  const owner = { orgId: seeded.orgId, userId: seeded.userId, role: 'admin' as const }
  const runId = await createDedupeRun(store.db, systemClock, owner)
  gc?.()
  const base = process.memoryUsage()
  let heapPeak = base.heapUsed
  let rssPeak = base.rss
  // Sampled often enough to see the peak of the loading and blocking phases.
  const sampler = setInterval(() => {
    const now = process.memoryUsage()
    heapPeak = Math.max(heapPeak, now.heapUsed)
    rssPeak = Math.max(rssPeak, now.rss)
  }, 10)
  const cpu = process.cpuUsage()
  const started = performance.now()
  await runDedupe(store.db, systemClock, owner, runId)
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  clearInterval(sampler)
  const run = await store.db
    .selectFrom('dq_dedupe_runs')
    .select(['status', 'result'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow()
  const result = run.result as { contacts: number; clusters: unknown[]; pairs: number } | null
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)
  console.log(
    JSON.stringify(
      {
        contacts: count,
        status: run.status,
        clusters: result?.clusters.length,
        pairs: result?.pairs,
        seconds: +seconds.toFixed(1),
        cpuSeconds: +((used.user + used.system) / 1e6).toFixed(1),
        heapPeakAboveStartMb: mb(heapPeak - base.heapUsed),
        rssPeakAboveStartMb: mb(rssPeak - base.rss),
        loadAverage: loadavg().map((value) => +value.toFixed(1)),
      },
      null,
      2,
    ),
  )
} finally {
  await store.close()
  await database.drop()
}

// Bulk dedupe of an organisation of N contacts in PostgreSQL: time, CPU and the peak memory of this process.
// The run walks the indexed blocking keys a page of blocks at a time (`runDedupe`). With BENCH_COMPARE=1 the same
// contacts also go through the in-memory path the server used before (all contacts loaded, one `findDuplicates`),
// and the clusters of both are compared.
// Run: DATABASE_URL=postgres://... BENCH_CONTACTS=100000 [BENCH_COMPARE=1] [BENCH_LIVE=1] node --expose-gc --import tsx bench/dedupe.bench.ts
import { loadavg } from 'node:os'
import type { Contact } from '@contactkit/core'
import { sql } from 'kysely'
import { systemClock } from '../src/clock.js'
import { createDedupeRun, type DedupeResult, runDedupe } from '../src/dataquality/dedupe-service.js'
import { matchedContactFields } from '../src/dataquality/dedupe-source.js'
import { serverMatcher } from '../src/dataquality/matcher.js'
import { createBenchDatabase, openStore, seedContacts } from './seed.js'

const adminUrl = process.env.DATABASE_URL
if (!adminUrl)
  throw new Error(
    'Set DATABASE_URL to a PostgreSQL server; the benchmark creates and drops its own database.',
  )
const count = Number(process.env.BENCH_CONTACTS ?? 50_000)
const compare = process.env.BENCH_COMPARE === '1'
// BENCH_LIVE=1: a full collection after every page, to report the retained heap (slower; timings not comparable).
const measureLive = process.env.BENCH_LIVE === '1'
const gc = (globalThis as { gc?: () => void }).gc
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)

/** Runs `work` and reports wall and CPU seconds and the peak heap and RSS above the start (sampled every 10 ms). */
async function measure<T>(work: () => Promise<T>) {
  gc?.()
  const base = process.memoryUsage()
  let heapPeak = base.heapUsed
  let rssPeak = base.rss
  const sampler = setInterval(() => {
    const now = process.memoryUsage()
    heapPeak = Math.max(heapPeak, now.heapUsed)
    rssPeak = Math.max(rssPeak, now.rss)
  }, 10)
  const cpu = process.cpuUsage()
  const started = performance.now()
  const value = await work()
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  clearInterval(sampler)
  return {
    value,
    seconds: +seconds.toFixed(1),
    cpuSeconds: +((used.user + used.system) / 1e6).toFixed(1),
    heapPeakAboveStartMb: mb(heapPeak - base.heapUsed),
    rssPeakAboveStartMb: mb(rssPeak - base.rss),
  }
}

const database = await createBenchDatabase(adminUrl)
const store = await openStore({ kind: 'postgres', url: database.url })
try {
  const seeded = await seedContacts(store, count, () => {})
  const owner = { orgId: seeded.orgId, userId: seeded.userId, role: 'admin' as const }
  const runId = await createDedupeRun(store.db, systemClock, owner)
  // What the walk keeps between pages: the heap right after a full collection at each page boundary.
  let liveHeapPeak = 0
  let liveHeapBase = 0
  const walked = await measure(async () => {
    gc?.()
    liveHeapBase = process.memoryUsage().heapUsed
    await runDedupe(store.db, systemClock, owner, runId, {
      afterPage: () => {
        if (!gc || !measureLive) return
        gc()
        liveHeapPeak = Math.max(liveHeapPeak, process.memoryUsage().heapUsed - liveHeapBase)
      },
    })
    const run = await store.db
      .selectFrom('dq_dedupe_runs')
      .select(['status', 'result'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow()
    return { status: run.status, result: run.result as unknown as DedupeResult }
  })
  const result = walked.value.result
  const report: Record<string, unknown> = {
    contacts: count,
    status: walked.value.status,
    clusters: result.clusters.length,
    truncated: result.truncated,
    pairs: result.pairs,
    blocks: result.blocks,
    comparisons: result.comparisons,
    seconds: walked.seconds,
    cpuSeconds: walked.cpuSeconds,
    heapPeakAboveStartMb: walked.heapPeakAboveStartMb,
    rssPeakAboveStartMb: walked.rssPeakAboveStartMb,
    ...(measureLive ? { liveHeapBetweenPagesMaxMb: mb(liveHeapPeak) } : {}),
  }
  if (compare) {
    // The earlier path: every contact's matched fields in memory, then one findDuplicates.
    const matcher = serverMatcher()
    const fields = matchedContactFields(matcher.parameters().map((parameter) => parameter.field))
    const inMemory = await measure(async () => {
      const rows = await sql<{ id: string; data: Record<string, unknown> }>`
        select c.id, (select jsonb_object_agg(f.key, f.value) from jsonb_each(c.data) f
          where f.key = any(${fields}::text[])) as data
        from contacts c where c.org_id = ${owner.orgId} and c.deleted_at is null order by c.id`.execute(
        store.db,
      )
      const contacts = rows.rows.map((row) => ({ ...row.data, id: row.id }) as Contact & { id: string })
      return matcher.findDuplicates(contacts)
    })
    const key = (ids: readonly string[]) => [...ids].sort().join(',')
    const walkedClusters = new Set(result.clusters.map((cluster) => key(cluster.members.map((m) => m.id))))
    const memoryClusters = new Set(inMemory.value.clusters.map((cluster) => key(cluster.ids)))
    const both = [...walkedClusters].filter((cluster) => memoryClusters.has(cluster)).length
    report.inMemory = {
      clusters: memoryClusters.size,
      pairs: inMemory.value.pairs.length,
      seconds: inMemory.seconds,
      cpuSeconds: inMemory.cpuSeconds,
      heapPeakAboveStartMb: inMemory.heapPeakAboveStartMb,
      rssPeakAboveStartMb: inMemory.rssPeakAboveStartMb,
    }
    report.sameClusters = both
    report.onlyWalked = walkedClusters.size - both
    report.onlyInMemory = memoryClusters.size - both
  }
  report.loadAverage = loadavg().map((value) => +value.toFixed(1))
  console.log(JSON.stringify(report, null, 2))
} finally {
  await store.close()
  await database.drop()
}

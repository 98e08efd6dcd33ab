// Bulk dedupe of N synthetic contacts (default 1,000,000; BENCH_N to change), then (unless BENCH_INDEX=0) a warm index of the same
// records: add latency (median) and single-query latency (p50/p95). fuzzball, the JS peer, has no index or
// blocking: its single-query cost is a linear scan, measured on a slice and scaled to N.
// Runs against the build (dist/), as users do: `pnpm run build` first.
// Run: `npx tsx bench/million.bench.ts` in packages/match (give Node room: NODE_OPTIONS=--max-old-space-size=3072).
import * as fuzz from 'fuzzball'

// The build, not the sources: worker threads load plain JavaScript. Types come from the sources so the
// root typecheck works before anything is built.
const { createMatcher, generateContacts, generateContactStream }: typeof import('../src/index.js') =
  await import(new URL('../dist/index.js', import.meta.url).href)

const N = Number(process.env.BENCH_N ?? 1_000_000)
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6
console.log(`start: RSS ${mb(process.memoryUsage().rss)}`)

// The contacts come as a user with a million contacts in a database would hand them over: streamed, a page of
// 10,000 at a time, so no more than a page of contact objects is alive. Making a page (the seeded generator stands
// in for the database) is timed apart and subtracted, as reading the database would be in a real run.
const PAGE = 10_000
let generateMs = 0
let generateCpu = 0
function* pages(): Generator<Contact> {
  const stream = generateContactStream({ count: N, seed: 2026 })
  for (;;) {
    const t = performance.now()
    const cpu0 = process.cpuUsage()
    const page: Contact[] = []
    for (let k = 0; k < PAGE; k++) {
      const step = stream.next()
      if (step.done) break
      page.push(step.value)
    }
    generateMs += performance.now() - t
    generateCpu += cpuSeconds(process.cpuUsage(cpu0))
    if (page.length === 0) return
    yield* page
  }
}
type Contact = ReturnType<typeof generateContacts>['contacts'][number]
let started = performance.now()
const matcher = createMatcher()
const cpuBefore = process.cpuUsage()
started = performance.now()
let last = started
let lastCpu = process.cpuUsage()
let lastGenerateMs = 0
let lastGenerateCpu = 0
const result = await matcher.findDuplicates(pages(), {
  onProgress: (progress) => {
    if (progress.done === progress.total && progress.total > 0) {
      const now = performance.now()
      // CPU time of all threads of the process (the scoring phase includes the worker's share), without the
      // generator's. Memory at the end of each phase: where the peak builds up (heap of this thread, off-heap
      // buffers, RSS; peak RSS is the process's, all threads).
      const memory = process.memoryUsage()
      const wall = now - last - (generateMs - lastGenerateMs)
      const cpu = cpuSeconds(process.cpuUsage(lastCpu)) - (generateCpu - lastGenerateCpu)
      console.log(
        `  ${progress.phase}: ${(wall / 1000).toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU; heap ${mb(memory.heapUsed)}, buffers ${mb(memory.arrayBuffers)}, RSS ${mb(memory.rss)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
      )
      last = now
      lastCpu = process.cpuUsage()
      lastGenerateMs = generateMs
      lastGenerateCpu = generateCpu
    }
  },
})
const bulkSeconds = (performance.now() - started - generateMs) / 1000
const cpu = cpuSeconds(process.cpuUsage(cpuBefore)) - generateCpu
console.log(
  `  generating the ${N.toLocaleString('en')} streamed contacts (not counted): ${(generateMs / 1000).toFixed(1)} s wall, ${generateCpu.toFixed(1)} s CPU`,
)
console.log(`  CPU time of the process (all threads): ${cpu.toFixed(1)} s`)
console.log(
  `bulk dedupe: ${bulkSeconds.toFixed(1)} s, ${result.stats.candidatePairs.toLocaleString('en')} candidate pairs, ${result.pairs.length.toLocaleString('en')} pairs ≥ possible, ${result.clusters.length.toLocaleString('en')} clusters, workers ${result.stats.workers}, peak RSS so far ${mb(process.resourceUsage().maxRSS * 1024)}`,
)

// BENCH_INDEX=0 stops here (a bulk-only run, e.g. to measure its memory alone).
if (process.env.BENCH_INDEX === '0') process.exit(0)

// The machine is shared: besides wall-clock latency, the CPU time of the process is measured per call, which
// leaves out the time the process waited for a core.
const cpuMicros = () => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}
const percentile = (values: ArrayLike<number>, share: number) =>
  Float64Array.from(values).sort()[Math.floor(values.length * share)] as number
const index = matcher.createIndex()
const addTimes = new Float64Array(N)
const addCpu = new Float64Array(N)
// The index holds what it needs of each contact; the contact objects themselves are streamed as above.
const stream = generateContactStream({ count: N, seed: 2026 })
for (let i = 0; i < N; i++) {
  const contact = stream.next().value as Contact
  const cpu0 = cpuMicros()
  const t = process.hrtime.bigint()
  index.add(contact)
  addTimes[i] = Number(process.hrtime.bigint() - t) / 1000
  addCpu[i] = cpuMicros() - cpu0
}
console.log(
  `index add: wall median ${percentile(addTimes, 0.5).toFixed(1)} µs, p95 ${percentile(addTimes, 0.95).toFixed(1)} µs; CPU median ${percentile(addCpu, 0.5).toFixed(1)} µs; size ${index.size.toLocaleString('en')}, RSS ${mb(process.memoryUsage().rss)}`,
)

const queries = generateContacts({ count: 2000, seed: 2026 })
  .contacts.slice(0, 2000)
  .map((contact) => ({ ...contact, id: `q-${contact.id}` }))
const queryTimes: number[] = []
const queryCpu: number[] = []
let found = 0
for (const query of queries) {
  const cpu0 = cpuMicros()
  const t = process.hrtime.bigint()
  const matches = index.query(query, { limit: 5 })
  queryTimes.push(Number(process.hrtime.bigint() - t) / 1e6)
  queryCpu.push((cpuMicros() - cpu0) / 1000)
  if (matches.length > 0) found++
}
const p95 = percentile(queryTimes, 0.95)
console.log(
  `index query: wall p50 ${percentile(queryTimes, 0.5).toFixed(3)} ms, p95 ${p95.toFixed(3)} ms; CPU p50 ${percentile(queryCpu, 0.5).toFixed(3)} ms, p95 ${percentile(queryCpu, 0.95).toFixed(3)} ms (${found}/${queries.length} queries found a match)`,
)

// fuzzball: one query = token_set_ratio against every record; measured on a slice, scaled to N.
const slice = Math.min(N, 20_000)
// The first records of the stream (the generator is sequential, so these are the same contacts).
const texts = generateContacts({ count: slice, seed: 2026 }).contacts.map((c) =>
  fuzz.full_process(`${c.firstName ?? ''} ${c.lastName ?? ''} ${c.company ?? ''}`),
)
const probe = fuzz.full_process(
  `${queries[0]?.firstName ?? ''} ${queries[0]?.lastName ?? ''} ${queries[0]?.company ?? ''}`,
)
const t = performance.now()
for (const text of texts) fuzz.token_set_ratio(probe, text, { full_process: false })
const fuzzQuery = ((performance.now() - t) / slice) * N
console.log(
  `fuzzball single query (linear scan, scaled from ${slice.toLocaleString('en')}): ${fuzzQuery.toFixed(0)} ms; ratio vs contactkit p95: ${(fuzzQuery / p95).toFixed(0)}x`,
)
console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}`)

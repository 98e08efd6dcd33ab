// Febrl3 (5,000 records) end to end: contactkit findDuplicates vs fuzzball token_set_ratio over all pairs.
// Run: `pnpm --filter @contactkit/match bench` (both benches) or `npx tsx bench/febrl.bench.ts` in packages/match.
// BENCH_FUZZ_SECONDS caps fuzzball (default 60 s); past the cap its all-pairs time is extrapolated from the rate.
import * as fuzz from 'fuzzball'
import { FEBRL_CONFIG, loadFebrl } from '../scripts/febrl.js'

// The build, not the sources: worker threads load plain JavaScript. Types come from the sources so the
// root typecheck works before anything is built.
const { createMatcher }: typeof import('../src/index.js') = await import(
  new URL('../dist/index.js', import.meta.url).href
)

const { contacts, raw } = loadFebrl('dataset3.csv')
const runs = Number(process.env.BENCH_RUNS ?? 7)
const times: number[] = []
// CPU time of the process per run: on a shared machine the wall clock also counts waiting for a core.
const cpuTimes: number[] = []
let pairs = 0
for (let run = 0; run < runs; run++) {
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const matcher = createMatcher(FEBRL_CONFIG)
  const result = await matcher.findDuplicates(contacts)
  const cpu = process.cpuUsage(cpuBefore)
  times.push(performance.now() - started)
  cpuTimes.push((cpu.user + cpu.system) / 1000)
  pairs = result.pairs.length
}
times.sort((a, b) => a - b)
cpuTimes.sort((a, b) => a - b)
const ours = times[Math.floor(times.length / 2)] as number
console.log(
  `contactkit findDuplicates, Febrl3 ${contacts.length} records: median ${ours.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)} ms), CPU median ${cpuTimes[Math.floor(cpuTimes.length / 2)]?.toFixed(0)} ms, ${pairs} pairs ≥ possible`,
)

const texts = raw.map((record) => fuzz.full_process(record.cells.join(' ')))
const n = texts.length
const all = (n * (n - 1)) / 2
const cap = Number(process.env.BENCH_FUZZ_SECONDS ?? 60) * 1000
const started = performance.now()
let compared = 0
let hits = 0
for (let i = 0; i < n; i++) {
  for (let j = i + 1; j < n; j++) {
    if (fuzz.token_set_ratio(texts[i] as string, texts[j] as string, { full_process: false }) >= 80) hits++
    compared++
  }
  if (performance.now() - started > cap) break
}
const elapsed = performance.now() - started
const fuzzAll = compared === all ? elapsed : (elapsed / compared) * all
console.log(
  `fuzzball token_set_ratio all pairs: ${compared === all ? 'measured' : `extrapolated from ${compared.toLocaleString('en')} of ${all.toLocaleString('en')} pairs in ${(elapsed / 1000).toFixed(1)} s`} ${(fuzzAll / 1000).toFixed(1)} s (${hits} hits ≥ 80 in the part run)`,
)
console.log(`ratio fuzzball / contactkit: ${(fuzzAll / ours).toFixed(0)}x`)

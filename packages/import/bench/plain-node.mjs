// The full import under plain `node`, from the built bundle: no tsx, whose loader flags worker threads inherit
// (each worker would load tsx and its loader thread too). import.bench.ts runs its full-import cases through this.
// Usage, after the `bench` script (or `tsup`) has built dist/ and written the file:
//   node bench/plain-node.mjs <csv file> [workers = 0] [runs = 1]
// Prints rows/s (wall) and CPU time per row of the whole process (all threads) for each run, and the peak RSS;
// with IMPORT_BENCH_JSON=1 one JSON line with the medians instead. IMPORT_BENCH_DIST picks another bundle
// (relative to this file), e.g. a saved build of an earlier commit.
import { createReadStream } from 'node:fs'

const { importContacts } = await import(process.env.IMPORT_BENCH_DIST ?? '../dist/index.js')
const [path, workers = '0', runs = '1'] = process.argv.slice(2)
if (!path) throw new Error('usage: node bench/plain-node.mjs <csv file> [workers] [runs]')
const json = process.env.IMPORT_BENCH_JSON === '1'
const mib = (bytes) => Math.round(bytes / 1048576)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const baseline = process.memoryUsage.rss()
let peak = baseline
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss())
}, 20)
const rates = []
const cpus = []
let rows = 0
for (let run = 0; run < Number(runs); run++) {
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  rows = 1 // the header row, as the other cases count it
  for await (const row of importContacts(createReadStream(path, { highWaterMark: 64 * 1024 }), {
    defaultCountry: 'DE',
    workers: Number(workers),
  })) {
    if (row.contact) rows++
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const cpu = process.cpuUsage(cpuStart)
  rates.push(rows / seconds)
  cpus.push((cpu.user + cpu.system) / rows)
  if (!json) {
    console.log(
      `workers ${workers}: ${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${((cpu.user + cpu.system) / rows).toFixed(2)} µs CPU/row (${rows.toLocaleString('en')} rows)`,
    )
  }
}
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage.rss())
if (json) {
  const results = { import: { rows, median: median(rates), cpu: median(cpus) } }
  process.stdout.write(`${JSON.stringify({ results, baseline, peakRss: peak })}\n`)
} else console.log(`peak RSS ${mib(peak)} MiB (${mib(baseline)} MiB before it started)`)

// Raw CSV parse (ours vs PapaParse, uDSV, fast-csv) and the full import pipeline on a generated contact CSV.
// Each case runs in its own child process so that its peak RSS is its own; the full imports under plain node.
// Env: IMPORT_BENCH_ROWS (file for raw parse, default 1,000,000), IMPORT_BENCH_IMPORT_ROWS (file for the full
// import, default 100,000), IMPORT_BENCH_RUNS (default 3), IMPORT_BENCH_WORKERS (default 2), IMPORT_BENCH_DIST (the
// bundle to measure, relative to this file; default ../dist/index.js, e.g. a saved build of an earlier commit).
import { spawnSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { normalizeContact } from '@contactkit/normalize'
import { parse as fastCsvParse } from 'fast-csv'
import Papa from 'papaparse'
import { inferSchema, initParser, type Parser } from 'udsv'
import { toContactInput } from '../src/contact-row.js'
import { type CsvRecord, suggestMapping } from '../src/index.js'
import { contactCsv } from './generate.js'

// Ours is measured as it ships: the built bundle (the `bench` script builds first), worker file included.
const DIST = process.env.IMPORT_BENCH_DIST ?? '../dist/index.js'
const { createCsvParser } = (await import(DIST)) as typeof import('../src/index.js')

type Parse = 'ours' | 'papaparse' | 'udsv' | 'fast-csv'
type Case = 'raw-parse' | 'import-1-thread' | 'import-workers' | 'import-normalize-only'
const PARSERS: Parse[] = ['ours', 'papaparse', 'udsv', 'fast-csv']
const CASES: Case[] = ['raw-parse', 'import-1-thread', 'import-workers', 'import-normalize-only']
const rowsEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

// Text chunks as a real upload delivers them: 64 KiB reads decoded as UTF-8.
async function* textChunks(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    yield decoder.decode(chunk as Buffer, { stream: true })
  }
  yield decoder.decode()
}

async function parseOurs(path: string): Promise<number> {
  const parser = createCsvParser({ delimiter: ',' })
  let rows = 0
  for await (const text of textChunks(path)) rows += parser.push(text).length
  return rows + parser.end().length
}

function parsePapa(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0
    Papa.parse(createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as unknown as File, {
      delimiter: ',',
      chunk: (results: Papa.ParseResult<unknown>) => {
        rows += results.data.length
      },
      complete: () => resolve(rows),
      error: reject,
    })
  })
}

async function parseUdsv(path: string): Promise<number> {
  let parser: Parser | undefined
  let rows = 0
  const count = () => {
    rows++
  }
  for await (const text of textChunks(path)) {
    if (text === '') continue
    parser ??= initParser(inferSchema(text, { col: ',' }))
    parser.chunk<string[]>(text, parser.stringArrs<string[]>, count)
  }
  parser?.end()
  return rows + 1 // uDSV consumes the header row into its schema
}

function parseFastCsv(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0
    createReadStream(path, { highWaterMark: 64 * 1024 })
      .pipe(fastCsvParse({ headers: false, delimiter: ',' }))
      .on('data', () => {
        rows++
      })
      .on('error', reject)
      .on('end', () => resolve(rows))
  })
}

// normalizeContact alone on the same rows (parsed and mapped beforehand): the share of the pipeline that is
// @contactkit/normalize's, for reading the full-import figure.
async function prepareNormalizeOnly(path: string): Promise<() => Promise<number>> {
  const parser = createCsvParser({ delimiter: ',' })
  const records: CsvRecord[] = []
  for await (const text of textChunks(path)) records.push(...parser.push(text))
  records.push(...parser.end())
  const [header, ...data] = records.map((record) => record.cells)
  const headers = header ?? []
  const mapping = suggestMapping(headers, data.slice(0, 50))
  const inputs = data.map((cells) => toContactInput(cells, mapping, headers, 32_767).input)
  return async () => {
    for (const input of inputs) normalizeContact(input, { defaultCountry: 'DE' })
    return inputs.length
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

// Wall rate, and CPU time per row of the whole process (process.cpuUsage counts every thread, workers included).
async function timed(run: () => Promise<number>): Promise<{ rows: number; rate: number; cpu: number }> {
  const start = process.hrtime.bigint()
  const cpuStart = process.cpuUsage()
  const rows = await run()
  const cpu = process.cpuUsage(cpuStart)
  return {
    rows,
    rate: rows / (Number(process.hrtime.bigint() - start) / 1e9),
    cpu: (cpu.user + cpu.system) / rows,
  }
}

// The machine is shared: the parsers take turns round by round, so that a burst of load hits all of them.
async function rawParse(path: string): Promise<Record<string, { rows: number; median: number }>> {
  const parse: Record<Parse, () => Promise<number>> = {
    ours: () => parseOurs(path),
    papaparse: () => parsePapa(path),
    udsv: () => parseUdsv(path),
    'fast-csv': () => parseFastCsv(path),
  }
  // An untimed pass over a small file first, so that no parser is measured while still being compiled.
  const warmUp = (await contactCsv(10_000)).path
  await Promise.all([parseOurs(warmUp), parsePapa(warmUp), parseUdsv(warmUp), parseFastCsv(warmUp)])
  const rates: Record<string, number[]> = {}
  const rows: Record<string, number> = {}
  for (let round = 0; round < rowsEnv('IMPORT_BENCH_RUNS', 3); round++) {
    for (const name of PARSERS) {
      const result = await timed(parse[name])
      rates[name] = [...(rates[name] ?? []), result.rate]
      rows[name] = result.rows
    }
  }
  return Object.fromEntries(
    PARSERS.map((name) => [name, { rows: rows[name] as number, median: median(rates[name] ?? []) }]),
  )
}

async function runCase(name: Case): Promise<void> {
  const isImport = name.startsWith('import')
  const { path } = await contactCsv(
    isImport ? rowsEnv('IMPORT_BENCH_IMPORT_ROWS', 100_000) : rowsEnv('IMPORT_BENCH_ROWS', 1_000_000),
  )
  const baseline = process.memoryUsage.rss()
  let peak = baseline
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 20)
  let results: Record<string, { rows: number; median: number; cpu?: number }>
  if (name === 'raw-parse') results = await rawParse(path)
  else {
    // The full-import cases run in bench/plain-node.mjs (see main).
    const run = await prepareNormalizeOnly(path)
    const rates: number[] = []
    const cpus: number[] = []
    let rows = 0
    for (let i = 0; i < rowsEnv('IMPORT_BENCH_RUNS', 3); i++) {
      const result = await timed(run)
      rates.push(result.rate)
      cpus.push(result.cpu)
      rows = result.rows
    }
    results = { [name]: { rows, median: median(rates), cpu: median(cpus) } }
  }
  clearInterval(sampler)
  process.stdout.write(
    JSON.stringify({ results, baseline, peakRss: Math.max(peak, process.memoryUsage.rss()) }),
  )
}

async function main(): Promise<void> {
  const only = process.argv[2] as Case | undefined
  if (only) return runCase(only)
  const parseFile = await contactCsv(rowsEnv('IMPORT_BENCH_ROWS', 1_000_000))
  const importFile = await contactCsv(rowsEnv('IMPORT_BENCH_IMPORT_ROWS', 100_000))
  console.log(`raw parse file: ${parseFile.path} (${(parseFile.bytes / 1e6).toFixed(1)} MB)`)
  console.log(`full import file: ${importFile.path} (${(importFile.bytes / 1e6).toFixed(1)} MB)`)
  let ours = 0
  const selected = process.env.IMPORT_BENCH_CASES?.split(',')
  // import-workers runs once per worker count in IMPORT_BENCH_WORKERS (default `1,2`).
  const workerCounts = (process.env.IMPORT_BENCH_WORKERS ?? '1,2').split(',').map(Number)
  const runs = CASES.filter((c) => selected === undefined || selected.includes(c)).flatMap(
    (name): { name: (typeof CASES)[number]; workers: number }[] =>
      name === 'import-workers' ? workerCounts.map((workers) => ({ name, workers })) : [{ name, workers: 0 }],
  )
  for (const { name, workers } of runs) {
    // The full imports run under plain node (bench/plain-node.mjs), as an application would run the bundle.
    const plain = name === 'import-1-thread' || name === 'import-workers'
    const args = plain
      ? [
          fileURLToPath(new URL('./plain-node.mjs', import.meta.url)),
          importFile.path,
          String(workers),
          String(rowsEnv('IMPORT_BENCH_RUNS', 3)),
        ]
      : [...process.execArgv, fileURLToPath(import.meta.url), name]
    const child = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      env: { ...process.env, IMPORT_BENCH_JSON: '1' },
      maxBuffer: 1024 * 1024,
    })
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`)
    const { results, peakRss, baseline } = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as {
      results: Record<string, { rows: number; median: number; cpu?: number }>
      peakRss: number
      baseline: number
    }
    if (name === 'raw-parse') {
      console.log(
        `raw parse, streaming, interleaved rounds (peak RSS of that process ${Math.round(peakRss / 1048576)} MiB):`,
      )
    }
    for (const [key, result] of Object.entries(results)) {
      const label = key === 'import' ? (workers > 0 ? `${name} (${workers})` : name) : key
      if (label === 'ours') ours = result.median
      const ratio =
        name === 'raw-parse' && label !== 'ours'
          ? `  ours/${label} = ${(ours / result.median).toFixed(2)}x`
          : ''
      const mib = (bytes: number) => Math.round(bytes / 1048576)
      const rss =
        name === 'raw-parse' ? '' : `  peak RSS ${mib(peakRss)} MiB (${mib(baseline)} MiB before it started)`
      const cpu = result.cpu === undefined ? '' : `  ${result.cpu.toFixed(2)} µs CPU/row`
      console.log(
        `  ${label.padEnd(22)} ${Math.round(result.median).toLocaleString('en').padStart(10)} rows/s${cpu}${rss}  (${result.rows.toLocaleString('en')} rows)${ratio}`,
      )
    }
  }
}

await main()

// Benchmark of @contactkit/merge against microdiff (a generic JSON diff) on the same contact pairs.
// Run: pnpm --filter @contactkit/merge bench
import type { Contact } from '@contactkit/core'
import microdiff from 'microdiff'
import { type DiffKind, diffContacts, type MergeChoice, mergeContacts } from '../src/index.js'
import { cluster, typicalPair } from './data.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
// Slices of distinct pairs, made when needed (so only one slice is in memory): one per cold case, so every
// timed call meets values no earlier call has seen, and two for warming up the JIT.
const SLICE = 2000
// Batches of about a millisecond: long enough for the clock, short enough that a batch is rarely preempted
// on a shared machine (the median then shows the code, not the scheduler).
const BATCH = 10
const PEER_BATCH = 100

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

interface Timing {
  /** Median wall-clock µs per call. */
  wall: number
  /** Median CPU µs per call (user + system): less disturbed when other processes share the cores. */
  cpu: number
  /**
   * CPU µs per call over all the calls: the median batch rarely holds a garbage collection (a scavenge comes
   * every few hundred calls), so this is what the calls cost a server in the long run.
   */
  mean: number
}

/** Median time per call in µs, over batches of `batch` calls. */
function measure(calls: number, batch: number, run: (index: number) => void): Timing {
  const wall: number[] = []
  const cpu: number[] = []
  let total = 0
  for (let start = 0; start + batch <= calls; start += batch) {
    const began = process.hrtime.bigint()
    const usage = process.cpuUsage()
    for (let index = start; index < start + batch; index++) run(index)
    const used = process.cpuUsage(usage)
    wall.push(Number(process.hrtime.bigint() - began) / 1000 / batch)
    cpu.push((used.user + used.system) / batch)
    total += used.user + used.system
  }
  return { wall: median(wall), cpu: median(cpu), mean: total / (cpu.length * batch) }
}

interface Pair {
  existing: Contact
  incoming: Contact
}

// Through JSON, as records arrive from a CRM API or a database: flat strings, not the concatenations the
// generator builds (V8 would flatten those on their first hash, a cost real input does not have).
const slice = (number: number): Pair[] =>
  Array.from({ length: SLICE }, (_, index) => JSON.parse(JSON.stringify(typicalPair(number * SLICE + index))))
let sink = 0

// What a merge view does: diff, take the suggestions as choices (a Map, as the README recommends for choices
// built in code), merge, send the patch.
function diffAndMerge({ existing, incoming }: Pair): void {
  const diff = diffContacts(incoming, existing, options)
  const choices = new Map<string, MergeChoice>()
  for (const entry of diff.entries) if (entry.kind !== 'equal') choices.set(entry.path, entry.suggestion)
  sink += mergeContacts([existing, incoming], 'fillBlanks', choices, options).patch.length
}

// The same with the choices as a plain object, as they arrive as JSON from a browser.
function diffAndMergeObject({ existing, incoming }: Pair): void {
  const diff = diffContacts(incoming, existing, options)
  const choices: Record<string, MergeChoice> = {}
  for (const entry of diff.entries) if (entry.kind !== 'equal') choices[entry.path] = entry.suggestion
  sink += mergeContacts([existing, incoming], 'fillBlanks', choices, options).patch.length
}

// The same, and reading every part of the result: provenance and journal are built when first read.
function diffAndMergeReadAll({ existing, incoming }: Pair): void {
  const diff = diffContacts(incoming, existing, options)
  const choices = new Map<string, MergeChoice>()
  for (const entry of diff.entries) if (entry.kind !== 'equal') choices.set(entry.path, entry.suggestion)
  const result = mergeContacts([existing, incoming], 'fillBlanks', choices, options)
  sink += result.patch.length + Object.keys(result.provenance).length + result.journal.records.length
}

function generic({ existing, incoming }: Pair): void {
  sink += microdiff(existing, incoming).length
}

// Warm up the JIT on two slices of their own.
for (const number of [4, 5]) {
  slice(number).forEach((pair, index) => {
    if (index % 3 === 0) diffAndMerge(pair)
    else if (index % 3 === 1) diffAndMergeObject(pair)
    else diffAndMergeReadAll(pair)
    generic(pair)
  })
}
let pairs = slice(0)
const ours = measure(SLICE, BATCH, (index) => diffAndMerge(pairs[index] as Pair))
const theirs = measure(SLICE, PEER_BATCH, (index) => generic(pairs[index] as Pair))
pairs = slice(1)
const diffOnly = measure(SLICE, BATCH, (index) => {
  const { existing, incoming } = pairs[index] as Pair
  sink += diffContacts(incoming, existing, options).entries.length
})
pairs = slice(2)
const oursObject = measure(SLICE, BATCH, (index) => diffAndMergeObject(pairs[index] as Pair))
pairs = slice(3)
const oursReadAll = measure(SLICE, BATCH, (index) => diffAndMergeReadAll(pairs[index] as Pair))
// The same pair again and again: every canonical key comes from the cache, what remains is our own work.
const first: Pair = JSON.parse(JSON.stringify(typicalPair(0)))
const warm = measure(3000, BATCH, () => diffAndMerge(first))
const warmDiff = measure(3000, BATCH, () => {
  sink += diffContacts(first.incoming, first.existing, options).entries.length
})

// How many of microdiff's changes are only formatting: the values at that position share a canonical key.
let genericChanges = 0
let formattingOnly = 0
let positional = 0
const ourKinds: Record<DiffKind, number> = { equal: 0, equivalent: 0, added: 0, removed: 0, changed: 0 }
for (let index = 0; index < 4000; index++) {
  const { existing, incoming } = typicalPair(index)
  const diff = diffContacts(incoming, existing, options)
  for (const entry of diff.entries) ourKinds[entry.kind]++
  const kindOf = new Map(diff.entries.map((entry) => [entry.path, entry.kind]))
  const keyOf = (field: string, value: unknown) =>
    diff.entries.find(
      (entry) => entry.field === field && (entry.existing === value || entry.incoming === value),
    )
  for (const change of microdiff(existing, incoming)) {
    genericChanges++
    const [field, index] = change.path
    if (typeof index === 'number') {
      const before = keyOf(
        String(field),
        (existing as unknown as Record<string, unknown[]>)[String(field)]?.[index],
      )
      const after = keyOf(
        String(field),
        (incoming as unknown as Record<string, unknown[]>)[String(field)]?.[index],
      )
      if (before && before === after && (before.kind === 'equivalent' || before.kind === 'equal'))
        formattingOnly++
      else if (before?.kind !== 'removed' || after?.kind !== 'added') positional++
    } else if (typeof field === 'string' && change.path.length === 1) {
      const kind = kindOf.get(field)
      if (kind === 'equivalent' || kind === 'equal') formattingOnly++
    }
  }
}

const clusterTimes = [10, 100, 1000].map((size) => {
  const records = cluster(size)
  const runs = size === 1000 ? 21 : size === 100 ? 61 : 301
  for (let warmup = 0; warmup < 3; warmup++) mergeContacts(records, 'fillBlanks', {}, options)
  const wall: number[] = []
  const cpu: number[] = []
  for (let run = 0; run < runs; run++) {
    const began = process.hrtime.bigint()
    const usage = process.cpuUsage()
    sink += mergeContacts(records, 'fillBlanks', {}, options).contact.phones.length
    const used = process.cpuUsage(usage)
    wall.push(Number(process.hrtime.bigint() - began) / 1000)
    cpu.push(used.user + used.system)
  }
  const mean = cpu.reduce((sum, value) => sum + value, 0) / runs
  return { size, timing: { wall: median(wall), cpu: median(cpu), mean } }
})

const round = (value: number, digits = 2) => Number(value.toFixed(digits))
const show = (timing: Timing) =>
  `${round(timing.wall)} µs wall, ${round(timing.cpu)} µs CPU (mean with GC ${round(timing.mean)} µs CPU)`
console.log(`@contactkit/merge benchmark (medians; node ${process.version})`)
console.log(`diff + merge of a typical pair (distinct pairs, cold key caches): ${show(ours)}`)
console.log(`diff + merge, choices as a plain object (distinct pairs):       ${show(oursObject)}`)
console.log(`diff + merge, reading provenance and journal (distinct pairs): ${show(oursReadAll)}`)
console.log(`diffContacts alone (distinct pairs, cold key caches):          ${show(diffOnly)}`)
console.log(`diff + merge of one pair repeated (warm key caches):          ${show(warm)}`)
console.log(`diffContacts alone, one pair repeated (warm key caches):      ${show(warmDiff)}`)
console.log(`microdiff on the same pairs:                                  ${show(theirs)}`)
console.log(
  `ratio ours / microdiff (cold, CPU):                           ${round(ours.cpu / theirs.cpu, 1)}x median, ${round(ours.mean / theirs.mean, 1)}x mean with GC`,
)
console.log(
  `microdiff reported ${genericChanges} changes on 4000 pairs; ${formattingOnly} (${round((100 * formattingOnly) / genericChanges, 1)} %) are only formatting that diffContacts calls equal or equivalent; ${positional} more come from comparing list values by position`,
)
console.log(`diffContacts entries on the same pairs: ${JSON.stringify(ourKinds)}`)
for (const { size, timing } of clusterTimes) {
  console.log(
    `cluster merge of ${String(size).padStart(4)} records: ${round(timing.wall / 1000, 3)} ms wall, ${round(timing.cpu / 1000, 3)} ms CPU (${round(timing.cpu / size)} µs CPU per record)`,
  )
}
if (sink === -1) console.log(sink)

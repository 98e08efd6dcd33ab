// Benchmark of @contactkit/merge against microdiff (a generic JSON diff) on the same contact pairs.
// Run: pnpm --filter @contactkit/merge bench
import type { Contact } from '@contactkit/core'
import microdiff from 'microdiff'
import { type DiffKind, diffContacts, mergeContacts } from '../src/index.js'
import { cluster, typicalPair } from './data.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const PAIRS = 6000
const THIRD = PAIRS / 3
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
}

/** Median time per call in µs, over batches of `batch` calls. */
function measure(calls: number, batch: number, run: (index: number) => void): Timing {
  const wall: number[] = []
  const cpu: number[] = []
  for (let start = 0; start + batch <= calls; start += batch) {
    const began = process.hrtime.bigint()
    const usage = process.cpuUsage()
    for (let index = start; index < start + batch; index++) run(index)
    const used = process.cpuUsage(usage)
    wall.push(Number(process.hrtime.bigint() - began) / 1000 / batch)
    cpu.push((used.user + used.system) / batch)
  }
  return { wall: median(wall), cpu: median(cpu) }
}

const pairs = Array.from({ length: PAIRS }, (_, index) => typicalPair(index))
let sink = 0

function diffAndMerge(index: number): void {
  const { existing, incoming } = pairs[index % PAIRS] as { existing: Contact; incoming: Contact }
  const diff = diffContacts(incoming, existing, options)
  const choices: Record<string, 'keepExisting' | 'takeIncoming' | 'union'> = {}
  for (const entry of diff.entries) if (entry.kind !== 'equal') choices[entry.path] = entry.suggestion
  sink += mergeContacts([existing, incoming], 'fillBlanks', choices, options).patch.length
}

function generic(index: number): void {
  const { existing, incoming } = pairs[index % PAIRS] as { existing: Contact; incoming: Contact }
  sink += microdiff(existing, incoming).length
}

// Warm up the JIT on the last third of the data, so the timed runs on the first two thirds meet values the
// key caches have not seen (each merge view brings new records).
for (let index = 2 * THIRD; index < PAIRS; index++) {
  diffAndMerge(index)
  generic(index)
}
const ours = measure(THIRD, BATCH, diffAndMerge)
const diffOnly = measure(THIRD, BATCH, (index) => {
  const { existing, incoming } = pairs[THIRD + index] as { existing: Contact; incoming: Contact }
  sink += diffContacts(incoming, existing, options).entries.length
})
const theirs = measure(THIRD, PEER_BATCH, generic)
// The same pair again and again: every canonical key comes from the cache, what remains is our own work.
const warm = measure(3000, BATCH, () => diffAndMerge(0))
const warmDiff = measure(3000, BATCH, () => {
  const { existing, incoming } = pairs[0] as { existing: Contact; incoming: Contact }
  sink += diffContacts(incoming, existing, options).entries.length
})

// How many of microdiff's changes are only formatting: the values at that position share a canonical key.
let genericChanges = 0
let formattingOnly = 0
let positional = 0
const ourKinds: Record<DiffKind, number> = { equal: 0, equivalent: 0, added: 0, removed: 0, changed: 0 }
for (const { existing, incoming } of pairs.slice(0, 4000)) {
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
  return { size, timing: { wall: median(wall), cpu: median(cpu) } }
})

const round = (value: number, digits = 2) => Number(value.toFixed(digits))
const show = (timing: Timing) => `${round(timing.wall)} µs wall, ${round(timing.cpu)} µs CPU`
console.log(`@contactkit/merge benchmark (medians; node ${process.version})`)
console.log(`diff + merge of a typical pair (distinct pairs, cold key caches): ${show(ours)}`)
console.log(`diffContacts alone (distinct pairs, cold key caches):          ${show(diffOnly)}`)
console.log(`diff + merge of one pair repeated (warm key caches):          ${show(warm)}`)
console.log(`diffContacts alone, one pair repeated (warm key caches):      ${show(warmDiff)}`)
console.log(`microdiff on the same pairs:                                  ${show(theirs)}`)
console.log(
  `ratio ours / microdiff (cold, CPU):                           ${round(ours.cpu / theirs.cpu, 1)}x`,
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

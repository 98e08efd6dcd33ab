// The benchmark's main case as a loop to profile: `pnpm --filter @contactkit/merge bench:profile` writes a
// .cpuprofile to .tmp/merge-profile (open it in Chrome DevTools). Every pair is new, as a merge view sees them.
// Modes (first argument): diffmerge, object (choices as a plain object), diff, warm (one pair again and again), keyswarm (each batch's canonical
// keys computed just before it through copies of its pairs, so the timed calls keep only the package's work).
import type { Contact } from '@contactkit/core'
import { diffContacts, type MergeChoice, mergeContacts } from '../src/index.js'
import { typicalPair } from './data.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const mode = process.argv[2] ?? 'diffmerge'
const count = Number(process.argv[3] ?? 60000)
let sink = 0
const CHUNK = 2000
const BATCH = 10
const chunks: number[] = []
const batches: number[] = []
type Pair = { existing: Contact; incoming: Contact }
function one({ existing, incoming }: Pair): void {
  const diff = diffContacts(incoming, existing, options)
  if (mode === 'diff') {
    sink += diff.entries.length
    return
  }
  if (mode === 'object') {
    const choices: Record<string, MergeChoice> = {}
    for (const entry of diff.entries) if (entry.kind !== 'equal') choices[entry.path] = entry.suggestion
    sink += mergeContacts([existing, incoming], 'fillBlanks', choices, options).patch.length
    return
  }
  const choices = new Map<string, MergeChoice>()
  for (const entry of diff.entries) if (entry.kind !== 'equal') choices.set(entry.path, entry.suggestion)
  sink += mergeContacts([existing, incoming], 'fillBlanks', choices, options).patch.length
}
for (let start = 0; start < count; start += CHUNK) {
  const pairs: Pair[] = []
  for (let i = 0; i < CHUNK; i++)
    pairs.push(
      mode === 'warm' && pairs.length > 0
        ? (pairs[0] as Pair)
        : JSON.parse(JSON.stringify(typicalPair(1_000_000 + start + i))),
    )
  let chunkCpu = 0
  for (let at = 0; at < CHUNK; at += BATCH) {
    if (mode === 'keyswarm')
      for (let i = at; i < at + BATCH; i++) {
        const { existing, incoming } = pairs[i] as Pair
        diffContacts(structuredClone(incoming), structuredClone(existing), options)
      }
    const usage = process.cpuUsage()
    for (let i = at; i < at + BATCH; i++) one(pairs[i] as Pair)
    const used = process.cpuUsage(usage)
    const cpu = (used.user + used.system) / BATCH
    chunkCpu += cpu
    if (start >= 4 * CHUNK) batches.push(cpu)
  }
  if (start >= 4 * CHUNK) chunks.push((chunkCpu * BATCH) / CHUNK)
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number
console.log(
  `${mode}: median of ${BATCH}-call batches ${median(batches).toFixed(1)} µs CPU, median of ${CHUNK}-call chunk means ${median(chunks).toFixed(1)} µs CPU`,
)
if (sink === -1) console.log(sink)

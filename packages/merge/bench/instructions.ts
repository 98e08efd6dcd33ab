// Instructions per call, counted by valgrind (cachegrind, no cache simulation) rather than timed: the count does
// not move with the load of a shared machine, so two versions of the code compare exactly.
// Run: pnpm --filter @contactkit/merge bench:instructions (needs valgrind, Debian's `valgrind` package).
// It runs the loop below twice under valgrind, with 0 and with 3,000 measured calls after the same warm-up, and
// reports the difference per call. Time is what the target counts; use this to tell which change saves work.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Contact } from '@contactkit/core'
import microdiff from 'microdiff'
import { diffContacts, type MergeChoice, mergeContacts } from '../src/index.js'
import { typicalPair } from './data.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const MEASURED = 3000
const CASES = ['diffmerge', 'diff', 'microdiff'] as const
type Case = (typeof CASES)[number]

const [, , inner, innerCase, innerCount] = process.argv
if (inner === '--loop') loop(innerCase as Case, Number(innerCount))
else report()

function loop(mode: Case, count: number): void {
  let sink = 0
  const one = ({ existing, incoming }: { existing: Contact; incoming: Contact }) => {
    if (mode === 'microdiff') {
      sink += microdiff(existing, incoming).length
      return
    }
    const diff = diffContacts(incoming, existing, options)
    if (mode === 'diff') {
      sink += diff.entries.length
      return
    }
    const choices = new Map<string, MergeChoice>()
    for (const entry of diff.entries) if (entry.kind !== 'equal') choices.set(entry.path, entry.suggestion)
    sink += mergeContacts([existing, incoming], 'fillBlanks', choices, options).patch.length
  }
  // New pairs through JSON, as in the timed bench; the same warm-up whatever the count.
  const make = (from: number, length: number) =>
    Array.from({ length }, (_, index) => JSON.parse(JSON.stringify(typicalPair(from + index))))
  for (const pair of make(1, 3000)) one(pair)
  const pairs = make(100_000, MEASURED)
  for (let index = 0; index < count; index++) one(pairs[index])
  if (sink === -1) console.log(sink)
}

function instructions(mode: Case, count: number): number {
  const script = fileURLToPath(import.meta.url)
  // One thread (the collector and the compiler work at the same points on every run) and fixed seeds (the same
  // hash tables and random numbers): two runs of the same build give the same count to within a few instructions.
  const run = spawnSync(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--single-threaded',
      '--hash-seed=1',
      '--random-seed=1',
      script,
      '--loop',
      mode,
      String(count),
    ],
    { encoding: 'utf8' },
  )
  const refs = /I\s+refs:\s+([\d,]+)/.exec(run.stderr ?? '')
  if (run.error || !refs?.[1]) {
    throw new Error(
      `valgrind did not run (install Debian's valgrind package): ${run.error?.message ?? run.stderr}`,
    )
  }
  return Number(refs[1].replaceAll(',', ''))
}

function report(): void {
  console.log(`@contactkit/merge instruction counts (valgrind; node ${process.version}), per new pair:`)
  const counts = new Map<Case, number>()
  for (const mode of CASES) {
    const perCall = (instructions(mode, MEASURED) - instructions(mode, 0)) / MEASURED
    counts.set(mode, perCall)
    console.log(`${mode.padEnd(10)} ${Math.round(perCall).toLocaleString('en')}`)
  }
  const ours = counts.get('diffmerge') as number
  const diffOnly = counts.get('diff') as number
  const peer = counts.get('microdiff') as number
  console.log(`merge part (diffmerge - diff) ${Math.round(ours - diffOnly).toLocaleString('en')}`)
  console.log(`ratio diff + merge / microdiff: ${(ours / peer).toFixed(2)}x`)
}

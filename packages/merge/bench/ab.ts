// Two builds of the package side by side on the same new pairs, for telling whether a change saves time on a
// machine whose speed swings by 3× within the hour (see BENCHMARKS.md). Timed runs of one build after the
// other compare two moments of the host; here both builds run in one process, in alternating batches of the
// same pairs, and the median of the per-batch ratios is reported.
//
//   AB_NAME=before pnpm --filter @contactkit/merge bench:bundle   (on the old code)
//   AB_NAME=after pnpm --filter @contactkit/merge bench:bundle    (on the new code)
//   pnpm --filter @contactkit/merge bench:ab before after
//
// The build loaded second runs a few per cent slower whatever it holds, so the command runs the pair in both
// orders (two processes) and reports the geometric mean of the two ratios; two bundles of the same code come
// out within about 2 % of 1.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Contact } from '@contactkit/core'
import type { MergeChoice } from '../src/index.js'
import { typicalPair } from './data.js'

type Merge = typeof import('../src/index.js')
interface Pair {
  existing: Contact
  incoming: Contact
}

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const PAIRS = 2000
const BATCH = 10
const WARM_ROUNDS = 2

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number
const bundle = (name: string) => new URL(`../merge-ab/${name}.js`, import.meta.url).href

const [, , first, second, third, fourth] = process.argv
if (first === '--run') await run(second as string, third as string, Number(fourth ?? 12))
else report(first, second, Number(third ?? 12))

// What a merge view does, as in merge.bench.ts: diff, the suggestions as choices, merge, the patch.
function diffAndMerge(merge: Merge, { existing, incoming }: Pair): number {
  const diff = merge.diffContacts(incoming, existing, options)
  const choices = new Map<string, MergeChoice>()
  for (const entry of diff.entries) if (entry.kind !== 'equal') choices.set(entry.path, entry.suggestion)
  return merge.mergeContacts([existing, incoming], 'fillBlanks', choices, options).patch.length
}

async function run(nameA: string, nameB: string, rounds: number): Promise<void> {
  const a: Merge = await import(bundle(nameA))
  const b: Merge = await import(bundle(nameB))
  let sink = 0
  const timesA: number[] = []
  const timesB: number[] = []
  const ratios: number[] = []
  for (let round = 0; round < rounds; round++) {
    // Each build gets its own copies (through JSON, as records arrive), so neither sees the other's objects.
    const make = () =>
      Array.from(
        { length: PAIRS },
        (_, index): Pair => JSON.parse(JSON.stringify(typicalPair(round * PAIRS + index))),
      )
    const pairsA = make()
    const pairsB = make()
    for (let start = 0; start < PAIRS; start += BATCH) {
      let timeA = 0
      let timeB = 0
      // Which build goes first alternates from batch to batch.
      for (const useB of start % (2 * BATCH) === 0 ? [false, true] : [true, false]) {
        const merge = useB ? b : a
        const pairs = useB ? pairsB : pairsA
        const began = process.hrtime.bigint()
        for (let index = start; index < start + BATCH; index++)
          sink += diffAndMerge(merge, pairs[index] as Pair)
        const perCall = Number(process.hrtime.bigint() - began) / 1000 / BATCH
        if (useB) timeB = perCall
        else timeA = perCall
      }
      if (round >= WARM_ROUNDS) {
        timesA.push(timeA)
        timesB.push(timeB)
        ratios.push(timeB / timeA)
      }
    }
  }
  console.log(JSON.stringify({ a: median(timesA), b: median(timesB), ratio: median(ratios), sink: sink > 0 }))
}

function report(nameA: string | undefined, nameB: string | undefined, rounds: number): void {
  if (!nameA || !nameB) {
    console.error(
      'usage: bench:ab <bundle A> <bundle B> [rounds]; make bundles with AB_NAME=<name> bench:bundle',
    )
    process.exit(2)
  }
  const script = fileURLToPath(import.meta.url)
  const once = (x: string, y: string) => {
    const child = spawnSync(process.execPath, [script, '--run', x, y, String(rounds)], { encoding: 'utf8' })
    if (child.status !== 0) throw new Error(child.stderr)
    return JSON.parse(child.stdout) as { a: number; b: number; ratio: number }
  }
  const forward = once(nameA, nameB)
  const backward = once(nameB, nameA)
  const round = (value: number, digits = 2) => value.toFixed(digits)
  console.log(
    `@contactkit/merge A/B, diff + merge of new pairs (median µs per call, wall clock; node ${process.version})`,
  )
  console.log(
    `${nameA} first: ${nameA} ${round(forward.a)} µs, ${nameB} ${round(forward.b)} µs, ratio ${round(forward.ratio, 3)}`,
  )
  console.log(
    `${nameB} first: ${nameB} ${round(backward.a)} µs, ${nameA} ${round(backward.b)} µs, ratio ${round(1 / backward.ratio, 3)}`,
  )
  console.log(`${nameB} / ${nameA}, both orders: ${round(Math.sqrt(forward.ratio / backward.ratio), 3)}`)
}

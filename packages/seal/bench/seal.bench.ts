// Seal+unseal throughput of @contactkit/seal beside @hapi/iron, same process, same plaintext.
// Run from packages/seal: `pnpm bench` (plain loops with process.hrtime; each case runs in
// interleaved rounds of about one second and the median round is reported).
import { createHash } from 'node:crypto'
import Iron from '@hapi/iron'
import { createSealer, DEFAULT_ITERATIONS } from '../src/index.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1000)
const PLAINTEXT = 'Grüße-aus-München!2026'
const CONTEXT = 'org:42/mailbox:7/imap-password'
const SECRET = createHash('sha256').update('benchmark secret').digest()
const IRON_PASSWORD = 'benchmark-password-of-at-least-32-characters'

const uncached = createSealer({ keys: { k1: SECRET }, currentKeyId: 'k1', cache: false })
const cached = createSealer({ keys: { k1: SECRET }, currentKeyId: 'k1' })
const oneIteration = createSealer({ keys: { k1: SECRET }, currentKeyId: 'k1', iterations: 1, cache: false })
const pollToken = await cached.seal(PLAINTEXT, { context: CONTEXT })

interface Case {
  name: string
  run: () => Promise<unknown>
  rates: number[]
}

const cases: Case[] = [
  {
    name: `ours seal+unseal, default ${DEFAULT_ITERATIONS} iterations, no cache`,
    run: async () =>
      uncached.unseal(await uncached.seal(PLAINTEXT, { context: CONTEXT }), { context: CONTEXT }),
    rates: [],
  },
  {
    name: 'ours unseal, cached key (same token again, as a mailbox poll)',
    run: () => cached.unseal(pollToken, { context: CONTEXT }),
    rates: [],
  },
  {
    name: 'ours seal+unseal, 1 iteration, no cache (iron-like cost)',
    run: async () =>
      oneIteration.unseal(await oneIteration.seal(PLAINTEXT, { context: CONTEXT }), { context: CONTEXT }),
    rates: [],
  },
  {
    name: '@hapi/iron seal+unseal, defaults',
    run: async () =>
      Iron.unseal(await Iron.seal(PLAINTEXT, IRON_PASSWORD, Iron.defaults), IRON_PASSWORD, Iron.defaults),
    rates: [],
  },
]

async function measure(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  const budget = BigInt(ROUND_MS) * 1_000_000n
  let operations = 0
  let elapsed = 0n
  do {
    for (let i = 0; i < 10; i++) await run()
    operations += 10
    elapsed = process.hrtime.bigint() - start
  } while (elapsed < budget)
  return operations / (Number(elapsed) / 1e9)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

for (const c of cases) await measure(c.run) // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) c.rates.push(await measure(c.run))
}

const iron = median(cases[3]?.rates ?? [])
console.log(`node ${process.version}, ${ROUNDS} rounds of ${ROUND_MS} ms, median operations per second`)
for (const c of cases) {
  const rate = median(c.rates)
  console.log(`${c.name.padEnd(72)} ${rate.toFixed(0).padStart(8)} /s   ${(rate / iron).toFixed(2)}× iron`)
}
const ratio = median(cases[1]?.rates ?? []) / iron
console.log(
  `target: cached unseal ≥ 3× iron seal+unseal → ${ratio.toFixed(2)}× ${ratio >= 3 ? 'met' : 'NOT met'}`,
)

// Seal+unseal throughput of @contactkit/seal beside @hapi/iron, same process, same plaintext.
// Run from packages/seal: `pnpm bench` (plain loops; each case runs in interleaved rounds of about one
// second and the median round is reported). Rates are per second of process CPU time (process.cpuUsage,
// which counts the thread pool that runs PBKDF2), so other load on a shared machine changes them less than
// wall time; wall-clock rates are printed beside them.
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

interface Rate {
  /** Operations per second of process CPU time (user + system, all threads). */
  cpu: number
  /** Operations per second of wall-clock time. */
  wall: number
}

interface Case {
  name: string
  run: () => Promise<unknown>
  rates: Rate[]
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

function cpuMicros(): number {
  const { user, system } = process.cpuUsage()
  return user + system
}

async function measure(run: () => Promise<unknown>): Promise<Rate> {
  const start = process.hrtime.bigint()
  const cpuStart = cpuMicros()
  const budget = BigInt(ROUND_MS) * 1_000_000n
  let operations = 0
  let elapsed = 0n
  do {
    for (let i = 0; i < 10; i++) await run()
    operations += 10
    elapsed = process.hrtime.bigint() - start
  } while (elapsed < budget)
  const cpuSeconds = (cpuMicros() - cpuStart) / 1e6
  return { cpu: operations / cpuSeconds, wall: operations / (Number(elapsed) / 1e9) }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

for (const c of cases) await measure(c.run) // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) c.rates.push(await measure(c.run))
}

const medians = cases.map((c) => ({
  name: c.name,
  cpu: median(c.rates.map((rate) => rate.cpu)),
  wall: median(c.rates.map((rate) => rate.wall)),
}))
const iron = medians[3] as { cpu: number; wall: number }
console.log(`node ${process.version}, ${ROUNDS} rounds of ${ROUND_MS} ms, median operations per second`)
console.log(
  `${'case'.padEnd(72)} ${'per CPU s'.padStart(10)} ${'per wall s'.padStart(11)}   vs iron (CPU / wall)`,
)
for (const m of medians) {
  console.log(
    `${m.name.padEnd(72)} ${m.cpu.toFixed(0).padStart(10)} ${m.wall.toFixed(0).padStart(11)}   ` +
      `${(m.cpu / iron.cpu).toFixed(2)}× / ${(m.wall / iron.wall).toFixed(2)}×`,
  )
}
const cachedRate = medians[1] as { cpu: number; wall: number }
const ratio = cachedRate.cpu / iron.cpu
console.log(
  `target: cached unseal ≥ 3× iron seal+unseal (CPU time) → ${ratio.toFixed(2)}× ${ratio >= 3 ? 'met' : 'NOT met'}` +
    ` (wall time ${(cachedRate.wall / iron.wall).toFixed(2)}×)`,
)

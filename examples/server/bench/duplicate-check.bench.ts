// Single duplicate check against N contacts in PostgreSQL at a fixed request rate; prints latency percentiles.
// Run: DATABASE_URL=postgres://... BENCH_CONTACTS=1000000 pnpm --filter @contactkit/server bench:dataquality
import { type ChildProcess, fork } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { createBenchDatabase, databaseCpu, openStore, probeOf, seedContacts } from './seed.js'

const adminUrl = process.env.DATABASE_URL
if (!adminUrl)
  throw new Error(
    'Set DATABASE_URL to a PostgreSQL server; the benchmark creates and drops its own database.',
  )
const count = Number(process.env.BENCH_CONTACTS ?? 1_000_000)
const rate = Number(process.env.BENCH_RATE ?? 200)
const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const port = 3900 + (process.pid % 90)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** CPU milliseconds the server process has used. */
function serverCpu(server: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu
      if (!cpu) return
      server.off('message', onMessage)
      resolve((cpu.user + cpu.system) / 1000)
    }
    server.on('message', onMessage)
    server.send('cpu')
  })
}

const database = await createBenchDatabase(adminUrl)
const store = await openStore({ kind: 'postgres', url: database.url })
try {
  const seeded = await seedContacts(store, count, (line) => console.log(line))
  await store.close()
  const server = fork(fileURLToPath(new URL('./serve.ts', import.meta.url)), [database.url, String(port)], {
    // BENCH_PROFILE=<folder>: write a CPU profile of the server there (node --cpu-prof).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
  })
  await new Promise<void>((resolve, reject) => {
    server.once('message', () => resolve())
    server.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  const bodies = seeded.samples.map((contact) =>
    JSON.stringify({ contact: probeOf(contact), defaultCountry: 'DE' }),
  )
  const send = async (i: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/duplicates/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` },
      body: bodies[i % bodies.length] as string,
    })
    const body = (await response.json()) as { status?: string }
    if (response.status !== 200) throw new Error(`status ${response.status}`)
    return body.status
  }
  // Sequential requests first: the service time of one check with nothing queued.
  const sequential: number[] = []
  let serverCpuMs = 0
  let databaseCpuMs = 0
  for (let i = 0; i < 1_100; i++) {
    if (i === 100) {
      serverCpuMs = -(await serverCpu(server))
      databaseCpuMs = -(await databaseCpu(adminUrl, database.url))
    }
    const begin = performance.now()
    await send(i)
    if (i >= 100) sequential.push(performance.now() - begin)
  }
  serverCpuMs += await serverCpu(server)
  databaseCpuMs += await databaseCpu(adminUrl, database.url)
  sequential.sort((a, b) => a - b)
  let errors = 0
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const total = rate * seconds
  const interval = 1000 / rate
  const start = performance.now()
  const pending: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = start + i * interval
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    // Latency counts from the scheduled time, so a stalled server cannot hide its queueing delay.
    pending.push(
      send(i).then(
        (status) => {
          latencies.push(performance.now() - due)
          statuses[String(status)] = (statuses[String(status)] ?? 0) + 1
        },
        () => {
          errors++
        },
      ),
    )
  }
  await Promise.all(pending)
  const elapsed = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  console.log(
    JSON.stringify(
      {
        contacts: count,
        sequentialP50: +percentile(sequential, 50).toFixed(2),
        sequentialP95: +percentile(sequential, 95).toFixed(2),
        // CPU per check, summed over the server process and its database backends (the load cannot inflate it).
        serverCpuMsPerCheck: +(serverCpuMs / sequential.length).toFixed(2),
        databaseCpuMsPerCheck: +(databaseCpuMs / sequential.length).toFixed(2),
        loadAverage: loadavg().map((value) => +value.toFixed(1)),
        rate,
        requests: total,
        errors,
        achievedRate: Math.round(total / elapsed),
        p50: +percentile(latencies, 50).toFixed(2),
        p95: +percentile(latencies, 95).toFixed(2),
        p99: +percentile(latencies, 99).toFixed(2),
        max: +(latencies.at(-1) ?? 0).toFixed(2),
        statuses,
      },
      null,
      2,
    ),
  )
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
} finally {
  await store.close().catch(() => {})
  await database.drop()
}

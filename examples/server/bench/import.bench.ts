// Import of an N-row CSV (Excel dialect for German locales) into an organisation of M contacts, each row
// duplicate-checked; prints rows per second. Run: DATABASE_URL=postgres://... BENCH_ROWS=5000 tsx bench/import.bench.ts
import { loadavg } from 'node:os'
import { exportContacts } from '@contactkit/import'
import { generateContacts } from '@contactkit/match'
import { systemClock } from '../src/clock.js'
import { createBuiltinConnector } from '../src/dataquality/builtin-connector.js'
import { createImport, previewUpload, runImport } from '../src/dataquality/import-service.js'
import { serverMatcher } from '../src/dataquality/matcher.js'
import { organisationScope } from '../src/dataquality/scope.js'
import { createBenchDatabase, databaseCpu, openStore, seedContacts } from './seed.js'

const adminUrl = process.env.DATABASE_URL
if (!adminUrl)
  throw new Error(
    'Set DATABASE_URL to a PostgreSQL server; the benchmark creates and drops its own database.',
  )
const rows = Number(process.env.BENCH_ROWS ?? 5_000)
const existing = Number(process.env.BENCH_CONTACTS ?? 20_000)

const database = await createBenchDatabase(adminUrl)
const store = await openStore({ kind: 'postgres', url: database.url })
try {
  const seeded = await seedContacts(store, existing, () => {})
  // Seed 99 gives other people than the seeded base; its duplicates repeat rows of the same file.
  const { contacts } = generateContacts({ count: rows, seed: 99 })
  const file = Buffer.from(await exportContacts(contacts, { format: 'csv', dialect: 'excel-de' }))
  const preview = await previewUpload(file)
  const id = await createImport(store.db, systemClock, {
    orgId: seeded.orgId,
    userId: seeded.userId,
    listId: seeded.listId,
    fileName: 'bench.csv',
    file,
    preview,
  })
  await store.db
    .updateTable('dq_imports')
    .set({ status: 'queued', options: JSON.stringify({ defaultCountry: 'DE' }) })
    .where('id', '=', id)
    .execute()
  const connector = createBuiltinConnector({
    db: store.db,
    clock: systemClock,
    matcher: serverMatcher(),
    scope: organisationScope(seeded.orgId, seeded.userId),
    listId: seeded.listId,
    source: { kind: 'import', id },
    defaultCountry: 'DE',
    bulk: true,
  })
  const databaseBefore = await databaseCpu(adminUrl, database.url)
  const cpu = process.cpuUsage()
  const started = performance.now()
  await runImport(store.db, systemClock, connector, seeded.orgId, id)
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const databaseMs = (await databaseCpu(adminUrl, database.url)) - databaseBefore
  const result = await store.db
    .selectFrom('dq_imports')
    .select(['status', 'progress'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  console.log(
    JSON.stringify(
      {
        existingContacts: existing,
        rows,
        status: result.status,
        progress: result.progress,
        seconds: +seconds.toFixed(1),
        rowsPerSecond: Math.round(rows / seconds),
        // CPU per row of this process and of the database backends: what the machine's load cannot inflate.
        cpuMsPerRow: +((used.user + used.system) / 1000 / rows).toFixed(2),
        databaseCpuMsPerRow: +(databaseMs / rows).toFixed(2),
        loadAverage: loadavg().map((value) => +value.toFixed(1)),
        projected100kRowsMinutes: +(100_000 / (rows / seconds) / 60).toFixed(1),
      },
      null,
      2,
    ),
  )
} finally {
  await store.close()
  await database.drop()
}

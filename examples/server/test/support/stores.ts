import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migrationFingerprint } from '../../src/store/migrations.js'
import { openStore, type Store } from '../../src/store/store.js'

// A freshly migrated PGlite data folder, shared by test files through the temp folder: starting from it skips
// initdb and the migrations, which take seconds per store on a busy machine. Keyed by the migrations' names and
// code, so a new or edited migration makes a new snapshot. store.test.ts still migrates up from empty.
const SNAPSHOT = join(tmpdir(), `contactkit-test-pglite-${migrationFingerprint}.tar`)

async function openEmbeddedTestStore(): Promise<Store> {
  if (existsSync(SNAPSHOT)) {
    const snapshot = new Blob([readFileSync(SNAPSHOT)])
    return openStore({ kind: 'embedded', dataDir: 'memory', snapshot })
  }
  const store = await openStore({ kind: 'embedded', dataDir: 'memory' })
  const snapshot = await store.snapshot?.()
  if (snapshot) {
    const partial = `${SNAPSHOT}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()))
    renameSync(partial, SNAPSHOT)
  }
  return store
}

/** Every store the suite runs against: always the embedded one, PostgreSQL too when DATABASE_URL is set. */
export const STORE_KINDS: Array<'embedded' | 'postgres'> = process.env.DATABASE_URL
  ? ['embedded', 'postgres']
  : ['embedded']

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/**
 * Opens a fresh store: PGlite in memory, or a new uniquely named PostgreSQL database created through
 * DATABASE_URL's server and dropped on close, so parallel test files and runs never share state.
 */
export async function openTestStore(
  kind: 'embedded' | 'postgres',
  options: { fresh?: boolean } = {},
): Promise<Store> {
  if (kind === 'embedded') {
    return options.fresh ? openStore({ kind: 'embedded', dataDir: 'memory' }) : openEmbeddedTestStore()
  }
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) throw new Error('DATABASE_URL is not set')
  const name = `contactkit_test_${process.pid}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const store = await openStore({ kind: 'postgres', url: withDatabase(adminUrl, name) })
  const close = store.close.bind(store)
  store.close = async () => {
    await close()
    const dropper = new pg.Client({ connectionString: adminUrl })
    await dropper.connect()
    try {
      await dropper.query(`drop database if exists ${name} with (force)`)
    } finally {
      await dropper.end()
    }
  }
  return store
}

import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openStore, type Store } from '../../src/store/store.js'

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
export async function openTestStore(kind: 'embedded' | 'postgres'): Promise<Store> {
  if (kind === 'embedded') return openStore({ kind: 'embedded', dataDir: 'memory' })
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

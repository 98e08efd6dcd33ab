import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { type DataDirLock, lockDataDir } from './lock.js'
import { migrateToLatest } from './migrations.js'
import type { Database } from './schema.js'

/** Where the data lives: PostgreSQL by URL, or embedded PGlite in a folder or in memory (tests). */
export type StoreLocation =
  | { kind: 'postgres'; url: string }
  /** `snapshot`: a data folder from {@link Store.snapshot} to start an in-memory store from (tests). */
  | { kind: 'embedded'; dataDir: string | 'memory'; snapshot?: Blob }

/** An open store: the same Kysely and pg Pool API over PostgreSQL or PGlite. */
export interface Store {
  kind: 'postgres' | 'embedded'
  db: Kysely<Database>
  pool: pg.Pool
  /** The embedded store's data folder as a tarball, to start further in-memory stores from; absent on PostgreSQL. */
  snapshot?: () => Promise<Blob>
  /** Runs `select 1`; false when the database cannot be reached. */
  ping(): Promise<boolean>
  close(): Promise<void>
}

// Loaded on every open: PGlite only knows extensions passed at creation.
const extensions = { pg_trgm, fuzzystrmatch }

// `release` frees what outlives the pool (PGlite itself and the folder lock); Kysely's destroy ends the pool.
async function openEmbedded(
  dataDir: string | 'memory',
  snapshot: Blob | undefined,
): Promise<{ pool: pg.Pool; release: () => Promise<void>; lite: PGlite | undefined }> {
  let lock: DataDirLock | undefined
  if (dataDir !== 'memory') lock = lockDataDir(dataDir)
  try {
    const lite = await PGlite.create(
      dataDir === 'memory'
        ? { extensions, ...(snapshot ? { loadDataDir: snapshot } : {}) }
        : { dataDir: join(dataDir, 'pg'), extensions },
    )
    const pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig)
    return {
      pool,
      lite,
      release: async () => {
        try {
          await lite.close()
        } finally {
          lock?.release()
        }
      },
    }
  } catch (error) {
    lock?.release()
    throw error
  }
}

// timestamptz comes back as Date, bigint (audit ids) as string: the pg defaults, kept on purpose.
/** Opens the store, loads the extensions and applies pending migrations. */
export async function openStore(location: StoreLocation): Promise<Store> {
  const opened =
    location.kind === 'postgres'
      ? (() => {
          const pool = new pg.Pool({ connectionString: location.url, max: 10 })
          // An idle client losing its connection must not crash the process; the next query reconnects.
          pool.on('error', () => {})
          return { pool, release: async () => {}, lite: undefined }
        })()
      : await openEmbedded(location.dataDir, location.snapshot)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: opened.pool }) })
  try {
    await migrateToLatest(db as Kysely<unknown>)
  } catch (error) {
    await db.destroy().catch(() => {})
    await opened.release().catch(() => {})
    throw error
  }
  let closed = false
  const lite = opened.lite
  return {
    kind: location.kind,
    db,
    pool: opened.pool,
    ...(lite ? { snapshot: () => lite.dumpDataDir('none') as Promise<Blob> } : {}),
    async ping() {
      try {
        await sql`select 1`.execute(db)
        return true
      } catch {
        return false
      }
    },
    async close() {
      if (closed) return
      closed = true
      try {
        await db.destroy()
      } finally {
        await opened.release()
      }
    },
  }
}

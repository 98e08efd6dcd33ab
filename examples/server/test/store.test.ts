import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockDataDir } from '../src/store/lock.js'
import { migrateToLatest, migrationNames } from '../src/store/migrations.js'
import { openStore, type Store } from '../src/store/store.js'
import { openTestStore, STORE_KINDS } from './support/stores.js'

describe.each(STORE_KINDS)('the %s store', (kind) => {
  let store: Store
  beforeAll(async () => {
    store = await openTestStore(kind, { fresh: true })
  }, 60_000)
  afterAll(() => store.close())

  it('applies every migration up from empty, and a second run is a no-op', async () => {
    const applied = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(
      store.db,
    )
    expect(applied.rows.map((row) => row.name)).toEqual(migrationNames)
    expect(await migrateToLatest(store.db as never)).toEqual([])
  })

  it('loads pg_trgm and fuzzystrmatch', async () => {
    const result = await sql<{ similarity: number; distance: number }>`
      select similarity('Müller GmbH & Co. KG', 'Mueller GmbH & Co KG') as similarity,
             levenshtein('Schmidt', 'Schmitt') as distance`.execute(store.db)
    expect(result.rows[0]?.similarity).toBeGreaterThan(0.4)
    expect(result.rows[0]?.distance).toBe(1)
  })

  it('refuses to edit the audit log', async () => {
    const orgId = crypto.randomUUID()
    await store.db
      .insertInto('organisations')
      .values({ id: orgId, name: 'Beispiel AG', created_at: new Date() })
      .execute()
    await store.db
      .insertInto('audit_log')
      .values({
        org_id: orgId,
        actor_user_id: null,
        actor_org_id: null,
        actor_kind: 'system',
        action: 'test',
        target_type: 'test',
        target_id: null,
        ip: null,
        user_agent: null,
        at: new Date(),
        details: '{}',
      })
      .execute()
    await expect(store.db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(
      /append-only/,
    )
  })

  it('answers ping', async () => {
    expect(await store.ping()).toBe(true)
  })
})

describe('the embedded store on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contactkit-store-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps data across restarts and refuses a second open of the same folder', async () => {
    const first = await openStore({ kind: 'embedded', dataDir: dir })
    try {
      await expect(openStore({ kind: 'embedded', dataDir: dir })).rejects.toMatchObject({
        code: 'STORE_LOCKED',
      })
      await first.db
        .insertInto('organisations')
        .values({ id: crypto.randomUUID(), name: 'Käserei Öhringen eG', created_at: new Date() })
        .execute()
    } finally {
      await first.close()
    }
    const second = await openStore({ kind: 'embedded', dataDir: dir })
    try {
      const rows = await second.db.selectFrom('organisations').select('name').execute()
      expect(rows).toEqual([{ name: 'Käserei Öhringen eG' }])
      // Both extensions again on the second open: PGlite only knows the ones passed when it starts.
      const loaded = await sql<{ s: number; d: number }>`
        select similarity('Öhringen', 'Oehringen') as s, levenshtein('Meier', 'Meyer') as d`.execute(
        second.db,
      )
      expect(loaded.rows[0]?.s).toBeGreaterThan(0)
      expect(loaded.rows[0]?.d).toBe(1)
    } finally {
      await second.close()
    }
  }, 60_000)
})

describe('the data folder lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contactkit-lock-'))
  const lockFile = join(dir, 'contactkit.lock')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a folder locked by another live process and names it', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(lockFile, String(other.pid))
      expect(() => lockDataDir(dir)).toThrow(
        expect.objectContaining({ code: 'STORE_LOCKED', details: { lockFile, pid: other.pid } }),
      )
      expect(readFileSync(lockFile, 'utf8')).toBe(String(other.pid))
    } finally {
      other.kill()
      rmSync(lockFile, { force: true })
    }
  })

  it.each([
    ['a process that has ended', () => String(spawnSync(process.execPath, ['-e', '']).pid)],
    ['an empty file', () => ''],
  ])('takes over a lock left by %s and releases only its own', (_what, content) => {
    writeFileSync(lockFile, content())
    const lock = lockDataDir(dir)
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid))
    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({ code: 'STORE_LOCKED' }))
    lock.release()
    expect(() => readFileSync(lockFile)).toThrow(/ENOENT/)
    // A lock another process took after ours was broken stays where it is.
    const again = lockDataDir(dir)
    writeFileSync(lockFile, '4194304')
    again.release()
    expect(readFileSync(lockFile, 'utf8')).toBe('4194304')
    rmSync(lockFile)
  })

  it('takes over a lock naming its own process id that it does not hold (a restarted container reuses ids)', () => {
    writeFileSync(lockFile, String(process.pid))
    const lock = lockDataDir(dir)
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid))
    expect(() => lockDataDir(dir)).toThrow(
      expect.objectContaining({
        code: 'STORE_LOCKED',
        message: 'The data folder is already open in this process.',
      }),
    )
    lock.release()
    expect(() => readFileSync(lockFile)).toThrow(/ENOENT/)
  })

  it('locks a folder on a filesystem without hard links', async () => {
    const noLinks = () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' })
    }
    const lock = lockDataDir(dir, { link: noLinks })
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid))
    expect(() => lockDataDir(dir, { link: noLinks })).toThrow(
      expect.objectContaining({ code: 'STORE_LOCKED' }),
    )
    lock.release()
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(lockFile, String(other.pid))
      expect(() => lockDataDir(dir, { link: noLinks })).toThrow(
        expect.objectContaining({ code: 'STORE_LOCKED', details: { lockFile, pid: other.pid } }),
      )
    } finally {
      other.kill()
      rmSync(lockFile, { force: true })
    }
    // Another process takes the stale lock over between our read and our move: its lock is put back, naming it.
    const dead = String(spawnSync(process.execPath, ['-e', '']).pid)
    const racer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      for (const linkVia of [undefined, noLinks]) {
        writeFileSync(lockFile, dead)
        const rename = (from: string, to: string) => {
          writeFileSync(from, String(racer.pid))
          renameSync(from, to)
        }
        expect(() => lockDataDir(dir, { rename, ...(linkVia ? { link: linkVia } : {}) })).toThrow(
          expect.objectContaining({ code: 'STORE_LOCKED', details: { lockFile, pid: racer.pid } }),
        )
        expect(readFileSync(lockFile, 'utf8')).toBe(String(racer.pid))
        rmSync(lockFile)
      }
    } finally {
      racer.kill()
    }
    // Any other failure to link is reported, not worked around.
    const broken = () => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
    }
    expect(() => lockDataDir(dir, { link: broken })).toThrow(/no space left/)
    expect(() => readFileSync(lockFile)).toThrow(/ENOENT/)
  })
})

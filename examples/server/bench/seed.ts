// Seeds a benchmark organisation with synthetic contacts and their blocking keys, in bulk.
import { randomBytes, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Contact } from '@contactkit/core'
import { generateContacts } from '@contactkit/match'
import { sql } from 'kysely'
import pg from 'pg'
import { hashToken } from '../src/auth/secrets.js'
import { serverMatcher } from '../src/dataquality/matcher.js'
import { openStore, type Store } from '../src/store/store.js'

/** A fresh database on the server of `adminUrl`, dropped by `drop`. */
export async function createBenchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `contactkit_bench_${process.pid}_${randomBytes(4).toString('hex')}`
  const run = async (text: string) => {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      await client.query(text)
    } finally {
      await client.end()
    }
  }
  await run(`create database ${name}`)
  const parsed = new URL(adminUrl)
  parsed.pathname = `/${name}`
  return { url: parsed.toString(), drop: () => run(`drop database if exists ${name} with (force)`) }
}

/** The seeded organisation: ids, an API token, and sample contacts to query with. */
export interface Seeded {
  orgId: string
  userId: string
  listId: string
  token: string
  samples: Contact[]
}

/** A probe as a user would send it: the sample's name and company, its e-mail in another case, no id. */
export function probeOf(contact: Contact): Record<string, unknown> {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    company: contact.company,
    emails: contact.emails.map((email) => email.value.toUpperCase()),
    phones: contact.phones.map((phone) => phone.raw ?? phone.value),
  }
}

const CHUNK = 20_000

/** One generated chunk, as the arrays `unnest` inserts. */
interface Chunk {
  ids: string[]
  data: string[]
  keys: string[]
  keyContact: string[]
}

function buildChunk(size: number, seed: number, samples: Contact[]): Chunk {
  const matcher = serverMatcher()
  const { contacts } = generateContacts({ count: size, seed })
  const chunk: Chunk = { ids: [], data: [], keys: [], keyContact: [] }
  for (const contact of contacts) {
    const id = randomUUID()
    const { id: _synthetic, ...rest } = contact
    chunk.ids.push(id)
    chunk.data.push(JSON.stringify(rest))
    // blockingKeys answers each key once per contact, so (org, key, contact) rows are unique.
    for (const key of matcher.blockingKeys(rest as Contact)) {
      chunk.keys.push(key)
      chunk.keyContact.push(id)
    }
  }
  if (samples.length < 2_000) samples.push(...contacts.slice(0, 200))
  return chunk
}

/**
 * Inserts `count` synthetic contacts (30 % corrupted duplicates) with their keys, as a bulk load: the key table's
 * index and the tables' triggers (the re-key queue, foreign-key checks) are off while loading, the next chunk is
 * generated while the database stores the previous one, and the key index is built once at the end.
 */
export async function seedContacts(
  store: Store,
  count: number,
  log: (line: string) => void,
): Promise<Seeded> {
  const db = store.db
  const now = new Date()
  const orgId = randomUUID()
  const userId = randomUUID()
  const listId = randomUUID()
  const token = randomBytes(24).toString('base64url')
  await db.insertInto('organisations').values({ id: orgId, name: 'Bench GmbH', created_at: now }).execute()
  await db
    .insertInto('users')
    .values({
      id: userId,
      org_id: orgId,
      email: `bench-${orgId}@example.com`,
      name: 'Bench',
      role: 'admin',
      password_hash: 'x',
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      locked_until: null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  await db
    .insertInto('lists')
    .values({
      id: listId,
      org_id: orgId,
      owner_id: userId,
      name: 'CRM',
      description: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      deleted_by: null,
    })
    .execute()
  await db
    .insertInto('api_tokens')
    .values({
      id: randomUUID(),
      org_id: orgId,
      user_id: userId,
      name: 'bench',
      token_hash: hashToken(token),
      created_at: now,
      last_used_at: null,
      expires_at: null,
      revoked_at: null,
    })
    .execute()
  // A fresh benchmark database: the rows below are consistent by construction, so the foreign-key triggers and
  // the key index can be off while loading and the index is built once (sorted) afterwards.
  await sql`alter table contacts disable trigger all`.execute(db)
  await sql`alter table dq_blocking_keys disable trigger all`.execute(db)
  await sql`alter table dq_blocking_keys drop constraint dq_blocking_keys_pkey`.execute(db)
  await sql`drop index dq_blocking_keys_contact`.execute(db)
  const samples: Contact[] = []
  const started = Date.now()
  const insert = async (chunk: Chunk) => {
    await db.connection().execute(async (connection) => {
      await sql`set synchronous_commit = off`.execute(connection)
      await sql`
        insert into contacts (id, org_id, list_id, created_by, data, raw, provenance, issues, created_at, updated_at)
        select id, ${orgId}::uuid, ${listId}::uuid, ${userId}::uuid, data, '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, now(), now()
        from unnest(${chunk.ids}::uuid[], ${chunk.data}::jsonb[]) as t(id, data)
      `.execute(connection)
      await sql`
        insert into dq_blocking_keys (org_id, key, contact_id)
        select ${orgId}::uuid, key, contact_id from unnest(${chunk.keys}::text[], ${chunk.keyContact}::uuid[]) as t(key, contact_id)
      `.execute(connection)
    })
  }
  let writing: Promise<void> = Promise.resolve()
  for (let done = 0, seed = 1; done < count; seed++) {
    const size = Math.min(CHUNK, count - done)
    // Generating and keying the next chunk (CPU here) overlaps with storing the previous one (the database).
    const chunk = buildChunk(size, seed, samples)
    await writing
    writing = insert(chunk)
    done += size
    log(`seeded ${done} contacts (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  await writing
  await sql`alter table dq_blocking_keys add primary key (org_id, key, contact_id)`.execute(db)
  await sql`create index dq_blocking_keys_contact on dq_blocking_keys (contact_id)`.execute(db)
  await sql`alter table dq_blocking_keys enable trigger all`.execute(db)
  await sql`alter table contacts enable trigger all`.execute(db)
  // Vacuum sets the visibility map, so the key lookups are index-only scans as in a settled database.
  await sql`vacuum analyze contacts`.execute(db)
  await sql`vacuum analyze dq_blocking_keys`.execute(db)
  log(`indexed and vacuumed (${Math.round((Date.now() - started) / 1000)} s)`)
  return { orgId, userId, listId, token, samples }
}

/** CPU milliseconds the PostgreSQL backends serving the bench database have used (Linux /proc, same host). */
export async function databaseCpu(adminUrl: string, url: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const name = new URL(url).pathname.slice(1)
    const { rows } = await client.query('select pid from pg_stat_activity where datname = $1', [name])
    let ticks = 0
    for (const { pid } of rows as { pid: number }[]) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
    }
    return ticks * 10 // USER_HZ is 100 on Linux
  } finally {
    await client.end()
  }
}

export { openStore }

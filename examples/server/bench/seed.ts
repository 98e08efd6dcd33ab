// Seeds a benchmark organisation with synthetic contacts and their blocking keys, in bulk.
import { randomBytes, randomUUID } from 'node:crypto'
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

/** Inserts `count` synthetic contacts (30 % corrupted duplicates) with their keys; the trigger is bypassed. */
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
  await sql`alter table contacts disable trigger contacts_queue_blocking_keys`.execute(db)
  const matcher = serverMatcher()
  const samples: Contact[] = []
  const started = Date.now()
  for (let done = 0, seed = 1; done < count; seed++) {
    const size = Math.min(CHUNK, count - done)
    const { contacts } = generateContacts({ count: size, seed })
    const ids: string[] = []
    const data: string[] = []
    const keyOrg: string[] = []
    const keys: string[] = []
    const keyContact: string[] = []
    for (const contact of contacts) {
      const id = randomUUID()
      const { id: _synthetic, ...rest } = contact
      ids.push(id)
      data.push(JSON.stringify(rest))
      for (const key of matcher.blockingKeys(rest as Contact)) {
        keyOrg.push(orgId)
        keys.push(key)
        keyContact.push(id)
      }
    }
    if (samples.length < 2_000) samples.push(...contacts.slice(0, 200))
    await sql`
      insert into contacts (id, org_id, list_id, created_by, data, raw, provenance, issues, created_at, updated_at)
      select id, ${orgId}::uuid, ${listId}::uuid, ${userId}::uuid, data, '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, now(), now()
      from unnest(${ids}::uuid[], ${data}::jsonb[]) as t(id, data)
    `.execute(db)
    await sql`
      insert into dq_blocking_keys (org_id, key, contact_id)
      select * from unnest(${keyOrg}::uuid[], ${keys}::text[], ${keyContact}::uuid[])
      on conflict do nothing
    `.execute(db)
    done += size
    log(`seeded ${done} contacts (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  await sql`alter table contacts enable trigger contacts_queue_blocking_keys`.execute(db)
  // Vacuum sets the visibility map, so the key lookups are index-only scans as in a settled database.
  await sql`vacuum analyze contacts`.execute(db)
  await sql`vacuum analyze dq_blocking_keys`.execute(db)
  return { orgId, userId, listId, token, samples }
}

export { openStore }

import { randomUUID } from 'node:crypto'
import type { Contact, ContactInput } from '@contactkit/core'
import type { Matcher } from '@contactkit/match'
import { type Kysely, sql } from 'kysely'
import type { Clock } from '../clock.js'
import type { CrmChangePage, CrmConnector, CrmFieldUpdate, CrmRecord } from '../crm/connector.js'
import { notFound, ServerError } from '../errors.js'
import {
  buildContactRecord,
  type ContactRecord,
  newContactRow,
  type WriteSource,
} from '../records/contact-record.js'
import type { ContactRow, Database, Provenance } from '../store/schema.js'
import {
  findCandidateRowsMany,
  findCandidateRowsOrQueued,
  syncQueuedKeys,
  writeBlockingKeys,
} from './blocking-keys.js'
import { type ContactScope, scopeCondition } from './scope.js'

/** Options of {@link createBuiltinConnector}. */
export interface BuiltinConnectorOptions {
  db: Kysely<Database>
  clock: Clock
  matcher: Matcher
  /** Whose view of the contact store this is; every call stays inside it. */
  scope: ContactScope
  /** The list `create` adds contacts to; without it `create` is refused. */
  listId?: string | undefined
  /** Provenance of writes; default a manual edit. */
  source?: WriteSource | undefined
  /** ISO country for phone numbers without a country code, used when `create` normalises. */
  defaultCountry?: string | undefined
  /**
   * Bulk writers (imports) that hand over contacts already normalised by @contactkit/normalize: `create` stores
   * them as given instead of normalising again, and the re-key queue is synced once (`syncQueuedKeys`) by the
   * caller instead of before every search. Default false.
   */
  bulk?: boolean | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NAME_PARTS = ['salutation', 'title', 'firstName', 'middleName', 'lastName', 'suffix']
const KEYED = new Set(['social', 'custom', 'raw'])

/** A connector that can also search and create for many records in one round trip (the built-in CRM). */
export interface BulkCrmConnector extends CrmConnector {
  /** Creates the contacts in order; the result is in the same order. */
  createMany(contacts: readonly Contact[]): Promise<CrmRecord[]>
  /** `searchCandidates` for each contact, in one query; entry `i` holds the candidates of `contacts[i]`. */
  searchCandidatesMany(contacts: readonly Contact[], options?: { limit?: number }): Promise<CrmRecord[][]>
}

/**
 * A connector whose writes can share one database transaction with the caller's own writes (the built-in CRM),
 * so a CRM update and, say, the merge journal are stored together or not at all.
 */
export interface TransactionalCrmConnector extends CrmConnector {
  /**
   * Runs `work` in one transaction: `crm` is this connector bound to it, `trx` the transaction for the caller's
   * own writes. Everything is rolled back when `work` throws. Inside a transaction already, that one is used.
   */
  transaction<T>(work: (crm: CrmConnector, trx: Kysely<Database>) => Promise<T>): Promise<T>
}

/** Whether `connector` can share a transaction with the caller's writes. */
export function isTransactional(connector: CrmConnector): connector is TransactionalCrmConnector {
  return typeof (connector as Partial<TransactionalCrmConnector>).transaction === 'function'
}

/** The canonical contact of a stored row, with the row id as `id` (the CRM id). */
export function contactOfRow(row: Pick<ContactRow, 'id' | 'data'>): Contact {
  return { ...(row.data as unknown as Contact), id: row.id }
}

function toRecord(row: Pick<ContactRow, 'id' | 'data' | 'updated_at'>): CrmRecord {
  return { id: row.id, contact: contactOfRow(row), updatedAt: row.updated_at.toISOString() }
}

/** Applies a flat field update (`toFieldUpdate` of @contactkit/merge) to a canonical contact. */
export function applyFieldUpdate(
  contact: Record<string, unknown>,
  fields: CrmFieldUpdate,
): Record<string, unknown> {
  const next: Record<string, unknown> = structuredClone(contact)
  for (const [path, value] of Object.entries(fields)) {
    const dot = path.indexOf('.')
    const head = dot < 0 ? path : path.slice(0, dot)
    if (head === '__proto__' || head === 'constructor' || head === 'prototype' || head === 'id') continue
    if (dot >= 0 && KEYED.has(head)) {
      const key = path.slice(dot + 1)
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
      const map = { ...((next[head] as Record<string, unknown> | undefined) ?? {}) }
      if (value === null) delete map[key]
      else map[key] = value
      if (Object.keys(map).length === 0) delete next[head]
      else next[head] = map
    } else if (value === null) {
      // A list field is never absent on a canonical contact, only empty.
      if (['emails', 'phones', 'addresses', 'websites'].includes(path)) next[path] = []
      else delete next[path]
    } else {
      next[path] = structuredClone(value)
    }
  }
  return next
}

/**
 * The input a later edit re-normalises from: the changed fields in canonical form. A whole-name input would
 * override the name parts on the next edit, so it goes when a name part changes.
 */
function rawAfterUpdate(
  raw: Record<string, unknown>,
  data: Record<string, unknown>,
  fields: CrmFieldUpdate,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...raw }
  const top = new Set(Object.keys(fields).map((path) => path.split('.')[0] as string))
  if (NAME_PARTS.some((part) => top.has(part))) {
    delete next.name
    for (const part of NAME_PARTS) {
      if (data[part] === undefined) delete next[part]
      else next[part] = data[part]
    }
  }
  for (const field of top) {
    if (field === 'id' || field === 'raw') continue
    if (data[field] === undefined) delete next[field]
    else next[field] = structuredClone(data[field])
  }
  return next
}

/** The stored form of a contact that is already canonical: no second normalisation, one provenance stamp. */
function canonicalRecord(contact: Omit<Contact, 'id'>, source: WriteSource, at: Date): ContactRecord {
  const data = JSON.parse(JSON.stringify(contact)) as Record<string, unknown>
  const stamp: Provenance = {
    source: source.id ? `${source.kind}:${source.id}` : source.kind,
    at: at.toISOString(),
    confidence: source.confidence ?? 0.8,
  }
  const provenance: Record<string, Provenance> = {}
  for (const [field, value] of Object.entries(data)) {
    if (field === 'raw' || field === 'source' || value === undefined || value === '') continue
    if (
      Array.isArray(value)
        ? value.length === 0
        : typeof value === 'object' && value !== null && Object.keys(value).length === 0
    )
      continue
    provenance[field] = stamp
  }
  return { data, raw: data, provenance, issues: [] }
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url')
}

function decodeCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string]
    const date = new Date(at)
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !UUID.test(id))
      throw new Error('bad cursor')
    return [date, id]
  } catch {
    throw new ServerError('VALIDATION_FAILED', 'The change cursor is not valid.')
  }
}

/**
 * The built-in CRM: the server's own contact store behind the {@link CrmConnector} interface, so the whole
 * DataQuality flow works without an outside system. Candidates come from the blocking-key join; every write
 * re-keys the contact in the same transaction.
 */
export function createBuiltinConnector(
  options: BuiltinConnectorOptions,
): BulkCrmConnector & TransactionalCrmConnector {
  const { db, clock, matcher, scope } = options
  const source: WriteSource = options.source ?? { kind: 'manual' }
  // Keys of contacts searched in bulk, reused when the same contact objects are created (imports): normalised
  // contacts are stored as given, so their keys are the same and features are prepared once per row.
  const searchedKeys = new WeakMap<Contact, string[]>()
  const keysOf = (contact: Contact): string[] => {
    let keys = searchedKeys.get(contact)
    if (!keys) {
      keys = matcher.blockingKeys(contact)
      if (options.bulk) searchedKeys.set(contact, keys)
    }
    return keys
  }

  function visible(need: 'read' | 'write') {
    return db
      .selectFrom('contacts as c')
      .innerJoin('lists as l', (join) =>
        join.onRef('l.id', '=', 'c.list_id').onRef('l.org_id', '=', 'c.org_id'),
      )
      .where('c.org_id', '=', scope.orgId)
      .where('c.deleted_at', 'is', null)
      .where('l.deleted_at', 'is', null)
      .where(scopeCondition(scope, need))
  }

  async function load(id: string, need: 'read' | 'write'): Promise<ContactRow | undefined> {
    if (!UUID.test(id)) return undefined
    return visible(need).selectAll('c').where('c.id', '=', id).executeTakeFirst()
  }

  // One INSERT for all rows and one key write: imports create a batch of contacts at a time.
  async function createRows(contacts: readonly Contact[]): Promise<CrmRecord[]> {
    if (!options.listId) throw new ServerError('VALIDATION_FAILED', 'Choose the list new contacts go to.')
    if (contacts.length === 0) return []
    const now = clock.now()
    const values = contacts.map((contact) => {
      const { id: _id, ...input } = contact
      const record = options.bulk
        ? canonicalRecord(input, source, now)
        : buildContactRecord(input as ContactInput, source, now, { defaultCountry: options.defaultCountry })
      return newContactRow(record, {
        id: randomUUID(),
        orgId: scope.orgId,
        listId: options.listId as string,
        createdBy: scope.userId,
        now,
      })
    })
    await db.insertInto('contacts').values(values).execute()
    const records = values.map((value) => ({
      id: value.id,
      contact: { ...(JSON.parse(value.data) as Contact), id: value.id },
      updatedAt: now.toISOString(),
    }))
    await writeBlockingKeys(
      db,
      matcher,
      scope.orgId,
      records.map(({ id, contact }, i) => ({
        id,
        contact,
        ...(options.bulk ? { keys: keysOf(contacts[i] as Contact) } : {}),
      })),
      [],
      { fresh: true },
    )
    return records
  }

  const connector: BulkCrmConnector & TransactionalCrmConnector = {
    kind: 'builtin',

    transaction(work) {
      if (db.isTransaction) return work(connector, db)
      return db.transaction().execute((trx) => work(createBuiltinConnector({ ...options, db: trx }), trx))
    },

    async searchCandidates(contact, searchOptions = {}) {
      const keys = keysOf(contact)
      const search = {
        limit: searchOptions.limit ?? 20,
        ...(contact.id && UUID.test(contact.id) ? { exclude: [contact.id] } : {}),
      }
      // One round trip when no contact waits for re-keying (the usual case); else sync and search again.
      let { rows, queued } = await findCandidateRowsOrQueued(db, scope, keys, search)
      if (queued && !options.bulk) {
        await syncQueuedKeys(db, matcher, scope.orgId)
        rows = (await findCandidateRowsOrQueued(db, scope, keys, search)).rows
      }
      return rows.map(toRecord)
    },

    async get(id) {
      const row = await load(id, 'read')
      return row ? toRecord(row) : undefined
    },

    async getMany(ids) {
      const wanted = ids.filter((id) => UUID.test(id))
      if (wanted.length === 0) return []
      const rows = await visible('read').selectAll('c').where('c.id', 'in', wanted).execute()
      const byId = new Map(rows.map((row) => [row.id, row]))
      return wanted.flatMap((id) => {
        const row = byId.get(id)
        return row ? [toRecord(row)] : []
      })
    },

    async create(contact) {
      const [record] = await createRows([contact])
      return record as CrmRecord
    },

    createMany: (contacts) => createRows(contacts),

    async searchCandidatesMany(contacts, searchOptions = {}) {
      if (!options.bulk) await syncQueuedKeys(db, matcher, scope.orgId)
      const found = await findCandidateRowsMany(db, scope, contacts.map(keysOf), {
        limit: searchOptions.limit ?? 20,
      })
      return found.map((rows, i) => {
        const self = contacts[i]?.id
        return rows.filter((row) => row.id !== self).map(toRecord)
      })
    },

    async update(id, fields) {
      const row = await load(id, 'write')
      if (!row) throw notFound('Contact')
      const now = clock.now()
      const data = applyFieldUpdate(row.data, fields)
      delete data.id
      const stamp: Provenance = {
        source: source.id ? `${source.kind}:${source.id}` : source.kind,
        at: now.toISOString(),
        confidence: source.confidence ?? 1,
      }
      const provenance = { ...row.provenance }
      for (const path of Object.keys(fields)) {
        const field = path.split('.')[0] as string
        if (data[field] === undefined) delete provenance[field]
        else provenance[field] = stamp
      }
      const updated = await db
        .updateTable('contacts')
        .set({
          data: JSON.stringify(data),
          raw: JSON.stringify(rawAfterUpdate(row.raw, data, fields)),
          provenance: JSON.stringify(provenance),
          updated_at: now,
        })
        .where('org_id', '=', scope.orgId)
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await writeBlockingKeys(db, matcher, scope.orgId, [{ id, contact: contactOfRow(updated) }])
      return toRecord(updated)
    },

    async listChanges(cursor, pageOptions = {}) {
      const limit = Math.min(Math.max(pageOptions.limit ?? 100, 1), 1_000)
      let query = visible('read').selectAll('c')
      if (cursor) {
        const [at, id] = decodeCursor(cursor)
        query = query.where(sql<boolean>`(c.updated_at, c.id) > (${at}, ${id}::uuid)`)
      }
      const rows = await query
        .orderBy('c.updated_at')
        .orderBy('c.id')
        .limit(limit + 1)
        .execute()
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      const result: CrmChangePage = {
        records: page.map(toRecord),
        cursor: last
          ? encodeCursor(last.updated_at, last.id)
          : (cursor ?? encodeCursor(new Date(0), '00000000-0000-0000-0000-000000000000')),
        hasMore: rows.length > limit,
      }
      return result
    },
  }
  return connector
}

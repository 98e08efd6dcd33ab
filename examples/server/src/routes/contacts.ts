import { randomUUID } from 'node:crypto'
import { type ContactInput, ContactInputSchema, SourceKindSchema } from '@contactkit/core'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import type { Actor } from '../context.js'
import { readOrganisationCountry } from '../crm/organisation-crm.js'
import { notFound, ServerError } from '../errors.js'
import { can } from '../permissions.js'
import {
  buildContactRecord,
  type ContactRecord,
  newContactRow,
  recordColumns,
} from '../records/contact-record.js'
import { type ListPermission, requireList } from '../records/list-access.js'
import { isRestorable, RESTORE_WINDOW_DAYS } from '../records/soft-delete.js'
import type { ContactRow, Database } from '../store/schema.js'
import { ErrorSchema, errorResponses, IdParams } from './schemas.js'

const ProvenanceSchema = z.object({ source: z.string(), at: z.iso.datetime(), confidence: z.number() })
const ContactResponse = z.object({
  id: z.uuid(),
  listId: z.uuid(),
  contact: z.record(z.string(), z.unknown()).describe('Canonical values from @contactkit/normalize'),
  raw: z.record(z.string(), z.unknown()).describe('The input as it was sent'),
  provenance: z.record(z.string(), ProvenanceSchema).describe('Per field: source, time and confidence'),
  issues: z.array(z.unknown()).describe('What normalisation found questionable, per field'),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
})
const SourceBody = z
  .object({
    kind: SourceKindSchema,
    id: z.string().max(200).optional(),
    confidence: z.number().min(0).max(1).optional(),
  })
  .default({ kind: 'manual' })
const WriteBody = z.object({
  contact: ContactInputSchema,
  source: SourceBody,
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .describe('ISO country for phone numbers written without a country code'),
})

function toResponse(row: ContactRow): z.infer<typeof ContactResponse> {
  return {
    id: row.id,
    listId: row.list_id,
    contact: row.data,
    raw: row.raw,
    provenance: row.provenance,
    issues: row.issues,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  }
}

/**
 * Loads a contact the caller may `need`: through its list's permission, and for roles without
 * `contacts.read_others` (reporters) only contacts they captured themselves.
 */
async function requireContact(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  need: Exclude<ListPermission, 'manage'>,
  options: { deleted?: boolean } = {},
): Promise<{ contact: ContactRow; permission: ListPermission }> {
  const contact = await db
    .selectFrom('contacts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .where('deleted_at', options.deleted ? 'is not' : 'is', null)
    .executeTakeFirst()
  if (!contact) throw notFound('Contact')
  if (!can(actor.role, 'contacts.read_others') && contact.created_by !== actor.userId)
    throw notFound('Contact')
  try {
    const { permission } = await requireList(db, actor, contact.list_id, need)
    return { contact, permission }
  } catch (error) {
    if (error instanceof ServerError && error.code === 'NOT_FOUND') throw notFound('Contact')
    throw error
  }
}

function toRecord(row: ContactRow): ContactRecord {
  return { data: row.data, raw: row.raw, provenance: row.provenance, issues: row.issues }
}

/** Contacts in lists, stored normalised with raw values and provenance; soft delete with 30-day restore. */
export async function contactRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock } = app.ctx

  api.get(
    '/lists/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Contacts of a list, oldest first; `after` is the last id of the previous page',
        params: IdParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          after: z.uuid().optional(),
          deleted: z.enum(['true', 'false']).default('false'),
        }),
        response: {
          200: z.object({ contacts: z.array(ContactResponse), next: z.uuid().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { permission } = await requireList(store.db, actor, request.params.id, 'read')
      const deleted = request.query.deleted === 'true'
      let query = store.db
        .selectFrom('contacts')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('list_id', '=', request.params.id)
        .where('deleted_at', deleted ? 'is not' : 'is', null)
      if (!can(actor.role, 'contacts.read_others')) query = query.where('created_by', '=', actor.userId)
      // Deleted contacts are shown to who may restore them: their creator, the list's manager, an admin.
      if (deleted && permission !== 'manage') query = query.where('created_by', '=', actor.userId)
      if (request.query.after) query = query.where('id', '>', request.query.after)
      const rows = await query
        .orderBy('id')
        .limit(request.query.limit + 1)
        .execute()
      const now = clock.now()
      const page = rows.slice(0, request.query.limit)
      return {
        contacts: page.filter((row) => !row.deleted_at || isRestorable(row.deleted_at, now)).map(toResponse),
        next: rows.length > request.query.limit ? (page.at(-1)?.id ?? null) : null,
      }
    },
  )

  api.post(
    '/lists/:id/contacts',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact; it is normalised and stored with its raw values and provenance',
        params: IdParams,
        body: WriteBody,
        response: { 201: ContactResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { list } = await requireList(store.db, actor, request.params.id, 'write')
      const now = clock.now()
      const record = buildContactRecord(request.body.contact as ContactInput, request.body.source, now, {
        defaultCountry: request.body.defaultCountry ?? (await readOrganisationCountry(store.db, actor.orgId)),
      })
      const row = await store.db
        .insertInto('contacts')
        .values(
          newContactRow(record, {
            id: randomUUID(),
            orgId: actor.orgId,
            listId: list.id,
            createdBy: actor.userId,
            now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, {
        action: 'contact.create',
        targetType: 'contact',
        targetId: row.id,
        details: { listId: list.id },
      })
      return reply.code(201).send(toResponse(row))
    },
  )

  api.get(
    '/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'One contact',
        params: IdParams,
        response: { 200: ContactResponse, ...errorResponses },
      },
    },
    async (request) =>
      toResponse((await requireContact(store.db, actorOf(request), request.params.id, 'read')).contact),
  )

  api.patch(
    '/contacts/:id',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['contacts'],
        summary:
          'Replace the given fields; the contact is normalised again and changed fields get new provenance',
        params: IdParams,
        body: WriteBody.extend({ contact: ContactInputSchema.partial() }),
        response: { 200: ContactResponse, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { contact } = await requireContact(store.db, actor, request.params.id, 'write')
      const now = clock.now()
      const raw = { ...contact.raw, ...request.body.contact } as ContactInput
      const record = buildContactRecord(raw, request.body.source, now, {
        defaultCountry: request.body.defaultCountry ?? (await readOrganisationCountry(store.db, actor.orgId)),
        previous: toRecord(contact),
      })
      const row = await store.db
        .updateTable('contacts')
        .set({ ...recordColumns(record), updated_at: now })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', contact.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, {
        action: 'contact.update',
        targetType: 'contact',
        targetId: row.id,
        details: { fields: Object.keys(request.body.contact) },
      })
      return toResponse(row)
    },
  )

  api.delete(
    '/contacts/:id',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['contacts'],
        summary: `Delete a contact; restorable for ${RESTORE_WINDOW_DAYS} days by its creator, the list owner or an admin`,
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { contact } = await requireContact(store.db, actor, request.params.id, 'write')
      await store.db
        .updateTable('contacts')
        .set({ deleted_at: clock.now(), deleted_by: actor.userId })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', contact.id)
        .execute()
      await auditRequest(request, { action: 'contact.delete', targetType: 'contact', targetId: contact.id })
      return reply.code(204).send(null)
    },
  )

  api.post(
    '/contacts/:id/restore',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['contacts'],
        summary: `Restore a deleted contact within ${RESTORE_WINDOW_DAYS} days`,
        params: IdParams,
        response: { 200: ContactResponse, 410: ErrorSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { contact, permission } = await requireContact(store.db, actor, request.params.id, 'read', {
        deleted: true,
      })
      if (permission !== 'manage' && contact.created_by !== actor.userId) throw notFound('Contact')
      if (contact.deleted_at && !isRestorable(contact.deleted_at, clock.now())) {
        throw new ServerError('RESTORE_EXPIRED', `Deleted more than ${RESTORE_WINDOW_DAYS} days ago.`)
      }
      const row = await store.db
        .updateTable('contacts')
        .set({ deleted_at: null, deleted_by: null, updated_at: clock.now() })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', contact.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, { action: 'contact.restore', targetType: 'contact', targetId: row.id })
      return toResponse(row)
    },
  )
}

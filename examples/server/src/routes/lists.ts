import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { notFound, ServerError } from '../errors.js'
import { can } from '../permissions.js'
import { requireList } from '../records/list-access.js'
import { isRestorable, RESTORE_WINDOW_DAYS } from '../records/soft-delete.js'
import type { ListRow } from '../store/schema.js'
import { ErrorSchema, errorResponses, IdParams } from './schemas.js'

const ListSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  ownerId: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
})
const MemberSchema = z.object({ userId: z.uuid(), name: z.string(), access: z.enum(['read', 'write']) })
const ListBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
})

function toList(row: ListRow): z.infer<typeof ListSchema> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ownerId: row.owner_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  }
}

/** Contact lists: owned by a user, who shares them for reading or writing; soft delete with 30-day restore. */
export async function listRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock } = app.ctx

  api.get(
    '/lists',
    {
      schema: {
        tags: ['lists'],
        summary:
          'Lists the caller may read; `deleted=true` shows their deleted lists that can still be restored',
        querystring: z.object({ deleted: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ lists: z.array(ListSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const deleted = request.query.deleted === 'true'
      let query = store.db
        .selectFrom('lists')
        .selectAll('lists')
        .where('lists.org_id', '=', actor.orgId)
        .where('lists.deleted_at', deleted ? 'is not' : 'is', null)
      if (!can(actor.role, 'records.administer')) {
        query = query.where((eb) =>
          deleted
            ? eb('lists.owner_id', '=', actor.userId)
            : eb.or([
                eb('lists.owner_id', '=', actor.userId),
                eb.exists(
                  eb
                    .selectFrom('list_members')
                    .select(sql`1`.as('one'))
                    .whereRef('list_members.list_id', '=', 'lists.id')
                    .where('list_members.org_id', '=', actor.orgId)
                    .where('list_members.user_id', '=', actor.userId),
                ),
              ]),
        )
      }
      const rows = await query.orderBy('lists.name').orderBy('lists.id').execute()
      const now = clock.now()
      return {
        lists: rows.filter((row) => !row.deleted_at || isRestorable(row.deleted_at, now)).map(toList),
      }
    },
  )

  api.post(
    '/lists',
    {
      config: { capability: 'lists.create' },
      schema: {
        tags: ['lists'],
        summary: 'Create a list owned by the caller',
        body: ListBody,
        response: { 201: ListSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const now = clock.now()
      const row = await store.db
        .insertInto('lists')
        .values({
          id: randomUUID(),
          org_id: actor.orgId,
          owner_id: actor.userId,
          name: request.body.name,
          description: request.body.description ?? null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
          deleted_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, { action: 'list.create', targetType: 'list', targetId: row.id })
      return reply.code(201).send(toList(row))
    },
  )

  api.get(
    '/lists/:id',
    {
      schema: {
        tags: ['lists'],
        summary: 'One list',
        params: IdParams,
        response: { 200: ListSchema, ...errorResponses },
      },
    },
    async (request) =>
      toList((await requireList(store.db, actorOf(request), request.params.id, 'read')).list),
  )

  api.patch(
    '/lists/:id',
    {
      schema: {
        tags: ['lists'],
        summary: 'Rename or describe a list (owner or admin)',
        params: IdParams,
        body: ListBody.partial(),
        response: { 200: ListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      await requireList(store.db, actor, request.params.id, 'manage')
      const row = await store.db
        .updateTable('lists')
        .set({
          ...(request.body.name !== undefined ? { name: request.body.name } : {}),
          ...(request.body.description !== undefined ? { description: request.body.description } : {}),
          updated_at: clock.now(),
        })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, { action: 'list.update', targetType: 'list', targetId: row.id })
      return toList(row)
    },
  )

  api.delete(
    '/lists/:id',
    {
      schema: {
        tags: ['lists'],
        summary: `Delete a list (owner or admin); restorable for ${RESTORE_WINDOW_DAYS} days`,
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      await requireList(store.db, actor, request.params.id, 'manage')
      await store.db
        .updateTable('lists')
        .set({ deleted_at: clock.now(), deleted_by: actor.userId })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', request.params.id)
        .execute()
      await auditRequest(request, { action: 'list.delete', targetType: 'list', targetId: request.params.id })
      return reply.code(204).send(null)
    },
  )

  api.post(
    '/lists/:id/restore',
    {
      schema: {
        tags: ['lists'],
        summary: `Restore a deleted list within ${RESTORE_WINDOW_DAYS} days (owner or admin)`,
        params: IdParams,
        response: { 200: ListSchema, 410: ErrorSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { list } = await requireList(store.db, actor, request.params.id, 'manage', { deleted: true })
      if (list.deleted_at && !isRestorable(list.deleted_at, clock.now())) {
        throw new ServerError('RESTORE_EXPIRED', `Deleted more than ${RESTORE_WINDOW_DAYS} days ago.`)
      }
      const row = await store.db
        .updateTable('lists')
        .set({ deleted_at: null, deleted_by: null, updated_at: clock.now() })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', list.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, { action: 'list.restore', targetType: 'list', targetId: row.id })
      return toList(row)
    },
  )

  api.get(
    '/lists/:id/members',
    {
      schema: {
        tags: ['lists'],
        summary: 'Who the list is shared with',
        params: IdParams,
        response: { 200: z.object({ members: z.array(MemberSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      await requireList(store.db, actor, request.params.id, 'read')
      const members = await store.db
        .selectFrom('list_members')
        .innerJoin('users', (join) =>
          join
            .onRef('users.id', '=', 'list_members.user_id')
            .onRef('users.org_id', '=', 'list_members.org_id'),
        )
        .select(['list_members.user_id as userId', 'users.name', 'list_members.access'])
        .where('list_members.org_id', '=', actor.orgId)
        .where('list_members.list_id', '=', request.params.id)
        .orderBy('users.name')
        .execute()
      return { members }
    },
  )

  const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() })

  api.put(
    '/lists/:id/members/:userId',
    {
      schema: {
        tags: ['lists'],
        summary: 'Share the list with a colleague for reading or writing (owner or admin)',
        params: MemberParams,
        body: z.object({ access: z.enum(['read', 'write']) }),
        response: { 200: MemberSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { list } = await requireList(store.db, actor, request.params.id, 'manage')
      const user = await store.db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('org_id', '=', actor.orgId)
        .where('id', '=', request.params.userId)
        .executeTakeFirst()
      if (!user) throw notFound('User')
      if (user.id === list.owner_id) throw new ServerError('CONFLICT', 'The owner has full access already.')
      await store.db
        .insertInto('list_members')
        .values({ org_id: actor.orgId, list_id: list.id, user_id: user.id, access: request.body.access })
        .onConflict((oc) => oc.columns(['list_id', 'user_id']).doUpdateSet({ access: request.body.access }))
        .execute()
      await auditRequest(request, {
        action: 'list.share',
        targetType: 'list',
        targetId: list.id,
        details: { userId: user.id, access: request.body.access },
      })
      return { userId: user.id, name: user.name, access: request.body.access }
    },
  )

  api.delete(
    '/lists/:id/members/:userId',
    {
      schema: {
        tags: ['lists'],
        summary: 'Stop sharing the list with a colleague (owner or admin)',
        params: MemberParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      await requireList(store.db, actor, request.params.id, 'manage')
      const result = await store.db
        .deleteFrom('list_members')
        .where('org_id', '=', actor.orgId)
        .where('list_id', '=', request.params.id)
        .where('user_id', '=', request.params.userId)
        .executeTakeFirst()
      if (result.numDeletedRows === 0n) throw notFound('Member')
      await auditRequest(request, {
        action: 'list.unshare',
        targetType: 'list',
        targetId: request.params.id,
        details: { userId: request.params.userId },
      })
      return reply.code(204).send(null)
    },
  )
}

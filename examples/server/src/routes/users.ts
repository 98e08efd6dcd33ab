import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { createAccount } from '../auth/accounts.js'
import { actorOf } from '../auth/authenticate.js'
import { inviteAccount } from '../auth/invitations.js'
import { hashPassword } from '../auth/password.js'
import { revokeUserSessions } from '../auth/sessions.js'
import { notFound, ServerError } from '../errors.js'
import {
  Email,
  ErrorSchema,
  errorResponses,
  IdParams,
  Password,
  PersonName,
  RoleSchema,
  toUser,
  UserSchema,
} from './schemas.js'

const DirectoryEntry = z.object({ id: z.uuid(), name: z.string(), email: z.string() })

/** User management for admins, and a colleague directory for sharing lists. */
export async function userRoutes(
  app: FastifyInstance,
  options: { publicUrl: string | undefined },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock } = app.ctx

  api.get(
    '/directory',
    {
      config: { capability: 'users.directory' },
      schema: {
        tags: ['users'],
        summary: 'Active colleagues, to share lists with',
        response: { 200: z.object({ users: z.array(DirectoryEntry) }), ...errorResponses },
      },
    },
    async (request) => {
      const users = await store.db
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('org_id', '=', actorOf(request).orgId)
        .where('disabled_at', 'is', null)
        .orderBy('name')
        .execute()
      return { users }
    },
  )

  api.get(
    '/users',
    {
      config: { capability: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'All users of the organisation',
        response: { 200: z.object({ users: z.array(UserSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await store.db
        .selectFrom('users')
        .selectAll()
        .where('org_id', '=', actorOf(request).orgId)
        .orderBy('created_at')
        .execute()
      return { users: rows.map(toUser) }
    },
  )

  api.post(
    '/users',
    {
      config: { capability: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a user with an initial password, or invite them by mail to choose one',
        body: z.object({
          email: Email,
          name: PersonName,
          role: RoleSchema,
          password: Password.optional().describe(
            'Initial password. Leave it out to send an invitation mail instead: its link (valid 7 days, once) ' +
              'lets the user choose a password, and until then nobody can log in as them. Invitations need ' +
              'outgoing mail (SMTP_URL); without it the answer is 409.',
          ),
        }),
        response: { 201: UserSchema, 409: ErrorSchema, 502: ErrorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { email, name, role, password } = request.body
      if (password !== undefined) {
        const row = await createAccount(store.db, {
          orgId: actor.orgId,
          email,
          name,
          role,
          passwordHash: await hashPassword(password),
          now: clock.now(),
        })
        await auditRequest(request, {
          action: 'user.create',
          targetType: 'user',
          targetId: row.id,
          details: { role: row.role },
        })
        return reply.code(201).send(toUser(row))
      }

      const { mailer } = app.ctx
      if (!mailer || !options.publicUrl)
        throw new ServerError(
          'CONFLICT',
          'Invitations need SMTP (SMTP_URL); give the user a password instead.',
        )
      const row = await inviteAccount(
        request,
        { mailer, publicUrl: options.publicUrl },
        { email, name, role },
      )
      return reply.code(201).send(toUser(row))
    },
  )

  api.get(
    '/users/:id',
    {
      config: { capability: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (request) => {
      const row = await store.db
        .selectFrom('users')
        .selectAll()
        .where('org_id', '=', actorOf(request).orgId)
        .where('id', '=', request.params.id)
        .executeTakeFirst()
      if (!row) throw notFound('User')
      return toUser(row)
    },
  )

  api.patch(
    '/users/:id',
    {
      config: { capability: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Change name or role, disable or re-enable, unlock; disabling revokes sessions and tokens',
        params: IdParams,
        body: z.object({
          name: PersonName.optional(),
          role: RoleSchema.optional(),
          disabled: z.boolean().optional(),
          unlock: z.literal(true).optional(),
        }),
        response: { 200: UserSchema, 409: ErrorSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { name, role, disabled, unlock } = request.body
      const now = clock.now()
      const updated = await store.db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('users')
          .selectAll()
          .where('org_id', '=', actor.orgId)
          .where('id', '=', request.params.id)
          .forUpdate()
          .executeTakeFirst()
        if (!current) throw notFound('User')
        const losesAdmin = current.role === 'admin' && ((role && role !== 'admin') || disabled === true)
        if (losesAdmin) {
          const admins = await trx
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .where('org_id', '=', actor.orgId)
            .where('role', '=', 'admin')
            .where('disabled_at', 'is', null)
            .executeTakeFirstOrThrow()
          if (Number(admins.count) <= 1)
            throw new ServerError('CONFLICT', 'An organisation keeps at least one active admin.')
        }
        return trx
          .updateTable('users')
          .set({
            ...(name !== undefined ? { name } : {}),
            ...(role !== undefined ? { role } : {}),
            ...(disabled === true && !current.disabled_at ? { disabled_at: now } : {}),
            ...(disabled === false ? { disabled_at: null } : {}),
            ...(unlock ? { locked_until: null, failed_logins: 0 } : {}),
            updated_at: now,
          })
          .where('org_id', '=', actor.orgId)
          .where('id', '=', request.params.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      })
      if (disabled === true) {
        await revokeUserSessions(store.db, clock, actor.orgId, updated.id)
        await store.db
          .updateTable('api_tokens')
          .set({ revoked_at: now })
          .where('org_id', '=', actor.orgId)
          .where('user_id', '=', updated.id)
          .where('revoked_at', 'is', null)
          .execute()
      }
      await auditRequest(request, {
        action: 'user.update',
        targetType: 'user',
        targetId: updated.id,
        details: { changed: Object.keys(request.body) },
      })
      return toUser(updated)
    },
  )
}

import { randomUUID } from 'node:crypto'
import type { Contact } from '@contactkit/core'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Selectable } from 'kysely'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { connectorFor } from '../dataquality/connectors.js'
import { notFound, ServerError } from '../errors.js'
import {
  GRAPH_API_ORIGINS,
  GRAPH_LOGIN_ORIGINS,
  GraphServerSettingsSchema,
  ImapServerSettingsSchema,
  type MailSourceFactory,
  mailboxPasswordContext,
  mailServerSecretContext,
  readMailServer,
} from '../mail/mail-server.js'
import { syncMailbox } from '../mail/suggest.js'
import { requireList } from '../records/list-access.js'
import type { MailSuggestionTable } from '../store/schema.js'
import { ContactJson } from './dataquality-schemas.js'
import { errorResponses } from './schemas.js'

/** Options of {@link mailRoutes}. */
export interface MailRouteOptions {
  /** Builds the source that reads a mailbox (tests: a fake). */
  sources: MailSourceFactory
  /** Origins a Graph app's token and API requests may go to besides Microsoft's own (tests: a local fake). */
  graphBaseUrls?: readonly string[] | undefined
}

const MailServerView = z.object({
  kind: z.enum(['imap', 'graph']),
  imap: ImapServerSettingsSchema.optional(),
  graph: GraphServerSettingsSchema.extend({
    clientSecretSet: z.boolean().describe('Whether a client secret is stored (it is never returned)'),
  }).optional(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.uuid(),
})

const PutMailServer = z.discriminatedUnion('kind', [
  ImapServerSettingsSchema.extend({ kind: z.literal('imap') }),
  GraphServerSettingsSchema.extend({
    kind: z.literal('graph'),
    clientSecret: z.string().min(1).max(2000).describe('The app’s client secret; sealed, never returned'),
  }),
])

const MailboxView = z.object({
  kind: z
    .enum(['imap', 'graph'])
    .nullable()
    .describe('The organisation’s mail server kind; null: none configured'),
  username: z.string().nullable().describe('IMAP login; null for Graph, which reads the user’s own address'),
  passwordSet: z.boolean(),
  lastSyncAt: z.iso.datetime().nullable(),
  lastError: z
    .string()
    .nullable()
    .describe('MAIL_AUTH, MAIL_UNAVAILABLE, … of the last sync; null after a good one'),
  createdAt: z.iso.datetime(),
})

const PutMailbox = z.object({
  username: z.string().trim().min(1).max(320).optional().describe('IMAP login (default: the user’s address)'),
  password: z.string().min(1).max(1000).optional().describe('IMAP password; sealed, never returned'),
})

const SyncResultSchema = z.object({
  read: z.number().int().describe('Messages read'),
  suggested: z.number().int().describe('Messages whose sender’s signature made or refreshed a suggestion'),
  more: z.boolean().describe('More messages wait for the next sync'),
})

const SuggestionSchema = z.object({
  id: z.uuid(),
  sender: z.string().describe('The sender’s address'),
  contact: ContactJson.describe('The contact read from the sender’s latest signature, normalised'),
  fields: z.array(z.unknown()).describe('Every value read, with its confidence'),
  status: z.enum(['open', 'accepted', 'dismissed']),
  duplicate: z.object({
    status: z.enum(['duplicate', 'possible', 'none']),
    candidateId: z.string().nullable().describe('The best CRM candidate: open the merge view with it'),
    probability: z.number().nullable(),
  }),
  messages: z.number().int().describe('Mails of the sender read so far'),
  firstSeenAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  contactId: z.string().nullable().describe('The contact it became, once accepted'),
})

const Accept = z.union([
  z.object({ listId: z.uuid() }).describe('Create the contact in this list'),
  z.object({ contactId: z.string().min(1).max(200) }).describe('It was merged into this CRM record'),
])

function origin(url: string): string {
  return new URL(url).origin
}

/**
 * Contact suggestions from e-mail: the organisation's mail server (admins), each user's mailbox on it, a sync that
 * reads new mails and turns the senders' signatures into suggestions, and the suggestions to accept or dismiss. No
 * mail is stored or logged; a suggestion holds the contact read from a signature and its duplicate check.
 */
export async function mailRoutes(app: FastifyInstance, options: MailRouteOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock, secrets } = app.ctx
  const loginOrigins = new Set([...GRAPH_LOGIN_ORIGINS, ...(options.graphBaseUrls ?? []).map(origin)])
  const graphOrigins = new Set([...GRAPH_API_ORIGINS, ...(options.graphBaseUrls ?? []).map(origin)])

  const serverView = async (orgId: string) => {
    const server = await readMailServer(store.db, orgId)
    if (!server) throw new ServerError('NOT_FOUND', 'The organisation has no mail server configured.')
    const meta = { updatedAt: server.updatedAt.toISOString(), updatedBy: server.updatedBy }
    return server.kind === 'imap'
      ? { kind: 'imap' as const, imap: server.settings, ...meta }
      : {
          kind: 'graph' as const,
          graph: { ...server.settings, clientSecretSet: server.secretSealed !== '' },
          ...meta,
        }
  }

  api.get(
    '/organisation/mail-server',
    {
      config: { capability: 'mail_server.manage' },
      schema: {
        tags: ['mail'],
        summary: 'The organisation’s mail server (never its secret)',
        response: { 200: MailServerView, ...errorResponses },
      },
    },
    async (request) => serverView(actorOf(request).orgId),
  )

  api.put(
    '/organisation/mail-server',
    {
      config: { capability: 'mail_server.manage' },
      schema: {
        tags: ['mail'],
        summary: 'Set the mail server users read their mailboxes on: an IMAP host, or a Microsoft Graph app',
        body: PutMailServer,
        response: { 200: MailServerView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const body = request.body
      let settings: Record<string, unknown>
      let secretSealed: string | null = null
      if (body.kind === 'imap') {
        const { kind: _kind, ...imap } = body
        settings = imap
      } else {
        const { kind: _kind, clientSecret, ...graph } = body
        // Only Microsoft's origins (and those the server allows): the client secret goes to the token endpoint.
        if (graph.loginBaseUrl !== undefined && !loginOrigins.has(origin(graph.loginBaseUrl)))
          throw new ServerError('VALIDATION_FAILED', 'This login URL is not allowed.', {
            details: { field: 'loginBaseUrl' },
          })
        if (graph.graphBaseUrl !== undefined && !graphOrigins.has(origin(graph.graphBaseUrl)))
          throw new ServerError('VALIDATION_FAILED', 'This Graph URL is not allowed.', {
            details: { field: 'graphBaseUrl' },
          })
        settings = graph
        secretSealed = await secrets.seal(clientSecret, mailServerSecretContext(actor.orgId))
      }
      const values = {
        kind: body.kind,
        settings: JSON.stringify(settings),
        secret_sealed: secretSealed,
        updated_by: actor.userId,
        updated_at: clock.now(),
      }
      await store.db
        .insertInto('mail_servers')
        .values({ org_id: actor.orgId, ...values })
        .onConflict((conflict) => conflict.column('org_id').doUpdateSet(values))
        .execute()
      // Where reading stopped belongs to the old server.
      await store.db
        .updateTable('mailboxes')
        .set({ cursor: null, last_error: null })
        .where('org_id', '=', actor.orgId)
        .execute()
      await auditRequest(request, {
        action: 'mail_server.update',
        targetType: 'organisation',
        targetId: actor.orgId,
        details: { kind: body.kind, ...(body.kind === 'imap' ? { host: body.host, port: body.port } : {}) },
      })
      return serverView(actor.orgId)
    },
  )

  api.delete(
    '/organisation/mail-server',
    {
      config: { capability: 'mail_server.manage' },
      schema: {
        tags: ['mail'],
        summary: 'Remove the mail server; mailboxes stay connected but are not read until one is set again',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const deleted = await store.db
        .deleteFrom('mail_servers')
        .where('org_id', '=', actor.orgId)
        .executeTakeFirst()
      if (deleted.numDeletedRows === 0n)
        throw new ServerError('NOT_FOUND', 'The organisation has no mail server.')
      await auditRequest(request, {
        action: 'mail_server.delete',
        targetType: 'organisation',
        targetId: actor.orgId,
      })
      return reply.code(204).send(null)
    },
  )

  const mailboxView = async (orgId: string, userId: string) => {
    const row = await store.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    if (!row) throw new ServerError('NOT_FOUND', 'No mailbox is connected.')
    const server = await readMailServer(store.db, orgId)
    return {
      kind: server?.kind ?? null,
      username: row.username,
      passwordSet: row.password_sealed !== null,
      lastSyncAt: row.last_sync_at?.toISOString() ?? null,
      lastError: row.last_error,
      createdAt: row.created_at.toISOString(),
    }
  }

  api.get(
    '/mailbox',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['mail'],
        summary: 'The caller’s mailbox: whether it is connected, when it was last read, the last error',
        response: { 200: MailboxView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return mailboxView(actor.orgId, actor.userId)
    },
  )

  api.put(
    '/mailbox',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['mail'],
        summary: 'Connect the caller’s mailbox: IMAP login and password, or nothing for a Graph app',
        body: PutMailbox,
        response: { 200: MailboxView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const server = await readMailServer(store.db, actor.orgId)
      if (!server) throw new ServerError('CONFLICT', 'The organisation has no mail server configured.')
      if (server.kind === 'imap' && request.body.password === undefined)
        throw new ServerError('VALIDATION_FAILED', 'An IMAP mailbox needs its password.', {
          details: { field: 'password' },
        })
      const existing = await store.db
        .selectFrom('mailboxes')
        .select(['id', 'username'])
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst()
      const id = existing?.id ?? randomUUID()
      const username = server.kind === 'imap' ? (request.body.username ?? null) : null
      const passwordSealed =
        server.kind === 'imap' && request.body.password !== undefined
          ? await secrets.seal(request.body.password, mailboxPasswordContext(actor.orgId, id))
          : null
      if (existing) {
        await store.db
          .updateTable('mailboxes')
          .set({
            username,
            password_sealed: passwordSealed,
            last_error: null,
            // Another login is another mailbox: read it from the start.
            ...(existing.username === username ? {} : { cursor: null }),
          })
          .where('org_id', '=', actor.orgId)
          .where('id', '=', id)
          .execute()
      } else {
        await store.db
          .insertInto('mailboxes')
          .values({
            id,
            org_id: actor.orgId,
            user_id: actor.userId,
            username,
            password_sealed: passwordSealed,
            created_at: clock.now(),
          })
          .execute()
      }
      await auditRequest(request, { action: 'mailbox.connect', targetType: 'mailbox', targetId: id })
      return mailboxView(actor.orgId, actor.userId)
    },
  )

  api.delete(
    '/mailbox',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['mail'],
        summary: 'Disconnect the caller’s mailbox (its suggestions stay)',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const row = await store.db
        .deleteFrom('mailboxes')
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId)
        .returning('id')
        .executeTakeFirst()
      if (!row) throw new ServerError('NOT_FOUND', 'No mailbox is connected.')
      await auditRequest(request, { action: 'mailbox.disconnect', targetType: 'mailbox', targetId: row.id })
      return reply.code(204).send(null)
    },
  )

  api.post(
    '/mailbox/sync',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['mail'],
        summary: 'Read the new mails of the caller’s mailbox now (at most 200) and update the suggestions',
        response: { 200: SyncResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const result = await syncMailbox({ store, clock, secrets, sources: options.sources }, actor)
      await auditRequest(request, {
        action: 'mailbox.sync',
        targetType: 'user',
        targetId: actor.userId,
        details: { read: result.read, suggested: result.suggested },
      })
      return result
    },
  )

  const toSuggestion = (row: Selectable<MailSuggestionTable>) => ({
    id: row.id,
    sender: row.sender,
    contact: row.contact as z.infer<typeof ContactJson>,
    fields: row.fields as unknown[],
    status: row.status,
    duplicate: { status: row.duplicate_status, candidateId: row.candidate_id, probability: row.probability },
    messages: row.messages,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    contactId: row.contact_id,
  })

  api.get(
    '/mail-suggestions',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['mail'],
        summary: 'The caller’s contact suggestions from e-mail, newest mail first',
        querystring: z.object({
          status: z.enum(['open', 'accepted', 'dismissed']).default('open'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ suggestions: z.array(SuggestionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const rows = await store.db
        .selectFrom('mail_suggestions')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId)
        .where('status', '=', request.query.status)
        .orderBy('last_seen_at', 'desc')
        .orderBy('id')
        .limit(request.query.limit)
        .execute()
      return { suggestions: rows.map(toSuggestion) }
    },
  )

  // The caller's open suggestion, or NOT_FOUND (also for another user's: suggestions are private).
  const openSuggestion = async (orgId: string, userId: string, id: string) => {
    const row = await store.db
      .selectFrom('mail_suggestions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw new ServerError('NOT_FOUND', 'Suggestion not found.')
    if (row.status !== 'open') throw new ServerError('CONFLICT', `The suggestion is ${row.status} already.`)
    return row
  }

  api.post(
    '/mail-suggestions/:id/accept',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['mail'],
        summary:
          'Accept a suggestion: create its contact in a list, or record the CRM record it was merged into',
        params: z.object({ id: z.uuid() }),
        body: Accept,
        response: { 200: SuggestionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const suggestion = await openSuggestion(actor.orgId, actor.userId, request.params.id)
      let contactId: string
      if ('listId' in request.body) {
        await requireList(store.db, actor, request.body.listId, 'write')
        // Through the organisation's CRM: the built-in contact store (into the list), or HubSpot.
        const connector = await connectorFor(app.ctx, actor, {
          listId: request.body.listId,
          source: { kind: 'signature', id: suggestion.id },
        })
        contactId = (await connector.create(suggestion.contact as unknown as Contact)).id
      } else {
        // The record merged into must be one the caller can see in this organisation's CRM, like any other id.
        const connector = await connectorFor(app.ctx, actor)
        if (!(await connector.get(request.body.contactId))) throw notFound('CRM record')
        contactId = request.body.contactId
      }
      const row = await store.db
        .updateTable('mail_suggestions')
        .set({ status: 'accepted', contact_id: contactId, decided_at: clock.now() })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', suggestion.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, {
        action: 'mail_suggestion.accept',
        targetType: 'mail_suggestion',
        targetId: suggestion.id,
        details: { contactId },
      })
      return toSuggestion(row)
    },
  )

  api.post(
    '/mail-suggestions/:id/dismiss',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['mail'],
        summary: 'Dismiss a suggestion; later mails of the sender do not suggest them again',
        params: z.object({ id: z.uuid() }),
        response: { 200: SuggestionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const suggestion = await openSuggestion(actor.orgId, actor.userId, request.params.id)
      const row = await store.db
        .updateTable('mail_suggestions')
        .set({ status: 'dismissed', decided_at: clock.now() })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', suggestion.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, {
        action: 'mail_suggestion.dismiss',
        targetType: 'mail_suggestion',
        targetId: suggestion.id,
      })
      return toSuggestion(row)
    },
  )
}

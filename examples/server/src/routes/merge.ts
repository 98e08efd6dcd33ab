import type { Contact, ContactInput } from '@contactkit/core'
import { ContactInputSchema } from '@contactkit/core'
import { normalizeContact } from '@contactkit/normalize'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import type { Actor } from '../context.js'
import type { CrmConnector, CrmRecord } from '../crm/connector.js'
import { connectorFor } from '../dataquality/connectors.js'
import {
  applyMerge,
  listMerges,
  type MergeContext,
  previewMerge,
  UNDO_WINDOW_DAYS,
  undoMerge,
} from '../dataquality/merge-service.js'
import { notFound, ServerError } from '../errors.js'
import { ChoiceSchema, ContactJson, CountryCode, CrmRecordSchema } from './dataquality-schemas.js'
import { ErrorSchema, errorResponses, IdParams } from './schemas.js'

const Incoming = z
  .union([
    z.object({ contact: ContactInputSchema }),
    z.object({
      contactId: z.uuid().describe('A stored contact to merge in; it is deleted, and restored by undo'),
    }),
    z.object({
      recordId: z
        .string()
        .min(1)
        .max(200)
        .describe(
          'A record of the organisation’s CRM to merge in (a dedupe cluster member): a built-in contact is deleted, a HubSpot record archived; undo brings it back (HubSpot: as a new record)',
        ),
    }),
  ])
  .describe('The incoming contact, or a stored contact of this organisation')

const PreviewBody = z.object({
  incoming: Incoming,
  targetId: z.string().min(1).max(200).describe('The CRM record to merge into'),
  defaultCountry: CountryCode.optional(),
})

const DiffEntrySchema = z.object({
  path: z.string(),
  field: z.string(),
  key: z.string().optional(),
  kind: z.enum(['equal', 'equivalent', 'added', 'removed', 'changed']),
  incoming: z.unknown(),
  existing: z.unknown(),
  suggestion: ChoiceSchema,
  reason: z.string(),
})

const MergeSummarySchema = z.object({
  id: z.uuid(),
  targetId: z.string(),
  connector: z.string(),
  fields: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  undoneAt: z.string().nullable(),
  undoable: z.boolean(),
})

async function resolveIncoming(
  connector: CrmConnector,
  incoming: z.infer<typeof Incoming>,
  defaultCountry: string | undefined,
): Promise<{ contact: Contact; ref: string; absorb?: string; absorbRecord?: CrmRecord }> {
  if ('recordId' in incoming) {
    const record = await connector.get(incoming.recordId)
    if (!record) throw notFound('CRM record')
    if (connector.kind === 'builtin') return { contact: record.contact, ref: record.id, absorb: record.id }
    return { contact: record.contact, ref: record.id, absorb: record.id, absorbRecord: record }
  }
  if ('contactId' in incoming) {
    if (connector.kind !== 'builtin')
      throw new ServerError('VALIDATION_FAILED', 'Send the incoming contact itself.')
    const record = await connector.get(incoming.contactId)
    if (!record) throw notFound('Contact')
    return { contact: record.contact, ref: record.id, absorb: record.id }
  }
  const { contact } = normalizeContact(
    incoming.contact as ContactInput,
    defaultCountry ? { defaultCountry } : {},
  )
  return { contact, ref: 'incoming' }
}

function mergeContext(app: FastifyInstance, actor: Actor, connector: CrmConnector): MergeContext {
  return { db: app.ctx.store.db, clock: app.ctx.clock, connector, orgId: actor.orgId, userId: actor.userId }
}

/** Merge view API: the diff, the merge with the user's choices, the history and undo. */
export async function mergeRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/merges/preview',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'Field-by-field diff of an incoming contact and a CRM record (@contactkit/merge)',
        body: PreviewBody,
        response: {
          200: z.object({
            incoming: ContactJson,
            existing: CrmRecordSchema,
            diff: z.object({
              entries: z.array(DiffEntrySchema),
              counts: z.record(z.string(), z.number()),
              hasChanges: z.boolean(),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const connector = await connectorFor(app.ctx, actorOf(request), {
        defaultCountry: request.body.defaultCountry,
      })
      const incoming = await resolveIncoming(connector, request.body.incoming, connector.defaultCountry)
      if (incoming.absorb === request.body.targetId)
        throw new ServerError('VALIDATION_FAILED', 'A contact cannot be merged into itself.')
      const preview = await previewMerge(connector, incoming.contact, request.body.targetId, {
        defaultCountry: connector.defaultCountry,
      })
      return preview as never
    },
  )

  api.post(
    '/merges',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['dataquality'],
        summary: `Merge with the user's choices; writes only changed fields; undo for ${UNDO_WINDOW_DAYS} days`,
        body: PreviewBody.extend({
          choices: z
            .record(z.string().max(500), ChoiceSchema)
            .default({})
            .describe('Per diff path: keepExisting, takeIncoming or union (both); other paths fill blanks'),
          expectedUpdatedAt: z.string().optional().describe('existing.updatedAt from the preview'),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            record: CrmRecordSchema,
            fieldUpdate: z.record(z.string(), z.unknown()),
          }),
          409: ErrorSchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const connector = await connectorFor(app.ctx, actor, {
        source: { kind: 'manual', id: 'merge' },
        defaultCountry: request.body.defaultCountry,
      })
      const incoming = await resolveIncoming(connector, request.body.incoming, connector.defaultCountry)
      if (incoming.absorb === request.body.targetId)
        throw new ServerError('VALIDATION_FAILED', 'A contact cannot be merged into itself.')
      const result = await applyMerge(mergeContext(app, actor, connector), {
        incoming: incoming.contact,
        incomingRef: incoming.ref,
        targetId: request.body.targetId,
        choices: request.body.choices,
        expectedUpdatedAt: request.body.expectedUpdatedAt,
        defaultCountry: connector.defaultCountry,
        absorbContactId: incoming.absorbRecord === undefined ? incoming.absorb : undefined,
        absorbCrmRecord: incoming.absorbRecord,
      })
      await auditRequest(request, {
        action: 'merge.apply',
        targetType: 'contact',
        targetId: result.record.id,
        details: {
          mergeId: result.id,
          fields: Object.keys(result.fieldUpdate),
          absorbed: incoming.absorb ?? null,
        },
      })
      return reply.code(201).send(result as never)
    },
  )

  api.get(
    '/merges',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'Merge history of the organisation, newest first',
        querystring: z.object({
          targetId: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ merges: z.array(MergeSummarySchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const merges = await listMerges(app.ctx.store.db, app.ctx.clock, actor.orgId, request.query)
      // Only merges into records the caller can see.
      const connector = await connectorFor(app.ctx, actor)
      const visible = new Set(
        (await connector.getMany(merges.map((merge) => merge.targetId))).map((r) => r.id),
      )
      return { merges: merges.filter((merge) => visible.has(merge.targetId)) }
    },
  )

  api.post(
    '/merges/:id/undo',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['dataquality'],
        summary: `Undo a merge within ${UNDO_WINDOW_DAYS} days`,
        params: IdParams,
        response: {
          200: z.object({
            record: CrmRecordSchema,
            merge: MergeSummarySchema,
            restored: CrmRecordSchema.optional().describe(
              'The archived HubSpot record, created again under a new id',
            ),
          }),
          409: ErrorSchema,
          410: ErrorSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const connector = await connectorFor(app.ctx, actor, { source: { kind: 'manual', id: 'undo' } })
      const { record, summary, restored } = await undoMerge(
        mergeContext(app, actor, connector),
        request.params.id,
      )
      await auditRequest(request, {
        action: 'merge.undo',
        targetType: 'contact',
        targetId: record.id,
        details: { mergeId: summary.id, ...(restored ? { restoredId: restored.id } : {}) },
      })
      return { record, merge: summary, ...(restored ? { restored } : {}) } as never
    },
  )
}

import { isMappingField, MAPPING_FIELDS } from '@contactkit/import'
import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Selectable } from 'kysely'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import type { Actor } from '../context.js'
import { connectorFor } from '../dataquality/connectors.js'
import { createImport, issuesCsv, previewUpload } from '../dataquality/import-service.js'
import { enqueueJob, IMPORT_QUEUE } from '../dataquality/job-queue.js'
import { dataQualityWorker } from '../dataquality/jobs.js'
import { notFound, ServerError } from '../errors.js'
import { requireList } from '../records/list-access.js'
import type { ImportRowTable } from '../store/schema.js'
import { CountryCode } from './dataquality-schemas.js'
import { ErrorSchema, errorResponses, IdParams } from './schemas.js'

/** Largest spreadsheet accepted by default (bytes). */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024

const RowParams = z.object({ id: z.uuid(), row: z.coerce.number().int().min(1) })
const Mapping = z
  .array(
    z.object({
      column: z.number().int().min(0).max(5_000),
      field: z.string().refine(isMappingField, 'not a mapping field of @contactkit/import').nullable(),
    }),
  )
  .max(5_000)

const ImportSchema = z.object({
  id: z.uuid(),
  listId: z.uuid(),
  fileName: z.string(),
  status: z.enum(['uploaded', 'queued', 'running', 'done', 'failed']),
  preview: z.record(z.string(), z.unknown()),
  progress: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), z.unknown()).nullable(),
  error: z.record(z.string(), z.unknown()).nullable(),
  counts: z.record(z.string(), z.number()),
  createdAt: z.string(),
})

const RowSchema = z.object({
  rowNumber: z.number(),
  outcome: z.string(),
  verdict: z.string().nullable(),
  contact: z.record(z.string(), z.unknown()).nullable(),
  raw: z.array(z.unknown()),
  issues: z.array(z.unknown()),
  candidates: z.array(z.unknown()),
  contactId: z.string().nullable(),
  defaultCountry: z.string().optional(),
})

// One stored import row as the API shows it.
function rowOf(row: Selectable<ImportRowTable>): z.infer<typeof RowSchema> {
  return {
    rowNumber: row.row_number,
    outcome: row.outcome,
    verdict: row.verdict,
    contact: row.contact,
    raw: row.raw,
    issues: row.issues,
    candidates: row.candidates,
    contactId: row.contact_id,
  }
}

/** Options of {@link importRoutes}. */
export interface ImportRouteOptions {
  /** Largest upload in bytes; default {@link DEFAULT_MAX_UPLOAD_BYTES}. */
  maxUploadBytes?: number
}

/** Spreadsheet import: upload, suggested mapping, background run with progress, review, issues as CSV. */
export async function importRoutes(app: FastifyInstance, options: ImportRouteOptions = {}): Promise<void> {
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 } })
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock } = app.ctx
  const worker = dataQualityWorker(store, clock, app.ctx.secrets)

  async function requireImport(actor: Actor, id: string) {
    const row = await store.db
      .selectFrom('dq_imports')
      .select(['id', 'list_id', 'file_name', 'status', 'preview', 'options', 'progress', 'summary', 'error'])
      .select(['created_at', 'created_by'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('Import')
    // Imports are seen by who may read the list they import into.
    try {
      await requireList(store.db, actor, row.list_id, 'read')
    } catch {
      throw notFound('Import')
    }
    return row
  }

  async function describe(actor: Actor, id: string): Promise<z.infer<typeof ImportSchema>> {
    const row = await requireImport(actor, id)
    const counts = await store.db
      .selectFrom('dq_import_rows')
      .select(['outcome', store.db.fn.countAll<string>().as('n')])
      .where('org_id', '=', actor.orgId)
      .where('import_id', '=', id)
      .groupBy('outcome')
      .execute()
    return {
      id: row.id,
      listId: row.list_id,
      fileName: row.file_name,
      status: row.status,
      preview: { ...row.preview, fields: MAPPING_FIELDS },
      progress: row.progress,
      summary: row.summary,
      error: row.error,
      counts: Object.fromEntries(counts.map((entry) => [entry.outcome, Number(entry.n)])),
      createdAt: row.created_at.toISOString(),
    }
  }

  api.post(
    '/imports',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['dataquality'],
        summary: `Upload a CSV or Excel file (multipart field "file", at most ${maxBytes} bytes); answers the suggested mapping`,
        consumes: ['multipart/form-data'],
        querystring: z.object({ listId: z.uuid().describe('The list new contacts go to') }),
        response: { 201: ImportSchema, 413: ErrorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { list } = await requireList(store.db, actor, request.query.listId, 'write')
      if (!request.isMultipart())
        throw new ServerError('VALIDATION_FAILED', 'Send the file as multipart/form-data.')
      const part = await request.file()
      if (!part) throw new ServerError('VALIDATION_FAILED', 'The upload has no file.')
      const file = await part.toBuffer()
      if (part.file.truncated)
        throw new ServerError('PAYLOAD_TOO_LARGE', `Files are limited to ${maxBytes} bytes.`)
      const preview = await previewUpload(file)
      const id = await createImport(store.db, clock, {
        orgId: actor.orgId,
        userId: actor.userId,
        listId: list.id,
        fileName: part.filename.slice(0, 255) || 'upload',
        file,
        preview,
      })
      await auditRequest(request, {
        action: 'import.upload',
        targetType: 'import',
        targetId: id,
        details: { listId: list.id, bytes: file.length, format: preview.format },
      })
      return reply.code(201).send(await describe(actor, id))
    },
  )

  api.get(
    '/imports/:id',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'An import: preview, status, progress, summary and row counts by outcome',
        params: IdParams,
        response: { 200: ImportSchema, ...errorResponses },
      },
    },
    async (request) => describe(actorOf(request), request.params.id),
  )

  api.post(
    '/imports/:id/start',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['dataquality'],
        summary: 'Start the import in the background with the (adjusted) mapping',
        params: IdParams,
        body: z.object({
          mapping: Mapping.optional().describe('Column → field; omitted: the suggested mapping'),
          defaultCountry: CountryCode.optional(),
        }),
        response: { 202: ImportSchema, 409: ErrorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const row = await requireImport(actor, request.params.id)
      await requireList(store.db, actor, row.list_id, 'write')
      // Without a country in the request: the CRM connection's, else the organisation's default country.
      const { defaultCountry } = await connectorFor(app.ctx, actor, {
        defaultCountry: request.body.defaultCountry,
      })
      const options = {
        ...(request.body.mapping
          ? { mapping: request.body.mapping.filter((entry) => entry.field !== null) }
          : {}),
        ...(defaultCountry ? { defaultCountry } : {}),
      }
      const started = await store.db
        .updateTable('dq_imports')
        .set({ status: 'queued', options: JSON.stringify(options), updated_at: clock.now() })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', row.id)
        .where('status', '=', 'uploaded')
        .executeTakeFirst()
      if (Number(started.numUpdatedRows) === 0)
        throw new ServerError('CONFLICT', 'This import was already started.')
      await enqueueJob(store, { queue: IMPORT_QUEUE, orgId: actor.orgId, id: row.id }, worker)
      await auditRequest(request, { action: 'import.start', targetType: 'import', targetId: row.id })
      return reply.code(202).send(await describe(actor, row.id))
    },
  )

  api.get(
    '/imports/:id/rows',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'Imported rows by outcome (created, review, invalid, merged, skipped), in file order',
        params: IdParams,
        querystring: z.object({
          outcome: z.string().max(20).optional(),
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ rows: z.array(RowSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      await requireImport(actor, request.params.id)
      let query = store.db
        .selectFrom('dq_import_rows')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('import_id', '=', request.params.id)
        .where('row_number', '>', request.query.after)
      if (request.query.outcome) query = query.where('outcome', '=', request.query.outcome)
      const rows = await query.orderBy('row_number').limit(request.query.limit).execute()
      return {
        rows: rows.map(rowOf),
      }
    },
  )

  api.get(
    '/imports/:id/rows/:row',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'One imported row, for the merge view',
        params: RowParams,
        response: { 200: RowSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const record = await requireImport(actor, request.params.id)
      const row = await store.db
        .selectFrom('dq_import_rows')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('import_id', '=', request.params.id)
        .where('row_number', '=', request.params.row)
        .executeTakeFirst()
      if (!row) throw notFound('Row')
      const options = record.options as { defaultCountry?: string }
      return {
        ...rowOf(row),
        ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
      }
    },
  )

  api.post(
    '/imports/:id/rows/:row/resolve',
    {
      config: { capability: 'contacts.write' },
      schema: {
        tags: ['dataquality'],
        summary: 'Resolve a row waiting for review: create it anyway, skip it, or record that it was merged',
        params: RowParams,
        body: z.object({
          action: z.enum(['create', 'skip', 'merged']),
          contactId: z.string().max(200).optional().describe('For merged: the CRM record it was merged into'),
        }),
        response: { 200: RowSchema, 409: ErrorSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const record = await requireImport(actor, request.params.id)
      const row = await store.db
        .selectFrom('dq_import_rows')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('import_id', '=', record.id)
        .where('row_number', '=', request.params.row)
        .executeTakeFirst()
      if (!row) throw notFound('Row')
      // Resolving writes into the import's list (or records a merge for it): read access is not enough.
      await requireList(store.db, actor, record.list_id, 'write')
      if (row.outcome !== 'review') throw new ServerError('CONFLICT', 'This row is not waiting for review.')
      let contactId: string | null = request.body.contactId ?? null
      if (request.body.action === 'merged' && contactId !== null) {
        // The record merged into must be one the caller can see in this organisation's CRM, like any other id.
        const connector = await connectorFor(app.ctx, actor)
        if (!(await connector.get(contactId))) throw notFound('CRM record')
      }
      if (request.body.action === 'create') {
        if (!row.contact) throw new ServerError('CONFLICT', 'This row has no contact to create.')
        const options = record.options as { defaultCountry?: string }
        const connector = await connectorFor(app.ctx, actor, {
          listId: record.list_id,
          source: { kind: 'import', id: record.id },
          defaultCountry: options.defaultCountry,
        })
        contactId = (await connector.create(row.contact as never)).id
      }
      const outcome = { create: 'created', skip: 'skipped', merged: 'merged' }[request.body.action]
      const updated = await store.db
        .updateTable('dq_import_rows')
        .set({ outcome, contact_id: contactId, resolved_at: clock.now() })
        .where('import_id', '=', record.id)
        .where('row_number', '=', row.row_number)
        .returningAll()
        .executeTakeFirstOrThrow()
      await auditRequest(request, {
        action: `import.row.${request.body.action}`,
        targetType: 'import',
        targetId: record.id,
        details: { row: row.row_number, contactId },
      })
      return {
        rowNumber: updated.row_number,
        outcome: updated.outcome,
        verdict: updated.verdict,
        contact: updated.contact,
        raw: updated.raw,
        issues: updated.issues,
        candidates: updated.candidates,
        contactId: updated.contact_id,
      }
    },
  )

  api.get(
    '/imports/:id/issues.csv',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'Rows with issues as CSV (semicolon, UTF-8 with BOM), with the original cells',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const record = await requireImport(actor, request.params.id)
      const rows = await store.db
        .selectFrom('dq_import_rows')
        .select(['row_number', 'outcome', 'issues', 'raw'])
        .where('org_id', '=', actor.orgId)
        .where('import_id', '=', record.id)
        .where((eb) =>
          eb.or([eb('outcome', '=', 'invalid'), eb(eb.fn('jsonb_array_length', ['issues']), '>', 0)]),
        )
        .orderBy('row_number')
        .execute()
      const headers = (record.preview as { headers?: string[] }).headers ?? []
      const name = record.file_name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'import'
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-issues.csv"`)
        .send(issuesCsv(headers, rows))
    },
  )
}

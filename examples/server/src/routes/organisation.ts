import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { IsoCountryCode } from '../crm/country-code.js'
import { forgetOrganisationCrm } from '../crm/organisation-crm.js'
import { errorResponses } from './schemas.js'

const OrganisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  defaultCountry: z
    .string()
    .nullable()
    .describe('Country for phone numbers without a country code; null: none'),
  createdAt: z.iso.datetime(),
})
const OrganisationName = z.string().trim().min(1).max(200)
const SettingsSchema = z.object({
  name: z.string(),
  defaultCountry: z.string().nullable(),
})

/** The caller's organisation and its settings. */
export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store } = app.ctx

  const load = async (orgId: string) => {
    const row = await store.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow()
    return {
      id: row.id,
      name: row.name,
      defaultCountry: row.default_country,
      createdAt: row.created_at.toISOString(),
    }
  }

  api.get(
    '/organisation',
    {
      schema: {
        tags: ['organisation'],
        summary: 'The caller’s organisation',
        response: { 200: OrganisationSchema, ...errorResponses },
      },
    },
    async (request) => load(actorOf(request).orgId),
  )

  api.patch(
    '/organisation',
    {
      config: { capability: 'organisation.manage' },
      schema: {
        tags: ['organisation'],
        summary: 'Rename the organisation',
        body: z.object({ name: OrganisationName }),
        response: { 200: OrganisationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      await store.db
        .updateTable('organisations')
        .set({ name: request.body.name })
        .where('id', '=', actor.orgId)
        .execute()
      await auditRequest(request, {
        action: 'organisation.update',
        targetType: 'organisation',
        targetId: actor.orgId,
      })
      return load(actor.orgId)
    },
  )

  api.get(
    '/organisation/settings',
    {
      config: { capability: 'organisation.manage' },
      schema: {
        tags: ['organisation'],
        summary: 'The organisation’s settings (admins)',
        response: { 200: SettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { name, defaultCountry } = await load(actorOf(request).orgId)
      return { name, defaultCountry }
    },
  )

  api.put(
    '/organisation/settings',
    {
      config: { capability: 'organisation.manage' },
      schema: {
        tags: ['organisation'],
        summary: 'Replace the organisation’s settings: its name and default country (null: none)',
        description:
          'The default country reads phone numbers written without a country code (`089 1234567`) in duplicate checks, merges and imports whose request names no country and whose CRM connection sets none.',
        body: z.object({ name: OrganisationName, defaultCountry: IsoCountryCode.nullable() }),
        response: { 200: SettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const before = await load(actor.orgId)
      await store.db
        .updateTable('organisations')
        .set({ name: request.body.name, default_country: request.body.defaultCountry })
        .where('id', '=', actor.orgId)
        .execute()
      forgetOrganisationCrm(store, actor.orgId)
      const changed = (['name', 'defaultCountry'] as const).filter(
        (field) => before[field] !== request.body[field],
      )
      await auditRequest(request, {
        action: 'organisation.settings.update',
        targetType: 'organisation',
        targetId: actor.orgId,
        details: {
          changed,
          ...(changed.includes('defaultCountry')
            ? { defaultCountry: { from: before.defaultCountry, to: request.body.defaultCountry } }
            : {}),
        },
      })
      return { name: request.body.name, defaultCountry: request.body.defaultCountry }
    },
  )
}

import { type ContactInput, ContactInputSchema } from '@contactkit/core'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/authenticate.js'
import { connectorFor } from '../dataquality/connectors.js'
import { checkDuplicate } from '../dataquality/duplicate-check.js'
import { serverMatcher } from '../dataquality/matcher.js'
import { CountryCode, DuplicateCheckSchema } from './dataquality-schemas.js'
import { errorResponses } from './schemas.js'

/** Most contacts in one batch check. */
export const MAX_BATCH_CHECK = 1_000

const CheckOptions = {
  defaultCountry: CountryCode.optional(),
  limit: z.number().int().min(1).max(20).default(5).describe('Most candidates per contact'),
}

/** Duplicate check against the CRM: one contact, or a batch of up to 1,000. */
export async function duplicateRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/duplicates/check',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'Check one contact for duplicates: traffic light, candidates, scores and per-field reasons',
        body: z.object({ contact: ContactInputSchema, ...CheckOptions }),
        response: { 200: DuplicateCheckSchema, ...errorResponses },
      },
    },
    async (request) => {
      const connector = await connectorFor(app.ctx, actorOf(request), {
        defaultCountry: request.body.defaultCountry,
      })
      return checkDuplicate(connector, serverMatcher(), request.body.contact as ContactInput, {
        defaultCountry: connector.defaultCountry,
        limit: request.body.limit,
      })
    },
  )

  api.post(
    '/duplicates/check-batch',
    {
      // A batch is up to 1,000 contacts, more than the default 1 MiB body allows.
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['dataquality'],
        summary: `Check up to ${MAX_BATCH_CHECK} contacts; results in input order`,
        body: z.object({
          contacts: z.array(ContactInputSchema).min(1).max(MAX_BATCH_CHECK),
          ...CheckOptions,
        }),
        response: {
          200: z.object({
            results: z.array(DuplicateCheckSchema),
            counts: z.object({ duplicate: z.number(), possible: z.number(), none: z.number() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const connector = await connectorFor(app.ctx, actorOf(request), {
        defaultCountry: request.body.defaultCountry,
      })
      const matcher = serverMatcher()
      const results = []
      const counts = { duplicate: 0, possible: 0, none: 0 }
      for (const contact of request.body.contacts) {
        const result = await checkDuplicate(connector, matcher, contact as ContactInput, {
          defaultCountry: connector.defaultCountry,
          limit: request.body.limit,
        })
        counts[result.status]++
        results.push(result)
      }
      return { results, counts }
    },
  )
}

import type { Contact } from '@contactkit/core'
import { z } from 'zod'
import type { CrmChangePage, CrmConnector, CrmFieldUpdate, CrmRecord } from '../connector.js'
import { candidateFilterGroups, type SearchFilterGroup } from './candidate-query.js'
import {
  type ChangeCursor,
  decodeCursor,
  encodeCursor,
  INITIAL_CURSOR,
  restartCursor,
} from './change-cursor.js'
import { HubSpotError } from './error.js'
import {
  type HubSpotRequest,
  type HubSpotResponse,
  type HubSpotTransportOptions,
  resolveTransport,
  sendWithRetry,
  toHubSpotError,
} from './http.js'
import {
  fromHubSpotContact,
  type HubSpotMappingOptions,
  type HubSpotObject,
  type PropertyValues,
  propertiesToRead,
  toCreateProperties,
  toUpdateProperties,
} from './mapping.js'
import { createTokenManager } from './oauth.js'
import type { TokenVault } from './token-vault.js'

/** Options of {@link createHubSpotConnector}. */
export interface HubSpotConnectorOptions extends HubSpotTransportOptions, HubSpotMappingOptions {
  /** The app's client id (HubSpot developer account → app → Auth). */
  clientId: string
  /** The app's client secret; keep it sealed at rest like the tokens. */
  clientSecret: string
  /** Where this connection's (sealed) tokens live; see `createSealedTokenVault`. */
  vault: TokenVault
  /** Refresh the access token this long before it expires. Default 5 minutes. */
  refreshSkewMs?: number
  /** Current time in epoch ms (token expiry); tests inject a fake clock. */
  now?: () => number
  /**
   * What to do with contact values no HubSpot property can hold (a second address, a fourth phone, a new secondary
   * email, which HubSpot's v3 API cannot write): `error` (default) throws HUBSPOT_UNMAPPED_FIELDS naming the paths,
   * `drop` writes the rest.
   */
  onUnmapped?: 'error' | 'drop' | undefined
  /** HubSpot's ceiling on results per search query. Default 10,000 (documented); tests lower it. */
  searchResultCap?: number
  /**
   * Minimum spacing of search requests from this connector, because HubSpot limits the search endpoints to a few
   * requests per second per token. Default 250 ms (4 per second); 0 turns spacing off.
   */
  searchIntervalMs?: number
}

const PropertyValueSchema = z.union([z.string(), z.null()]).optional()
const ObjectSchema = z.object({
  id: z.string().regex(/^\d+$/),
  properties: z.record(z.string(), PropertyValueSchema),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
})
const SearchResponseSchema = z.object({
  total: z.number().optional(),
  results: z.array(ObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
})
const BatchResponseSchema = z.object({ status: z.string().optional(), results: z.array(ObjectSchema) })

const CONTACTS = '/crm/v3/objects/contacts'
const MAX_PAGE = 100
const BATCH_READ_MAX = 100

function parseBody<T>(schema: z.ZodType<T>, response: HubSpotResponse, what: string): T {
  const parsed = schema.safeParse(response.body)
  if (!parsed.success) {
    throw new HubSpotError('HUBSPOT_INVALID_RESPONSE', `HubSpot answered ${what} with an unexpected body`, {
      details: { status: response.status, paths: parsed.error.issues.map((issue) => issue.path.join('.')) },
    })
  }
  return parsed.data
}

function toObject(parsed: z.infer<typeof ObjectSchema>): HubSpotObject {
  return {
    id: parsed.id,
    properties: parsed.properties,
    ...(parsed.createdAt === undefined ? {} : { createdAt: parsed.createdAt }),
    ...(parsed.updatedAt === undefined ? {} : { updatedAt: parsed.updatedAt }),
  }
}

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback
  if (!Number.isInteger(limit) || limit < 1) {
    throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'limit must be a positive integer')
  }
  return Math.min(limit, MAX_PAGE)
}

function modifiedAt(object: HubSpotObject): number | undefined {
  const value = object.properties.lastmodifieddate ?? object.updatedAt
  if (value === null || value === undefined) return undefined
  const millis = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  return Number.isNaN(millis) ? undefined : millis
}

/**
 * Creates the HubSpot CRM connector of one organisation's connection, over HubSpot's CRM v3 contacts API:
 * search (`POST /crm/v3/objects/contacts/search`), batch read, create, `PATCH`, and a change feed ordered by
 * `lastmodifieddate`. Access tokens are refreshed before expiry and once after a 401, concurrent calls share one
 * refresh; 429 answers wait for `Retry-After`, 5xx and timeouts back off, all with a bounded number of retries.
 *
 * @throws {HubSpotError} HUBSPOT_INVALID_CONFIG for missing client credentials or bad transport numbers.
 */
export function createHubSpotConnector(options: HubSpotConnectorOptions): CrmConnector {
  if (options.clientId.trim() === '' || options.clientSecret.trim() === '') {
    throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'clientId and clientSecret are required')
  }
  const transport = resolveTransport(options)
  const tokens = createTokenManager({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    vault: options.vault,
    transport,
    ...(options.refreshSkewMs === undefined ? {} : { refreshSkewMs: options.refreshSkewMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  const properties = propertiesToRead(options)
  const cap = options.searchResultCap ?? 10_000
  if (!Number.isInteger(cap) || cap < 1) {
    throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'searchResultCap must be a positive integer')
  }

  async function call(request: HubSpotRequest): Promise<HubSpotResponse> {
    let token = await tokens.getAccessToken()
    let response = await sendWithRetry(transport, { ...request, accessToken: token })
    if (response.status === 401) {
      token = await tokens.renewAfterRejection(token)
      response = await sendWithRetry(transport, { ...request, accessToken: token })
    }
    if (response.status < 200 || response.status > 299) throw toHubSpotError(response, request)
    return response
  }

  function checkUnmapped(values: PropertyValues): Record<string, string> {
    if (values.unmapped.length > 0 && (options.onUnmapped ?? 'error') === 'error') {
      throw new HubSpotError(
        'HUBSPOT_UNMAPPED_FIELDS',
        `HubSpot's contact properties cannot hold: ${values.unmapped.join(', ')}`,
        { details: { fields: values.unmapped } },
      )
    }
    return values.properties
  }

  const now = options.now ?? Date.now
  const searchInterval = options.searchIntervalMs ?? 250
  let nextSearchAt = 0
  /** Reserves the next free search slot and waits for it, so concurrent searches queue up instead of hitting 429. */
  async function searchSlot(): Promise<void> {
    if (searchInterval <= 0) return
    const at = now()
    const slot = Math.max(at, nextSearchAt)
    nextSearchAt = slot + searchInterval
    if (slot > at) await transport.sleep(slot - at)
  }

  async function search(body: {
    filterGroups: SearchFilterGroup[]
    sorts?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[]
    limit: number
    after?: string
  }) {
    await searchSlot()
    const response = await call({
      method: 'POST',
      path: `${CONTACTS}/search`,
      json: { ...body, properties },
      idempotent: true,
    })
    return parseBody(SearchResponseSchema, response, 'a contact search')
  }

  async function getObject(id: string): Promise<HubSpotObject | undefined> {
    if (!/^\d+$/.test(id)) return undefined
    try {
      const response = await call({
        method: 'GET',
        path: `${CONTACTS}/${id}`,
        query: { properties: properties.join(','), archived: 'false' },
        idempotent: true,
      })
      return toObject(parseBody(ObjectSchema, response, 'a contact read'))
    } catch (error) {
      if (error instanceof HubSpotError && error.code === 'HUBSPOT_NOT_FOUND') return undefined
      throw error
    }
  }

  const toRecord = (object: HubSpotObject): CrmRecord => fromHubSpotContact(object, options)

  return {
    kind: 'hubspot',

    async searchCandidates(contact: Contact, searchOptions = {}) {
      const filterGroups = candidateFilterGroups(contact)
      if (filterGroups.length === 0) return []
      const page = await search({ filterGroups, limit: clampLimit(searchOptions.limit, 20) })
      return page.results.map((object) => toRecord(toObject(object)))
    },

    async get(id) {
      const object = await getObject(id)
      return object === undefined ? undefined : toRecord(object)
    },

    async getMany(ids) {
      const wanted = [...new Set(ids)].filter((id) => /^\d+$/.test(id))
      const byId = new Map<string, CrmRecord>()
      for (let start = 0; start < wanted.length; start += BATCH_READ_MAX) {
        const chunk = wanted.slice(start, start + BATCH_READ_MAX)
        // HubSpot answers 207 Multi-Status when some ids do not exist; the found ones are still in `results`.
        const response = await call({
          method: 'POST',
          path: `${CONTACTS}/batch/read`,
          json: { inputs: chunk.map((id) => ({ id })), properties },
          idempotent: true,
        })
        for (const object of parseBody(BatchResponseSchema, response, 'a batch read').results) {
          byId.set(object.id, toRecord(toObject(object)))
        }
      }
      return wanted.flatMap((id) => byId.get(id) ?? [])
    },

    async create(contact) {
      const values = checkUnmapped(toCreateProperties(contact, options))
      const response = await call({
        method: 'POST',
        path: CONTACTS,
        json: { properties: values },
        idempotent: false,
      })
      return toRecord(toObject(parseBody(ObjectSchema, response, 'a contact create')))
    },

    async update(id, fields: CrmFieldUpdate) {
      const current = await getObject(id)
      if (current === undefined) {
        throw new HubSpotError('HUBSPOT_NOT_FOUND', 'HubSpot has no contact with this id', {
          details: { id },
        })
      }
      const values = checkUnmapped(toUpdateProperties(fields, toRecord(current).contact, options))
      if (Object.keys(values).length === 0) return toRecord(current)
      const response = await call({
        method: 'PATCH',
        path: `${CONTACTS}/${id}`,
        json: { properties: values },
        idempotent: true,
      })
      const patched = toObject(parseBody(ObjectSchema, response, 'a contact update'))
      // The PATCH answer may list only some properties; what is absent there is what HubSpot held plus what we sent.
      const merged: HubSpotObject = {
        ...current,
        ...patched,
        properties: { ...current.properties, ...values, ...patched.properties },
      }
      return toRecord(merged)
    },

    async listAll(after, listOptions = {}) {
      // The list endpoint, unlike search, has no 10,000-result cap and no search rate limit, so a full export does
      // not hold up the duplicate checks, which share this connector's search spacing.
      const response = await call({
        method: 'GET',
        path: CONTACTS,
        query: {
          limit: String(clampLimit(listOptions.limit, MAX_PAGE)),
          properties: properties.join(','),
          archived: 'false',
          ...(after === undefined ? {} : { after }),
        },
        idempotent: true,
      })
      const page = parseBody(SearchResponseSchema, response, 'a contact list')
      const next = page.paging?.next?.after
      return {
        records: page.results.map((object) => toRecord(toObject(object))),
        ...(next === undefined ? {} : { after: next }),
      }
    },

    async archive(id) {
      if (!/^\d+$/.test(id)) {
        throw new HubSpotError('HUBSPOT_NOT_FOUND', 'HubSpot has no contact with this id', {
          details: { id },
        })
      }
      // HubSpot's archive is idempotent (204 also for an archived contact), so a retry after a timeout is harmless.
      await call({ method: 'DELETE', path: `${CONTACTS}/${id}`, idempotent: true })
    },

    async listChanges(cursorText, listOptions = {}): Promise<CrmChangePage> {
      const limit = clampLimit(listOptions.limit, MAX_PAGE)
      let cursor: ChangeCursor = cursorText === undefined ? INITIAL_CURSOR : decodeCursor(cursorText)
      if (cursor.offset >= cap) cursor = restartCursor(cursor)
      const page = await search({
        filterGroups:
          cursor.since === undefined
            ? []
            : [
                {
                  filters: [
                    { propertyName: 'lastmodifieddate', operator: 'GTE', value: String(cursor.since) },
                  ],
                },
              ],
        sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
        // The last page of a query stops exactly at the cap, so every query delivers all it can.
        limit: Math.min(limit, cap - cursor.offset),
        ...(cursor.after === undefined ? {} : { after: cursor.after }),
      })
      const skip = new Set(cursor.skip)
      const records: CrmRecord[] = []
      let { lastTs, lastIds } = cursor
      for (const result of page.results) {
        const object = toObject(result)
        const ts = modifiedAt(object)
        if (ts === undefined) {
          throw new HubSpotError(
            'HUBSPOT_INVALID_RESPONSE',
            'A contact in the change feed has no lastmodifieddate',
            {
              details: { id: object.id },
            },
          )
        }
        if (ts === cursor.since && skip.has(object.id)) continue
        records.push(toRecord(object))
        if (lastTs === undefined || ts > lastTs) {
          lastTs = ts
          lastIds = [object.id]
        } else if (ts === lastTs && !lastIds.includes(object.id)) {
          lastIds = [...lastIds, object.id]
        }
      }
      const offset = cursor.offset + page.results.length
      const progressed: ChangeCursor = {
        ...cursor,
        offset,
        lastIds,
        ...(lastTs === undefined ? {} : { lastTs }),
      }
      const after = page.paging?.next?.after
      if (after === undefined) {
        return { records, cursor: encodeCursor(restartCursor(progressed)), hasMore: false }
      }
      if (offset >= cap) {
        const restarted = restartCursor(progressed)
        // A whole query of contacts already delivered at one timestamp: the next query would return the same.
        if (restarted.since === cursor.since && restarted.skip.length === cursor.skip.length) {
          throw new HubSpotError(
            'HUBSPOT_REJECTED',
            `More than ${cap} contacts share one lastmodifieddate; HubSpot's search cannot page past them`,
            { details: { since: cursor.since } },
          )
        }
        return { records, cursor: encodeCursor(restarted), hasMore: true }
      }
      return { records, cursor: encodeCursor({ ...progressed, after }), hasMore: true }
    },
  }
}

// A local stand-in for HubSpot's CRM v3 contacts API and OAuth token endpoint, answering as HubSpot's docs describe:
// - POST /oauth/v1/token (form-encoded, grant_type=refresh_token) → { token_type, refresh_token, access_token, expires_in };
//   a bad refresh token → 400 { status: 'BAD_REFRESH_TOKEN', message }.
// - Bearer auth on every CRM call; unknown or expired tokens → 401 with category INVALID/EXPIRED_AUTHENTICATION.
// - POST /crm/v3/objects/contacts/search: filterGroups (≤5 groups, ≤10 filters each, ≤25 in total; OR between groups,
//   AND inside), one sort, limit ≤ 200, `after` paging, at most 10,000 results per query (paging past → 400).
// - POST …/batch/read (≤100 inputs; missing ids → 207 with OBJECT_NOT_FOUND errors), POST …/contacts (201; same email
//   → 409 "Contact already exists. Existing ID: n"), PATCH …/contacts/{id} ('' clears), GET …/contacts/{id}?properties=.
// - GET /crm/v3/objects/contacts?limit=&after=&properties= lists all contacts by id (limit ≤ 100, paging.next.after).
// - DELETE …/contacts/{id} archives (204); DELETE /oauth/v1/refresh-tokens/{token} revokes (204, unknown → 404).
// - Error bodies { status: 'error', message, category, correlationId, errors? }; 429 with Retry-After and policyName.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HubSpotTokens, TokenVault } from '../../src/crm/hubspot/token-vault.js'

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  authorization: string | undefined
  contentType: string | undefined
  body: unknown
}

interface StoredContact {
  id: string
  properties: Record<string, string>
  createdAt: number
  updatedAt: number
}

export interface InjectedAnswer {
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** Answer only after this many milliseconds (to exercise client timeouts). */
  delayMs?: number
}

export interface FakeHubSpotOptions {
  clientId: string
  clientSecret: string
  refreshToken: string
  accessTokenTtlSeconds?: number
  searchResultCap?: number
  /** Extra (custom) contact properties the portal defines. */
  customProperties?: string[]
  /** Delay of the token endpoint, so concurrent refreshes overlap. */
  refreshDelayMs?: number
  /** The portal (hub) id the tokens belong to. Default 8765432. */
  portalId?: string
  /** A code the install flow may exchange once (grant_type=authorization_code), with its redirect URI. */
  authorizationCode?: { code: string; redirectUri: string; scopes: string[] }
}

const DEFAULT_SEARCH_PROPERTIES = [
  'createdate',
  'email',
  'firstname',
  'hs_object_id',
  'lastmodifieddate',
  'lastname',
]
const WRITABLE = new Set([
  'salutation',
  'firstname',
  'lastname',
  'email',
  'phone',
  'mobilephone',
  'fax',
  'company',
  'jobtitle',
  'address',
  'city',
  'zip',
  'state',
  'country',
  'website',
])
const READ_ONLY = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_additional_emails'])
const DATE_PROPERTIES = new Set(['createdate', 'lastmodifieddate'])

function errorBody(message: string, category: string, extra: Record<string, unknown> = {}) {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function toMillis(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value)
}

export class FakeHubSpot {
  readonly requests: RecordedRequest[] = []
  readonly contacts = new Map<string, StoredContact>()
  /** Contacts archived with DELETE (HubSpot's recycle bin). */
  readonly archived = new Map<string, StoredContact>()
  tokenRefreshes = 0
  baseUrl = ''
  /** The fake's clock for lastmodifieddate and token expiry; tests move it. */
  now = Date.parse('2026-11-02T09:00:00.000Z')
  private server: Server | undefined
  private nextId = 1001
  private readonly accessTokens = new Map<string, number>()
  private refreshToken: string
  private readonly injected: InjectedAnswer[] = []
  private readonly writable: Set<string>

  constructor(private readonly options: FakeHubSpotOptions) {
    this.refreshToken = options.refreshToken
    this.writable = new Set([...WRITABLE, ...(options.customProperties ?? [])])
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' })
        response.end(JSON.stringify(errorBody(String(error), 'INTERNAL_ERROR')))
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    this.baseUrl = `http://127.0.0.1:${port}`
    return this
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server?.close((error) => (error ? reject(error) : resolve())),
    )
  }

  /** Issues a valid access token directly (as the OAuth install flow would have). */
  issueAccessToken(ttlSeconds = this.options.accessTokenTtlSeconds ?? 1800): string {
    const token = `CKDZ${randomUUID().replaceAll('-', '')}`
    this.accessTokens.set(token, this.now + ttlSeconds * 1000)
    return token
  }

  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, this.now - 1)
  }

  revokeRefreshToken(): void {
    this.refreshToken = `revoked-${randomUUID()}`
  }

  /** The next CRM calls (after auth) get these answers instead of the real ones. */
  inject(...answers: InjectedAnswer[]): void {
    this.injected.push(...answers)
  }

  /** Stores a contact as if someone had created it in HubSpot at `modifiedAt` (default: the clock, then +1 ms). */
  addContact(properties: Record<string, string>, modifiedAt?: number): string {
    const id = String(this.nextId++)
    const at = modifiedAt ?? this.tick()
    this.contacts.set(id, { id, properties: { ...properties }, createdAt: at, updatedAt: at })
    return id
  }

  apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.startsWith('/crm/'))
  }

  private tick(): number {
    this.now += 1
    return this.now
  }

  private send(
    response: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    })
    response.end(body === undefined ? undefined : JSON.stringify(body))
  }

  private render(contact: StoredContact, names: string[] | undefined) {
    const all: Record<string, string> = {
      ...contact.properties,
      hs_object_id: contact.id,
      createdate: new Date(contact.createdAt).toISOString(),
      lastmodifieddate: new Date(contact.updatedAt).toISOString(),
    }
    const properties: Record<string, string | null> = {}
    for (const name of names ?? Object.keys(all)) properties[name] = all[name] ?? null
    return {
      id: contact.id,
      properties,
      createdAt: new Date(contact.createdAt).toISOString(),
      updatedAt: new Date(contact.updatedAt).toISOString(),
      archived: false,
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl)
    const text = await readBody(request)
    const contentType = request.headers['content-type']
    let body: unknown
    if (contentType?.startsWith('application/x-www-form-urlencoded'))
      body = Object.fromEntries(new URLSearchParams(text))
    else if (text !== '') body = JSON.parse(text)
    this.requests.push({
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      contentType,
      body,
    })

    if (url.pathname === '/oauth/v1/token' && request.method === 'POST') return this.token(response, body)
    const revoked = /^\/oauth\/v1\/refresh-tokens\/(.+)$/.exec(url.pathname)?.[1]
    if (revoked !== undefined && request.method === 'DELETE')
      return this.revoke(response, decodeURIComponent(revoked))
    const info = /^\/oauth\/v1\/access-tokens\/(.+)$/.exec(url.pathname)?.[1]
    if (info !== undefined && request.method === 'GET')
      return this.tokenInfo(response, decodeURIComponent(info))
    if (!url.pathname.startsWith('/crm/v3/objects/contacts')) {
      return this.send(response, 404, errorBody('resource not found', 'OBJECT_NOT_FOUND'))
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    const expiresAt = token === undefined ? undefined : this.accessTokens.get(token)
    if (expiresAt === undefined) {
      return this.send(
        response,
        401,
        errorBody(
          'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
          'INVALID_AUTHENTICATION',
        ),
      )
    }
    if (expiresAt <= this.now) {
      return this.send(
        response,
        401,
        errorBody('The OAuth token used to make this call expired.', 'EXPIRED_AUTHENTICATION'),
      )
    }
    if (
      (request.method === 'POST' || request.method === 'PATCH') &&
      !contentType?.startsWith('application/json')
    ) {
      return this.send(response, 415, errorBody('Content-Type must be application/json', 'VALIDATION_ERROR'))
    }
    const injected = this.injected.shift()
    if (injected !== undefined) {
      if (injected.delayMs !== undefined)
        await new Promise((resolve) => setTimeout(resolve, injected.delayMs))
      if (response.destroyed) return
      return this.send(response, injected.status, injected.body, injected.headers)
    }
    const rest = url.pathname.slice('/crm/v3/objects/contacts'.length)
    if (rest === '/search' && request.method === 'POST') return this.search(response, body)
    if (rest === '/batch/read' && request.method === 'POST') return this.batchRead(response, body)
    if (rest === '' && request.method === 'POST') return this.create(response, body)
    if (rest === '' && request.method === 'GET') return this.list(response, url.searchParams)
    const id = /^\/(\d+)$/.exec(rest)?.[1]
    if (id !== undefined && request.method === 'PATCH') return this.patch(response, id, body)
    if (id !== undefined && request.method === 'DELETE') {
      // Archiving: HubSpot answers 204 whether or not the contact still exists.
      const contact = this.contacts.get(id)
      if (contact !== undefined) {
        this.contacts.delete(id)
        this.archived.set(id, contact)
      }
      return this.send(response, 204)
    }
    if (id !== undefined && request.method === 'GET') {
      const contact = this.contacts.get(id)
      if (contact === undefined)
        return this.send(response, 404, errorBody('resource not found', 'OBJECT_NOT_FOUND'))
      const names = url.searchParams.get('properties')?.split(',')
      return this.send(response, 200, this.render(contact, names))
    }
    return this.send(response, 405, errorBody('Method not allowed', 'VALIDATION_ERROR'))
  }

  /** Refresh tokens revoked through the API, in order. */
  readonly revokedRefreshTokens: string[] = []
  /** While set, the revocation endpoint answers with this status (503: HubSpot down). */
  revocationStatus: number | undefined

  // DELETE /oauth/v1/refresh-tokens/:token → 204; an unknown token → 404. Later refreshes with it fail.
  private revoke(response: ServerResponse, token: string) {
    if (this.revocationStatus !== undefined) {
      return this.send(response, this.revocationStatus, errorBody('Service unavailable', 'INTERNAL_ERROR'))
    }
    if (token !== this.refreshToken)
      return this.send(response, 404, errorBody('Token not found', 'OBJECT_NOT_FOUND'))
    this.revokedRefreshTokens.push(token)
    this.refreshToken = `revoked-${randomUUID()}`
    this.send(response, 204)
  }

  private tokenInfo(response: ServerResponse, token: string) {
    const expiresAt = this.accessTokens.get(token)
    if (expiresAt === undefined || expiresAt <= this.now) {
      return this.send(response, 404, errorBody('Token not found', 'OBJECT_NOT_FOUND'))
    }
    this.send(response, 200, {
      token,
      user: 'admin@muster-gmbh.de',
      hub_domain: 'muster-gmbh.de',
      scopes: this.grantedScopes,
      hub_id: Number(this.options.portalId ?? '8765432'),
      app_id: 123456,
      expires_in: Math.round((expiresAt - this.now) / 1000),
      user_id: 4711,
      token_type: 'access',
    })
  }

  private grantedScopes = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write']

  private exchangeCode(response: ServerResponse, form: Record<string, string>) {
    const expected = this.options.authorizationCode
    if (expected === undefined || form.code !== expected.code || form.redirect_uri !== expected.redirectUri) {
      return this.send(response, 400, { status: 'BAD_AUTH_CODE', message: 'missing or invalid auth code' })
    }
    delete this.options.authorizationCode
    this.grantedScopes = expected.scopes
    const ttl = this.options.accessTokenTtlSeconds ?? 1800
    this.send(response, 200, {
      token_type: 'bearer',
      refresh_token: this.refreshToken,
      access_token: this.issueAccessToken(ttl),
      expires_in: ttl,
    })
  }

  private token(response: ServerResponse, body: unknown): Promise<void> {
    const form = (body ?? {}) as Record<string, string>
    const answer = () => {
      if (form.client_id !== this.options.clientId || form.client_secret !== this.options.clientSecret) {
        return this.send(response, 400, { status: 'BAD_CLIENT_ID', message: 'missing or invalid client id' })
      }
      if (form.grant_type === 'authorization_code') return this.exchangeCode(response, form)
      if (form.grant_type !== 'refresh_token') {
        return this.send(response, 400, {
          status: 'BAD_GRANT_TYPE',
          message: 'missing or unknown grant type',
        })
      }
      if (form.refresh_token !== this.refreshToken) {
        return this.send(response, 400, {
          status: 'BAD_REFRESH_TOKEN',
          message: 'missing or invalid refresh token',
        })
      }
      this.tokenRefreshes++
      const ttl = this.options.accessTokenTtlSeconds ?? 1800
      return this.send(response, 200, {
        token_type: 'bearer',
        refresh_token: this.refreshToken,
        access_token: this.issueAccessToken(ttl),
        expires_in: ttl,
      })
    }
    const delay = this.options.refreshDelayMs ?? 0
    return new Promise((resolve) => setTimeout(() => resolve(answer()), delay))
  }

  private validationError(response: ServerResponse, message: string, errors?: unknown[]): void {
    this.send(response, 400, errorBody(message, 'VALIDATION_ERROR', errors === undefined ? {} : { errors }))
  }

  private matches(contact: StoredContact, filter: Record<string, unknown>): boolean {
    const name = String(filter.propertyName)
    const rendered = this.render(contact, [name]).properties[name] ?? null
    const operator = String(filter.operator ?? 'EQ')
    if (operator === 'HAS_PROPERTY') return rendered !== null && rendered !== ''
    if (operator === 'NOT_HAS_PROPERTY') return rendered === null || rendered === ''
    if (rendered === null) return false
    const value = typeof filter.value === 'string' ? filter.value : undefined
    if (DATE_PROPERTIES.has(name) && value !== undefined) {
      const left = toMillis(rendered)
      const right = toMillis(value)
      return (
        {
          EQ: left === right,
          NEQ: left !== right,
          GT: left > right,
          GTE: left >= right,
          LT: left < right,
          LTE: left <= right,
        }[operator] ?? false
      )
    }
    const lower = rendered.toLowerCase()
    switch (operator) {
      case 'EQ':
        return lower === value?.toLowerCase()
      case 'NEQ':
        return lower !== value?.toLowerCase()
      case 'IN':
        return (
          Array.isArray(filter.values) && filter.values.some((entry) => String(entry).toLowerCase() === lower)
        )
      case 'CONTAINS_TOKEN':
        return value !== undefined && lower.split(/[^\p{L}\p{N}]+/u).includes(value.toLowerCase())
      default:
        return false
    }
  }

  private search(response: ServerResponse, body: unknown) {
    const request = (body ?? {}) as Record<string, unknown>
    const groups = (request.filterGroups ?? []) as { filters?: Record<string, unknown>[] }[]
    const limit = request.limit === undefined ? 10 : Number(request.limit)
    const sorts = (request.sorts ?? []) as { propertyName: string; direction?: string }[]
    const totalFilters = groups.reduce((sum, group) => sum + (group.filters?.length ?? 0), 0)
    if (groups.length > 5 || groups.some((group) => (group.filters?.length ?? 0) > 10) || totalFilters > 25) {
      return this.validationError(response, 'Too many filter groups or filters')
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      return this.validationError(response, 'limit must be 1..200')
    if (sorts.length > 1) return this.validationError(response, 'Only one sort is supported')
    if (request.after !== undefined && typeof request.after !== 'string') {
      return this.validationError(response, 'after must be the string from paging.next.after')
    }
    const after = request.after === undefined ? 0 : Number(request.after)
    const cap = this.options.searchResultCap ?? 10_000
    if (!Number.isInteger(after) || after < 0) return this.validationError(response, 'Invalid after')
    if (after >= cap) return this.validationError(response, `Search results are limited to ${cap} per query`)

    let found = [...this.contacts.values()].filter(
      (contact) =>
        groups.length === 0 ||
        groups.some((group) => (group.filters ?? []).every((f) => this.matches(contact, f))),
    )
    found.sort((a, b) => Number(a.id) - Number(b.id))
    const sort = sorts[0]
    if (sort !== undefined) {
      const direction = sort.direction === 'DESCENDING' ? -1 : 1
      const key = (contact: StoredContact) => {
        const value = this.render(contact, [sort.propertyName]).properties[sort.propertyName] ?? ''
        return DATE_PROPERTIES.has(sort.propertyName) ? toMillis(value) : value
      }
      found = found.sort((a, b) => {
        const left = key(a)
        const right = key(b)
        return left < right ? -direction : left > right ? direction : 0
      })
    }
    const names = Array.isArray(request.properties)
      ? (request.properties as string[])
      : DEFAULT_SEARCH_PROPERTIES
    const results = found.slice(after, after + limit).map((contact) => this.render(contact, names))
    const next = after + limit < found.length ? { paging: { next: { after: String(after + limit) } } } : {}
    this.send(response, 200, { total: found.length, results, ...next })
  }

  /** Counts GET list pages, which HubSpot does not limit like search. */
  listPages = 0

  // GET /crm/v3/objects/contacts?limit=&after=&properties=: all contacts by id, limit ≤ 100, `after` from paging.next.
  private list(response: ServerResponse, query: URLSearchParams) {
    const limit = Number(query.get('limit') ?? 10)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return this.validationError(response, 'limit must be 1..100')
    const after = query.get('after')
    // Ids grow with creation and the map keeps insertion order: already in id order.
    const all = [...this.contacts.values()]
    const start = after === null ? 0 : all.findIndex((contact) => Number(contact.id) > Number(after))
    const page = start < 0 ? [] : all.slice(start, start + limit)
    const names = query.get('properties')?.split(',') ?? DEFAULT_SEARCH_PROPERTIES
    const last = page.at(-1)
    const more = last !== undefined && all.at(-1)?.id !== last.id
    this.listPages++
    this.send(response, 200, {
      results: page.map((contact) => this.render(contact, names)),
      ...(more ? { paging: { next: { after: last.id, link: `?after=${last.id}` } } } : {}),
    })
  }

  private batchRead(response: ServerResponse, body: unknown) {
    const request = (body ?? {}) as { inputs?: { id?: string }[]; properties?: string[] }
    const inputs = request.inputs ?? []
    if (inputs.length > 100) return this.validationError(response, 'Batch size must be at most 100')
    const startedAt = new Date(this.now).toISOString()
    const results = []
    const missing: string[] = []
    for (const input of inputs) {
      const contact = this.contacts.get(String(input.id))
      if (contact === undefined) missing.push(String(input.id))
      else results.push(this.render(contact, request.properties))
    }
    const base = { status: 'COMPLETE', results, startedAt, completedAt: startedAt }
    if (missing.length === 0) return this.send(response, 200, base)
    this.send(response, 207, {
      ...base,
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message:
            'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
          context: { ids: missing },
        },
      ],
    })
  }

  private checkProperties(response: ServerResponse, properties: Record<string, unknown>): boolean {
    const errors = []
    for (const [name, value] of Object.entries(properties)) {
      if (READ_ONLY.has(name))
        errors.push({ message: `${name} is a read only property`, code: 'READ_ONLY_VALUE' })
      else if (!this.writable.has(name))
        errors.push({ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST' })
      else if (typeof value !== 'string')
        errors.push({ message: `${name} must be a string`, code: 'INVALID_STRING' })
    }
    if (errors.length === 0) return true
    this.validationError(response, 'Property values were not valid', errors)
    return false
  }

  private ownerOfEmail(email: string, except?: string): string | undefined {
    const wanted = email.toLowerCase()
    for (const contact of this.contacts.values()) {
      if (contact.id === except) continue
      const emails = [
        contact.properties.email ?? '',
        ...(contact.properties.hs_additional_emails ?? '').split(';'),
      ]
      if (emails.some((entry) => entry.trim().toLowerCase() === wanted)) return contact.id
    }
    return undefined
  }

  private create(response: ServerResponse, body: unknown) {
    const properties = ((body ?? {}) as { properties?: Record<string, string> }).properties ?? {}
    if (!this.checkProperties(response, properties)) return
    const existing = properties.email === undefined ? undefined : this.ownerOfEmail(properties.email)
    if (existing !== undefined) {
      return this.send(
        response,
        409,
        errorBody(`Contact already exists. Existing ID: ${existing}`, 'CONFLICT'),
      )
    }
    const id = this.addContact(
      Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== '')),
    )
    const contact = this.contacts.get(id) as StoredContact
    this.send(response, 201, this.render(contact, undefined))
  }

  private patch(response: ServerResponse, id: string, body: unknown) {
    const contact = this.contacts.get(id)
    if (contact === undefined)
      return this.send(response, 404, errorBody('resource not found', 'OBJECT_NOT_FOUND'))
    const properties = ((body ?? {}) as { properties?: Record<string, string> }).properties ?? {}
    if (!this.checkProperties(response, properties)) return
    if (properties.email !== undefined && properties.email !== '') {
      const existing = this.ownerOfEmail(properties.email, id)
      if (existing !== undefined) {
        return this.send(
          response,
          409,
          errorBody(`Contact already exists. Existing ID: ${existing}`, 'CONFLICT'),
        )
      }
    }
    for (const [name, value] of Object.entries(properties)) {
      if (value === '') delete contact.properties[name]
      else contact.properties[name] = value
    }
    contact.updatedAt = this.tick()
    // Like HubSpot, the answer lists the written properties and a few system ones, not the whole record.
    this.send(
      response,
      200,
      this.render(contact, [...Object.keys(properties), 'hs_object_id', 'createdate', 'lastmodifieddate']),
    )
  }
}

export async function startFakeHubSpot(options: FakeHubSpotOptions): Promise<FakeHubSpot> {
  return new FakeHubSpot(options).start()
}

/** Tokens kept in memory, recording every save (the sealed vault has its own tests). */
export class MemoryVault implements TokenVault {
  saved: HubSpotTokens[] = []
  constructor(public tokens: HubSpotTokens | undefined) {}
  async load() {
    return this.tokens === undefined ? undefined : { ...this.tokens }
  }
  async save(tokens: HubSpotTokens) {
    this.tokens = { ...tokens }
    this.saved.push({ ...tokens })
  }
}

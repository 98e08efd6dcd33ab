// A local stand-in for the Microsoft identity platform's token endpoint and Microsoft Graph's message list, answering
// as their docs describe:
// - POST /{tenant}/oauth2/v2.0/token (form: client_id, client_secret, scope, grant_type=client_credentials) →
//   { token_type: 'Bearer', expires_in, ext_expires_in, access_token }; errors → 400/401 { error, error_description,
//   error_codes, trace_id, correlation_id } (AADSTS codes).
// - GET /v1.0/users/{id|upn}/mailFolders/{folder}/messages?$select&$filter=receivedDateTime ge …&$orderby&$top:
//   bearer token required (401 InvalidAuthenticationToken), unknown user → 404 ErrorInvalidUser, unknown folder →
//   404 ErrorItemNotFound, a mailbox outside the app's access policy → 403 ErrorAccessDenied; more results →
//   @odata.nextLink.
// Tests can queue raw answers (status, headers, body, delay) that are served before the normal handling.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeGraphMessage {
  id: string
  internetMessageId: string | null
  receivedDateTime: string
  from: { emailAddress: { name: string; address: string } } | null
  body: { contentType: 'text' | 'html'; content: string }
}

export interface RecordedGraphRequest {
  kind: 'token' | 'messages' | 'other'
  method: string
  path: string
  query: Record<string, string>
  authorization: string | undefined
  /** The `Prefer` header. */
  prefer: string | undefined
  contentType: string | undefined
  /** The form fields of a token request. */
  form: Record<string, string>
}

export interface QueuedAnswer {
  status: number
  headers?: Record<string, string>
  /** A string is sent as is (to send malformed JSON); anything else as JSON. */
  body?: unknown
  /** Answer only after this many milliseconds. */
  delayMs?: number
}

export interface FakeGraphOptions {
  tenantId: string
  clientId: string
  clientSecret: string
  /** Mailboxes by address, each with folders by well-known name or id. */
  mailboxes: Record<string, Record<string, FakeGraphMessage[]>>
  /** Mailboxes the application access policy excludes (403). */
  restricted?: string[]
  /** Lifetime of issued tokens. Default 3599 s, as Entra ID issues them. */
  expiresIn?: number
}

function graphError(code: string, message: string) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString(),
        'request-id': randomUUID(),
        'client-request-id': randomUUID(),
      },
    },
  }
}

function tokenError(error: string, aadsts: number, description: string) {
  return {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()}`,
    error_codes: [aadsts],
    timestamp: new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  }
}

/** Status and JSON body of an answer. */
type Reply = [status: number, json: unknown]

function reply(status: number, json: unknown): Reply {
  return [status, json]
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export class FakeGraph {
  readonly requests: RecordedGraphRequest[] = []
  /** Every access token issued, oldest first. */
  readonly issuedTokens: string[] = []
  baseUrl = ''
  private readonly valid = new Set<string>()
  private readonly queued: Array<{ kind: 'token' | 'messages'; answer: QueuedAnswer }> = []
  private server: Server | undefined

  constructor(private readonly options: FakeGraphOptions) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.statusCode = 500
        response.end(String(error))
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  /** Serves `answer` to the next request of that kind instead of handling it. */
  queue(kind: 'token' | 'messages', ...answers: QueuedAnswer[]): void {
    for (const answer of answers) this.queued.push({ kind, answer })
  }

  /** Invalidates every token issued so far, as a revoked consent or a rotated key would. */
  revokeTokens(): void {
    this.valid.clear()
  }

  requestsOf(kind: RecordedGraphRequest['kind']): RecordedGraphRequest[] {
    return this.requests.filter((request) => request.kind === kind)
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise((resolve) => this.server?.close(resolve))
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://graph.local')
    const body = await readBody(request)
    const contentType = request.headers['content-type']
    const kind = /\/oauth2\/v2\.0\/token$/.test(url.pathname)
      ? 'token'
      : /\/messages$/.test(url.pathname)
        ? 'messages'
        : 'other'
    this.requests.push({
      kind,
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      prefer: typeof request.headers.prefer === 'string' ? request.headers.prefer : undefined,
      contentType,
      form: contentType?.startsWith('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(body))
        : {},
    })

    const index = this.queued.findIndex((entry) => entry.kind === kind)
    const answer = index >= 0 ? this.queued.splice(index, 1)[0]?.answer : undefined
    if (answer !== undefined) {
      if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs))
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {})
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      response.end(text)
      return
    }

    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      response.end(JSON.stringify(json))
    }
    const [status, json] =
      kind === 'token' && request.method === 'POST'
        ? this.token(url, contentType, body)
        : kind === 'messages' && request.method === 'GET'
          ? this.messages(url, request.headers.authorization)
          : reply(400, graphError('BadRequest', 'Resource not found for the segment.'))
    send(status, json)
  }

  private token(url: URL, contentType: string | undefined, body: string): Reply {
    const tenant = decodeURIComponent(url.pathname.split('/')[1] ?? '')
    const form = new URLSearchParams(body)
    if (!contentType?.startsWith('application/x-www-form-urlencoded')) {
      return reply(
        400,
        tokenError('invalid_request', 900144, "The request body must contain the 'grant_type'."),
      )
    }
    if (tenant !== this.options.tenantId) {
      return reply(400, tokenError('invalid_request', 90002, `Tenant '${tenant}' not found.`))
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return reply(
        400,
        tokenError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.'),
      )
    }
    if (form.get('client_id') !== this.options.clientId) {
      return reply(
        400,
        tokenError('unauthorized_client', 700016, 'Application was not found in the directory.'),
      )
    }
    if (form.get('client_secret') !== this.options.clientSecret) {
      return reply(401, tokenError('invalid_client', 7000215, 'Invalid client secret provided.'))
    }
    if (form.get('scope') !== 'https://graph.microsoft.com/.default') {
      return reply(400, tokenError('invalid_scope', 1002012, 'The provided value for scope is not valid.'))
    }
    const accessToken = `eyJ0eXAiOiJKV1QiLCJub25jZSI6${randomBytes(24).toString('base64url')}`
    this.valid.add(accessToken)
    this.issuedTokens.push(accessToken)
    const expiresIn = this.options.expiresIn ?? 3599
    return reply(200, {
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    })
  }

  private messages(url: URL, authorization: string | undefined): Reply {
    const bearer = authorization?.match(/^Bearer (\S+)$/)?.[1]
    if (bearer === undefined || !this.valid.has(bearer)) {
      return reply(
        401,
        graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
      )
    }
    const match = url.pathname.match(/^\/v1\.0\/users\/([^/]+)\/mailFolders\/([^/]+)\/messages$/)
    if (match === null) return reply(400, graphError('BadRequest', 'Resource not found for the segment.'))
    const user = decodeURIComponent(match[1] ?? '')
    const folderName = decodeURIComponent(match[2] ?? '')
    const mailbox = this.options.mailboxes[user]
    if (mailbox === undefined) {
      return reply(404, graphError('ErrorInvalidUser', `The requested user '${user}' is invalid.`))
    }
    if (this.options.restricted?.includes(user)) {
      return reply(
        403,
        graphError(
          'ErrorAccessDenied',
          'Access to OData is disabled: Blocked by tenant configured AppOnly AccessPolicy settings.',
        ),
      )
    }
    const folder = mailbox[folderName] ?? mailbox[folderName.toLowerCase()]
    if (folder === undefined) {
      return reply(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'))
    }

    const filter = url.searchParams.get('$filter') ?? ''
    const since = filter.match(/^receivedDateTime ge (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$/)?.[1]
    const orderby = url.searchParams.get('$orderby')
    const top = Number(url.searchParams.get('$top') ?? '10')
    const skip = Number(url.searchParams.get('$skip') ?? '0')
    const select = (url.searchParams.get('$select') ?? '').split(',').filter(Boolean)
    if (filter !== '' && since === undefined) {
      return reply(400, graphError('BadRequest', `Invalid filter clause: ${filter}`))
    }
    if (orderby !== null && orderby !== 'receivedDateTime asc') {
      return reply(
        400,
        graphError('InefficientFilter', 'The restriction or sort order is too complex for this operation.'),
      )
    }
    if (!Number.isInteger(top) || top < 1 || top > 1000) {
      return reply(400, graphError('ErrorInvalidArgument', "The value of '$top' is out of range."))
    }

    const matching = folder
      .filter((message) => since === undefined || Date.parse(message.receivedDateTime) >= Date.parse(since))
      .sort((a, b) => Date.parse(a.receivedDateTime) - Date.parse(b.receivedDateTime))
    const page = matching.slice(skip, skip + top)
    const value = page.map((message) => {
      const projected: Record<string, unknown> = { '@odata.etag': `W/"CQAAABYAAAB${message.id.slice(-6)}"` }
      for (const field of select.length === 0 ? Object.keys(message) : select) {
        projected[field] = message[field as keyof FakeGraphMessage]
      }
      return projected
    })
    const next = new URL(url)
    next.searchParams.set('$skip', String(skip + top))
    return reply(200, {
      '@odata.context': `${this.baseUrl}/v1.0/$metadata#users('${encodeURIComponent(user)}')/mailFolders('${folderName}')/messages(${select.join(',')})`,
      value,
      ...(matching.length > skip + top
        ? { '@odata.nextLink': `${this.baseUrl}${next.pathname}${next.search}` }
        : {}),
    })
  }
}

/** Starts a fake identity platform and Graph on a free port of 127.0.0.1. */
export function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraph> {
  return new FakeGraph(options).start()
}

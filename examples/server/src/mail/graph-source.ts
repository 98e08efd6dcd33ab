import { z } from 'zod'
import {
  type MailBatch,
  type MailCursor,
  type MailMessage,
  type MailSource,
  MailSourceError,
  type ReadOptions,
} from './source.js'

/** App registration and mailbox of {@link createGraphSource}. */
export interface GraphSourceOptions {
  /** Directory (tenant) id of the organisation, a GUID or a verified domain. */
  tenantId: string
  /** Application (client) id of the app registration, which needs the `Mail.Read` application permission. */
  clientId: string
  /** Client secret of the app registration. */
  clientSecret: string
  /** The mailbox to read: the user's address or user principal name. */
  mailbox: string
  /** Folder: a well-known name (`inbox`, `archive`, …) or a folder id. Default `inbox`. */
  folder?: string
  /** Origin of the Microsoft identity platform. Default `https://login.microsoftonline.com`. */
  loginBaseUrl?: string
  /** Origin of Microsoft Graph. Default `https://graph.microsoft.com`. */
  graphBaseUrl?: string
  /** The fetch to use; default the global fetch. */
  fetch?: typeof fetch
  /** Limit in milliseconds for each HTTP request, the answer's body included. Default 30 000. */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 30_000
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default'
/** One attempt plus two retries for 429, 5xx and network failures. */
const MAX_ATTEMPTS = 3
const BACKOFF_MS = [250, 750] as const
/** A longer `Retry-After` fails the read at once: the next sync comes sooner than such a wait would end. */
const MAX_RETRY_AFTER_MS = 5_000
/** Tokens are renewed this long before they expire, so none runs out between check and use. */
const TOKEN_RENEWAL_MARGIN_S = 300
/** Graph's largest page of messages. */
const MAX_TOP = 1_000

const TokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
})

const TokenErrorSchema = z.object({
  error: z.string(),
  error_codes: z.array(z.number().int()).optional(),
})

const GraphErrorSchema = z.object({ error: z.object({ code: z.string() }) })

const GraphMessageSchema = z.object({
  id: z.string().min(1),
  internetMessageId: z.string().nullish(),
  receivedDateTime: z.iso.datetime({ offset: true }),
  from: z
    .object({ emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }) })
    .nullish(),
  body: z.object({ contentType: z.string(), content: z.string() }).nullish(),
})
type GraphMessage = z.infer<typeof GraphMessageSchema>

const MessagePageSchema = z.object({
  value: z.array(GraphMessageSchema),
  '@odata.nextLink': z.string().optional(),
})

/** An HTTP answer, body read as text. */
interface Answer {
  status: number
  headers: Headers
  text: string
}

interface Request {
  url: string
  /** Names the request in errors; the URL itself holds the mailbox address. */
  label: 'token' | 'messages'
  init: RequestInit
}

/** Keeps a value for `details` only when it is a short code, so no server prose slips through. */
function token(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,60}$/.test(value) ? value : undefined
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // The SyntaxError quotes the start of the body, which may be message content: it is not kept as cause.
    return { ok: false }
  }
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

function bodyBytes(message: GraphMessage): number {
  return Buffer.byteLength(message.body?.content ?? '', 'utf8')
}

function toMailMessage(message: GraphMessage): MailMessage {
  const sender = message.from?.emailAddress
  const contentType = message.body?.contentType.toLowerCase()
  const content = message.body?.content
  return {
    id: message.internetMessageId || message.id,
    from: { name: sender?.name || undefined, address: sender?.address || undefined },
    receivedAt: new Date(message.receivedDateTime),
    text: contentType === 'text' && content ? content : undefined,
    html: contentType === 'html' && content ? content : undefined,
  }
}

function checkReadArguments(cursor: MailCursor | undefined, options: ReadOptions): void {
  if (!Number.isSafeInteger(options.limit) || options.limit < 1) {
    throw new RangeError('limit must be a positive integer')
  }
  if (!Number.isFinite(options.maxMessageBytes) || options.maxMessageBytes < 0) {
    throw new RangeError('maxMessageBytes must be a non-negative number')
  }
  if (Number.isNaN(options.since.getTime())) throw new RangeError('since must be a valid date')
  if (cursor?.kind === 'graph') {
    if (Number.isNaN(Date.parse(cursor.receivedAfter))) {
      throw new TypeError('cursor.receivedAfter must be an ISO date-time')
    }
    if (!Array.isArray(cursor.seenIds) || cursor.seenIds.some((id) => typeof id !== 'string')) {
      throw new TypeError('cursor.seenIds must be an array of strings')
    }
  }
}

/**
 * The next cursor: the time of the last message looked at, and the ids seen at exactly that time (Graph filters
 * with `ge`, so they come again). The ids seen before are kept while the time does not move.
 */
function nextCursor(
  looked: GraphMessage[],
  previous: { receivedAfter: string; seenIds: string[] },
): MailCursor {
  const last = looked.at(-1)
  if (last === undefined) return { kind: 'graph', ...previous, seenIds: [...previous.seenIds] }
  const lastTime = Date.parse(last.receivedDateTime)
  const atLast = looked
    .filter((message) => Date.parse(message.receivedDateTime) === lastTime)
    .map((message) => message.id)
  const stayed = Date.parse(previous.receivedAfter) === lastTime
  return {
    kind: 'graph',
    receivedAfter: last.receivedDateTime,
    seenIds: stayed ? [...new Set([...previous.seenIds, ...atLast])] : atLast,
  }
}

/**
 * Creates a mail source that reads one folder of an Exchange Online mailbox through Microsoft Graph, oldest
 * `receivedDateTime` first, with an app-only token (client-credentials grant).
 *
 * The token is kept in the source until shortly before it expires. A 401 renews it once; 429, 5xx and network
 * failures are retried twice with a short backoff that honours `Retry-After`.
 *
 * @param options - Tenant, app registration, mailbox, folder and transport settings.
 * @returns The source; reuse it across reads so the token is reused.
 * @throws {TypeError} When a required option is empty or a base URL is not http(s); from `read` for a Graph cursor
 *   that is not a date and a list of ids.
 * @throws {RangeError} When `timeoutMs` is not a positive number; from `read` for a `limit`, `maxMessageBytes` or
 *   `since` out of range.
 * @throws {MailSourceError} From `read`: MAIL_AUTH when the token is refused or Graph answers 401 (after one
 *   renewal) or 403, MAIL_UNAVAILABLE after timeouts, network failures, 429 or 5xx, MAIL_NOT_FOUND for 404 (unknown
 *   mailbox or folder), MAIL_PROTOCOL for any other answer or JSON of an unknown shape.
 */
export function createGraphSource(options: GraphSourceOptions): MailSource {
  for (const key of ['tenantId', 'clientId', 'clientSecret', 'mailbox'] as const) {
    if (typeof options[key] !== 'string' || options[key].trim() === '') {
      throw new TypeError(`${key} is required`)
    }
  }
  const loginBaseUrl = stripSlash(options.loginBaseUrl ?? 'https://login.microsoftonline.com')
  const graphBaseUrl = stripSlash(options.graphBaseUrl ?? 'https://graph.microsoft.com')
  for (const url of [loginBaseUrl, graphBaseUrl]) {
    if (!/^https?:\/\//.test(url)) throw new TypeError('loginBaseUrl and graphBaseUrl must be http(s) URLs')
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError('timeoutMs must be a positive number')
  }
  const fetchFn = options.fetch ?? globalThis.fetch
  const folder = options.folder ?? 'inbox'
  const messagesUrl = `${graphBaseUrl}/v1.0/users/${encodeURIComponent(options.mailbox)}/mailFolders/${encodeURIComponent(folder)}/messages`

  let cached: { accessToken: string; expiresAt: number } | undefined
  let pendingToken: Promise<string> | undefined

  function hostOf(request: Request): string {
    return new URL(request.url).host
  }

  /** How errors name the server: the service and its host, never the path (it holds the mailbox address). */
  function serviceOf(request: Request): string {
    const service = request.label === 'token' ? 'Microsoft identity platform' : 'Microsoft Graph'
    return `${service} at ${hostOf(request)}`
  }

  function unavailable(request: Request, message: string, details: Record<string, unknown>, cause?: unknown) {
    return new MailSourceError('MAIL_UNAVAILABLE', message, {
      details: { host: hostOf(request), request: request.label, ...details },
      ...(cause === undefined ? {} : { cause }),
    })
  }

  /** Sends a request; retries network failures, 429 and 5xx. Returns any other answer for the caller to judge. */
  async function send(request: Request): Promise<Answer> {
    const service = serviceOf(request)
    for (let attempt = 1; ; attempt++) {
      let answer: Answer
      try {
        const response = await fetchFn(request.url, {
          ...request.init,
          signal: AbortSignal.timeout(timeoutMs),
        })
        answer = { status: response.status, headers: response.headers, text: await response.text() }
      } catch (error) {
        if (attempt < MAX_ATTEMPTS) {
          await sleep(BACKOFF_MS[attempt - 1] ?? 0)
          continue
        }
        const timedOut =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
        throw unavailable(
          request,
          timedOut ? `${service} did not answer within ${timeoutMs} ms` : `${service} could not be reached`,
          { attempts: attempt },
          error,
        )
      }
      if (answer.status !== 429 && answer.status < 500) return answer
      const wait = retryAfterMs(answer.headers.get('retry-after'))
      if (attempt >= MAX_ATTEMPTS || (wait !== undefined && wait > MAX_RETRY_AFTER_MS)) {
        throw unavailable(request, `${service} answered ${answer.status}`, {
          status: answer.status,
          attempts: attempt,
          ...(wait === undefined ? {} : { retryAfterSeconds: Math.ceil(wait / 1000) }),
        })
      }
      await sleep(wait ?? BACKOFF_MS[attempt - 1] ?? 0)
    }
  }

  function protocol(request: Request, status: number, what: string, cause?: unknown): MailSourceError {
    return new MailSourceError('MAIL_PROTOCOL', `${serviceOf(request)} ${what}`, {
      details: { host: hostOf(request), request: request.label, status },
      ...(cause === undefined ? {} : { cause }),
    })
  }

  function parseAnswer<T>(request: Request, answer: Answer, schema: z.ZodType<T>): T {
    const json = parseJson(answer.text)
    if (!json.ok) throw protocol(request, answer.status, 'answered with malformed JSON')
    const parsed = schema.safeParse(json.value)
    if (!parsed.success)
      throw protocol(request, answer.status, 'answered with JSON of an unknown shape', parsed.error)
    return parsed.data
  }

  async function requestToken(): Promise<string> {
    const request: Request = {
      url: `${loginBaseUrl}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`,
      label: 'token',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          client_id: options.clientId,
          client_secret: options.clientSecret,
          scope: GRAPH_SCOPE,
          grant_type: 'client_credentials',
        }).toString(),
      },
    }
    const answer = await send(request)
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
      // The identity platform's `error` (invalid_client, unauthorized_client, …) and AADSTS numbers help an admin;
      // its error_description is prose with trace ids and is left out.
      const json = parseJson(answer.text)
      const body = json.ok ? TokenErrorSchema.safeParse(json.value) : undefined
      const code = body?.success ? token(body.data.error) : undefined
      const errorCodes = body?.success ? body.data.error_codes : undefined
      throw new MailSourceError('MAIL_AUTH', `${serviceOf(request)} refused the client credentials`, {
        details: {
          host: hostOf(request),
          request: 'token',
          status: answer.status,
          ...(code === undefined ? {} : { error: code }),
          ...(errorCodes === undefined ? {} : { errorCodes }),
        },
      })
    }
    if (answer.status !== 200) throw protocol(request, answer.status, `answered ${answer.status}`)
    const body = parseAnswer(request, answer, TokenSchema)
    const marginSeconds = Math.min(TOKEN_RENEWAL_MARGIN_S, body.expires_in / 2)
    cached = {
      accessToken: body.access_token,
      expiresAt: Date.now() + (body.expires_in - marginSeconds) * 1000,
    }
    return body.access_token
  }

  /** A valid token: the cached one, or one fetched now (shared by concurrent reads). */
  function accessToken(): Promise<string> {
    if (cached !== undefined && Date.now() < cached.expiresAt) return Promise.resolve(cached.accessToken)
    pendingToken ??= requestToken().finally(() => {
      pendingToken = undefined
    })
    return pendingToken
  }

  async function getMessages(url: string): Promise<z.infer<typeof MessagePageSchema>> {
    const request = (bearer: string): Request => ({
      url,
      label: 'messages',
      init: {
        method: 'GET',
        headers: {
          authorization: `Bearer ${bearer}`,
          accept: 'application/json',
          // Ids that survive moving a mail to another folder: the cursor's seen ids and the fallback message ids.
          prefer: 'IdType="ImmutableId"',
        },
      },
    })
    let used = await accessToken()
    let answer = await send(request(used))
    if (answer.status === 401) {
      // Revoked or rotated early: renew once. Another read may have renewed it already.
      if (cached?.accessToken === used) cached = undefined
      used = await accessToken()
      answer = await send(request(used))
    }
    if (answer.status === 200) return parseAnswer(request(used), answer, MessagePageSchema)

    const json = parseJson(answer.text)
    const graphError = json.ok ? GraphErrorSchema.safeParse(json.value) : undefined
    const graphCode = graphError?.success ? token(graphError.data.error.code) : undefined
    const host = new URL(url).host
    const service = `Microsoft Graph at ${host}`
    const details = {
      host,
      request: 'messages',
      status: answer.status,
      ...(graphCode === undefined ? {} : { graphCode }),
    }
    if (answer.status === 401 || answer.status === 403) {
      throw new MailSourceError('MAIL_AUTH', `${service} refused access to the mailbox (${answer.status})`, {
        details,
      })
    }
    if (answer.status === 404) {
      throw new MailSourceError('MAIL_NOT_FOUND', `${service} knows no such mailbox or folder`, { details })
    }
    throw new MailSourceError('MAIL_PROTOCOL', `${service} answered ${answer.status}`, { details })
  }

  return {
    async read(cursor, readOptions): Promise<MailBatch> {
      checkReadArguments(cursor, readOptions)
      // A cursor of an IMAP source (the mailbox was switched to Graph) says nothing here: start from `since`.
      const previous =
        cursor?.kind === 'graph'
          ? { receivedAfter: cursor.receivedAfter, seenIds: cursor.seenIds }
          : { receivedAfter: readOptions.since.toISOString(), seenIds: [] }
      const from = new Date(previous.receivedAfter).toISOString()
      const top = Math.min(MAX_TOP, readOptions.limit + previous.seenIds.length)
      const query = [
        '$select=id,internetMessageId,from,receivedDateTime,body',
        `$filter=${encodeURIComponent(`receivedDateTime ge ${from}`)}`,
        `$orderby=${encodeURIComponent('receivedDateTime asc')}`,
        `$top=${top}`,
      ].join('&')
      const page = await getMessages(`${messagesUrl}?${query}`)

      const seen = new Set(previous.seenIds)
      const unseen = page.value.filter((message) => !seen.has(message.id))
      const looked = unseen.slice(0, readOptions.limit)
      return {
        messages: looked
          .filter((message) => bodyBytes(message) <= readOptions.maxMessageBytes)
          .map(toMailMessage),
        cursor: nextCursor(looked, previous),
        more: page['@odata.nextLink'] !== undefined || unseen.length > looked.length,
      }
    },
  }
}

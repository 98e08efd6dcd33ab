import { HubSpotError } from './error.js'

/** Transport settings shared by the OAuth client and the contacts client. */
export interface HubSpotTransportOptions {
  /** HubSpot's API origin; tests point it at the fake server. Default `https://api.hubapi.com`. */
  baseUrl?: string
  /** The fetch to use; default the global (undici) fetch. */
  fetch?: typeof fetch
  /** Per-attempt timeout in milliseconds, enforced with `AbortSignal.timeout`. Default 15 000. */
  timeoutMs?: number
  /** Retries after the first attempt for 429, 5xx, timeouts and network failures. Default 4. */
  maxRetries?: number
  /** A `Retry-After` longer than this fails at once instead of blocking the caller. Default 30 000 ms. */
  maxRetryDelayMs?: number
  /** How to wait between attempts; tests inject a recorder so they never sleep. */
  sleep?: (ms: number) => Promise<void>
  /** Source of jitter in [0, 1); default `Math.random`. */
  random?: () => number
}

/** @internal Transport options with every default filled in. */
export interface ResolvedTransport {
  baseUrl: string
  fetch: typeof fetch
  timeoutMs: number
  maxRetries: number
  maxRetryDelayMs: number
  sleep: (ms: number) => Promise<void>
  random: () => number
}

/** @internal One HTTP call to HubSpot. */
export interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  /** How the request is named in errors when the path itself holds a secret. Default: the path. */
  label?: string
  query?: Record<string, string>
  /** JSON request body. */
  json?: unknown
  /** Form-encoded request body (OAuth token endpoint). */
  form?: Record<string, string>
  /** Bearer token for the `Authorization` header. */
  accessToken?: string
  /**
   * Whether repeating the request is harmless. Creating a contact is not: after a timeout or a 5xx HubSpot may have
   * stored it, so only a 429 (which HubSpot answers before doing anything) is retried.
   */
  idempotent: boolean
}

/** @internal A HubSpot answer: status, parsed JSON body (or undefined) and headers. */
export interface HubSpotResponse {
  status: number
  body: unknown
  headers: Headers
}

const DEFAULT_BASE_URL = 'https://api.hubapi.com'

/** @internal Fills in transport defaults and validates the numbers. */
export function resolveTransport(options: HubSpotTransportOptions = {}): ResolvedTransport {
  const resolved: ResolvedTransport = {
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 4,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  }
  for (const key of ['timeoutMs', 'maxRetries', 'maxRetryDelayMs'] as const) {
    const value = resolved[key]
    if (!Number.isFinite(value) || value < 0) {
      throw new HubSpotError('HUBSPOT_INVALID_CONFIG', `${key} must be a non-negative number`)
    }
  }
  if (!/^https?:\/\//.test(resolved.baseUrl)) {
    throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'baseUrl must be an http(s) URL')
  }
  return resolved
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds.
 *
 * @internal
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** @internal Exponential backoff with full jitter: base 500 ms, doubling, capped at 8 s. */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(8_000, 500 * 2 ** attempt)
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}

type Attempt =
  | { kind: 'response'; response: HubSpotResponse }
  | { kind: 'failure'; code: 'HUBSPOT_TIMEOUT' | 'HUBSPOT_UNAVAILABLE'; cause: unknown }

async function attempt(transport: ResolvedTransport, request: HubSpotRequest): Promise<Attempt> {
  const url = new URL(transport.baseUrl + request.path)
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (request.accessToken !== undefined) headers.authorization = `Bearer ${request.accessToken}`
  let body: string | undefined
  if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(request.form).toString()
  } else if (request.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(request.json)
  }
  try {
    const response = await transport.fetch(url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(transport.timeoutMs),
    })
    const text = await response.text()
    let parsed: unknown
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
    }
    return {
      kind: 'response',
      response: { status: response.status, body: parsed, headers: response.headers },
    }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    return { kind: 'failure', code: timedOut ? 'HUBSPOT_TIMEOUT' : 'HUBSPOT_UNAVAILABLE', cause: error }
  }
}

/** HubSpot's 429 body names the exhausted policy: `SECONDLY` (retry soon) or `DAILY` (retry after midnight). */
function policyName(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const value = (body as { policyName?: unknown }).policyName
    if (typeof value === 'string') return value
  }
  return undefined
}

/**
 * Sends one request with bounded retries: 429 waits for `Retry-After` (or backs off when absent), 5xx, timeouts and
 * network failures back off exponentially with jitter; a daily-limit 429 is not retried. Returns the final response,
 * which may still be an error status for the caller to translate.
 *
 * @internal
 */
export async function sendWithRetry(
  transport: ResolvedTransport,
  request: HubSpotRequest,
): Promise<HubSpotResponse> {
  for (let retry = 0; ; retry++) {
    const outcome = await attempt(transport, request)
    const last = retry >= transport.maxRetries
    if (outcome.kind === 'failure') {
      if (last || !request.idempotent) {
        const path = request.label ?? request.path
        throw new HubSpotError(
          outcome.code,
          outcome.code === 'HUBSPOT_TIMEOUT'
            ? `HubSpot did not answer ${request.method} ${path} within ${transport.timeoutMs} ms`
            : `HubSpot could not be reached for ${request.method} ${path}`,
          {
            details: { method: request.method, path, attempts: retry + 1 },
            cause: outcome.cause,
          },
        )
      }
      await transport.sleep(backoffDelay(retry, transport.random))
      continue
    }
    const { response } = outcome
    if (response.status === 429) {
      const policy = policyName(response.body)
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
      const tooLong = retryAfter !== undefined && retryAfter > transport.maxRetryDelayMs
      if (last || policy === 'DAILY' || tooLong) return response
      await transport.sleep(retryAfter ?? backoffDelay(retry + 1, transport.random))
      continue
    }
    if (response.status >= 500 && request.idempotent && !last) {
      await transport.sleep(backoffDelay(retry, transport.random))
      continue
    }
    return response
  }
}

/** HubSpot's documented error body; every field is optional. */
interface HubSpotErrorBody {
  status?: unknown
  message?: unknown
  category?: unknown
  subCategory?: unknown
  correlationId?: unknown
  policyName?: unknown
  errors?: unknown
}

/**
 * Translates a non-2xx answer into a {@link HubSpotError}. HubSpot's `message` can echo submitted values (an invalid
 * email, say), so it is not copied; only status, category, correlation id and per-error codes are kept.
 *
 * @internal
 */
export function toHubSpotError(
  response: HubSpotResponse,
  request: Pick<HubSpotRequest, 'method' | 'path'>,
): HubSpotError {
  const body = (
    typeof response.body === 'object' && response.body !== null ? response.body : {}
  ) as HubSpotErrorBody
  const details: Record<string, unknown> = {
    status: response.status,
    method: request.method,
    path: request.path,
  }
  for (const key of ['category', 'subCategory', 'correlationId', 'policyName'] as const) {
    if (typeof body[key] === 'string') details[key] = body[key]
  }
  if (typeof body.status === 'string' && body.status !== 'error') details.hubspotStatus = body.status
  if (Array.isArray(body.errors)) {
    const codes = body.errors
      .map((entry) =>
        typeof entry === 'object' && entry !== null ? (entry as { code?: unknown }).code : undefined,
      )
      .filter((code): code is string => typeof code === 'string')
    if (codes.length > 0) details.errorCodes = codes
  }
  const where = `${request.method} ${request.path}`
  const { status } = response
  if (status === 401)
    return new HubSpotError('HUBSPOT_AUTH', `HubSpot rejected the access token for ${where}`, { details })
  if (status === 403)
    return new HubSpotError('HUBSPOT_FORBIDDEN', `The HubSpot connection lacks a scope for ${where}`, {
      details,
    })
  if (status === 404)
    return new HubSpotError('HUBSPOT_NOT_FOUND', `HubSpot has no such object (${where})`, { details })
  if (status === 409) {
    const message = typeof body.message === 'string' ? body.message : ''
    const existing = /Existing ID:\s*(\d+)/i.exec(message)
    if (existing?.[1] !== undefined) details.existingId = existing[1]
    return new HubSpotError('HUBSPOT_CONFLICT', `HubSpot already holds a conflicting contact (${where})`, {
      details,
    })
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
    if (retryAfter !== undefined) details.retryAfterMs = retryAfter
    return new HubSpotError('HUBSPOT_RATE_LIMITED', `HubSpot rate limit reached for ${where}`, { details })
  }
  if (status >= 500)
    return new HubSpotError('HUBSPOT_UNAVAILABLE', `HubSpot failed with ${status} for ${where}`, { details })
  return new HubSpotError('HUBSPOT_REJECTED', `HubSpot rejected ${where} with ${status}`, { details })
}

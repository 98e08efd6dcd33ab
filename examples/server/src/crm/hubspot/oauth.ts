import { z } from 'zod'
import { HubSpotError } from './error.js'
import { type ResolvedTransport, sendWithRetry, toHubSpotError } from './http.js'
import type { HubSpotTokens, TokenVault } from './token-vault.js'

/** Options of {@link createTokenManager}. */
export interface TokenManagerOptions {
  clientId: string
  clientSecret: string
  vault: TokenVault
  transport: ResolvedTransport
  /** Refresh this long before `expiresAt`, so a token never expires mid-request. Default 5 minutes. */
  refreshSkewMs?: number
  /** Current time in epoch ms; tests inject a fake clock. */
  now?: () => number
}

/** Hands out valid HubSpot access tokens for one connection. */
export interface TokenManager {
  /** A valid access token, refreshing first when none is stored or it is about to expire. */
  getAccessToken(): Promise<string>
  /**
   * Called after HubSpot answered 401 for `rejected`: refreshes unless another caller already replaced that token.
   * Concurrent callers share one refresh.
   */
  renewAfterRejection(rejected: string): Promise<string>
}

/** HubSpot's documented answer of `POST /oauth/v1/token`. */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
})

/**
 * Creates the token manager of one connection: refresh with `grant_type=refresh_token` (form-encoded) before expiry,
 * single-flight so concurrent calls share one refresh, new tokens saved to the (sealed) vault.
 *
 * @throws {HubSpotError} from `getAccessToken`: HUBSPOT_NOT_CONNECTED without stored tokens, HUBSPOT_AUTH when HubSpot
 * refuses the refresh token (the admin must reconnect), HUBSPOT_INVALID_RESPONSE for an unexpected token answer.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const now = options.now ?? Date.now
  const skew = options.refreshSkewMs ?? 5 * 60_000
  let current: HubSpotTokens | undefined
  let loading: Promise<HubSpotTokens> | undefined
  let refreshing: Promise<string> | undefined

  async function load(): Promise<HubSpotTokens> {
    if (current !== undefined) return current
    loading ??= options.vault
      .load()
      .then((tokens) => {
        if (tokens === undefined) {
          throw new HubSpotError('HUBSPOT_NOT_CONNECTED', 'The HubSpot connection has no stored tokens yet')
        }
        current ??= tokens
        return current
      })
      .finally(() => {
        loading = undefined
      })
    return loading
  }

  async function refreshNow(): Promise<string> {
    const tokens = await load()
    const request = { method: 'POST', path: '/oauth/v1/token', idempotent: true } as const
    const response = await sendWithRetry(options.transport, {
      ...request,
      form: {
        grant_type: 'refresh_token',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        refresh_token: tokens.refreshToken,
      },
    })
    if (response.status === 400 || response.status === 401) {
      const error = toHubSpotError(response, request)
      throw new HubSpotError(
        'HUBSPOT_AUTH',
        'HubSpot refused the refresh token; the connection must be authorised again',
        {
          details: error.details ?? {},
        },
      )
    }
    if (response.status < 200 || response.status > 299) throw toHubSpotError(response, request)
    const parsed = TokenResponseSchema.safeParse(response.body)
    if (!parsed.success) {
      throw new HubSpotError(
        'HUBSPOT_INVALID_RESPONSE',
        'HubSpot answered the token refresh with an unexpected body',
      )
    }
    const next: HubSpotTokens = {
      accessToken: parsed.data.access_token,
      refreshToken: parsed.data.refresh_token,
      expiresAt: now() + parsed.data.expires_in * 1000,
    }
    await options.vault.save(next)
    current = next
    return parsed.data.access_token
  }

  function refresh(): Promise<string> {
    refreshing ??= refreshNow().finally(() => {
      refreshing = undefined
    })
    return refreshing
  }

  return {
    async getAccessToken() {
      if (refreshing !== undefined) return refreshing
      const tokens = await load()
      const fresh =
        tokens.accessToken !== undefined && tokens.expiresAt !== undefined && tokens.expiresAt - skew > now()
      return fresh && tokens.accessToken !== undefined ? tokens.accessToken : refresh()
    },
    async renewAfterRejection(rejected) {
      if (refreshing !== undefined) return refreshing
      const tokens = await load()
      if (tokens.accessToken !== undefined && tokens.accessToken !== rejected) return tokens.accessToken
      return refresh()
    },
  }
}

import { z } from 'zod'
import { HubSpotError } from './error.js'
import {
  type HubSpotTransportOptions,
  type ResolvedTransport,
  resolveTransport,
  sendWithRetry,
  toHubSpotError,
} from './http.js'
import type { TokenVault } from './token-vault.js'

/** Scopes the connector needs: read for duplicate checks and the change feed, write for create and update. */
export const REQUIRED_SCOPES = ['crm.objects.contacts.read', 'crm.objects.contacts.write'] as const

const propertyName = z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, 'a HubSpot internal property name')

/**
 * One organisation's HubSpot connection as an admin configures it. `clientSecret` is a secret: store it sealed
 * (like the tokens), never return it from an API.
 */
export const HubSpotConnectionSchema = z.object({
  /** The HubSpot account ("portal", "hub") id the organisation connects. */
  portalId: z.string().regex(/^\d{1,12}$/, 'digits only'),
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(200),
  /** Where HubSpot sends the admin back with `?code=` after they approve the app. */
  redirectUri: z.url({ protocol: /^https?$/ }),
  scopes: z
    .array(z.string().regex(/^[a-z0-9._-]+$/))
    .default([...REQUIRED_SCOPES])
    .refine((scopes) => REQUIRED_SCOPES.every((scope) => scopes.includes(scope)), {
      message: `scopes must include ${REQUIRED_SCOPES.join(' and ')}`,
    }),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  countryLocale: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional(),
  fieldProperties: z
    .object({ department: propertyName.optional(), suffix: propertyName.optional() })
    .optional(),
  customProperties: z.array(propertyName).max(50).optional(),
  onUnmapped: z.enum(['error', 'drop']).optional(),
})

/** A validated HubSpot connection. */
export type HubSpotConnection = z.infer<typeof HubSpotConnectionSchema>

/**
 * Validates an admin's connection settings.
 *
 * @throws {HubSpotError} HUBSPOT_INVALID_CONFIG naming each invalid path (never the values, which include a secret).
 */
export function parseHubSpotConnection(input: unknown): HubSpotConnection {
  const parsed = HubSpotConnectionSchema.safeParse(input)
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)')
    throw new HubSpotError('HUBSPOT_INVALID_CONFIG', `Invalid HubSpot connection: ${paths.join(', ')}`, {
      details: { paths },
    })
  }
  return parsed.data
}

/**
 * The HubSpot page where an admin approves the app for their portal; HubSpot then redirects to `redirectUri` with
 * `code` and the `state` given here (check it against the admin's session to stop cross-site request forgery).
 */
export function authorizationUrl(connection: HubSpotConnection, state: string): string {
  const url = new URL('https://app.hubspot.com/oauth/authorize')
  url.searchParams.set('client_id', connection.clientId)
  url.searchParams.set('redirect_uri', connection.redirectUri)
  url.searchParams.set('scope', connection.scopes.join(' '))
  url.searchParams.set('state', state)
  return url.toString()
}

const CodeTokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
})
const TokenInfoSchema = z.object({
  hub_id: z.union([z.number(), z.string()]).transform(String),
  scopes: z.array(z.string()).default([]),
})

/**
 * Checks with HubSpot's token metadata endpoint that an access token belongs to the connection's portal and carries
 * the required scopes.
 */
async function verifyAccessToken(
  transport: ResolvedTransport,
  connection: HubSpotConnection,
  accessToken: string,
): Promise<{ portalId: string; scopes: string[] }> {
  // HubSpot's v1 metadata endpoint takes the token in the path; the path is never logged or put in errors here.
  const infoRequest = { method: 'GET', path: '/oauth/v1/access-tokens/{token}', idempotent: true } as const
  const infoResponse = await sendWithRetry(transport, {
    ...infoRequest,
    label: infoRequest.path,
    path: `/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`,
  })
  if (infoResponse.status < 200 || infoResponse.status > 299) throw toHubSpotError(infoResponse, infoRequest)
  const info = TokenInfoSchema.safeParse(infoResponse.body)
  if (!info.success)
    throw new HubSpotError(
      'HUBSPOT_INVALID_RESPONSE',
      'HubSpot answered the token lookup with an unexpected body',
    )
  if (info.data.hub_id !== connection.portalId) {
    throw new HubSpotError(
      'HUBSPOT_FORBIDDEN',
      'The app was approved for a different HubSpot portal than configured',
      {
        details: { configuredPortalId: connection.portalId, approvedPortalId: info.data.hub_id },
      },
    )
  }
  const missing = REQUIRED_SCOPES.filter((scope) => !info.data.scopes.includes(scope))
  if (missing.length > 0) {
    throw new HubSpotError('HUBSPOT_FORBIDDEN', `The approval lacks the scopes ${missing.join(', ')}`, {
      details: { missingScopes: missing },
    })
  }
  return { portalId: info.data.hub_id, scopes: info.data.scopes }
}

/**
 * Finishes the install: exchanges the `code` HubSpot sent to the redirect URI for tokens (`grant_type=
 * authorization_code`), checks with the token metadata endpoint that they belong to the configured portal and carry
 * the required scopes, and saves them to the (sealed) vault.
 *
 * @throws {HubSpotError} HUBSPOT_AUTH when HubSpot refuses the code, HUBSPOT_FORBIDDEN when the approved portal or
 * scopes differ from the connection's.
 */
export async function connectWithAuthorizationCode(
  connection: HubSpotConnection,
  code: string,
  vault: TokenVault,
  options: HubSpotTransportOptions & { now?: () => number } = {},
): Promise<{ portalId: string; scopes: string[] }> {
  return redeemTokens(
    connection,
    vault,
    options,
    {
      grant_type: 'authorization_code',
      client_id: connection.clientId,
      client_secret: connection.clientSecret,
      redirect_uri: connection.redirectUri,
      code,
    },
    { idempotent: false, refused: 'HubSpot refused the authorisation code', grant: 'the code exchange' },
  )
}

/**
 * Connects with a refresh token the admin already holds (for example from an earlier install of the same app):
 * redeems it once (`grant_type=refresh_token`), checks like {@link connectWithAuthorizationCode} that the tokens
 * belong to the configured portal and carry the required scopes, and saves them to the (sealed) vault.
 *
 * @throws {HubSpotError} HUBSPOT_AUTH when HubSpot refuses the refresh token or the client credentials,
 * HUBSPOT_FORBIDDEN when the portal or scopes differ from the connection's.
 * @example
 * ```ts
 * const vault = createSealedTokenVault({ sealer, context: `org:${orgId}/crm-connection:${id}/tokens`, read, write })
 * await connectWithRefreshToken(connection, 'de2c5e9f-…', vault)
 * ```
 */
export async function connectWithRefreshToken(
  connection: HubSpotConnection,
  refreshToken: string,
  vault: TokenVault,
  options: HubSpotTransportOptions & { now?: () => number } = {},
): Promise<{ portalId: string; scopes: string[] }> {
  return redeemTokens(
    connection,
    vault,
    options,
    {
      grant_type: 'refresh_token',
      client_id: connection.clientId,
      client_secret: connection.clientSecret,
      refresh_token: refreshToken,
    },
    {
      idempotent: true,
      refused: 'HubSpot refused the refresh token or the client credentials',
      grant: 'the token refresh',
    },
  )
}

// Redeems a grant at the token endpoint, checks portal and scopes with the new access token, and saves the tokens.
async function redeemTokens(
  connection: HubSpotConnection,
  vault: TokenVault,
  options: HubSpotTransportOptions & { now?: () => number },
  form: Record<string, string>,
  how: { idempotent: boolean; refused: string; grant: string },
): Promise<{ portalId: string; scopes: string[] }> {
  const transport = resolveTransport(options)
  const now = options.now ?? Date.now
  const request = { method: 'POST', path: '/oauth/v1/token', idempotent: how.idempotent } as const
  const response = await sendWithRetry(transport, { ...request, form })
  if (response.status === 400 || response.status === 401) {
    throw new HubSpotError('HUBSPOT_AUTH', how.refused, {
      details: toHubSpotError(response, request).details ?? {},
    })
  }
  if (response.status < 200 || response.status > 299) throw toHubSpotError(response, request)
  const tokens = CodeTokenSchema.safeParse(response.body)
  if (!tokens.success) {
    throw new HubSpotError(
      'HUBSPOT_INVALID_RESPONSE',
      `HubSpot answered ${how.grant} with an unexpected body`,
    )
  }
  const info = await verifyAccessToken(transport, connection, tokens.data.access_token)
  await vault.save({
    refreshToken: tokens.data.refresh_token,
    accessToken: tokens.data.access_token,
    expiresAt: now() + tokens.data.expires_in * 1000,
  })
  return info
}

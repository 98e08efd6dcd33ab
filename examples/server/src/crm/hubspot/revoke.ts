import { type HubSpotTransportOptions, resolveTransport, sendWithRetry, toHubSpotError } from './http.js'

/** What {@link revokeRefreshToken} found: revoked now, or already unknown to HubSpot (revoked or uninstalled). */
export type RevocationOutcome = 'revoked' | 'already_invalid'

/**
 * Revokes a refresh token at HubSpot (`DELETE /oauth/v1/refresh-tokens/{token}`), so no new access token can be
 * drawn from it once the connection is removed (access tokens already issued expire on their own, within 30 minutes).
 * HubSpot answers 204; a 404 or 400 means the token was already invalid, which is the wanted end state too.
 *
 * @throws {HubSpotError} HUBSPOT_UNAVAILABLE or HUBSPOT_TIMEOUT when HubSpot cannot be reached after the bounded
 * retries, or the HubSpotError of another answer. The token is never part of a message or `details`.
 * @example
 * ```ts
 * const outcome = await revokeRefreshToken(tokens.refreshToken, { baseUrl: 'https://api.hubapi.com' })
 * // 'revoked' or 'already_invalid'
 * ```
 */
export async function revokeRefreshToken(
  refreshToken: string,
  options: HubSpotTransportOptions = {},
): Promise<RevocationOutcome> {
  const transport = resolveTransport(options)
  // The token is part of the path: errors name the route template instead.
  const label = '/oauth/v1/refresh-tokens/{token}'
  const response = await sendWithRetry(transport, {
    method: 'DELETE',
    path: `/oauth/v1/refresh-tokens/${encodeURIComponent(refreshToken)}`,
    label,
    idempotent: true,
  })
  if (response.status >= 200 && response.status <= 299) return 'revoked'
  if (response.status === 404 || response.status === 400) return 'already_invalid'
  throw toHubSpotError(response, { method: 'DELETE', path: label })
}

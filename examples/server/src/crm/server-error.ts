import { ServerError, type ServerErrorCode } from '../errors.js'
import { isHubSpotError } from './hubspot/error.js'

const SERVER_CODE: Record<string, ServerErrorCode> = {
  HUBSPOT_NOT_FOUND: 'NOT_FOUND',
  HUBSPOT_CONFLICT: 'CONFLICT',
  HUBSPOT_UNMAPPED_FIELDS: 'VALIDATION_FAILED',
  HUBSPOT_REJECTED: 'VALIDATION_FAILED',
  HUBSPOT_INVALID_CURSOR: 'VALIDATION_FAILED',
  HUBSPOT_RATE_LIMITED: 'RATE_LIMITED',
}

/**
 * A HubSpot failure as the server's error, other errors unchanged. The HubSpot code stays in `details.crmCode`, with
 * HubSpot's safe details (field names, status, category, correlation id; never values, tokens or secrets). Failures
 * of the connection itself (authorisation, timeouts, outages, unreadable answers) become 503 CRM_UNAVAILABLE unless
 * `overrides` maps their code elsewhere.
 */
export function crmServerError(error: unknown, overrides: Record<string, ServerErrorCode> = {}): unknown {
  if (!isHubSpotError(error)) return error
  const code = overrides[error.code] ?? SERVER_CODE[error.code] ?? 'CRM_UNAVAILABLE'
  const details: Record<string, unknown> = { ...(error.details ?? {}), crmCode: error.code }
  if (code === 'RATE_LIMITED' && typeof details.retryAfterMs === 'number') {
    details.retryAfterSeconds = Math.max(1, Math.ceil(details.retryAfterMs / 1000))
  }
  const message =
    code === 'CRM_UNAVAILABLE'
      ? `The organisation's CRM (HubSpot) cannot be used: ${error.message}`
      : error.message
  return new ServerError(code, message, { details, cause: error })
}

import { ContactKitError, type ValidationIssue } from '@contactkit/core'

/** Stable codes of the server's errors; the HTTP API answers with exactly these. */
export type ServerErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'AUTH_INVALID_CREDENTIALS'
  | 'AUTH_TOTP_REQUIRED'
  | 'AUTH_TOTP_INVALID'
  | 'AUTH_LOCKED'
  | 'CSRF_FAILED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RESTORE_EXPIRED'
  | 'SETUP_TOKEN_INVALID'
  | 'RESET_TOKEN_INVALID'
  | 'OAUTH_STATE_INVALID'
  | 'OAUTH_STATE_EXPIRED'
  | 'OAUTH_STATE_USED'
  | 'RATE_LIMITED'
  | 'HTTPS_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'STORE_UNAVAILABLE'
  | 'CRM_UNAVAILABLE'
  | 'MAIL_UNAVAILABLE'
  | 'STORE_LOCKED'
  | 'INTERNAL'

const STATUS: Record<ServerErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_TOTP_REQUIRED: 401,
  AUTH_TOTP_INVALID: 401,
  AUTH_LOCKED: 423,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RESTORE_EXPIRED: 410,
  SETUP_TOKEN_INVALID: 401,
  RESET_TOKEN_INVALID: 400,
  OAUTH_STATE_INVALID: 400,
  OAUTH_STATE_EXPIRED: 410,
  OAUTH_STATE_USED: 409,
  RATE_LIMITED: 429,
  HTTPS_REQUIRED: 400,
  PAYLOAD_TOO_LARGE: 413,
  STORE_UNAVAILABLE: 503,
  CRM_UNAVAILABLE: 503,
  MAIL_UNAVAILABLE: 502,
  STORE_LOCKED: 503,
  INTERNAL: 500,
}

/** The error type of the server; its `code` is what API clients branch on. */
export class ServerError extends ContactKitError<ServerErrorCode> {
  override readonly name: string = 'ServerError'

  /** HTTP status the code maps to. */
  get statusCode(): number {
    return STATUS[this.code]
  }
}

/** The one JSON error shape of the API. */
export interface ErrorBody {
  error: {
    code: ServerErrorCode
    message: string
    issues?: ValidationIssue[]
    details?: Record<string, unknown>
  }
}

/** Shorthand for the most common answer: the record does not exist for this caller (also used across tenants). */
export function notFound(what = 'Resource'): ServerError {
  return new ServerError('NOT_FOUND', `${what} not found.`)
}

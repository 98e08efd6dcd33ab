import { ContactKitError } from '@contactkit/core'

/**
 * Stable codes of {@link HubSpotError}.
 *
 * - `HUBSPOT_INVALID_CONFIG`: the connection settings are incomplete or malformed.
 * - `HUBSPOT_NOT_CONNECTED`: no tokens are stored for the connection yet.
 * - `HUBSPOT_AUTH`: HubSpot rejected the refresh token or a fresh access token; an admin must reconnect.
 * - `HUBSPOT_FORBIDDEN`: the token lacks a scope the call needs.
 * - `HUBSPOT_RATE_LIMITED`: still throttled after the bounded retries, or the daily limit is used up.
 * - `HUBSPOT_UNAVAILABLE`: HubSpot answered 5xx (or the network failed) after the bounded retries.
 * - `HUBSPOT_TIMEOUT`: a request took longer than the configured timeout.
 * - `HUBSPOT_CONFLICT`: a contact with the same email already exists (`details.existingId`).
 * - `HUBSPOT_NOT_FOUND`: the contact does not exist (or was archived).
 * - `HUBSPOT_REJECTED`: HubSpot refused the request (validation and other 4xx answers).
 * - `HUBSPOT_INVALID_RESPONSE`: HubSpot answered with a body this connector does not understand.
 * - `HUBSPOT_UNMAPPED_FIELDS`: a contact holds values HubSpot's contact properties cannot store (`details.fields`).
 * - `HUBSPOT_INVALID_CURSOR`: a change cursor was not produced by this connector.
 */
export type HubSpotErrorCode =
  | 'HUBSPOT_INVALID_CONFIG'
  | 'HUBSPOT_NOT_CONNECTED'
  | 'HUBSPOT_AUTH'
  | 'HUBSPOT_FORBIDDEN'
  | 'HUBSPOT_RATE_LIMITED'
  | 'HUBSPOT_UNAVAILABLE'
  | 'HUBSPOT_TIMEOUT'
  | 'HUBSPOT_CONFLICT'
  | 'HUBSPOT_NOT_FOUND'
  | 'HUBSPOT_REJECTED'
  | 'HUBSPOT_INVALID_RESPONSE'
  | 'HUBSPOT_UNMAPPED_FIELDS'
  | 'HUBSPOT_INVALID_CURSOR'

/**
 * The error type of the HubSpot connector. Messages and details never carry tokens, client secrets or contact values:
 * only HTTP status, HubSpot's error category, correlation id and field names.
 */
export class HubSpotError extends ContactKitError<HubSpotErrorCode> {
  override readonly name: string = 'HubSpotError'
}

/** Tells whether a value is a {@link HubSpotError}, also across duplicate module copies. */
export function isHubSpotError(value: unknown): value is HubSpotError {
  return (
    value instanceof Error &&
    value.name === 'HubSpotError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

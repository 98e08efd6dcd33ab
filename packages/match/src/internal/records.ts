import { MatchError } from '../error.js'

/** @internal A contact as a plain record, or a typed error for anything that is not an object. */
export function toRecord(contact: unknown, index?: number): Record<string, unknown> {
  if (contact === null || typeof contact !== 'object' || Array.isArray(contact)) {
    throw new MatchError(
      'MATCH_INVALID_CONTACT',
      `Expected a contact object${index === undefined ? '' : ` at index ${index}`}, got ${contact === null ? 'null' : Array.isArray(contact) ? 'an array' : typeof contact}.`,
      { details: index === undefined ? {} : { index } },
    )
  }
  return contact as Record<string, unknown>
}

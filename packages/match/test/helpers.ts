import type { Contact } from '@contactkit/core'

/** A canonical contact with empty lists, overridden by `fields`. */
export function contact(fields: Partial<Contact>): Contact {
  return { emails: [], phones: [], addresses: [], websites: [], ...fields }
}

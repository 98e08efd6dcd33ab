import type { Contact } from '@contactkit/core'

/**
 * Whether a contact read from a signature, a card or a vCard is worth a duplicate check: someone can be told apart
 * by it (a name, an address or a number). A company or a job title alone is not a person.
 */
export function isIdentifiable(contact: Contact): boolean {
  return (
    contact.lastName !== undefined ||
    contact.firstName !== undefined ||
    contact.emails.length > 0 ||
    contact.phones.length > 0
  )
}

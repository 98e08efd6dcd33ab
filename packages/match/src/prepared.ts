import type { Contact } from '@contactkit/core'
import { toRecord } from './internal/records.js'
import { type Features, type Model, prepareFeatures } from './model.js'

/** @internal A contact as compare() reads it: the record and its features for the matcher's current model. */
export interface ReadyContact {
  record: Record<string, unknown>
  features: Features
}

let create: (contact: Contact, model: Model, features: Features) => PreparedContact
let read: (value: PreparedContact, model: Model) => ReadyContact | undefined

/**
 * A contact with a matcher's comparison features worked out once: for callers that compare the same records many
 * times, such as a server scoring blocks of its own stored blocking keys, where each record meets several others.
 * Made by {@link Matcher.prepare}; `compare` and `compareMany` take it wherever they take a contact, with the same
 * results. It is a snapshot of the contact: prepare it again after changing the contact. After `train()`, or in
 * another matcher, it is prepared again on use (its features belong to one model).
 *
 * @example
 * ```ts
 * const block = [crmRecord, otherRecord, thirdRecord].map((contact) => matcher.prepare(contact))
 * // Each record against the later ones, every record prepared once instead of once per pair.
 * const results = block.map((record, i) => matcher.compareMany(record, block.slice(i + 1), { minVerdict: 'possible' }))
 * ```
 */
export class PreparedContact {
  /** The contact as it was given to `prepare` (the same object, not a copy). */
  readonly contact: Contact
  readonly #model: Model
  readonly #features: Features

  private constructor(contact: Contact, model: Model, features: Features) {
    this.contact = contact
    this.#model = model
    this.#features = features
  }

  static {
    create = (contact, model, features) => new PreparedContact(contact, model, features)
    read = (value, model) =>
      value.#model === model
        ? { record: value.contact as unknown as Record<string, unknown>, features: value.#features }
        : undefined
  }
}

/** @internal Prepares a contact for a model; throws MATCH_INVALID_CONTACT for anything that is not a contact. */
export function prepareContact(contact: Contact, model: Model): PreparedContact {
  const record = toRecord(contact)
  return create(contact, model, prepareFeatures(model, record))
}

/** @internal The record and features of a contact or prepared contact, for the model in use now. */
export function readyContact(value: Contact | PreparedContact, model: Model): ReadyContact {
  if (value instanceof PreparedContact) {
    const ready = read(value, model)
    if (ready !== undefined) return ready
    value = value.contact
  }
  const record = toRecord(value)
  return { record, features: prepareFeatures(model, record) }
}

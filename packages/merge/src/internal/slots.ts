/**
 * A contact seen as field paths: one slot per non-blank scalar, per keyed entry and per distinct value
 * of a list field (distinct by canonical key; a later duplicate inside one record is folded into the first).
 *
 * @internal
 * @packageDocumentation
 */
import type { Contact } from '@contactkit/core'
import { MergeError } from '../error.js'
import {
  fieldSlot,
  LIST_FIELDS,
  LIST_OFFSET,
  type ListField,
  MAP_FIELDS,
  MAP_OFFSET,
  type MapField,
  MERGE_FIELDS,
  SCALAR_FIELDS,
  type ScalarField,
} from '../fields.js'
import type { FieldKeys, LocalKeys } from './keys.js'

/** @internal */
export interface ContactSlots {
  /** The non-blank text of each single-valued field, by its index in `SCALAR_FIELDS`. */
  scalars: (string | undefined)[]
  /** How many of them are set. */
  scalarCount: number
  lists: Record<ListField, Map<string, unknown>>
  maps: Record<MapField, Map<string, unknown>>
}

const NON_SPACE = /\S/

/** @internal Whitespace-only text counts as no value. */
export function isBlankText(value: unknown): boolean {
  if (typeof value !== 'string') return true
  // Fast path: most values start with a visible character.
  const first = value.charCodeAt(0)
  if (first > 32 && first !== 160) return false
  return !NON_SPACE.test(value)
}

// Shared by every absent or empty field; nothing writes to slots after toSlots built them.
const EMPTY: ReadonlyMap<string, unknown> = new Map()

// The parts of an address a slot reads, by name (a loop over their names would read them through V8's
// megamorphic cache): street, house number, postcode, city, region, country.
type AddressParts = Partial<
  Record<'street' | 'houseNumber' | 'postalCode' | 'city' | 'region' | 'country', unknown>
>

function isBlankAddress(address: AddressParts): boolean {
  return (
    isBlankText(address.street) &&
    isBlankText(address.houseNumber) &&
    isBlankText(address.postalCode) &&
    isBlankText(address.city) &&
    isBlankText(address.region) &&
    isBlankText(address.country)
  )
}

function recordAddress(address: AddressParts, seen: unknown[]): void {
  seen.push(
    address.street,
    address.houseNumber,
    address.postalCode,
    address.city,
    address.region,
    address.country,
  )
}

// Whether the snapshot holds the address's parts from `index` on, in the order recordAddress wrote them.
function sameAddress(address: AddressParts, snapshot: unknown[], index: number): boolean {
  return (
    Object.is(snapshot[index], address.street) &&
    Object.is(snapshot[index + 1], address.houseNumber) &&
    Object.is(snapshot[index + 2], address.postalCode) &&
    Object.is(snapshot[index + 3], address.city) &&
    Object.is(snapshot[index + 4], address.region) &&
    Object.is(snapshot[index + 5], address.country)
  )
}

const ADDRESS_PART_COUNT = 6

function isBlankValue(field: ListField, value: unknown): boolean {
  if (field === 'websites') return isBlankText(value)
  if (typeof value !== 'object' || value === null) return true
  if (field === 'addresses') return isBlankAddress(value as AddressParts)
  return isBlankText((value as { value?: unknown }).value)
}

function invalid(path: string, expected: string): MergeError {
  return new MergeError('MERGE_INVALID_INPUT', `Expected ${expected} at ${path}.`, { details: { path } })
}

// Everything toSlots reads from a contact (each field's key and value, and inside list values what their keys
// come from), in the order the contact's own keys come (buildSlots records it while it reads): when a record comes
// back (the merge after its diff), an equal snapshot proves the slots built last time still hold, even if the
// caller edited it since. Compares in place, without building a second snapshot: the common case is a hit.
// Reads what buildSlots records, in the same order; a key added or removed since shows as a different key or
// length.
function matchesSnapshot(contact: Readonly<Record<string, unknown>>, snapshot: unknown[]): boolean {
  let index = 0
  for (const key in contact) {
    const slot = fieldSlot(key)
    if (slot < 0) continue
    const value = contact[key]
    if (snapshot[index] !== key || !Object.is(snapshot[index + 1], value)) return false
    index += 2
    if (slot < LIST_OFFSET) continue
    if (slot < MAP_OFFSET) {
      if (!Array.isArray(value)) continue
      if (snapshot[index++] !== value.length) return false
      const addresses = key === 'addresses'
      const phones = key === 'phones'
      for (const item of value) {
        if (!Object.is(snapshot[index++], item)) return false
        if (typeof item !== 'object' || item === null) continue
        const entry = item as Record<string, unknown>
        if (addresses) {
          if (!sameAddress(entry, snapshot, index)) return false
          index += ADDRESS_PART_COUNT
        } else {
          if (!Object.is(snapshot[index++], entry.value)) return false
          if (phones && !Object.is(snapshot[index++], entry.extension)) return false
        }
      }
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    for (const name of Object.keys(value)) {
      if (snapshot[index++] !== name) return false
      if (!Object.is(snapshot[index++], (value as Record<string, unknown>)[name])) return false
    }
  }
  return index === snapshot.length
}

interface CachedSlots {
  contact: object
  keys: FieldKeys
  snapshot: unknown[]
  slots: ContactSlots
}

// The slots of the last few records read: diffContacts and then mergeContacts of the same records read each
// record once. A small ring for those rather than a WeakMap keyed by every contact ever read: such entries
// live as long as their contacts (a batch of records, a request's data) and every garbage collection traces
// them as ephemerons, while only the next call or two reuse them. Clusters (more than two records, read again
// when a merge is previewed and then applied) still go to a WeakMap, which holds any number of them.
const RING_SIZE = 8
const ring: (CachedSlots | undefined)[] = new Array(RING_SIZE).fill(undefined)
let ringNext = 0
const lasting = new WeakMap<object, CachedSlots>()

function cachedSlots(contact: object): CachedSlots | undefined {
  for (let index = 0; index < RING_SIZE; index++) {
    const cached = ring[index]
    if (cached !== undefined && cached.contact === contact) return cached
  }
  // A miss costs little: an object that never went into a WeakMap has no hash to look up.
  return lasting.get(contact)
}

/**
 * @internal The slots of a contact; reuses the ones built for the same, unchanged object. `local`: the record
 * is one of more than two in a merge, whose records share the keys worked out (and its slots are kept in the
 * WeakMap rather than the ring).
 */
export function toSlots(contact: Contact, keys: FieldKeys, local?: LocalKeys): ContactSlots {
  if (typeof contact !== 'object' || contact === null) throw invalid('(record)', 'a contact object')
  const fields = ownFields(contact)
  const cached = cachedSlots(contact)
  if (cached !== undefined && cached.keys === keys && matchesSnapshot(fields, cached.snapshot)) {
    return cached.slots
  }
  const snapshot: unknown[] = []
  const entry: CachedSlots = { contact, keys, snapshot, slots: buildSlots(fields, keys, snapshot, local) }
  if (local !== undefined) lasting.set(contact, entry)
  else remember(entry)
  return entry.slots
}

// The contact's fields as own enumerable properties, which is what the for-in loops here read: the contact itself
// when it is a plain object (as records from JSON, a CRM API or a spread are); otherwise, such as a class instance
// with getters, a plain object of the fields read by name.
function ownFields(contact: Contact): Readonly<Record<string, unknown>> {
  const prototype = Object.getPrototypeOf(contact)
  if (prototype === Object.prototype || prototype === null)
    return contact as Readonly<Record<string, unknown>>
  const fields: Record<string, unknown> = {}
  for (const field of MERGE_FIELDS) {
    const value: unknown = contact[field]
    if (value !== undefined) fields[field] = value
  }
  return fields
}

function remember(entry: CachedSlots): void {
  // A record read again (edited since, or with other options) takes its old place.
  for (let index = 0; index < RING_SIZE; index++) {
    if (ring[index]?.contact === entry.contact) {
      ring[index] = entry
      return
    }
  }
  ring[ringNext] = entry
  ringNext = (ringNext + 1) % RING_SIZE
}

/** @internal The index of each single-valued field in `SCALAR_FIELDS` (and in {@link ContactSlots.scalars}). */
export const SCALAR_INDEX: ReadonlyMap<ScalarField, number> = new Map(
  SCALAR_FIELDS.map((field, index) => [field, index]),
)

// Shared by every record's scalars before they are filled in; copied, never written.
const NO_SCALARS: readonly (string | undefined)[] = SCALAR_FIELDS.map(() => undefined)

// Builds the slots and records in `seen` every key and value it reads, in the order matchesSnapshot compares them
// (one pass over the contact rather than a second one for the snapshot).
function buildSlots(
  contact: Readonly<Record<string, unknown>>,
  keys: FieldKeys,
  seen: unknown[],
  local: LocalKeys | undefined,
): ContactSlots {
  // An array by field index rather than a Map: no hashing, and one allocation of a known size.
  const scalars = NO_SCALARS.slice()
  let scalarCount = 0
  const lists: Record<ListField, Map<string, unknown>> = {
    emails: EMPTY as Map<string, unknown>,
    phones: EMPTY as Map<string, unknown>,
    addresses: EMPTY as Map<string, unknown>,
    websites: EMPTY as Map<string, unknown>,
  }
  const maps: Record<MapField, Map<string, unknown>> = {
    social: EMPTY as Map<string, unknown>,
    custom: EMPTY as Map<string, unknown>,
  }
  for (const key in contact) {
    const slot = fieldSlot(key)
    if (slot < 0) continue
    const value = contact[key]
    seen.push(key, value)
    // CRM APIs send `null` for an empty field; it means the same as an absent one.
    if (value === undefined || value === null) continue
    if (slot < LIST_OFFSET) {
      if (typeof value !== 'string') throw invalid(key, 'a string')
      if (!isBlankText(value)) {
        scalars[slot] = value
        scalarCount++
      }
    } else if (slot < MAP_OFFSET) {
      const field = LIST_FIELDS[slot - LIST_OFFSET] as ListField
      if (!Array.isArray(value)) throw invalid(field, 'a list')
      seen.push(value.length)
      if (value.length > 0) lists[field] = listSlots(field, value, keys, seen, local)
    } else {
      const field = MAP_FIELDS[slot - MAP_OFFSET] as MapField
      if (typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'an object')
      maps[field] = mapSlots(field, value as Record<string, unknown>, seen)
    }
  }
  return { scalars, scalarCount, lists, maps }
}

function listSlots(
  field: ListField,
  values: readonly unknown[],
  keys: FieldKeys,
  seen: unknown[],
  local: LocalKeys | undefined,
): Map<string, unknown> {
  const slots = new Map<string, unknown>()
  for (const value of values) {
    seen.push(value)
    if (typeof value === 'object' && value !== null) {
      const item = value as Record<string, unknown>
      if (field === 'addresses') recordAddress(item, seen)
      else {
        seen.push(item.value)
        if (field === 'phones') seen.push(item.extension)
      }
    }
    if (isBlankValue(field, value)) continue
    const key = keys.value(field, value, local)
    if (!slots.has(key)) slots.set(key, value)
  }
  return slots
}

function mapSlots(field: MapField, record: Record<string, unknown>, seen: unknown[]): Map<string, unknown> {
  const slots = new Map<string, unknown>()
  for (const key of Object.keys(record)) {
    const value = record[key]
    seen.push(key, value)
    if (value === undefined || value === null || (field === 'social' && isBlankText(value))) continue
    slots.set(key, value)
  }
  return slots
}

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
  LIST_FIELDS,
  type ListField,
  MAP_FIELDS,
  type MapField,
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

const ADDRESS_PARTS = ['street', 'houseNumber', 'postalCode', 'city', 'region', 'country'] as const

function isBlankValue(field: ListField, value: unknown): boolean {
  if (field === 'websites') return isBlankText(value)
  if (typeof value !== 'object' || value === null) return true
  if (field === 'addresses') {
    const address = value as Record<string, unknown>
    for (const part of ADDRESS_PARTS) if (!isBlankText(address[part])) return false
    return true
  }
  return isBlankText((value as { value?: unknown }).value)
}

function invalid(path: string, expected: string): MergeError {
  return new MergeError('MERGE_INVALID_INPUT', `Expected ${expected} at ${path}.`, { details: { path } })
}

// Everything toSlots reads from a contact, in a fixed order (buildSlots records it while it reads): when a
// record comes back (the merge after its diff), an equal snapshot proves the slots built last time still hold,
// even if the caller edited it since. Compares in place, without building a second snapshot: the common case is
// a hit. Reads what buildSlots records, in the same order.
function matchesSnapshot(contact: Contact, snapshot: unknown[]): boolean {
  let index = 0
  for (const field of SCALAR_FIELDS) if (!Object.is(snapshot[index++], contact[field])) return false
  for (const field of LIST_FIELDS) {
    const values: unknown = contact[field]
    if (!Object.is(snapshot[index++], values)) return false
    if (!Array.isArray(values)) continue
    if (snapshot[index++] !== values.length) return false
    for (const value of values) {
      if (!Object.is(snapshot[index++], value)) return false
      if (typeof value !== 'object' || value === null) continue
      const item = value as Record<string, unknown>
      if (field === 'addresses') {
        for (const part of ADDRESS_PARTS) if (!Object.is(snapshot[index++], item[part])) return false
      } else {
        if (!Object.is(snapshot[index++], item.value)) return false
        if (field === 'phones' && !Object.is(snapshot[index++], item.extension)) return false
      }
    }
  }
  for (const field of MAP_FIELDS) {
    const record: unknown = contact[field]
    if (!Object.is(snapshot[index++], record)) return false
    if (typeof record !== 'object' || record === null) continue
    for (const key of Object.keys(record)) {
      if (snapshot[index++] !== key) return false
      if (!Object.is(snapshot[index++], (record as Record<string, unknown>)[key])) return false
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
  const cached = cachedSlots(contact)
  if (cached !== undefined && cached.keys === keys && matchesSnapshot(contact, cached.snapshot)) {
    return cached.slots
  }
  const snapshot: unknown[] = []
  const entry: CachedSlots = { contact, keys, snapshot, slots: buildSlots(contact, keys, snapshot, local) }
  if (local !== undefined) lasting.set(contact, entry)
  else remember(entry)
  return entry.slots
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

// Builds the slots and records in `seen` every value it reads, in the order matchesSnapshot compares them (one
// pass over the contact rather than a second one for the snapshot).
function buildSlots(
  contact: Contact,
  keys: FieldKeys,
  seen: unknown[],
  local: LocalKeys | undefined,
): ContactSlots {
  // An array by field index rather than a Map: no hashing, and one allocation of a known size.
  const scalars: (string | undefined)[] = []
  let scalarCount = 0
  for (const field of SCALAR_FIELDS) {
    const value: unknown = contact[field]
    seen.push(value)
    // CRM APIs send `null` for an empty field; it means the same as an absent one.
    if (value === undefined || value === null) {
      scalars.push(undefined)
      continue
    }
    if (typeof value !== 'string') throw invalid(field, 'a string')
    if (isBlankText(value)) scalars.push(undefined)
    else {
      scalars.push(value)
      scalarCount++
    }
  }
  const lists = {} as Record<ListField, Map<string, unknown>>
  for (const field of LIST_FIELDS) {
    const values: unknown = contact[field]
    seen.push(values)
    lists[field] = EMPTY as Map<string, unknown>
    if (values === undefined || values === null) continue
    if (!Array.isArray(values)) throw invalid(field, 'a list')
    seen.push(values.length)
    if (values.length === 0) continue
    const slots = new Map<string, unknown>()
    lists[field] = slots
    for (const value of values) {
      seen.push(value)
      if (typeof value === 'object' && value !== null) {
        const item = value as Record<string, unknown>
        if (field === 'addresses') for (const part of ADDRESS_PARTS) seen.push(item[part])
        else {
          seen.push(item.value)
          if (field === 'phones') seen.push(item.extension)
        }
      }
      if (isBlankValue(field, value)) continue
      const key = keys.value(field, value, local)
      if (!slots.has(key)) slots.set(key, value)
    }
  }
  const maps = {} as Record<MapField, Map<string, unknown>>
  for (const field of MAP_FIELDS) {
    const record: unknown = contact[field]
    seen.push(record)
    maps[field] = EMPTY as Map<string, unknown>
    if (record === undefined || record === null) continue
    if (typeof record !== 'object' || Array.isArray(record)) throw invalid(field, 'an object')
    const slots = new Map<string, unknown>()
    maps[field] = slots
    for (const key of Object.keys(record)) {
      const value = (record as Record<string, unknown>)[key]
      seen.push(key, value)
      if (value === undefined || value === null || (field === 'social' && isBlankText(value))) continue
      slots.set(key, value)
    }
  }
  return { scalars, scalarCount, lists, maps }
}

import type { Contact } from '@contactkit/core'
import { keysOf } from './blocking.js'
import { hashKey53 } from './candidate-pairs.js'
import { MatchError } from './error.js'
import { boundedWeight, keyCodes, planOf } from './feature-table.js'
import { toRecord } from './internal/records.js'
import {
  type Comparison,
  countFrequencies,
  emptyFrequencies,
  exactWeight,
  explain,
  type Features,
  log2Ratio,
  type Model,
  type ModelField,
  prepareFeatures,
  type TermFrequencies,
} from './model.js'

/**
 * A comparison of the queried contact with one indexed contact.
 *
 * @example
 * ```ts
 * const [best]: IndexMatch[] = index.query(card)
 * best?.id // 'crm-42'
 * ```
 */
export interface IndexMatch extends Comparison {
  /** Id of the indexed contact. */
  id: string
  /** The indexed contact, as added. */
  contact: Contact
}

/**
 * Options of {@link MatchIndex.query}.
 *
 * @example
 * ```ts
 * const options: QueryOptions = { limit: 5, minProbability: 0.1 }
 * ```
 */
export interface QueryOptions {
  /** Most results returned. Default 10. */
  limit?: number
  /** Leave out candidates below this probability. Default: the matcher's `possible` threshold. */
  minProbability?: number
}

/**
 * An in-memory index for single checks ("is this business card already in the CRM?"): contacts are blocked by
 * {@link Matcher.blockingKeys} once when added, and a query scores only the contacts that share a key.
 *
 * @example
 * ```ts
 * const index = matcher.createIndex()
 * index.add({ id: 'crm-1', firstName: 'Josef', lastName: 'Huber', emails: [], phones: [], addresses: [], websites: [] })
 * index.query({ firstName: 'Sepp', lastName: 'Huber', emails: [], phones: [], addresses: [], websites: [] })
 * ```
 */
export interface MatchIndex {
  /**
   * Adds a contact; it needs a unique `id`.
   *
   * @throws {MatchError} MATCH_DUPLICATE_ID when the id is already indexed; MATCH_INVALID_CONTACT without an id.
   */
  add(contact: Contact): void
  /** Replaces the contact with the same id, or adds it. */
  update(contact: Contact): void
  /** Removes a contact by id; `true` when it was indexed. */
  remove(id: string): boolean
  /** Whether a contact with this id is indexed. */
  has(id: string): boolean
  /**
   * The best candidates for a contact, best first, with their explained comparisons. A contact never matches
   * itself (same id). To stay fast on a large index a query uses its most selective keys first, skips keys shared
   * by more than 256 indexed contacts and scores at most 400 candidates.
   */
  query(contact: Contact, options?: QueryOptions): IndexMatch[]
  /** Number of indexed contacts. */
  readonly size: number
}

// Keys shared by more indexed contacts than this say little; a query skips them to stay fast.
const MAX_POSTINGS_PER_KEY = 256
const MAX_CANDIDATES_PER_QUERY = 400

/** @internal */
export function createLiveIndex(model: Model): MatchIndex {
  const slotOf = new Map<string, number>()
  const ids: (string | undefined)[] = []
  const contacts: (Contact | undefined)[] = []
  const featuresOf: (Features | undefined)[] = []
  // Key codes of every slot (keyCodes), so most candidate fields are told apart without reading the features.
  const plan = planOf(model)
  const stride = 4 * model.fields.length
  let codes = new Int32Array(1024 * stride)
  // Keys are held as 53-bit hashes, and a key of one contact (most email and phone keys) as the bare slot: a
  // million contacts have millions of keys.
  const postings = new Map<number, number | number[]>()
  const free: number[] = []
  const frequencies: TermFrequencies | undefined = model.fields.some((field) => field.termFrequency)
    ? emptyFrequencies(model)
    : undefined
  let stamps = new Uint32Array(1024)
  let stamp = 0

  function idOf(contact: Contact): string {
    const record = toRecord(contact)
    if (typeof record.id !== 'string' || record.id === '') {
      throw new MatchError('MATCH_INVALID_CONTACT', 'An indexed contact needs a non-empty string id.')
    }
    return record.id
  }

  function add(contact: Contact): void {
    const id = idOf(contact)
    if (slotOf.has(id)) {
      throw new MatchError(
        'MATCH_DUPLICATE_ID',
        `A contact with id "${id}" is already indexed; use update().`,
        {
          details: { id },
        },
      )
    }
    const features = prepareFeatures(model, contact as unknown as Record<string, unknown>)
    const slot = free.pop() ?? ids.length
    ids[slot] = id
    contacts[slot] = contact
    featuresOf[slot] = features
    if ((slot + 1) * stride > codes.length) {
      const grown = new Int32Array(Math.max(codes.length * 2, (slot + 1) * stride))
      grown.set(codes)
      codes = grown
    }
    keyCodes(plan, features, codes, slot * stride)
    slotOf.set(id, slot)
    for (const key of keysOf(model, features)) {
      const hash = hashKey53(key)
      const list = postings.get(hash)
      if (list === undefined) postings.set(hash, slot)
      else if (typeof list === 'number') postings.set(hash, [list, slot])
      else list.push(slot)
    }
    if (frequencies) countFrequencies(model, frequencies, features, 1)
  }

  function remove(id: string): boolean {
    const slot = slotOf.get(id)
    if (slot === undefined) return false
    const features = featuresOf[slot] as Features
    for (const key of keysOf(model, features)) {
      const hash = hashKey53(key)
      const list = postings.get(hash)
      if (list === undefined) continue
      if (typeof list === 'number') {
        if (list === slot) postings.delete(hash)
        continue
      }
      const at = list.indexOf(slot)
      if (at >= 0) {
        list[at] = list[list.length - 1] as number
        list.pop()
      }
      if (list.length === 0) postings.delete(hash)
    }
    if (frequencies) countFrequencies(model, frequencies, features, -1)
    slotOf.delete(id)
    ids[slot] = undefined
    contacts[slot] = undefined
    featuresOf[slot] = undefined
    free.push(slot)
    return true
  }

  function query(contact: Contact, options: QueryOptions = {}): IndexMatch[] {
    const record = toRecord(contact)
    const limit = options.limit ?? 10
    const minWeight = log2Ratio(
      options.minProbability ?? model.possible,
      1 - (options.minProbability ?? model.possible),
    )
    const features = prepareFeatures(model, record)
    const self = typeof record.id === 'string' ? slotOf.get(record.id) : undefined
    if (stamps.length < ids.length) stamps = new Uint32Array(ids.length * 2)
    stamp = stamp === 0xffffffff ? 1 : stamp + 1
    if (stamp === 1) stamps.fill(0)
    const scored: { slot: number; weight: number }[] = []
    // The exact-level weight of each of the query's values is the same for every candidate: computed once.
    const codesA = new Int32Array(stride)
    keyCodes(plan, features, codesA, 0)
    const exactA = new Float64Array(model.fields.length)
    for (let f = 0; f < model.fields.length; f++) {
      if (features[f] !== undefined) {
        exactA[f] = exactWeight(model.fields[f] as ModelField, f, features[f], frequencies)
      }
    }
    const contribution = new Float64Array(model.fields.length)
    // Most selective keys first (an email or phone key holds a handful of contacts, a name key many), and a
    // bound on the candidates scored, so one query stays in the millisecond range on a large index.
    const lists: (number | number[])[] = []
    for (const key of keysOf(model, features)) {
      const list = postings.get(hashKey53(key))
      if (list !== undefined && (typeof list === 'number' || list.length <= MAX_POSTINGS_PER_KEY)) {
        lists.push(list)
      }
    }
    lists.sort((a, b) => (typeof a === 'number' ? 1 : a.length) - (typeof b === 'number' ? 1 : b.length))
    let budget = MAX_CANDIDATES_PER_QUERY
    const single = [0]
    for (const entry of lists) {
      if (budget <= 0) break
      let list: number[]
      if (typeof entry === 'number') {
        single[0] = entry
        list = single
      } else {
        list = entry
      }
      for (const slot of list) {
        if (stamps[slot] === stamp || slot === self) continue
        stamps[slot] = stamp
        budget--
        const weight = boundedWeight(
          plan,
          features,
          exactA,
          codesA,
          featuresOf[slot] as Features,
          codes,
          slot * stride,
          minWeight,
          contribution,
        )
        if (weight >= minWeight) scored.push({ slot, weight })
      }
    }
    scored.sort((a, b) => b.weight - a.weight)
    return scored.slice(0, Math.max(0, limit)).map(({ slot }) => {
      const other = contacts[slot] as Contact
      const comparison = explain(
        model,
        record,
        other as unknown as Record<string, unknown>,
        features,
        featuresOf[slot] as Features,
        frequencies,
      )
      return { ...comparison, id: ids[slot] as string, contact: other }
    })
  }

  return {
    add,
    update(contact) {
      remove(idOf(contact))
      add(contact)
    },
    remove,
    has: (id) => slotOf.has(id),
    query,
    get size() {
      return slotOf.size
    },
  }
}

// Compact prepared features for bulk runs and the bounded scoring kernel shared by bulk runs and the index.
//
// A bulk run keeps one column of value ids per field (an Int32Array, -1 when the value is missing) and one table
// of distinct prepared features per field, instead of one features array per record: names, companies, cities
// and postal codes repeat across a contact base, so a million records hold far fewer distinct values. Equal ids
// mean equal values, so most field comparisons of a pair are an integer comparison, and the weight of a value
// against itself (with its term-frequency adjustment) is computed once per value, not once per pair.
//
// Scoring stops early: bulk runs only keep pairs at or above the `possible` weight, so once the weight so far
// plus the most the remaining fields could add stays below it, the costly comparisons (Jaro-Winkler, token
// sets) are skipped. Cheap comparators run first. Each value also carries 32-bit hashes of an exact key and two
// near keys (`fieldCodes`), so a field whose keys prove "different" (another email address, another phone line)
// is decided from the record rows without reading the feature objects. A kept pair's weight is summed in field
// order, exactly as `scoreWeight` does, so results do not change.
import { hashKey } from './candidate-pairs.js'
import type { Comparator } from './comparator.js'
import {
  exactWeight,
  type Features,
  type Model,
  type ModelField,
  rawKey,
  type TermFrequencies,
} from './model.js'

/** @internal Prepared features of many records: per field a column of value ids and the distinct values. */
export interface FeatureTable {
  n: number
  /** Per field: value id per record (-1: missing). Read on the calling thread only (workers read `tableRows`). */
  ids: Int32Array[]
  /** Per field: the distinct prepared features, indexed by id. */
  values: unknown[][]
}

/**
 * @internal Per field and value id: the weight of the exact level, of the value compared with itself, and its key
 * codes (four numbers per value, as `keyCodes` writes them for one field).
 */
export interface ValueWeights {
  exact: Float64Array[]
  self: Float64Array[]
  codes: Int32Array[]
}

// For the built-in comparators: a key that two features share whenever compare() gives the exact level (level 0
// implies equal keys, not the reverse). `null`: this value never reaches the exact level; `undefined`: unknown
// (several values, where any two may agree). It lets the kernel bound a field's weight by its best non-exact
// level once the keys differ.
type ExactKey = (feature: never) => string | null | undefined
const single = <T>(list: readonly T[], key: (item: T) => string | null): string | null | undefined =>
  list.length === 1 ? key(list[0] as T) : undefined
const EXACT_KEYS: Record<string, ExactKey> = {
  exact: (feature: string) => feature,
  jaroWinkler: (feature: string) => feature,
  levenshtein: (feature: string) => feature,
  tokenSet: (feature: string[]) => feature.join(' '),
  date: (feature: number[]) => feature.join('-'),
  givenName: (feature: { text: string }) => feature.text,
  surname: (feature: { text: string }) => feature.text,
  generation: (feature: string) => feature,
  company: (feature: { compact: string }) => feature.compact,
  email: (feature: { key: string }[]) => single(feature, (email) => email.key),
  phone: (feature: { digits: string; extension: string }[]) =>
    single(feature, (phone) => `${phone.digits}#${phone.extension}`),
  street: (feature: { street: string; houseNumber: string }[]) =>
    single(feature, (address) =>
      address.houseNumber === '' ? null : `${address.street}\u0000${address.houseNumber}`,
    ),
  postalCode: (feature: string[]) => single(feature, (code) => code),
  city: (feature: string[]) => single(feature, (city) => city),
}

// For some built-in comparators: two keys of a value such that two values whose exact keys differ and that share
// neither of these keys always compare to the last level (`different`). So most pairs of different people are
// decided from integer arrays without touching the feature objects. `null` for a key means "none", `undefined`
// for the whole entry means unknown (several values): then the comparator runs.
type NearKeys = (feature: never) => [string | null, string | null] | undefined
const NEAR_KEYS: Record<string, NearKeys> = {
  // sameLocal needs the same usable local part, sameDomain the same company (not free-mail) domain.
  email: (feature: { local: string; domain: string; freeMail: boolean }[]) =>
    feature.length === 1
      ? [
          (feature[0] as { local: string }).local,
          (feature[0] as { freeMail: boolean }).freeMail ? null : (feature[0] as { domain: string }).domain,
        ]
      : undefined,
  // sameNumber needs the same digits, sameLastDigits the same last seven digits.
  phone: (feature: { digits: string; lastDigits: string }[]) =>
    feature.length === 1
      ? [
          (feature[0] as { digits: string }).digits,
          (feature[0] as { lastDigits: string }).lastDigits.length === 7
            ? (feature[0] as { lastDigits: string }).lastDigits
            : null,
        ]
      : undefined,
  // similarStreet needs the same house number, sameStreet the same street key.
  street: (feature: { street: string; houseNumber: string }[]) =>
    feature.length === 1
      ? [
          (feature[0] as { street: string }).street,
          (feature[0] as { houseNumber: string }).houseNumber || null,
        ]
      : undefined,
  // sameRegion needs the same first three characters.
  postalCode: (feature: string[]) =>
    feature.length === 1
      ? [(feature[0] as string).length >= 3 ? (feature[0] as string).slice(0, 3) : null, null]
      : undefined,
}

// Relative cost of a comparator's compare(); cheaper fields are compared first so a hopeless pair is dropped
// before the costly ones run. Unknown (custom) comparators count as costly.
const COST: Record<string, number> = {
  exact: 0,
  date: 0,
  generation: 0,
  postalCode: 1,
  phone: 1,
  email: 1,
  city: 2,
  levenshtein: 3,
  jaroWinkler: 3,
  givenName: 3,
  surname: 3,
  street: 3,
  tokenSet: 4,
  company: 4,
}

/** @internal What the kernel needs of a model: field order by cost and the best non-exact weight per field. */
export interface ScoringPlan {
  priorWeight: number
  fields: ModelField[]
  comparators: Comparator[]
  weights: Float64Array[]
  /** Per field: the highest weight of any level but the exact one (the exact level's weight depends on the value). */
  maxOther: Float64Array
  /** Field indices, cheapest comparator first. */
  order: Int32Array
}

const plans = new WeakMap<Model, ScoringPlan>()

/** @internal The scoring plan of a model (cached per model). */
export function planOf(model: Model): ScoringPlan {
  let plan = plans.get(model)
  if (plan) return plan
  const fields = model.fields
  const order = fields
    .map((field, i) => ({ i, cost: COST[field.comparator.kind] ?? 5 }))
    .sort((a, b) => a.cost - b.cost || a.i - b.i)
    .map((entry) => entry.i)
  plan = {
    priorWeight: model.priorWeight,
    fields,
    comparators: fields.map((field) => field.comparator as Comparator),
    weights: fields.map((field) => Float64Array.from(field.weights)),
    maxOther: Float64Array.from(fields, (field) => Math.max(...field.weights.slice(1))),
    order: Int32Array.from(order),
  }
  plans.set(model, plan)
  return plan
}

/** @internal Adds records one at a time to a feature table (see {@link tableBuilder}). */
export interface TableBuilder {
  /** Records added so far. */
  readonly size: number
  /** Prepares the features of the next record. */
  add(record: Record<string, unknown>): void
  /** The table of the records added; the builder must not be used afterwards. */
  finish(): FeatureTable
}

/**
 * @internal Builds a table record by record, so a caller streaming records from a database never holds them all:
 * only the value-id columns and the distinct prepared values stay. Values with the same raw text share one id and
 * one prepared feature (as `prepareFeatures` shares them through its cache). `capacity` is the expected number of
 * records (exact for an array: then the columns are never copied); the columns grow when more arrive.
 */
export function tableBuilder(model: Model, capacity = 1024): TableBuilder {
  const fields = model.fields
  const fieldCount = fields.length
  let room = Math.max(1, capacity)
  let ids = fields.map(() => new Int32Array(room))
  const values: unknown[][] = fields.map(() => [])
  const interned = fields.map(() => new Map<string, number>())
  let n = 0
  return {
    get size() {
      return n
    },
    add(record) {
      if (n === room) {
        // Plain doubling; the columns are 4 bytes per record and field, so the copy is cheap next to features.
        room *= 2
        ids = ids.map((column) => {
          const grown = new Int32Array(room)
          grown.set(column)
          return grown
        })
      }
      const r = n++
      for (let f = 0; f < fieldCount; f++) {
        const field = fields[f] as ModelField
        const column = ids[f] as Int32Array
        const raw = field.getter(record)
        if (raw === undefined || raw === null || raw === '') {
          column[r] = -1
          continue
        }
        const key = rawKey(raw)
        const known = key === undefined ? undefined : (interned[f] as Map<string, number>).get(key)
        if (known !== undefined) {
          column[r] = known
          continue
        }
        const feature = field.comparator.prepare(raw)
        let id = -1
        if (feature !== undefined) {
          const list = values[f] as unknown[]
          id = list.length
          list.push(feature)
        }
        if (key !== undefined) (interned[f] as Map<string, number>).set(key, id)
        column[r] = id
      }
    },
    finish() {
      for (const map of interned) map.clear()
      const columns = room === n ? ids : ids.map((column) => column.subarray(0, n))
      ids = []
      return { n, ids: columns, values }
    },
  }
}

/** @internal Prepares the features of all records into a table (see {@link tableBuilder}). */
export function buildTable(
  model: Model,
  records: readonly Record<string, unknown>[],
  onProgress?: (done: number) => void,
): FeatureTable {
  const builder = tableBuilder(model, records.length)
  for (let r = 0; r < records.length; r++) {
    builder.add(records[r] as Record<string, unknown>)
    if (onProgress && r % 100_000 === 99_999) onProgress(r + 1)
  }
  return builder.finish()
}

/** @internal The features of record `r` of a table, written into `into` (reused to avoid allocation). */
export function featuresAt(table: FeatureTable, r: number, into: Features): Features {
  for (let f = 0; f < table.ids.length; f++) {
    const id = (table.ids[f] as Int32Array)[r] as number
    into[f] = id < 0 ? undefined : (table.values[f] as unknown[])[id]
  }
  return into
}

/** @internal Term frequencies of a table's records, the same counts `countFrequencies` makes record by record. */
export function tableFrequencies(model: Model, table: FeatureTable): TermFrequencies {
  const counts: (Map<string, number> | undefined)[] = []
  const totals: number[] = []
  for (let f = 0; f < model.fields.length; f++) {
    const field = model.fields[f] as ModelField
    totals.push(0)
    if (!field.termFrequency) {
      counts.push(undefined)
      continue
    }
    const column = table.ids[f] as Int32Array
    const values = table.values[f] as unknown[]
    const perValue = new Int32Array(values.length)
    for (let r = 0; r < table.n; r++) {
      const id = column[r] as number
      if (id >= 0) perValue[id] = (perValue[id] as number) + 1
    }
    const map = new Map<string, number>()
    let total = 0
    for (let id = 0; id < values.length; id++) {
      const count = perValue[id] as number
      if (count === 0) continue
      const key = field.comparator.frequencyKey?.(values[id])
      if (key === undefined) continue
      map.set(key, (map.get(key) ?? 0) + count)
      total += count
    }
    counts.push(map)
    totals[f] = total
  }
  return { counts, totals }
}

/** @internal Exact-level and self weights of every distinct value of a table. */
export function valueWeights(
  model: Model,
  table: FeatureTable,
  frequencies: TermFrequencies | undefined,
): ValueWeights {
  const exact: Float64Array[] = []
  const self: Float64Array[] = []
  const codes: Int32Array[] = []
  for (let f = 0; f < model.fields.length; f++) {
    const field = model.fields[f] as ModelField
    const values = table.values[f] as unknown[]
    const exactOf = new Float64Array(values.length)
    const selfOf = new Float64Array(values.length)
    const codesOf = new Int32Array(values.length * 4)
    for (let id = 0; id < values.length; id++) {
      const value = values[id]
      exactOf[id] = exactWeight(field, f, value, frequencies)
      const level = field.comparator.compare(value, value)
      selfOf[id] = level === 0 ? (exactOf[id] as number) : (field.weights[level] as number)
      fieldCodes(field, value, codesOf, 4 * id)
    }
    exact.push(exactOf)
    self.push(selfOf)
    codes.push(codesOf)
  }
  return { exact, self, codes }
}

/**
 * @internal Per record and field, five numbers side by side: the value id (-1 missing) and the value's key codes.
 * A pair reads the row of each record, a cache line or three, instead of a dozen scattered arrays; in shared
 * memory, so worker threads read it in place.
 */
export function tableRows(table: FeatureTable, weights: ValueWeights): Int32Array {
  const fieldCount = table.ids.length
  const stride = 5 * fieldCount
  const rows = new Int32Array(new SharedArrayBuffer(Math.max(1, table.n * stride) * 4), 0, table.n * stride)
  for (let f = 0; f < fieldCount; f++) {
    const column = table.ids[f] as Int32Array
    const codes = weights.codes[f] as Int32Array
    for (let r = 0; r < table.n; r++) {
      const id = column[r] as number
      const at = r * stride + 5 * f
      rows[at] = id
      if (id < 0) continue
      rows[at + 1] = codes[4 * id] as number
      rows[at + 2] = codes[4 * id + 1] as number
      rows[at + 3] = codes[4 * id + 2] as number
      rows[at + 4] = codes[4 * id + 3] as number
    }
  }
  return rows
}

/** @internal Everything needed to score pairs of records of one table, plus scratch space. */
export interface TableScorer {
  plan: ScoringPlan
  rows: Int32Array
  stride: number
  values: unknown[][]
  /** Loads a value missing from `values` (a worker's values arrive packed, see `packValues`). */
  load: ((field: number, id: number) => unknown) | undefined
  exact: Float64Array[]
  self: Float64Array[]
  /** Per field: index of the last level (`different`). */
  lastLevel: Int32Array
  contribution: Float64Array
  pending: Uint8Array
}

/** @internal */
export function tableScorer(
  plan: ScoringPlan,
  rows: Int32Array,
  values: unknown[][],
  weights: Pick<ValueWeights, 'exact' | 'self'>,
  load?: (field: number, id: number) => unknown,
): TableScorer {
  const fieldCount = plan.fields.length
  return {
    plan,
    rows,
    stride: 5 * fieldCount,
    values,
    load,
    exact: weights.exact,
    self: weights.self,
    lastLevel: Int32Array.from(plan.weights, (levels) => levels.length - 1),
    contribution: new Float64Array(fieldCount),
    pending: new Uint8Array(fieldCount),
  }
}

/** @internal Distinct values of one field as UTF-8 JSON in shared memory: value `id` is bytes[offsets[id], offsets[id + 1]). */
export interface PackedValues {
  offsets: Int32Array
  bytes: Uint8Array
}

/**
 * @internal Packs the values of the records from `first` on (the others stay empty) as JSON in shared memory, for
 * a worker: it reads them in place and parses only the values a comparison needs (most pairs are decided from the
 * rows), instead of holding a structured clone of every feature object. Built-in features are plain JSON data.
 */
export function packValues(table: FeatureTable, first: number): PackedValues[] {
  return table.values.map((values, f) => {
    const column = table.ids[f] as Int32Array
    // Which values the records from `first` on use; then each is written as it is stringified, so only one JSON
    // text lives on the heap at a time (not one per value beside the feature objects).
    const used = new Uint8Array(values.length)
    for (let r = Math.max(0, first); r < table.n; r++) {
      const id = column[r] as number
      if (id >= 0) used[id] = 1
    }
    const offsets = new Int32Array(new SharedArrayBuffer((values.length + 1) * 4))
    let scratch = Buffer.allocUnsafe(1 << 16)
    let total = 0
    for (let id = 0; id < values.length; id++) {
      offsets[id] = total
      if (used[id] === 0) continue
      const text = JSON.stringify(values[id])
      // UTF-8 takes at most three bytes per UTF-16 unit.
      if (total + text.length * 3 > scratch.length) {
        const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, total + text.length * 3))
        scratch.copy(grown, 0, 0, total)
        scratch = grown
      }
      total += scratch.write(text, total, 'utf8')
    }
    offsets[values.length] = total
    const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)))
    bytes.set(scratch.subarray(0, total))
    return { offsets, bytes }
  })
}

/** @internal Reads value `id` of a packed field (see `packValues`). */
export function unpackValue(packed: PackedValues, id: number): unknown {
  const start = packed.offsets[id] as number
  const end = packed.offsets[id + 1] as number
  return JSON.parse(
    Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset + start, end - start).toString('utf8'),
  )
}

/**
 * @internal Reads values of packed fields for a scorer's `load`: each is parsed when a comparison needs it and kept
 * in a small direct-mapped cache per field (slot = id mod `size`, a power of two), so a worker never holds a parsed
 * copy of every value beside the packed bytes. Pairs come sorted by their first record, whose values stay cached
 * while its pairs are scored.
 */
export function packedLoader(
  packed: readonly PackedValues[],
  size = 1 << 14,
): (field: number, id: number) => unknown {
  const mask = size - 1
  const cacheIds = packed.map(() => new Int32Array(size).fill(-1))
  const cacheValues: unknown[][] = packed.map(() => new Array(size))
  return (field, id) => {
    const slot = id & mask
    const ids = cacheIds[field] as Int32Array
    const cached = cacheValues[field] as unknown[]
    if (ids[slot] === id) return cached[slot]
    const value = unpackValue(packed[field] as PackedValues, id)
    ids[slot] = id
    cached[slot] = value
    return value
  }
}

// Sums in another order than the final one may differ in the last bits; the early exit keeps this margin.
const MARGIN = 1e-7

/**
 * @internal The weight of records i and j (i first, as in `scoreWeight(model, features[i], features[j])`), or
 * `-Infinity` once it is certain to stay below `minWeight`. Pass `-Infinity` as `minWeight` for the full weight.
 */
export function pairWeight(scorer: TableScorer, i: number, j: number, minWeight: number): number {
  const { plan, rows, exact, self, contribution, pending } = scorer
  const fieldCount = exact.length
  const rowA = i * scorer.stride
  const rowB = j * scorer.stride
  let known = plan.priorWeight
  let open = 0
  for (let f = 0; f < fieldCount; f++) {
    const atA = rowA + 5 * f
    const atB = rowB + 5 * f
    const a = rows[atA] as number
    const b = rows[atB] as number
    pending[f] = 0
    if (a < 0 || b < 0) {
      contribution[f] = 0
    } else if (a === b) {
      const weight = (self[f] as Float64Array)[a] as number
      contribution[f] = weight
      known += weight
    } else {
      pending[f] = 1
      const best = noExact(rows, atA + 1, rows, atB + 1)
        ? (plan.maxOther[f] as number)
        : Math.max((exact[f] as Float64Array)[a] as number, plan.maxOther[f] as number)
      contribution[f] = best
      open += best
    }
  }
  if (known + open < minWeight - MARGIN) return Number.NEGATIVE_INFINITY
  const order = plan.order
  for (let k = 0; k < fieldCount; k++) {
    const f = order[k] as number
    if (pending[f] === 0) continue
    const atA = rowA + 5 * f
    const atB = rowB + 5 * f
    const a = rows[atA] as number
    let level: number
    if (isFar(rows, atA + 1, rows, atB + 1)) {
      level = scorer.lastLevel[f] as number
    } else {
      const values = scorer.values[f] as unknown[]
      const b = rows[atB] as number
      let valueA = values[a]
      let valueB = values[b]
      if (scorer.load) {
        valueA ??= scorer.load(f, a)
        valueB ??= scorer.load(f, b)
      }
      level = (plan.comparators[f] as Comparator).compare(valueA, valueB)
    }
    const weight =
      level === 0
        ? ((exact[f] as Float64Array)[a] as number)
        : ((plan.weights[f] as Float64Array)[level] as number)
    open -= contribution[f] as number
    contribution[f] = weight
    known += weight
    if (known + open < minWeight - MARGIN) return Number.NEGATIVE_INFINITY
  }
  let weight = plan.priorWeight
  for (let f = 0; f < fieldCount; f++) weight += contribution[f] as number
  return weight
}

// Flags of a field in a record's key codes (see keyCodes).
const PRESENT = 1
const EXACT_KNOWN = 2
const NEVER_EXACT = 4
const NEAR_KNOWN = 8
const NEAR0 = 16
const NEAR1 = 32

/**
 * @internal Key codes of one present value: the 32-bit hashes of its exact key and two near keys, and flags
 * saying which are known (four numbers at `at`). Equal hashes may be a collision, so they only ever lead to a full
 * comparison; different hashes prove different keys.
 */
export function fieldCodes(field: ModelField, feature: unknown, into: Int32Array, at: number): void {
  into[at] = 0
  into[at + 1] = 0
  into[at + 2] = 0
  let flags = PRESENT
  // Only built-in comparators (named in the config) have known keys.
  const exactKey = field.portable ? EXACT_KEYS[field.comparator.kind] : undefined
  if (exactKey) {
    const key = (exactKey as (feature: unknown) => string | null | undefined)(feature)
    if (key === null) flags |= NEVER_EXACT
    else if (key !== undefined) {
      flags |= EXACT_KNOWN
      into[at] = hashKey(key) | 0
    }
  }
  const nearKeys = field.portable ? NEAR_KEYS[field.comparator.kind] : undefined
  const near = nearKeys
    ? (nearKeys as (feature: unknown) => [string | null, string | null] | undefined)(feature)
    : undefined
  if (near) {
    flags |= NEAR_KNOWN
    if (near[0] !== null) {
      flags |= NEAR0
      into[at + 1] = hashKey(near[0]) | 0
    }
    if (near[1] !== null) {
      flags |= NEAR1
      into[at + 2] = hashKey(near[1]) | 0
    }
  }
  into[at + 3] = flags
}

/** @internal Key codes of every field of one record (four numbers per field, zeros for a missing value). */
export function keyCodes(plan: ScoringPlan, features: Features, into: Int32Array, offset: number): void {
  for (let f = 0; f < plan.fields.length; f++) {
    const at = offset + 4 * f
    const feature = features[f]
    if (feature === undefined) {
      into[at] = 0
      into[at + 1] = 0
      into[at + 2] = 0
      into[at + 3] = 0
    } else {
      fieldCodes(plan.fields[f] as ModelField, feature, into, at)
    }
  }
}

// Key codes (at atA and atB) prove that two values cannot reach the exact level.
function noExact(codesA: Int32Array, atA: number, codesB: Int32Array, atB: number): boolean {
  const flagsA = codesA[atA + 3] as number
  const flagsB = codesB[atB + 3] as number
  return (
    ((flagsA | flagsB) & NEVER_EXACT) !== 0 ||
    ((flagsA & flagsB & EXACT_KNOWN) !== 0 && codesA[atA] !== codesB[atB])
  )
}

// Key codes prove that two values compare as `different`: no exact level possible and no shared near key.
function isFar(codesA: Int32Array, atA: number, codesB: Int32Array, atB: number): boolean {
  const both = (codesA[atA + 3] as number) & (codesB[atB + 3] as number)
  return (
    (both & NEAR_KNOWN) !== 0 &&
    noExact(codesA, atA, codesB, atB) &&
    !((both & NEAR0) !== 0 && codesA[atA + 1] === codesB[atB + 1]) &&
    !((both & NEAR1) !== 0 && codesA[atA + 2] === codesB[atB + 2])
  )
}

/**
 * @internal The weight of two prepared records, or `-Infinity` once it is certain to stay below `minWeight`:
 * the index's kernel. `exactA` holds the exact-level weight of each of a's values (term-frequency adjusted), so
 * a query computes it once for all its candidates; `codesA` and `codesB` (at `offsetB`) are their key codes.
 * Equal to `scoreWeight(model, a, b, frequencies)` otherwise.
 */
export function boundedWeight(
  plan: ScoringPlan,
  a: Features,
  exactA: Float64Array,
  codesA: Int32Array,
  b: Features,
  codesB: Int32Array,
  offsetB: number,
  minWeight: number,
  contribution: Float64Array,
): number {
  const fieldCount = plan.fields.length
  let open = 0
  for (let f = 0; f < fieldCount; f++) {
    if (a[f] === undefined || b[f] === undefined) {
      contribution[f] = Number.NaN
      continue
    }
    const best = noExact(codesA, 4 * f, codesB, offsetB + 4 * f)
      ? (plan.maxOther[f] as number)
      : Math.max(exactA[f] as number, plan.maxOther[f] as number)
    contribution[f] = best
    open += best
  }
  let known = plan.priorWeight
  if (known + open < minWeight - MARGIN) return Number.NEGATIVE_INFINITY
  const order = plan.order
  for (let k = 0; k < fieldCount; k++) {
    const f = order[k] as number
    const bound = contribution[f] as number
    if (Number.isNaN(bound)) continue
    let level: number
    if (isFar(codesA, 4 * f, codesB, offsetB + 4 * f)) {
      // Different exact keys and no shared near key: certain to be `different`.
      level = (plan.weights[f] as Float64Array).length - 1
    } else {
      level = (plan.comparators[f] as Comparator).compare(a[f], b[f])
    }
    const weight = level === 0 ? (exactA[f] as number) : ((plan.weights[f] as Float64Array)[level] as number)
    open -= bound
    contribution[f] = weight
    known += weight
    if (known + open < minWeight - MARGIN) return Number.NEGATIVE_INFINITY
  }
  let weight = plan.priorWeight
  for (let f = 0; f < fieldCount; f++) {
    const part = contribution[f] as number
    if (!Number.isNaN(part)) weight += part
  }
  return weight
}

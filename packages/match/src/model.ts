import type { Comparator } from './comparator.js'
import {
  checkProbabilities,
  DEFAULT_FIELDS,
  type FieldConfig,
  type FieldGetter,
  fieldGetter,
  type MatcherConfig,
  MatcherConfigSchema,
  resolveComparator,
} from './config.js'
import { MatchError } from './error.js'

/**
 * One field's part of a comparison: its agreement level, its match weight (log2 of m/u, plus any term-frequency
 * adjustment) and a readable reason. The first entry of {@link Comparison.fields} is the prior (`field: 'prior'`).
 *
 * @example
 * ```ts
 * const part: FieldComparison = { field: 'lastName', level: 'exact', weight: 8.76, reason: 'last name: same surname ("Müller" / "Mueller")' }
 * ```
 */
export interface FieldComparison {
  /** The field name, or `prior` for the starting weight. */
  field: string
  /** The level name (`exact`, `nickname` ...), `missing` when a side has no value, `prior` for the prior. */
  level: string
  /** Match weight in bits; the weights of all entries add up to {@link Comparison.weight}. */
  weight: number
  /** Why, for people. */
  reason: string
}

/**
 * A verdict by the matcher's thresholds.
 *
 * @example
 * ```ts
 * const verdict: Verdict = 'possible'
 * ```
 */
export type Verdict = 'duplicate' | 'possible' | 'distinct'

/**
 * The explained comparison of two contacts (Fellegi-Sunter), a waterfall whose field weights add up to `weight`.
 *
 * @example
 * ```ts
 * const comparison: Comparison = matcher.compare(a, b)
 * comparison.fields.reduce((sum, part) => sum + part.weight, 0) // ≈ comparison.weight
 * ```
 */
export interface Comparison {
  /** Probability that both records are the same entity: `1 / (1 + 2^-weight)`. */
  probability: number
  /** Total match weight in bits (prior plus every field). */
  weight: number
  /** `duplicate`, `possible` or `distinct` by the thresholds. */
  verdict: Verdict
  /** The waterfall: the prior first, then one entry per field. */
  fields: FieldComparison[]
}

/** @internal A compiled field. */
export interface ModelField {
  name: string
  getter: FieldGetter
  comparator: Comparator
  m: number[]
  u: number[]
  weights: number[]
  termFrequency: boolean
  blocking: boolean
  /** Field config is plain data (named comparator), so a worker thread can rebuild it. */
  portable: boolean
  /** Prepared features of repeated raw values. */
  cache: Map<string, unknown>
}

/** @internal A compiled matcher model. */
export interface Model {
  fields: ModelField[]
  prior: number
  priorWeight: number
  duplicate: number
  possible: number
  maxBlockSize: number
  workers: number | undefined
  portable: boolean
}

/** @internal Prepared features of one record, aligned with `Model.fields`. */
export type Features = unknown[]

/** @internal Value counts per field, for term-frequency adjustment. */
export interface TermFrequencies {
  counts: (Map<string, number> | undefined)[]
  totals: number[]
}

const LABELS: Record<string, string> = {
  firstName: 'first name',
  middleName: 'middle name',
  lastName: 'last name',
  suffix: 'name suffix',
  jobTitle: 'job title',
  postalCode: 'postal code',
}

/** @internal */
export function log2Ratio(m: number, u: number): number {
  return Math.log2(m / u)
}

/** @internal Probability from a match weight. */
export function probabilityOf(weight: number): number {
  return 1 / (1 + 2 ** -weight)
}

function compileField(config: FieldConfig): ModelField {
  const getter = fieldGetter(config.field)
  const comparator = resolveComparator(config)
  const levels = comparator.levels.length
  checkProbabilities(config.m, levels, 'm', config.field)
  checkProbabilities(config.u, levels, 'u', config.field)
  const m = config.m ? [...config.m] : comparator.levels.map((level) => level.m)
  const u = config.u ? [...config.u] : comparator.levels.map((level) => level.u)
  for (const [i, level] of comparator.levels.entries()) {
    if (!(m[i]! > 0 && m[i]! <= 1 && u[i]! > 0 && u[i]! <= 1) || typeof level.name !== 'string') {
      throw new MatchError(
        'MATCH_INVALID_CONFIG',
        `Field "${config.field}": level ${i} needs a name and m, u in (0, 1].`,
        { details: { field: config.field, level: i } },
      )
    }
  }
  return {
    name: config.field,
    getter,
    comparator,
    m,
    u,
    weights: m.map((mi, i) => log2Ratio(mi, u[i] as number)),
    termFrequency: config.termFrequency === true && typeof comparator.frequencyKey === 'function',
    blocking: config.blocking === true,
    portable: config.comparator === undefined || typeof config.comparator === 'string',
    cache: new Map(),
  }
}

/** @internal Validates a config and compiles it. */
export function compileModel(config: MatcherConfig = {}): Model {
  const parsed = MatcherConfigSchema.safeParse(config)
  if (!parsed.success) {
    throw new MatchError(
      'MATCH_INVALID_CONFIG',
      `Invalid matcher config: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
      {
        cause: parsed.error,
      },
    )
  }
  const fieldConfigs = [...(config.fields ?? DEFAULT_FIELDS), ...(config.customFields ?? [])]
  if (fieldConfigs.length === 0) {
    throw new MatchError('MATCH_INVALID_CONFIG', 'A matcher needs at least one field.')
  }
  const names = new Set<string>()
  for (const field of fieldConfigs) {
    if (names.has(field.field)) {
      throw new MatchError('MATCH_INVALID_CONFIG', `Field "${field.field}" is configured twice.`, {
        details: { field: field.field },
      })
    }
    names.add(field.field)
  }
  const duplicate = config.thresholds?.duplicate ?? 0.95
  const possible = config.thresholds?.possible ?? 0.5
  if (!(possible > 0 && duplicate < 1 && possible <= duplicate)) {
    throw new MatchError(
      'MATCH_THRESHOLDS_ORDER',
      `Thresholds must satisfy 0 < possible (${possible}) ≤ duplicate (${duplicate}) < 1.`,
      { details: { duplicate, possible } },
    )
  }
  const fields = fieldConfigs.map(compileField)
  const prior = config.prior ?? 1e-5
  return {
    fields,
    prior,
    priorWeight: log2Ratio(prior, 1 - prior),
    duplicate,
    possible,
    maxBlockSize: config.maxBlockSize ?? 2000,
    workers: config.workers,
    portable: fields.every((field) => field.portable),
  }
}

/**
 * @internal The key under which a raw value's prepared feature is shared: the string itself, or the one string of
 * a one-element list; `undefined` when the value is not keyed (prepared per record).
 */
export function rawKey(raw: unknown): string | undefined {
  return typeof raw === 'string'
    ? raw
    : Array.isArray(raw) && raw.length === 1 && typeof raw[0] === 'string'
      ? `\u0000${raw[0]}`
      : undefined
}

/** @internal Per-record features, computed once and reused for every pair. */
export function prepareFeatures(model: Model, contact: Record<string, unknown>): Features {
  const features: Features = new Array(model.fields.length)
  for (let i = 0; i < model.fields.length; i++) {
    const field = model.fields[i] as ModelField
    const raw = field.getter(contact)
    if (raw === undefined || raw === null || raw === '') {
      features[i] = undefined
      continue
    }
    // Names, companies, cities and postal codes repeat across a contact base: one prepared feature per distinct
    // value saves the work and lets records share the (immutable) feature object.
    const key = rawKey(raw)
    if (key === undefined) {
      features[i] = field.comparator.prepare(raw)
      continue
    }
    let cached = field.cache.get(key)
    if (cached === undefined && !field.cache.has(key)) {
      cached = field.comparator.prepare(raw)
      if (field.cache.size >= FEATURE_CACHE_LIMIT) field.cache.clear()
      field.cache.set(key, cached)
    }
    features[i] = cached
  }
  return features
}

const FEATURE_CACHE_LIMIT = 100_000

/** @internal Counts values of term-frequency fields. */
export function emptyFrequencies(model: Model): TermFrequencies {
  return {
    counts: model.fields.map((field) => (field.termFrequency ? new Map<string, number>() : undefined)),
    totals: model.fields.map(() => 0),
  }
}

/** @internal Adds (delta 1) or removes (delta -1) one record's values. */
export function countFrequencies(
  model: Model,
  frequencies: TermFrequencies,
  features: Features,
  delta: 1 | -1,
): void {
  for (let i = 0; i < model.fields.length; i++) {
    const counts = frequencies.counts[i]
    const feature = features[i]
    if (!counts || feature === undefined) continue
    const key = model.fields[i]?.comparator.frequencyKey?.(feature)
    if (key === undefined) continue
    const next = (counts.get(key) ?? 0) + delta
    if (next <= 0) counts.delete(key)
    else counts.set(key, next)
    frequencies.totals[i] = (frequencies.totals[i] as number) + delta
  }
}

// Below this many counted values a frequency says too little to move a weight.
const MIN_FREQUENCY_TOTAL = 50

/** @internal The weight of the exact level for `feature` (term-frequency adjusted when enabled). */
export function exactWeight(
  field: ModelField,
  index: number,
  feature: unknown,
  frequencies: TermFrequencies | undefined,
): number {
  const base = field.weights[0] as number
  if (!frequencies || !field.termFrequency) return base
  const counts = frequencies.counts[index]
  const total = frequencies.totals[index] as number
  if (!counts || total < MIN_FREQUENCY_TOTAL) return base
  const key = field.comparator.frequencyKey?.(feature)
  const count = key === undefined ? undefined : counts.get(key)
  if (!count) return base
  // Splink's adjustment: replace the level's u by the value's own frequency.
  return log2Ratio(field.m[0] as number, Math.max(count / total, 1e-7))
}

/** @internal The total weight of a pair: the hot path of bulk scoring, no allocation. */
export function scoreWeight(model: Model, a: Features, b: Features, frequencies?: TermFrequencies): number {
  let weight = model.priorWeight
  const fields = model.fields
  for (let i = 0; i < fields.length; i++) {
    const featureA = a[i]
    const featureB = b[i]
    if (featureA === undefined || featureB === undefined) continue
    const field = fields[i] as ModelField
    const level = field.comparator.compare(featureA, featureB)
    weight += level === 0 ? exactWeight(field, i, featureA, frequencies) : (field.weights[level] as number)
  }
  return weight
}

/** @internal The level index of every field (-1 for missing), for training. */
export function levelsOf(model: Model, a: Features, b: Features): Int8Array {
  const levels = new Int8Array(model.fields.length)
  for (let i = 0; i < model.fields.length; i++) {
    const featureA = a[i]
    const featureB = b[i]
    levels[i] =
      featureA === undefined || featureB === undefined
        ? -1
        : model.fields[i]!.comparator.compare(featureA, featureB)
  }
  return levels
}

/** @internal The verdict of a probability. */
export function verdictOf(model: Model, probability: number): Verdict {
  return probability >= model.duplicate
    ? 'duplicate'
    : probability >= model.possible
      ? 'possible'
      : 'distinct'
}

function display(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw
  if (typeof raw === 'number') return String(raw)
  return undefined
}

function roundBits(weight: number): string {
  return `${weight >= 0 ? '+' : ''}${weight.toFixed(2)}`
}

const priorReasons = new WeakMap<Model, string>()

// Formatting the prior with Intl costs more than scoring a pair, so it is done once per model.
function priorReason(model: Model): string {
  let reason = priorReasons.get(model)
  if (reason === undefined) {
    const oneIn = Math.round(1 / model.prior).toLocaleString('en')
    reason = `prior: before any evidence, about 1 in ${oneIn} pairs is a duplicate (${roundBits(model.priorWeight)} bits)`
    priorReasons.set(model, reason)
  }
  return reason
}

/** @internal The explained comparison (the waterfall). */
export function explain(
  model: Model,
  contactA: Record<string, unknown>,
  contactB: Record<string, unknown>,
  a: Features,
  b: Features,
  frequencies?: TermFrequencies,
): Comparison {
  const fields: FieldComparison[] = [
    { field: 'prior', level: 'prior', weight: model.priorWeight, reason: priorReason(model) },
  ]
  let weight = model.priorWeight
  for (let i = 0; i < model.fields.length; i++) {
    const field = model.fields[i] as ModelField
    const label = LABELS[field.name] ?? field.name
    const featureA = a[i]
    const featureB = b[i]
    if (featureA === undefined || featureB === undefined) {
      fields.push({
        field: field.name,
        level: 'missing',
        weight: 0,
        reason: `${label}: missing on ${featureA === undefined && featureB === undefined ? 'both sides' : 'one side'}, neutral`,
      })
      continue
    }
    const levelIndex = field.comparator.compare(featureA, featureB)
    const level = field.comparator.levels[levelIndex]
    const base = field.weights[levelIndex] as number
    const fieldWeight = levelIndex === 0 ? exactWeight(field, i, featureA, frequencies) : base
    const shownA = display(field.getter(contactA))
    const shownB = display(field.getter(contactB))
    const values = shownA !== undefined && shownB !== undefined ? ` ("${shownA}" / "${shownB}")` : ''
    const adjustment =
      fieldWeight !== base
        ? `; ${fieldWeight < base ? 'a common' : 'a rare'} value, term-frequency adjusted from ${roundBits(base)}`
        : ''
    fields.push({
      field: field.name,
      level: level?.name ?? String(levelIndex),
      weight: fieldWeight,
      reason: `${label}: ${level?.description ?? 'level'}${values}, ${roundBits(fieldWeight)} bits${adjustment}`,
    })
    weight += fieldWeight
  }
  const probability = probabilityOf(weight)
  return { probability, weight, verdict: verdictOf(model, probability), fields }
}

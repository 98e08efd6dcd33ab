import { distance } from 'fastest-levenshtein'
import { MatchError } from './error.js'
import { fold } from './internal/canonical.js'
import { jaroWinkler } from './similarity/jaro-winkler.js'
import { tokenSetSimilarity } from './similarity/token-set.js'

/**
 * One agreement level of a comparator, with its default Fellegi-Sunter probabilities.
 *
 * @example
 * ```ts
 * const level: ComparisonLevel = { name: 'exact', description: 'same value', m: 0.9, u: 0.01 }
 * ```
 */
export interface ComparisonLevel {
  /** Short stable name, e.g. `exact`, `nickname`, `initial`. */
  name: string
  /** Readable explanation used in reasons, e.g. `same canonical address`. */
  description: string
  /** P(level | the records are the same entity). */
  m: number
  /** P(level | the records are different entities). */
  u: number
  /**
   * Training keeps this level's `m` and `u` (as Splink's fixed probabilities): for knowledge a sample cannot
   * show, such as a veto. The other levels of the field share what is left.
   */
  fixed?: boolean
}

/**
 * A field comparator: turns a raw field value into a compact feature once per record, and compares two features
 * to an agreement level (an index into `levels`, best first; the last level is disagreement).
 *
 * @typeParam F - The prepared feature; must be structured-cloneable (plain data) so worker threads can score it.
 *
 * @example
 * ```ts
 * const customerNumber: Comparator<string> = {
 *   kind: 'customerNumber',
 *   levels: [
 *     { name: 'exact', description: 'same customer number', m: 0.95, u: 0.0001 },
 *     { name: 'different', description: 'different customer numbers', m: 0.05, u: 0.9999 },
 *   ],
 *   prepare: (value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined),
 *   compare: (a, b) => (a === b ? 0 : 1),
 * }
 * ```
 */
export interface Comparator<F = unknown> {
  /** Name of the comparator kind, shown in reasons and errors. */
  readonly kind: string
  /** Agreement levels, best first; the last one means the values disagree. */
  readonly levels: readonly ComparisonLevel[]
  /** The feature of a raw value, or `undefined` when the value is missing (missing values are neutral). */
  prepare(value: unknown): F | undefined
  /** The level index of two present features. */
  compare(a: F, b: F): number
  /** The value whose frequency adjusts the weight of the first (exact) level, for term-frequency adjustment. */
  frequencyKey?(feature: F): string | undefined
}

/** @internal Rejects comparators that cannot be scored. */
export function assertComparator(comparator: Comparator, field: string): void {
  if (!Array.isArray(comparator.levels) || comparator.levels.length < 2) {
    throw new MatchError(
      'MATCH_NO_LEVELS',
      `Comparator "${String(comparator.kind)}" of field "${field}" needs at least two levels (agree, disagree).`,
      { details: { field, kind: comparator.kind } },
    )
  }
}

/** @internal Shorthand for a level with its default m and u. */
export function level(name: string, description: string, m: number, u: number): ComparisonLevel {
  return { name, description, m, u }
}

/** @internal A folded non-empty string, or undefined; of a list (e.g. all regions of a contact) the first value. */
export function foldedString(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const folded = foldedString(item)
      if (folded !== undefined) return folded
    }
    return undefined
  }
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string') return undefined
  const folded = fold(value)
  return folded.length > 0 ? folded : undefined
}

/**
 * Exact comparison of folded text (case, diacritics, punctuation and spacing ignored).
 *
 * @param options - `m`/`u` of the two levels when known.
 * @returns A comparator with levels `exact` and `different`.
 *
 * @example
 * ```ts
 * const comparator = exactComparator()
 * comparator.compare(comparator.prepare('DE-123')!, comparator.prepare('de 123')!) // 0 (exact)
 * ```
 */
export function exactComparator(options: { m?: number; u?: number } = {}): Comparator<string> {
  const m = options.m ?? 0.9
  const u = options.u ?? 0.01
  return {
    kind: 'exact',
    levels: [level('exact', 'same value', m, u), level('different', 'different values', 1 - m, 1 - u)],
    prepare: foldedString,
    compare: (a, b) => (a === b ? 0 : 1),
    frequencyKey: (feature) => feature,
  }
}

/**
 * Jaro-Winkler comparison of folded text with levels `exact`, `≥ 0.95`, `≥ 0.88` and `different`.
 *
 * @param options - `thresholds` to use instead of `[0.95, 0.88]` (descending).
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const comparator = jaroWinklerComparator()
 * comparator.compare('martha', 'marhta') // 1 (similar)
 * ```
 */
export function jaroWinklerComparator(options: { thresholds?: readonly number[] } = {}): Comparator<string> {
  const thresholds = options.thresholds ?? [0.95, 0.88]
  const levels = [
    level('exact', 'same value', 0.8, 0.005),
    ...thresholds.map((threshold, i) =>
      level(`jw${threshold}`, `Jaro-Winkler similarity ≥ ${threshold}`, 0.15 / (i + 1), 0.01 * (i + 1)),
    ),
    level('different', 'different values', 0.05, 0.95),
  ]
  return {
    kind: 'jaroWinkler',
    levels,
    prepare: foldedString,
    compare(a, b) {
      if (a === b) return 0
      const similarity = jaroWinkler(a, b)
      for (let i = 0; i < thresholds.length; i++) {
        if (similarity >= (thresholds[i] as number)) return i + 1
      }
      return thresholds.length + 1
    },
    frequencyKey: (feature) => feature,
  }
}

/**
 * Levenshtein comparison of folded text (fastest-levenshtein) with levels `exact`, one edit, two edits, `different`.
 * Good for ids and numbers where a typo changes one character.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const comparator = levenshteinComparator()
 * comparator.compare('6988048', '6988043') // 1 (one edit)
 * ```
 */
export function levenshteinComparator(): Comparator<string> {
  return {
    kind: 'levenshtein',
    levels: [
      level('exact', 'same value', 0.85, 0.0005),
      level('edit1', 'one character differs', 0.08, 0.002),
      level('edit2', 'two characters differ', 0.03, 0.01),
      level('different', 'different values', 0.04, 0.9875),
    ],
    prepare: foldedString,
    compare(a, b) {
      if (a === b) return 0
      const edits = distance(a, b)
      return edits === 1 ? 1 : edits === 2 ? 2 : 3
    },
    frequencyKey: (feature) => feature,
  }
}

/**
 * Word-order-free comparison (token set ratio) with levels `exact`, `same words`, `≥ 0.9`, `≥ 0.75`, `different`:
 * `Schmidt Hans` and `Hans Schmidt` agree on `same words`.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const comparator = tokenSetComparator()
 * comparator.compare(comparator.prepare('Schmidt Hans')!, comparator.prepare('Hans Schmidt')!) // 1
 * ```
 */
export function tokenSetComparator(): Comparator<string[]> {
  return {
    kind: 'tokenSet',
    levels: [
      level('exact', 'same text', 0.75, 0.002),
      level('sameWords', 'same words in another order or one contains the other', 0.1, 0.003),
      level('similar90', 'token set similarity ≥ 0.9', 0.07, 0.005),
      level('similar75', 'token set similarity ≥ 0.75', 0.04, 0.03),
      level('different', 'different text', 0.04, 0.96),
    ],
    prepare(value) {
      const folded = foldedString(value)
      return folded === undefined ? undefined : folded.split(' ')
    },
    compare(a, b) {
      if (a.length === b.length && a.every((token, i) => token === b[i])) return 0
      const similarity = tokenSetSimilarity(a, b)
      return similarity === 1 ? 1 : similarity >= 0.9 ? 2 : similarity >= 0.75 ? 3 : 4
    },
    frequencyKey: (feature) => feature.join(' '),
  }
}

// A date as [year, month, day]; accepts YYYY-MM-DD, YYYYMMDD, DD.MM.YYYY and Date objects.
function parseDate(value: unknown): [number, number, number] | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? undefined
      : [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()]
  }
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const text = String(value).trim()
  let match = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(text)
  if (match) return [Number(match[1]), Number(match[2]), Number(match[3])]
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text)
  if (match) return [Number(match[3]), Number(match[2]), Number(match[1])]
  return undefined
}

/**
 * Date comparison (a birthday, a founding date) with levels `exact`, `one part differs or day/month swapped`,
 * `same year`, `different`. Accepts `YYYY-MM-DD`, `YYYYMMDD`, `DD.MM.YYYY` and `Date`.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const comparator = dateComparator()
 * comparator.compare(comparator.prepare('1980-03-12')!, comparator.prepare('12.03.1980')!) // 0
 * ```
 */
export function dateComparator(): Comparator<[number, number, number]> {
  return {
    kind: 'date',
    levels: [
      level('exact', 'same date', 0.88, 0.0001),
      level('onePart', 'one of day, month, year differs, or day and month swapped', 0.07, 0.003),
      level('sameYear', 'same year', 0.02, 0.012),
      level('different', 'different dates', 0.03, 0.9849),
    ],
    prepare: parseDate,
    compare(a, b) {
      const [yearA, monthA, dayA] = a
      const [yearB, monthB, dayB] = b
      const same = Number(yearA === yearB) + Number(monthA === monthB) + Number(dayA === dayB)
      if (same === 3) return 0
      if (same === 2 || (yearA === yearB && monthA === dayB && dayA === monthB)) return 1
      return yearA === yearB ? 2 : 3
    },
    frequencyKey: (feature) => feature.join('-'),
  }
}

import { type Comparator, level } from './comparator.js'
import { fold } from './internal/canonical.js'
import { generationOf } from './internal/generation.js'
import { nameVariantGroups } from './nicknames/nicknames.js'
import { colognePhonetic } from './phonetic/cologne.js'
import { doubleMetaphone } from './phonetic/double-metaphone.js'
import { jaroWinkler } from './similarity/jaro-winkler.js'

/**
 * Prepared form of a given name: folded text, tokens, variant groups and phonetic keys.
 *
 * @example
 * ```ts
 * const feature: GivenNameFeature = givenNameComparator().prepare('Hans-Peter')!
 * feature.tokens // ['hans', 'peter']
 * ```
 */
export interface GivenNameFeature {
  /** Folded full given name. */
  text: string
  /** Folded tokens (`Hans-Peter` → `hans`, `peter`). */
  tokens: string[]
  /** Nickname/variant group ids of the first token. */
  groups: readonly number[]
  /** Kölner Phonetik and Double Metaphone of the first token. */
  phonetic: string[]
  /** The name is only an initial (`J.`). */
  initialOnly: boolean
}

function splitName(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined
  const folded = fold(value.replace(/-/g, ' '))
  if (folded.length === 0) return undefined
  return folded.split(' ')
}

const PHONETIC_CACHE_LIMIT = 100_000
let phoneticCache = new Map<string, string[]>()

// Memoised: a contact base has far fewer distinct names than records. Callers must not mutate the result.
function phoneticKeys(token: string): string[] {
  const cached = phoneticCache.get(token)
  if (cached) return cached
  const keys = computePhoneticKeys(token)
  if (phoneticCache.size >= PHONETIC_CACHE_LIMIT) phoneticCache = new Map()
  phoneticCache.set(token, keys)
  return keys
}

function computePhoneticKeys(token: string): string[] {
  const [primary, alternate] = doubleMetaphone(token)
  const keys = [`k${colognePhonetic(token)}`]
  if (primary) keys.push(`m${primary}`)
  if (alternate && alternate !== primary) keys.push(`m${alternate}`)
  return keys
}

function sharesAny(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  for (const item of a) if (b.includes(item)) return true
  return false
}

/**
 * Given-name comparison for German and English names with levels `exact`, `variant` (nickname or short form:
 * `Sepp`/`Josef`, `Bill`/`William`, or one name containing the other: `Hans-Peter`/`Hans`), `similar` (same first letter,
 * Jaro-Winkler ≥ 0.92), `phonetic` (same Kölner Phonetik or Double Metaphone key), `initial` (`J.`/`Jan`) and `different`.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const names = givenNameComparator()
 * const level = names.compare(names.prepare('Sepp')!, names.prepare('Josef')!)
 * names.levels[level].name // 'variant'
 * ```
 */
export function givenNameComparator(): Comparator<GivenNameFeature> {
  return {
    kind: 'givenName',
    levels: [
      level('exact', 'same given name', 0.86, 0.006),
      level('variant', 'known nickname or short form, or one name contains the other', 0.04, 0.002),
      level('similar', 'similar spelling (Jaro-Winkler ≥ 0.92)', 0.05, 0.004),
      level('phonetic', 'sounds alike (Kölner Phonetik / Double Metaphone)', 0.015, 0.006),
      level('initial', 'an initial that fits the name', 0.015, 0.05),
      level('different', 'different given names', 0.02, 0.932),
    ],
    prepare(value) {
      const tokens = splitName(value)
      if (!tokens) return undefined
      const first = tokens[0] as string
      const initialOnly = tokens.every((token) => token.length === 1)
      return {
        text: tokens.join(' '),
        tokens,
        groups: initialOnly ? [] : nameVariantGroups(first),
        phonetic: initialOnly ? [] : phoneticKeys(first),
        initialOnly,
      }
    },
    compare(a, b) {
      if (a.text === b.text) return 0
      if (a.initialOnly || b.initialOnly) {
        return a.text.charAt(0) === b.text.charAt(0) ? 4 : 5
      }
      if (sharesAny(a.groups, b.groups)) return 1
      const [shorter, longer] = a.tokens.length <= b.tokens.length ? [a, b] : [b, a]
      if (shorter.tokens.every((token) => longer.tokens.includes(token))) return 1
      // A typo seldom hits the first letter; gating Jaro-Winkler on it halves the cost of scoring.
      if (a.text.charCodeAt(0) === b.text.charCodeAt(0) && jaroWinkler(a.text, b.text) >= 0.92) return 2
      if (sharesAny(a.phonetic, b.phonetic)) return 3
      return 5
    },
    frequencyKey: (feature) => feature.text,
  }
}

/**
 * Prepared form of a surname: folded text, tokens and phonetic keys.
 *
 * @example
 * ```ts
 * surnameComparator().prepare('Müller-Lüdenscheidt')!.tokens // ['mueller', 'luedenscheidt']
 * ```
 */
export interface SurnameFeature {
  /** Folded surname. */
  text: string
  /** Folded tokens, for double names. */
  tokens: string[]
  /** Kölner Phonetik and Double Metaphone keys of the whole name. */
  phonetic: string[]
}

/**
 * Surname comparison with levels `exact`, `similar` (same first letter, Jaro-Winkler ≥ 0.92), `phonetic` (`Meier`/`Mayr`,
 * `Schmidt`/`Schmitt`), `partial` (one part of a double name, or same first letter and Jaro-Winkler ≥ 0.84) and `different`.
 * Term-frequency adjustment uses the folded surname.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const surnames = surnameComparator()
 * surnames.levels[surnames.compare(surnames.prepare('Meier')!, surnames.prepare('Mayr')!)].name // 'phonetic'
 * ```
 */
export function surnameComparator(): Comparator<SurnameFeature> {
  return {
    kind: 'surname',
    levels: [
      level('exact', 'same surname', 0.87, 0.002),
      level('similar', 'similar spelling (Jaro-Winkler ≥ 0.92)', 0.06, 0.002),
      level('phonetic', 'sounds alike (Kölner Phonetik / Double Metaphone)', 0.02, 0.003),
      level('partial', 'part of a double name, or Jaro-Winkler ≥ 0.84', 0.02, 0.02),
      level('different', 'different surnames', 0.03, 0.973),
    ],
    prepare(value) {
      const tokens = splitName(value)
      if (!tokens) return undefined
      const joined = tokens.join('')
      return { text: tokens.join(' '), tokens, phonetic: phoneticKeys(joined) }
    },
    compare(a, b) {
      if (a.text === b.text) return 0
      const similarity = a.text.charCodeAt(0) === b.text.charCodeAt(0) ? jaroWinkler(a.text, b.text) : 0
      if (similarity >= 0.92) return 1
      if (sharesAny(a.phonetic, b.phonetic)) return 2
      if (similarity >= 0.84 || sharesAny(a.tokens, b.tokens)) return 3
      return 4
    },
    frequencyKey: (feature) => feature.text,
  }
}

// P(different generations | the same person): only a typing error gives it.
const VETO = 1e-60

/**
 * Generation comparison of name suffixes (`Jr.`/`jun.`, `Sr.`/`sen.`, `II`, `III`), with levels `exact` and
 * `different`. Father and son in a family firm share name, company, address and often the phone number; a
 * different generation outweighs an exact match of all of that and of every other default field together (about
 * −200 bits; the others add at most about 110, term-frequency adjusted), so such a pair is not a duplicate.
 * A suffix without a generation (`PhD`) counts as missing, so it is neutral, as is a mark on one side only. Both
 * levels are `fixed`: training keeps them, as a sample holds too few such pairs to estimate a veto.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const generations = generationComparator()
 * generations.compare(generations.prepare('jun.')!, generations.prepare('Jr.')!) // 0 (exact)
 * generations.compare(generations.prepare('Jr.')!, generations.prepare('sen.')!) // 1 (different)
 * generations.prepare('PhD') // undefined
 * ```
 */
export function generationComparator(): Comparator<string> {
  return {
    kind: 'generation',
    levels: [
      // m of `exact` rounds to 1: a veto needs an m far below what a double can subtract from 1.
      { ...level('exact', 'same generation', 1 - VETO, 0.6), fixed: true },
      { ...level('different', 'different generations (e.g. father and son)', VETO, 0.4), fixed: true },
    ],
    prepare: (value) => (typeof value === 'string' ? generationOf(value) : undefined),
    compare: (a, b) => (a === b ? 0 : 1),
  }
}

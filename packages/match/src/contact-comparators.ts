import { type Comparator, level } from './comparator.js'
import {
  companyTokens,
  emailKey,
  fold,
  phoneDigits,
  ROLE_LOCAL_PARTS,
  streetKey,
} from './internal/canonical.js'
import { companyTokenWeight } from './internal/company-weights.js'
import { jaroWinkler } from './similarity/jaro-winkler.js'
import { tokenSetSimilarity } from './similarity/token-set.js'

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function textOf(value: unknown, key = 'value'): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value && typeof value === 'object') {
    const inner = (value as Record<string, unknown>)[key]
    return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : undefined
  }
  return undefined
}

// Best (lowest) level over all value combinations of two multi-valued features.
function bestLevel<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): number {
  if (a.length === 1 && b.length === 1) return compare(a[0] as T, b[0] as T)
  let best = Number.POSITIVE_INFINITY
  for (const x of a) {
    for (const y of b) {
      const result = compare(x, y)
      if (result < best) best = result
      if (best === 0) return 0
    }
  }
  return best
}

/**
 * Prepared form of a company name: key without legal form and noise words, its tokens and acronym, and the key of
 * its distinctive tokens (common trade words such as `Maschinenbau`, `Consulting` or `Deutsche` weigh little).
 *
 * @example
 * ```ts
 * companyComparator().prepare('Müller & Söhne Maschinenbau GmbH & Co. KG')!.core // 'mueller soehne'
 * ```
 */
export interface CompanyFeature {
  /** Matching key: folded tokens without legal form (`GmbH & Co. KG`) and noise words. */
  key: string
  /** The key without spaces (`Muster Bau` and `Musterbau` agree). */
  compact: string
  /** The key's tokens. */
  tokens: string[]
  /** First letters of the tokens (`Bayerische Motoren Werke` → `bmw`), empty for one-word names. */
  acronym: string
  /**
   * The distinctive tokens of the key (those of full weight), joined by spaces: the key without the common trade
   * and place words that many unrelated companies share; empty when the name has none.
   */
  core: string
}

// Characters of the tokens, each token counted at its weight: a common word adds a fifth of its length.
function tokenMass(tokens: readonly string[]): number {
  let mass = 0
  for (const token of tokens) mass += token.length * companyTokenWeight(token)
  return mass
}

const coreTokens = (feature: CompanyFeature): string[] => (feature.core === '' ? [] : feature.core.split(' '))

// Same words, weighted: the shared tokens make up at least 90 % of either name's weighted characters and include a
// distinctive token (unless neither name has one), or the names are near equal (token set ≥ 0.9) and so are their
// distinctive tokens (Jaro-Winkler ≥ 0.9, so a typo passes). A shared trade word alone ("Müller Maschinenbau" /
// "Schmidt Maschinenbau") is not enough, nor is a near-equal whole name whose distinctive part differs
// ("Deutsche Bank" / "Deutsche Bahn").
function sameWords(a: CompanyFeature, b: CompanyFeature): boolean {
  let shared = 0
  let distinctive = false
  for (const token of a.tokens) {
    if (b.tokens.includes(token)) {
      const weight = companyTokenWeight(token)
      shared += token.length * weight
      if (weight === 1) distinctive = true
    }
  }
  if (shared > 0 && (distinctive || (a.core === '' && b.core === ''))) {
    if (shared >= 0.9 * tokenMass(a.tokens) || shared >= 0.9 * tokenMass(b.tokens)) return true
  }
  const longer = Math.max(a.key.length, b.key.length)
  if (Math.abs(a.key.length - b.key.length) > 0.1 * longer) return false
  if (tokenSetSimilarity(a.tokens, b.tokens) < 0.9) return false
  return coreAgrees(a, b, 0.9)
}

// The distinctive parts agree: equal, one missing, spelled alike (a typo or OCR slip, not another name), or one
// within the other (a typo can turn a trade word into an unknown one: "Maschinenbua").
function coreAgrees(a: CompanyFeature, b: CompanyFeature, spelling: number): boolean {
  if (a.core === b.core || a.core === '' || b.core === '') return true
  return jaroWinkler(a.core, b.core) >= spelling || tokenSetSimilarity(coreTokens(a), coreTokens(b)) >= 0.9
}

// Similar spelling: the keys, and the distinctive parts when both names have one ("Deutsche Bank" / "Deutsche
// Bahn" differ where it counts).
function similarSpelling(a: CompanyFeature, b: CompanyFeature): boolean {
  if (a.key.charCodeAt(0) !== b.key.charCodeAt(0) || jaroWinkler(a.key, b.key) < 0.88) return false
  return coreAgrees(a, b, 0.88)
}

/**
 * Company comparison with levels `exact` (same key after removing legal form and noise words), `acronym`
 * (`BMW` / `Bayerische Motoren Werke AG`), `sameWords` (token set ≥ 0.9), `similar` (same first letter, Jaro-Winkler ≥ 0.88)
 * and `different`. Tokens are weighted: common trade and place words (`Maschinenbau`, `Logistics`, `Deutsche`) count
 * a fifth of a distinctive token, so two firms that share only such a word do not agree, a name with an extra trade
 * word (`Weber Software Solutions` / `Weber Software`) does, and `sameWords` and `similar` also need the
 * distinctive tokens to be spelled alike (`Deutsche Bank` / `Deutsche Bahn` is `different`).
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const companies = companyComparator()
 * const a = companies.prepare('BMW AG')!
 * const b = companies.prepare('Bayerische Motoren Werke Aktiengesellschaft')!
 * companies.levels[companies.compare(a, b)].name // 'acronym'
 * const bank = companies.prepare('Deutsche Bank AG')!
 * companies.levels[companies.compare(bank, companies.prepare('Deutsche Bahn AG')!)].name // 'different'
 * ```
 */
export function companyComparator(): Comparator<CompanyFeature> {
  return {
    kind: 'company',
    levels: [
      level('exact', 'same company name (legal form ignored)', 0.72, 0.002),
      level('acronym', 'one name is the acronym of the other', 0.03, 0.0003),
      level('sameWords', 'same words (token set ≥ 0.9)', 0.1, 0.003),
      level('similar', 'similar spelling (Jaro-Winkler ≥ 0.88)', 0.05, 0.01),
      level('different', 'different companies', 0.1, 0.9847),
    ],
    prepare(value) {
      if (typeof value !== 'string') return undefined
      const tokens = companyTokens(value)
      if (tokens.length === 0) return undefined
      const acronym = tokens.length > 1 ? tokens.map((token) => token.charAt(0)).join('') : ''
      const key = tokens.join(' ')
      const core = tokens.filter((token) => companyTokenWeight(token) === 1)
      // The same string as the key when every token is distinctive (most names), so no second copy is kept.
      return {
        key,
        compact: tokens.join(''),
        tokens,
        acronym,
        core: core.length === tokens.length ? key : core.join(' '),
      }
    },
    compare(a, b) {
      if (a.key === b.key || a.compact === b.compact) return 0
      if ((a.acronym && a.acronym === b.compact) || (b.acronym && b.acronym === a.compact)) return 1
      if (sameWords(a, b)) return 2
      if (similarSpelling(a, b)) return 3
      return 4
    },
    frequencyKey: (feature) => feature.key,
  }
}

/**
 * One prepared email address.
 *
 * @example
 * ```ts
 * const email: EmailFeature = { key: 'anna@muster.de', local: 'anna', domain: 'muster.de', freeMail: false }
 * ```
 */
export interface EmailFeature {
  /** Canonical address (lower case, plus-tag and Gmail dots removed). */
  key: string
  /** Local part of the key. */
  local: string
  /** Domain. */
  domain: string
  /** The domain is a free-mail provider (gmx.de, gmail.com ...), so sharing it means nothing. */
  freeMail: boolean
}

function emailLevel(x: EmailFeature, y: EmailFeature): number {
  if (x.key === y.key) return 0
  // Same local part counts only across a private (free-mail) and another address: two company domains with
  // `anna.schmidt@` are as often namesakes as one person, and the name fields already count that.
  if (
    x.local === y.local &&
    (x.freeMail || y.freeMail) &&
    x.local.length > 2 &&
    !ROLE_LOCAL_PARTS.has(x.local)
  ) {
    return 1
  }
  if (x.domain === y.domain && !x.freeMail) return 2
  return 3
}

/**
 * Email comparison over all addresses of two contacts, with levels `exact` (same canonical address),
 * `sameLocal` (same personal local part, one of the addresses at a free-mail provider), `sameDomain` (same company domain; free-mail
 * domains such as gmx.de or gmail.com never count) and `different`.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const emails = emailComparator()
 * const a = emails.prepare([{ value: 'Anna.Schmidt+crm@muster.de' }])!
 * const b = emails.prepare(['anna.schmidt@muster.de'])!
 * emails.compare(a, b) // 0 (exact)
 * ```
 */
export function emailComparator(): Comparator<EmailFeature[]> {
  return {
    kind: 'email',
    levels: [
      level('exact', 'same canonical email address', 0.6, 0.00002),
      level('sameLocal', 'same personal local part, one address private (free-mail)', 0.05, 0.00005),
      level('sameDomain', 'same company email domain', 0.17, 0.01),
      level('different', 'different email addresses', 0.15, 0.98978),
    ],
    prepare(value) {
      const features: EmailFeature[] = []
      for (const item of asList(value)) {
        const text = textOf(item)
        const parsed = text === undefined ? undefined : emailKey(text)
        if (parsed) features.push(parsed)
      }
      return features.length > 0 ? features : undefined
    },
    compare: (a, b) => bestLevel(a, b, emailLevel),
    frequencyKey: (feature) => feature[0]?.domain,
  }
}

/**
 * One prepared phone number.
 *
 * @example
 * ```ts
 * const phone: PhoneFeature = { digits: '49891234567', extension: '12', lastDigits: '1234567' }
 * ```
 */
export interface PhoneFeature {
  /** Digits of the E.164 number without `+` and without extension. */
  digits: string
  /** Extension, `''` when none. */
  extension: string
  /** The last 7 digits (fewer for short numbers). */
  lastDigits: string
}

function phoneLevel(x: PhoneFeature, y: PhoneFeature): number {
  if (x.digits === y.digits) return x.extension === y.extension ? 0 : 1
  return x.lastDigits.length === 7 && x.lastDigits === y.lastDigits ? 2 : 3
}

/**
 * Phone comparison over all numbers of two contacts, with levels `exact` (same E.164 and extension),
 * `sameNumber` (same number, extension differs or is missing on one side), `sameLastDigits` (last 7 digits
 * agree: the same line written with another prefix) and `different`.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const phones = phoneComparator()
 * const a = phones.prepare([{ value: '+49891234567', extension: '12' }])!
 * const b = phones.prepare([{ value: '+49891234567' }])!
 * phones.levels[phones.compare(a, b)].name // 'sameNumber'
 * ```
 */
export function phoneComparator(): Comparator<PhoneFeature[]> {
  return {
    kind: 'phone',
    levels: [
      level('exact', 'same phone number and extension', 0.5, 0.00002),
      level('sameNumber', 'same number, extension differs or is missing', 0.15, 0.0005),
      level('sameLastDigits', 'same last 7 digits', 0.05, 0.0002),
      level('different', 'different phone numbers', 0.3, 0.99928),
    ],
    prepare(value) {
      const features: PhoneFeature[] = []
      for (const item of asList(value)) {
        const text = textOf(item)
        if (text === undefined) continue
        const country = item && typeof item === 'object' ? textOf(item, 'country') : undefined
        const digits = phoneDigits(text, country)
        if (digits.length < 5) continue
        const extension =
          item && typeof item === 'object' ? (textOf(item, 'extension') ?? '').replace(/\D/g, '') : ''
        features.push({ digits, extension, lastDigits: digits.slice(-7) })
      }
      return features.length > 0 ? features : undefined
    },
    compare: (a, b) => bestLevel(a, b, phoneLevel),
    frequencyKey: (feature) => feature[0]?.digits,
  }
}

/**
 * One prepared street address.
 *
 * @example
 * ```ts
 * const address: StreetFeature = { street: 'musterstr', houseNumber: '5a' }
 * ```
 */
export interface StreetFeature {
  /** Street key: folded, `Straße`/`Str.` unified, spaces removed. */
  street: string
  /** House number, lower case without spaces; `''` when missing. */
  houseNumber: string
}

function streetLevel(x: StreetFeature, y: StreetFeature): number {
  const sameNumber = x.houseNumber !== '' && x.houseNumber === y.houseNumber
  if (x.street === y.street) return sameNumber ? 0 : 2
  // Jaro-Winkler is the costly part of scoring, so it runs only where it can change the level.
  if (sameNumber && jaroWinkler(x.street, y.street) >= 0.9) return 1
  return 3
}

/**
 * Street-and-number comparison over all addresses, with levels `exact`, `similarStreet` (Jaro-Winkler ≥ 0.9, same
 * number), `sameStreet` (same street key, number differs or is missing) and `different`.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const streets = streetComparator()
 * const a = streets.prepare([{ street: 'Musterstraße', houseNumber: '5' }])!
 * const b = streets.prepare([{ street: 'Musterstr.', houseNumber: '5' }])!
 * streets.compare(a, b) // 0
 * ```
 */
export function streetComparator(): Comparator<StreetFeature[]> {
  return {
    kind: 'street',
    levels: [
      level('exact', 'same street and house number', 0.7, 0.0005),
      level('similarStreet', 'similar street, same house number', 0.12, 0.0005),
      level('sameStreet', 'same street, house number differs or is missing', 0.08, 0.01),
      level('different', 'different streets', 0.1, 0.989),
    ],
    prepare(value) {
      const features: StreetFeature[] = []
      for (const item of asList(value)) {
        if (!item || typeof item !== 'object') continue
        const record = item as Record<string, unknown>
        const street = textOf(record.street, '')
        if (!street) continue
        const key = streetKey(street)
        if (!key) continue
        const houseNumber = (textOf(record.houseNumber, '') ?? '').toLowerCase().replace(/\s+/g, '')
        features.push({ street: key, houseNumber })
      }
      return features.length > 0 ? features : undefined
    },
    compare: (a, b) => bestLevel(a, b, streetLevel),
    frequencyKey: (feature) => feature[0]?.street,
  }
}

function postalCodeLevel(x: string, y: string): number {
  if (x === y) return 0
  return x.length >= 4 &&
    x.charCodeAt(0) === y.charCodeAt(0) &&
    x.charCodeAt(1) === y.charCodeAt(1) &&
    x.charCodeAt(2) === y.charCodeAt(2)
    ? 1
    : 2
}

/**
 * Postal-code comparison over all addresses, with levels `exact`, `sameRegion` (same first three characters) and
 * `different`.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const codes = postalCodeComparator()
 * codes.compare(codes.prepare([{ postalCode: '80331' }])!, codes.prepare([{ postalCode: '80333' }])!) // 1
 * ```
 */
export function postalCodeComparator(): Comparator<string[]> {
  return {
    kind: 'postalCode',
    levels: [
      level('exact', 'same postal code', 0.85, 0.003),
      level('sameRegion', 'same first three characters of the postal code', 0.06, 0.02),
      level('different', 'different postal codes', 0.09, 0.977),
    ],
    prepare(value) {
      const codes: string[] = []
      for (const item of asList(value)) {
        const code = textOf(item, 'postalCode')
        const compact = code?.replace(/\s+/g, '').toLowerCase()
        if (compact) codes.push(compact)
      }
      return codes.length > 0 ? codes : undefined
    },
    compare: (a, b) => bestLevel(a, b, postalCodeLevel),
    frequencyKey: (feature) => feature[0],
  }
}

function cityLevel(x: string, y: string): number {
  if (x === y) return 0
  return x.charCodeAt(0) === y.charCodeAt(0) && jaroWinkler(x, y) >= 0.9 ? 1 : 2
}

/**
 * City comparison over all addresses, with levels `exact` (folded: `München`/`Muenchen`), `similar`
 * (same first letter, Jaro-Winkler ≥ 0.9) and `different`. A shared big city says little: enable term-frequency adjustment.
 *
 * @returns The comparator.
 *
 * @example
 * ```ts
 * const cities = cityComparator()
 * cities.compare(cities.prepare([{ city: 'München' }])!, cities.prepare([{ city: 'Muenchen' }])!) // 0
 * ```
 */
export function cityComparator(): Comparator<string[]> {
  return {
    kind: 'city',
    levels: [
      level('exact', 'same city', 0.85, 0.02),
      level('similar', 'similar city name (Jaro-Winkler ≥ 0.9)', 0.07, 0.005),
      level('different', 'different cities', 0.08, 0.975),
    ],
    prepare(value) {
      const cities: string[] = []
      for (const item of asList(value)) {
        const city = textOf(item, 'city')
        const folded = city === undefined ? '' : fold(city)
        if (folded) cities.push(folded)
      }
      return cities.length > 0 ? cities : undefined
    },
    compare: (a, b) => bestLevel(a, b, cityLevel),
    frequencyKey: (feature) => feature[0],
  }
}

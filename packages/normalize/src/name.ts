import { cleanWhitespace } from '@contactkit/core'
import { companyWithLegalForm } from './company.js'
import { type Affiliation, affiliationOf } from './internal/affiliation.js'
import { fold } from './internal/fold.js'
import { capitalizeSegment, upperFirst } from './internal/letter-case.js'
import {
  CONJUNCTION_PARTICLES,
  DEGREE_QUALIFIERS,
  FIRST_NAME_TITLES,
  NOBILITY,
  PARTICLES,
  ROMAN_LETTERS,
  SALUTATIONS,
  SUFFIXES,
  TITLES,
  TITLES_AFTER_TITLE,
  WEAK_SALUTATIONS,
  WEAK_SUFFIXES,
  WEAK_TITLES,
} from './internal/name-data.js'
import { cleanText } from './internal/text.js'

/**
 * Options of {@link parseName}.
 *
 * @example
 * ```ts
 * const options: ParseNameOptions = { locale: 'de-DE' }
 * ```
 */
export interface ParseNameOptions {
  /**
   * BCP 47 locale of the name, e.g. `de`, `en-GB`, `fr`, `es`, `tr`. It decides a few conventions: Spanish and
   * Portuguese double surnames, Turkish dotted/dotless i when repairing case, French `M.` as `Monsieur`.
   */
  locale?: string | undefined
}

/**
 * The parts of a personal name found by {@link parseName}.
 *
 * @example
 * ```ts
 * const name: ParsedName = parseName('Herr Prof. Dr. Hans-Peter von Müller')
 * name.lastName // 'von Müller'
 * ```
 */
export interface ParsedName {
  /** The text as given. */
  raw: string
  /** Canonical salutation: `Herr`, `Frau`, `Mr.`, `Mrs.`, `Ms.`, `Mx.`, `Miss`, `Monsieur`, `Madame`, ... */
  salutation?: string
  /** Gender stated by the salutation (`Herr` → male); never guessed from first names or titles; absent for `Mx.`. */
  gender?: 'male' | 'female'
  /** Academic and professional titles before the name, canonical and space-separated: `Prof. Dr. med.`. */
  title?: string
  firstName?: string
  middleName?: string
  /** Last name with its particles and ranks: `von und zu Guttenberg`, `van der Berg`, `Freiherr von Stein`. */
  lastName?: string
  /** Generational suffixes and post-nominals: `Jr.`, `III`, `MdB`, `PhD`, `MBA`. */
  suffix?: string
  /** A nickname in quotes or parentheses: `Robert "Bob" Smith`. */
  nickname?: string
  /** A birth name after `geb.` or `née`. */
  birthName?: string
  /**
   * A company written after the person, as email display names carry it (`Anna Schmidt (Muster GmbH)`,
   * `Anna Schmidt | Muster GmbH & Co KG`): its display name, legal form spelled canonically (`Muster GmbH & Co. KG`).
   */
  company?: string
  /** A department written after the person, as company directories carry it: `Hans Müller (Vertrieb)`. */
  department?: string
  /** A job title written after the person: `Anna Schmidt | Geschäftsführerin`, `Tom Baker - Head of Sales`. */
  jobTitle?: string
}

const MAX_NAME_LENGTH = 300
const NICKNAME = /\s*(?:"([^"]+)"|“([^”]+)”|„([^“”]+)[“”]|\(([^()]+)\)|(?<=^|\s)[‘']([^'’]+)[’'](?=\s|$))\s*/
const BIRTH_NAME = /[\s,]*\b(?:geb\.?|geborene|geborener|née|nee|born)\s+([\p{L}'’-]+)\s*$/iu
const KEY_JUNK = /[.\s-]+/g
const DOTTED_RUN = /(?<=\.)(?=\p{L})/u
const HAS_LETTER = /\p{L}/u
const HAS_LOWER = /\p{Ll}/u
const HAS_UPPER = /\p{Lu}/u
// Unicode property patterns stay at module level: builds for Node 20 compile them with `new RegExp` where they stand.
const INITIAL = /^\p{L}\.?$/u
const NOT_LETTER = /[^\p{L}]/gu
const EDGE_PUNCTUATION = /^[,;:]+|[,;:]+$/g
const SEGMENT = /(['’-])/
// `z. Hd.`, `zu Händen`, `Attn.`, `c/o` in front of a name in an address field.
const FOR_THE_ATTENTION_OF = /^(?:z\.\s?hd\.?|zu\s+h(?:ä|ae)nden(?:\s+von)?|attn\.?:?|attention:?|c\/o)\s+/i
const CONJUNCTION_WORD = /^(?:und|u\.|and|&|et|y)$/i
// Joins two given names of a couple: `John and Jane Smith`, `Hans und Maria Müller`.
const COUPLE_WORD = /^(?:und|and|&|et)$/i
// Post-nominal letters we do not list (`CLU`, `CFP`, `LUTC`, `Q.C.`): capitals, or capitals with dots.
const ACRONYM = /^(?:\p{Lu}{2,5}|(?:\p{Lu}\.){2,5})$/u
// Emoji and other pictographs are no part of a name (`Sam Smith 😊`); the cheap test runs first.
const MAYBE_PICTOGRAPH = /[\u2190-\u2bff\ud800-\udfff]/
const PICTOGRAPHS = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D/gu

function keyOf(token: string): string {
  const lower = token.toLowerCase()
  return hasKeyJunk(lower) ? lower.replace(KEY_JUNK, '') : lower
}

// Whether KEY_JUNK can match: a dot, hyphen or ASCII space; any non-ASCII character is left to the regex.
function hasKeyJunk(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 45 || code === 46 || code === 32 || (code >= 9 && code <= 13) || code >= 0x80) return true
  }
  return false
}

// Every prefix of a multi-word title or suffix key, so a word that starts none is rejected with one lookup.
function prefixesOf(keys: Iterable<string>): Set<string> {
  const prefixes = new Set<string>()
  for (const key of keys) for (let end = 1; end <= key.length; end++) prefixes.add(key.slice(0, end))
  return prefixes
}
const TITLE_PREFIXES = prefixesOf(Object.keys(TITLES))
// The tables as Maps: a Map finds a key built at run time faster than a plain object does. `lookup` returns what
// `record[key]` returns, including what a plain object inherits (`constructor`), so no result changes.
const TITLE_MAP = new Map(Object.entries(TITLES))
const SUFFIX_MAP = new Map(Object.entries(SUFFIXES))
const SALUTATION_MAP = new Map(Object.entries(SALUTATIONS))
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype))

/** `record[key]`, read from `map` (the record's entries) where it holds the key. @internal */
export function lookup<V>(map: Map<string, V>, record: Record<string, V>, key: string): V | undefined {
  const value = map.get(key)
  return value !== undefined || !INHERITED.has(key) ? value : record[key]
}
// `TITLES[key]` also finds what a plain object inherits; the lower-case names among them (`constructor`,
// `__proto__`) are kept reachable so that pruning spans by prefix changes no result.
const SPAN_PREFIXES = prefixesOf([
  ...Object.keys(TITLES),
  ...Object.getOwnPropertyNames(Object.prototype).filter((name) => name === name.toLowerCase()),
])
const SUFFIX_KEYS = new Set(Object.keys(SUFFIXES))
// Cheap pre-checks: the birth-name and nickname patterns run only when their marker characters occur.
const MAYBE_BIRTH_NAME = /geb|n[ée]e|born/i
const MAYBE_NICKNAME = /["“„(‘']/

function language(locale: string | undefined): string {
  return (locale ?? '').slice(0, 2).toLowerCase()
}

const SALUTATION_LANGUAGE: Record<string, string> = {
  m: 'fr',
  pan: 'pl',
  pani: 'pl',
  bay: 'tr',
  heer: 'nl',
  mw: 'nl',
  sr: 'es',
  sig: 'it',
}

/** Whether a key names a title, suffix or salutation (`key in` any of the tables). @internal */
export function isKnownWord(key: string): boolean {
  return TITLE_MAP.has(key) || SUFFIX_MAP.has(key) || SALUTATION_MAP.has(key) || INHERITED.has(key)
}

// Splits `Prof.Dr.` and `J.R.R.` into their dotted parts unless the whole token is one title (`Dr.-Ing.`).
function expandTokens(text: string): string[] {
  const tokens: string[] = []
  for (const token of text.split(' ')) {
    if (token.length > 2 && token.includes('.') && !isKnownWord(keyOf(token)))
      tokens.push(...token.split(DOTTED_RUN))
    else if (token) tokens.push(token)
  }
  return tokens
}

/**
 * Finds the longest title at `start` (keys: the tokens' keys), with the faculty that follows a degree (`Prof. Dr.`
 * and `rer. nat.` give `Prof. Dr. rer. nat.`). @internal
 */
export function matchTitle(
  tokens: string[],
  start: number,
  keys: string[] = tokens.map(keyOf),
): { canonical: string; length: number } | undefined {
  let entry = matchTitleEntry(tokens, start, keys)
  // `Dr. Phil Collins`: a faculty word written as a name ends the title before it.
  const named = entry && entry.length > 1 ? namedFaculty(tokens, start + 1, start + entry.length) : -1
  if (named !== -1) entry = matchTitleEntry(tokens, start, keys, named - start)
  if (!entry || !DEGREE.test(entry.canonical)) return entry
  // A degree's faculty is part of it, so `rer.` never becomes a first name.
  const faculty = matchFaculty(tokens, start + entry.length, keys)
  return faculty.length === 0
    ? entry
    : { canonical: `${entry.canonical} ${faculty.words.join(' ')}`, length: entry.length + faculty.length }
}

/** The longest entry of the title table at `start`, of at most `most` words. @internal */
export function matchTitleEntry(
  tokens: string[],
  start: number,
  keys: string[] = tokens.map(keyOf),
  most = 4,
): { canonical: string; length: number } | undefined {
  if (!TITLE_PREFIXES.has(keys[start] ?? '')) return undefined
  // Keys drop dots, spaces and hyphens, so the key of a span is its words' keys joined. A span can only be a
  // title when each shorter span is a prefix of one, so the spans are built from the left until one is not.
  const spans: string[] = []
  let joined = ''
  for (let length = 1; length <= Math.min(most, tokens.length - start); length++) {
    joined += keys[start + length - 1] ?? ''
    if (length > 1 && !SPAN_PREFIXES.has(joined)) break
    spans.push(joined)
  }
  for (let length = spans.length; length >= 1; length--) {
    const key = spans[length - 1] ?? ''
    const canonical = lookup(TITLE_MAP, TITLES, key)
    if (!canonical) continue
    const written = tokens.slice(start, start + length).join(' ')
    if (length === 1 && WEAK_TITLES.has(key) && !written.includes('.') && written !== written.toUpperCase())
      continue
    return { canonical, length }
  }
  return undefined
}

// Degrees that take a faculty after them: doctorates (`Dr.`, `Dr.-Ing.`), Austria's `Mag.`, `Bakk.`, `Lic.`.
const DEGREE = /(?:^|[\s-])(?:Dr|Mag|Bakk|Lic)\.(?:-Ing\.)?(?: [a-z]+\.)*$/

/**
 * The faculty words at `start`, canonically spelled (`rer. nat.`, `h. c.`, `E. h.`). Each is written with a dot and
 * in small letters or all capitals, so the initials of `Dr. E. H. Meier` stay a name.
 */
function matchFaculty(tokens: string[], start: number, keys: string[]): { words: string[]; length: number } {
  const words: string[] = []
  let index = start
  while (isQualifierWord(tokens[index])) {
    const key = keys[index] ?? ''
    const pair = isQualifierWord(tokens[index + 1]) ? `${tokens[index]} ${tokens[index + 1]}` : ''
    if (key.length > 1 && DEGREE_QUALIFIERS.has(key)) {
      words.push(`${key}.`)
      index += 1
    } else if (HONORARY.test(pair)) {
      words.push(key === 'h' ? 'h. c.' : 'E. h.')
      index += 2
    } else break
  }
  return { words, length: index - start }
}

// `h. c.` (honoris causa) and `E. h.` (Ehren halber); `H. C.` and `E. H.` are a person's initials.
const HONORARY = /^(?:h\. c\.|[Ee]\. h\.)$/

// The index of the first faculty word written as a name (capitalised, no dot: `Phil`), or -1.
function namedFaculty(tokens: string[], from: number, to: number): number {
  for (let index = from; index < to; index++) {
    const token = tokens[index] ?? ''
    if (
      DEGREE_QUALIFIERS.has(token.toLowerCase()) &&
      token !== token.toLowerCase() &&
      token !== token.toUpperCase()
    )
      return index
  }
  return -1
}

function isQualifierWord(token: string | undefined): boolean {
  if (token === undefined || token.length < 2 || !token.endsWith('.')) return false
  const word = token.slice(0, -1)
  return word === word.toLowerCase() || word === word.toUpperCase()
}

function matchSalutation(
  tokens: string[],
  start: number,
  lang: string,
  keys: string[],
): { salutation: (typeof SALUTATIONS)[string]; length: number } | undefined {
  const key = keys[start] ?? ''
  if (key === 'de' && tokens.length - start >= 3) {
    const two = lookup(SALUTATION_MAP, SALUTATIONS, `${key}${keys[start + 1]}`)
    if (two) return { salutation: two, length: 2 }
  }
  const salutation = lookup(SALUTATION_MAP, SALUTATIONS, key)
  if (!salutation || tokens.length - start < 2) return undefined
  if (WEAK_SALUTATIONS.has(key)) {
    const token = tokens[start] ?? ''
    const languageMatches = SALUTATION_LANGUAGE[key] === lang
    if (!languageMatches && !(token.endsWith('.') && key !== 'm')) return undefined
    if (key === 'm' && lang !== 'fr') return undefined
  }
  return { salutation, length: 1 }
}

function matchSuffix(tokens: string[], end: number): { canonical: string; length: number } | undefined {
  const lastKey = keyOf((tokens[end - 1] ?? '').replace(EDGE_PUNCTUATION, ''))
  // Two-word suffixes (`a. D.`) end in a one-letter word; anything else must be a whole suffix.
  if (!SUFFIX_KEYS.has(lastKey) && lastKey.length > 1) return undefined
  for (let length = Math.min(2, end); length >= 1; length--) {
    const span = tokens.slice(end - length, end)
    const written = span.join(' ').replace(EDGE_PUNCTUATION, '')
    const key = keyOf(written)
    const canonical = lookup(SUFFIX_MAP, SUFFIXES, key)
    if (!canonical) continue
    if (WEAK_SUFFIXES.has(key) && !written.includes('.') && written !== written.toUpperCase()) continue
    return { canonical, length }
  }
  return undefined
}

// A German nobility rank (`Freiherr`, `Gräfin`; not `Mac`) before a word that is not a particle.
function isLeadingRank(word: string, next: string): boolean {
  const key = word.toLowerCase()
  return key !== 'mac' && NOBILITY.has(key) && !isParticle(next)
}

function isParticle(token: string): boolean {
  return PARTICLES.has(token.toLowerCase())
}

// Particles written in lower case; nobility ranks in a surname keep their capital.
function isLowerParticle(token: string): boolean {
  const key = token.toLowerCase()
  return PARTICLES.has(key) && !NOBILITY.has(key)
}

// Repairs a word written in all capitals or all lower case; mixed case is kept as the person wrote it.
function repairCase(word: string, asParticle: boolean, lang: string): string {
  // `Anna`: an ASCII capital then an ASCII small letter is mixed case, kept as written; skips three regex tests.
  if (isCapitalThenSmall(word)) return word
  if (!HAS_LETTER.test(word)) return word
  const mixed = HAS_LOWER.test(word) && HAS_UPPER.test(word)
  if (mixed) return word
  const isInitial = INITIAL.test(word)
  if (asParticle && (!isInitial || CONJUNCTION_PARTICLES.has(word.toLowerCase())))
    return lang === 'it' ? upperFirst(word.toLowerCase(), lang) : word.toLowerCase()
  if (HAS_UPPER.test(word) && word.length <= 1) return word
  return word
    .split(SEGMENT)
    .map((segment, index, segments) => {
      if (segment === "'" || segment === '’' || segment === '-') return segment
      // `d'Artagnan`-style elision keeps its lower-case letter in French; O'Brien capitalises both.
      if (
        index === 0 &&
        segments[1] &&
        segments[1] !== '-' &&
        segment.length === 1 &&
        segment.toLowerCase() === 'd' &&
        lang === 'fr'
      ) {
        return 'd'
      }
      return capitalizeSegment(segment, lang)
    })
    .join('')
}

function isCapitalThenSmall(word: string): boolean {
  const first = word.charCodeAt(0)
  const second = word.charCodeAt(1)
  return first >= 65 && first <= 90 && second >= 97 && second <= 122
}

function isShouting(word: string): boolean {
  return HAS_UPPER.test(word) && !HAS_LOWER.test(word) && word.replace(NOT_LETTER, '').length >= 2
}

interface Peeled {
  titles: string[]
  salutation?: (typeof SALUTATIONS)[string]
  rest: string[]
}

function peelFront(tokens: string[], lang: string): Peeled {
  const peeled: Peeled = { titles: [], rest: tokens }
  const keys = tokens.map(keyOf)
  let index = 0
  while (index < tokens.length) {
    if (!peeled.salutation) {
      const salutation = matchSalutation(tokens, index, lang, keys)
      if (salutation) {
        peeled.salutation = salutation.salutation
        index += salutation.length
        // A couple: `Herr und Frau Müller`, `Mr. and Mrs. Smith`; gender only when both state the same.
        const second = CONJUNCTION_WORD.test(tokens[index] ?? '')
          ? matchSalutation(tokens, index + 1, lang, keys)
          : undefined
        if (second) {
          const both = `${salutation.salutation.canonical} ${tokens[index]} ${second.salutation.canonical}`
          const gender =
            salutation.salutation.gender === second.salutation.gender ? second.salutation.gender : undefined
          peeled.salutation = gender ? { canonical: both, gender } : { canonical: both }
          index += 1 + second.length
        }
        continue
      }
    }
    const title = matchTitle(tokens, index, keys)
    if (title) {
      peeled.titles.push(title.canonical)
      index += title.length
      continue
    }
    // `His Excellency Lord Duncan`: after a title, `Lord`, `Lady` and `Hon` are titles without a dot too.
    const key = keys[index] ?? ''
    if (peeled.titles.length > 0 && TITLES_AFTER_TITLE.has(key) && index + 1 < tokens.length) {
      peeled.titles.push(TITLES[key] as string)
      index += 1
      continue
    }
    break
  }
  peeled.rest = tokens.slice(index)
  return peeled
}

function peelBack(tokens: string[], minimum: number): { suffixes: string[]; rest: string[] } {
  const suffixes: string[] = []
  let end = tokens.length
  while (end > minimum) {
    const suffix = matchSuffix(tokens, end)
    if (!suffix || end - suffix.length < minimum) break
    // `Larry James Johnson I`: a one-letter Roman numeral without a dot, after three name words; else an initial.
    if (
      ROMAN_LETTERS.has(suffix.canonical.toLowerCase()) &&
      (end < 4 || (tokens[end - 1] ?? '').includes('.'))
    )
      break
    suffixes.unshift(suffix.canonical)
    end -= suffix.length
  }
  return { suffixes, rest: tokens.slice(0, end) }
}

function allSuffixOrTitle(tokens: string[]): { suffixes: string[]; titles: string[] } | undefined {
  const { suffixes, rest } = peelBack(tokens, 0)
  const titles: string[] = []
  let index = 0
  while (index < rest.length) {
    const title = matchTitle(rest, index)
    if (!title) return undefined
    titles.push(title.canonical)
    index += title.length
  }
  return suffixes.length + titles.length > 0 ? { suffixes, titles } : undefined
}

function repairWords(words: string[], surname: boolean, lang: string): string {
  let result = ''
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string
    const particle =
      (surname && index < words.length - 1 && isLowerParticle(word)) ||
      (!surname && index > 0 && index < words.length - 1 && COUPLE_WORD.test(word))
    const repaired = repairCase(word.replace(EDGE_PUNCTUATION, ''), particle, lang)
    if (repaired) result = result ? `${result} ${repaired}` : repaired
  }
  return result
}

// Index where the last name starts among the name words.
function lastNameStart(words: string[], lang: string): number {
  const n = words.length
  for (let index = 1; index < n - 1; index++) {
    const word = words[index] ?? ''
    if (isParticle(word) && !CONJUNCTION_PARTICLES.has(word.toLowerCase())) return index
    if (CONJUNCTION_PARTICLES.has(word.toLowerCase()) && index >= 2) return index - 1
  }
  if ((lang === 'es' || lang === 'pt') && n >= 3) return n - 2
  return n - 1
}

function isPostNominal(word: string): boolean {
  return word.length > 0 && (ACRONYM.test(word) || SUFFIX_KEYS.has(keyOf(word.replace(EDGE_PUNCTUATION, ''))))
}

function canonicalSuffix(word: string): string {
  const written = word.replace(EDGE_PUNCTUATION, '')
  return lookup(SUFFIX_MAP, SUFFIXES, keyOf(written)) ?? written
}

function isLoneDash(word: string): boolean {
  return word === '-' || word === '–' || word === '—'
}

/**
 * A dash standing alone between two words (`Anna Müller - Schmidt`) is a double name written with spaces: it
 * joins its neighbours (`Müller-Schmidt`). Without `surname`, only between the last two words and with a given
 * name left before them; anywhere else (`Hans-Peter - Müller`) the dash is dropped.
 */
function withoutLoneDashes(words: string[], surname: boolean): string[] {
  if (!words.some(isLoneDash)) return words
  const kept: string[] = []
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string
    if (!isLoneDash(word)) {
      kept.push(word)
      continue
    }
    const next = words[index + 1]
    const joins = surname || (index === words.length - 2 && kept.length >= 2)
    if (joins && kept.length > 0 && next !== undefined && !isLoneDash(next)) {
      kept.push(`${kept.pop()}-${next}`)
      index++
    }
  }
  return kept
}

// `split(',')` of text without a comma, trimmed and without empty parts.
function wholePart(text: string): string[] {
  const trimmed = text.trim()
  return trimmed.length > 0 ? [trimmed] : []
}

/**
 * Parses a personal name into salutation, titles, first, middle and last name and suffix.
 *
 * Knows German, English, French, Dutch, Spanish, Italian, Turkish and Polish conventions: salutations
 * (`Herr`, `Frau`, `Mr`, `Mrs`, `Ms`, `Mx`, `Madame`, ...), academic and professional titles (`Prof. Dr. med.`,
 * `Dr.-Ing.`, `Dipl.-Ing.`, `Dipl.-Kfm.`, `Mag.`), suffixes (`Jr.`, `III`, `MdB`, `PhD`, `MBA`), particles kept
 * with the last name (`von`, `zu`, `von und zu`, `van der`, `de la`, `ter`), `Last, First` order, double names,
 * and case repair of ALL-CAPS or all-lowercase input that keeps McDonald, O'Brien, MacArthur and van der Berg.
 * Gender comes only from a salutation that states it.
 *
 * @param text - The whole name as written.
 * @param options - `locale` for language-specific conventions.
 * @returns The parts found; missing parts are absent. Never throws.
 *
 * @example
 * ```ts
 * parseName('Prof. Dr. med. Anna Schmidt')
 * // { raw: 'Prof. Dr. med. Anna Schmidt', title: 'Prof. Dr. med.', firstName: 'Anna', lastName: 'Schmidt' }
 * parseName('Herr Dipl.-Ing. Klaus Meier').salutation // 'Herr'
 * parseName('GUTTENBERG, KARL-THEODOR FREIHERR VON UND ZU').lastName // 'Freiherr von und zu Guttenberg'
 * ```
 */
export function parseName(text: string, options: ParseNameOptions = {}): ParsedName {
  const raw = String(text)
  const result: ParsedName = { raw }
  if (raw.length > MAX_NAME_LENGTH) return result
  const lang = language(options.locale)
  let cleaned = cleanText(raw).replace(FOR_THE_ATTENTION_OF, '')
  if (MAYBE_PICTOGRAPH.test(cleaned)) cleaned = cleanWhitespace(cleaned.replace(PICTOGRAPHS, ''))
  if (cleaned.endsWith('>')) cleaned = withoutMailbox(cleaned)
  const tail = withoutTail(cleaned)
  cleaned = tail.name
  if (tail.company) result.company = tail.company
  if (tail.department) result.department = tail.department
  if (tail.jobTitle) result.jobTitle = tail.jobTitle
  const birth = MAYBE_BIRTH_NAME.test(cleaned) ? BIRTH_NAME.exec(cleaned) : null
  let birthName: string | undefined
  if (birth?.[1]) {
    birthName = birth[1]
    cleaned = cleaned.slice(0, birth.index)
  }
  const nickname = MAYBE_NICKNAME.test(cleaned) ? NICKNAME.exec(cleaned) : null
  if (nickname) {
    const value = nickname.slice(1).find((group) => group !== undefined)
    if (value) result.nickname = cleanWhitespace(value)
    cleaned = cleanWhitespace(
      `${cleaned.slice(0, nickname.index)} ${cleaned.slice(nickname.index + nickname[0].length)}`,
    )
  }
  const parts = cleaned.includes(',')
    ? cleaned
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : wholePart(cleaned)
  const titles: string[] = []
  const suffixes: string[] = []
  // Trailing comma parts made only of suffixes or titles: `Schmidt, Anna, Dr.` or `John Smith, Jr., PhD`.
  while (parts.length > 1) {
    const tail = allSuffixOrTitle(expandTokens(parts[parts.length - 1] ?? ''))
    if (!tail) break
    suffixes.unshift(...tail.suffixes)
    titles.unshift(...tail.titles)
    parts.pop()
  }
  // Post-nominal letters we do not list, after the name (`John Doe, CLU, CFP, LUTC`) or after `Last, First`
  // (`Doe-Ray, Dr. John P., CLU, CFP`): capitals only, in a name that is not written in capitals throughout.
  if (parts.length > 1 && HAS_LOWER.test(cleaned)) {
    const nameParts = (parts[0] ?? '').includes(' ') ? 1 : 2
    let end = parts.length
    while (end > nameParts && (parts[end - 1] ?? '').split(' ').every(isPostNominal)) end--
    if (end < parts.length) {
      for (const part of parts.splice(end)) {
        for (const word of part.split(' ')) suffixes.push(canonicalSuffix(word))
      }
    }
  }
  let salutation: (typeof SALUTATIONS)[string] | undefined
  let first: string[] = []
  let middle: string[] = []
  let last: string[] = []
  if (parts.length >= 2) {
    // `Last, First Middle`: the given-name part may carry the salutation and titles; trailing particles move back.
    const surnameTokens = expandTokens(parts[0] ?? '')
    let lastPeeled = peelFront(surnameTokens, lang)
    // `Doctor, Jane` and `Judge, Mike`: a surname that is also a title word stays the surname.
    if (lastPeeled.rest.length === 0) lastPeeled = { titles: [], rest: surnameTokens }
    const givenPeeled = peelFront(withoutLoneDashes(expandTokens(parts.slice(1).join(' ')), false), lang)
    salutation = lastPeeled.salutation ?? givenPeeled.salutation
    titles.unshift(...lastPeeled.titles, ...givenPeeled.titles)
    const lastBack = peelBack(withoutLoneDashes(lastPeeled.rest, true), 1)
    suffixes.unshift(...lastBack.suffixes)
    const givenBack = peelBack(givenPeeled.rest, 1)
    suffixes.push(...givenBack.suffixes)
    const given = givenBack.rest
    let particleStart = given.length
    while (particleStart > 1 && isParticle(given[particleStart - 1] ?? '')) particleStart--
    last = [...given.slice(particleStart), ...lastBack.rest]
    first = given.slice(0, Math.min(1, particleStart))
    middle = given.slice(1, particleStart)
  } else {
    const peeled = peelFront(expandTokens(parts[0] ?? ''), lang)
    salutation = peeled.salutation
    titles.push(...peeled.titles)
    const back = peelBack(peeled.rest, 1)
    suffixes.unshift(...back.suffixes)
    const words = withoutLoneDashes(back.rest, false)
    if (words.length === 1) {
      // `Sir Gerald`, `Dame Mary`: these titles go with the first name; other titles with the last (`Dr. Schmidt`).
      if (!salutation && titles.length > 0 && FIRST_NAME_TITLES.has(titles[titles.length - 1] ?? ''))
        first = words
      else if (salutation || titles.length > 0) last = words
      else first = words
    } else if (words.length > 1) {
      // `SCHMIDT Anna`: a leading run in capitals before mixed-case words is the last name (French and
      // administrative order), unless the whole name shouts.
      let shoutRun = 0
      while (shoutRun < words.length && isShouting(words[shoutRun] ?? '')) shoutRun++
      if (
        shoutRun > 0 &&
        shoutRun < words.length &&
        words.slice(shoutRun).every((word) => !isShouting(word))
      ) {
        last = words.slice(0, shoutRun)
        first = words.slice(shoutRun, shoutRun + 1)
        middle = words.slice(shoutRun + 1)
      } else if (words.length === 3 && COUPLE_WORD.test(words[1] ?? '')) {
        // Two given names without a surname: `Hans und Maria`.
        first = words
      } else if (words.length >= 4 && COUPLE_WORD.test(words[1] ?? '')) {
        // A couple: `John and Jane Smith` has the given names `John and Jane`.
        const rest = words.slice(3)
        const start = lastNameStart(rest, lang)
        first = words.slice(0, 3)
        middle = rest.slice(0, start)
        last = rest.slice(start)
      } else if (words.length >= 3 && isLeadingRank(words[0] ?? '', words[1] ?? '')) {
        // `Freifrau Marie von Stein`, `Graf Otto Lambsdorff`: a rank written before the given name is part of the
        // surname, as in `Marie Freifrau von Stein`.
        const rest = words.slice(1)
        const start = lastNameStart(rest, lang)
        first = rest.slice(0, 1)
        middle = rest.slice(1, start)
        last = [words[0] ?? '', ...rest.slice(start)]
      } else {
        const start = lastNameStart(words, lang)
        first = words.slice(0, 1)
        middle = words.slice(1, start)
        last = words.slice(start)
      }
    }
  }
  if (salutation) {
    result.salutation = salutation.canonical
    if (salutation.gender) result.gender = salutation.gender
  }
  if (titles.length > 0) result.title = titles.join(' ')
  const firstName = repairWords(first, false, lang)
  const middleName = repairWords(middle, false, lang)
  const lastName = repairWords(last, true, lang)
  if (firstName) result.firstName = firstName
  if (middleName) result.middleName = middleName
  if (lastName) result.lastName = lastName
  if (suffixes.length > 0) result.suffix = suffixes.join(' ')
  if (birthName) result.birthName = repairCase(birthName, false, lang)
  return result
}

// What email display names and company directories put after the person: a company (`Anna Schmidt | Muster GmbH`,
// `Anna Schmidt (Muster GmbH)`, `Anna Schmidt - Muster GmbH`, `Anna Schmidt, Muster GmbH`), a department or job
// title (`Hans Müller (Vertrieb)`, `Anna Schmidt - Geschäftsführerin`) or a note (`Peter Meier (extern)`). A bar or
// `@` never stands in a name, so what follows it goes; after brackets, a spaced dash, a slash or a comma only such a
// part goes. It stays in `raw`.
const MARKED_TAIL = /\s*\|\s*\S.*$|\s+@\s*\S.*$/
const MARK = /^\s*[|@]\s*/
const MARKS = /\s*\|\s*|\s+@\s+/
const DASH_TAIL = /\s[-–—/]\s+((?:(?!\s[-–—/]\s).)+)$/
const COMMA_TAIL = /,\s*([^,]+)$/
// `Hans Müller (Vertrieb) - Muster GmbH`: a few parts, peeled from the end.
const MAX_TAILS = 3

/** @internal What {@link nameTail} finds. */
export interface Tail {
  name: string
  company?: string
  department?: string
  jobTitle?: string
}

type TailPart = { company: string } | { kind: Affiliation }

// What a part after the name is: a company, a department, a job title or a note; `undefined` for anything else.
function readTailPart(part: string): TailPart | undefined {
  const company = companyWithLegalForm(part)
  if (company !== undefined) return { company }
  const kind = affiliationOf(part)
  return kind === undefined ? undefined : { kind }
}

// A spaced dash or slash joins a double name of one word on each side (`Müller - Schmidt`). After a whole name, a
// part of several capitalised words (`Anna Schmidt - Lange Logistik`) or a code in capitals (`Jens Weber - SAP`)
// is the company the person writes with, as email display names do; a code that is the person's initials
// (`Hans Müller - HM`, the sign an office uses for them) is a note. Not after a name in capitals, where every word
// looks like a code, nor a part that starts with a particle (`- von Berg`).
const CAPITALISED = /^[\p{Lu}\d&]/u
const CAPITALS_CODE = /^(?=[^A-ZÄÖÜ]*[A-ZÄÖÜ])[A-ZÄÖÜ\d&.+-]{2,6}$/
const CODE_PUNCTUATION = /[.&+-]/g
const MAX_COMPANY_WORDS = 6

function dashTailPart(part: string, before: string): TailPart | undefined {
  const words = part.trim().split(' ')
  const names = before.split(' ').filter((word) => word !== '')
  if (names.length < 2) return undefined
  if (words.length === 1) {
    const code = words[0] as string
    if (!CAPITALS_CODE.test(code) || !HAS_LOWER.test(before)) return undefined
    const initials = names.map((name) => name.charAt(0).toUpperCase()).join('')
    return initials.endsWith(code.replace(CODE_PUNCTUATION, '')) ? { kind: 'note' } : { company: code }
  }
  if (words.length > MAX_COMPANY_WORDS) return undefined
  for (const word of words) if (!CAPITALISED.test(word)) return undefined
  return { company: part.trim() }
}

// Notes the part on `tail`; the first of each kind found stays, a note is dropped.
function noteTailPart(tail: Tail, part: string, reading: TailPart): void {
  if ('company' in reading) tail.company ??= reading.company
  else if (reading.kind !== 'note') tail[reading.kind] ??= cleanWhitespace(part)
}

// A company name before the part is no person (`Muster GmbH - Beispiel AG`), unless it ends in a part of its own
// with a person before that (`Hans Müller - Muster GmbH - Vertrieb`).
function personBefore(before: string): boolean {
  if (companyWithLegalForm(before) === undefined) return true
  const inner = withoutTail(before)
  return inner.name !== before && companyWithLegalForm(inner.name) === undefined
}

// `"Müller, Hans" <h.mueller@muster.de>`, a mail's sender as written: the name without the address and quotes.
const MAILBOX = /\s*<[^<>\s@]+@[^<>\s]+>$/
const QUOTED = /^["'“„](.*)["'”“]$/

function withoutMailbox(text: string): string {
  const name = text.replace(MAILBOX, '')
  if (name === text) return text
  const quoted = QUOTED.exec(name)
  return quoted ? (quoted[1] ?? '').trim() : name
}

const MAYBE_TAIL = /[([|@,/–—]|\s-\s/

/**
 * A name field's text without a company, department, job title or note written after the person
 * (`Schmidt (Einkauf)` in a last-name column), and what was found there; the text as given when there is none.
 * @internal
 */
export function nameTail(text: string): Tail {
  // Most name fields hold none of the marks: the text goes on as it is (the caller cleans it).
  if (!MAYBE_TAIL.test(text)) return { name: text }
  const cleaned = cleanText(text)
  const tail = withoutTail(cleaned)
  return tail.name === cleaned ? { name: text } : tail
}

function withoutTail(text: string): Tail {
  const tail: Tail = { name: text }
  const marked = MARKED_TAIL.exec(text)
  if (marked && marked.index > 0) {
    // `Anna Schmidt | Vertrieb | Muster GmbH`: every part is read.
    for (const part of marked[0].replace(MARK, '').split(MARKS)) {
      const reading = readTailPart(part)
      if (reading) noteTailPart(tail, part, reading)
    }
    tail.name = text.slice(0, marked.index)
  }
  for (let round = 0; round < MAX_TAILS; round++) {
    let peeled = false
    const comma = COMMA_TAIL.exec(tail.name)
    const dash = DASH_TAIL.exec(tail.name)
    for (const found of [trailingGroup(tail.name), dash, comma]) {
      const written = found?.[1]
      if (!found || !written || found.index === 0) continue
      const before = tail.name.slice(0, found.index).trimEnd()
      // `Schmidt, Vertrieb` is read as `Last, First`: after a comma only a company goes, or a part after a whole name.
      if (found === comma && !before.includes(' ') && companyWithLegalForm(written) === undefined) continue
      let reading = readTailPart(written)
      if (reading === undefined && found === dash) reading = dashTailPart(written, before)
      if (reading === undefined || !personBefore(before)) continue
      noteTailPart(tail, written, reading)
      tail.name = before
      peeled = true
      break
    }
    if (!peeled) break
  }
  return tail
}

// The bracketed group that ends the text, nested brackets included (`(Nordlicht UG (haftungsbeschränkt))`), in
// the shape of a match: the index where it starts and its inside as group 1.
function trailingGroup(text: string): { index: number; 1: string } | undefined {
  const last = text.charAt(text.length - 1)
  if (last !== ')' && last !== ']') return undefined
  let depth = 0
  for (let index = text.length - 1; index >= 0; index--) {
    const char = text.charAt(index)
    if (char === ')' || char === ']') depth++
    else if ((char === '(' || char === '[') && --depth === 0)
      return { index, 1: text.slice(index + 1, text.length - 1) }
  }
  return undefined
}

/**
 * The matching key of a name part (first or last name): folded with German transliteration, without
 * punctuation, so `Müller`, `MUELLER` and `Mueller` agree and `Hans-Peter` equals `Hans Peter`.
 *
 * @param value - A first name, last name or whole name.
 * @returns The key; `''` for a value without letters.
 *
 * @example
 * ```ts
 * nameKey('Müller-Lüdenscheidt') === nameKey('MUELLER LUEDENSCHEIDT') // true
 * ```
 */
export function nameKey(value: string): string {
  return fold(String(value), true)
}

/**
 * Repairs the case of a name part given on its own (a `lastName` column in capitals) the way {@link parseName} does.
 *
 * @internal
 */
export function repairNamePart(value: string, options: ParseNameOptions = {}, surname = false): string {
  const lang = language(options.locale)
  const words = cleanText(value).split(' ')
  return words
    .map((word, index) =>
      repairCase(
        word,
        surname
          ? index < words.length - 1 && isLowerParticle(word)
          : index > 0 && index < words.length - 1 && COUPLE_WORD.test(word),
        lang,
      ),
    )
    .join(' ')
}

/**
 * Canonical spelling of a salutation (`hr.` → `Herr`, `MRS` → `Mrs.`) and the gender it states.
 *
 * @internal
 */
export function canonicalSalutation(
  value: string,
): { canonical: string; gender?: 'male' | 'female' } | undefined {
  return SALUTATIONS[keyOf(cleanText(value))]
}

/**
 * Canonical spelling of a title string (`prof.dr.` → `Prof. Dr.`); `undefined` when a word is not a known title.
 *
 * @internal
 */
export function canonicalTitle(value: string): string | undefined {
  const tokens = expandTokens(cleanText(value))
  const titles: string[] = []
  let index = 0
  while (index < tokens.length) {
    const title = matchTitle(tokens, index)
    if (title) {
      titles.push(title.canonical)
      index += title.length
      continue
    }
    // As in parseName: `His Excellency Lord`.
    const key = keyOf(tokens[index] ?? '')
    if (titles.length === 0 || !TITLES_AFTER_TITLE.has(key)) return undefined
    titles.push(TITLES[key] as string)
    index += 1
  }
  return titles.length > 0 ? titles.join(' ') : undefined
}

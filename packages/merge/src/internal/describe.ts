/**
 * Readable explanations shared by the diff and the merge.
 *
 * @internal
 * @packageDocumentation
 */
import { type Contact, cleanWhitespace, foldCase } from '@contactkit/core'

/** @internal The time a record's values were last known true: `updatedAt`, else its source's capture time. */
export function recordTime(contact: Contact): string | undefined {
  return contact.updatedAt ?? contact.source?.at
}

// Records of one CRM share few distinct timestamps (an import run, a sync), and Date.parse takes about 0.2 µs.
const MILLIS_CACHE_LIMIT = 512
let millisCache = new Map<string, number>()

/** @internal Milliseconds since the epoch, or `undefined` for a missing or unreadable timestamp. */
export function toMillis(at: string | undefined): number | undefined {
  if (at === undefined) return undefined
  let millis = millisCache.get(at)
  if (millis === undefined) {
    millis = Date.parse(at)
    if (millisCache.size >= MILLIS_CACHE_LIMIT) millisCache = new Map()
    millisCache.set(at, millis)
  }
  return Number.isNaN(millis) ? undefined : millis
}

/** @internal What separates two texts that share a canonical key. */
export function formDifference(a: string, b: string): string {
  // Single-spaced printable ASCII and Latin-1 letters (nearly every name and title): white space needs no
  // cleaning, and case folds by lower case and ß → ss alone.
  if (!NEEDS_CLEANING.test(a) && !NEEDS_CLEANING.test(b)) {
    if (a === b) return 'spacing'
    return latin1FoldCase(a) === latin1FoldCase(b) ? 'letter case' : SPELLING
  }
  return formDifferenceByUnicode(a, b)
}

const SPELLING = 'spelling (umlauts, accents, punctuation or abbreviations)'
// What the fast path of formDifference cannot take: anything outside printable ASCII and the Latin-1 letters
// (which NFKC leaves as they are), and spaces at the ends or doubled.
const NEEDS_CLEANING = /[^\x20-\x7E\u00C0-\u00FF]|^ | $| {2}/

// core's foldCase for text of printable ASCII and Latin-1 letters.
function latin1FoldCase(text: string): string {
  const lower = text.toLowerCase()
  return lower.includes('ß') ? lower.replaceAll('ß', 'ss') : lower
}

/** @internal {@link formDifference} by core's Unicode clean-up and case folding, for any text. */
export function formDifferenceByUnicode(a: string, b: string): string {
  const cleanA = cleanWhitespace(a)
  const cleanB = cleanWhitespace(b)
  if (cleanA === cleanB) return 'spacing'
  if (foldCase(cleanA) === foldCase(cleanB)) return 'letter case'
  return SPELLING
}

const HAS_LOWER = /\p{Ll}/u
const HAS_UPPER = /\p{Lu}/u
// At module level: Node 20 builds compile Unicode property patterns with `new RegExp` where they stand.
const NOT_LETTER = /[^\p{L}]/gu

/** @internal Text written all in capitals or all in small letters, as exports and forms often do. */
export function hasPoorCasing(text: string): boolean {
  // Names and titles are almost always ASCII and Latin-1 letters, whose case is known without the Unicode
  // patterns; any other character above U+007F sends the text to the patterns.
  let upper = 0
  let lower = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) {
      if (code >= 0x41 && code <= 0x5a) upper++
      else if (code >= 0x61 && code <= 0x7a) lower++
    } else if (code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7) {
      // À–Þ are capitals, ß–ÿ small letters.
      if (code <= 0xde) upper++
      else lower++
    } else return hasPoorCasingByPattern(text)
  }
  if (upper + lower < 2) return false
  return upper === 0 || lower === 0
}

/** @internal {@link hasPoorCasing} by the Unicode letter patterns, for any text. */
export function hasPoorCasingByPattern(text: string): boolean {
  const letters = text.replace(NOT_LETTER, '')
  if (letters.length < 2) return false
  return !HAS_LOWER.test(letters) || !HAS_UPPER.test(letters)
}

/** @internal Quotes a value for a reason text. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`
  if (typeof value === 'object' && value !== null && 'value' in value) return `"${String(value.value)}"`
  if (typeof value === 'object' && value !== null) {
    // The parts by name: a loop over their names would read them through V8's megamorphic cache.
    const address = value as Partial<
      Record<'street' | 'houseNumber' | 'postalCode' | 'city' | 'country', unknown>
    >
    let text = ''
    text = withPart(text, address.street)
    text = withPart(text, address.houseNumber)
    text = withPart(text, address.postalCode)
    text = withPart(text, address.city)
    text = withPart(text, address.country)
    if (text !== '') return `"${text}"`
  }
  return JSON.stringify(value) ?? 'nothing'
}

function withPart(text: string, written: unknown): string {
  if (typeof written !== 'string' || written === '') return text
  return text === '' ? written : `${text} ${written}`
}

/** @internal A date for people: the calendar day of an ISO timestamp. */
export function day(at: string): string {
  return at.slice(0, 10)
}

/** @internal `a` or `an` with the label, for reason texts. */
export function article(label: string): string {
  return /^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`
}

/**
 * @internal `longer` covers `shorter` when every token of `shorter` (split at single spaces) appears in it, an
 * initial standing for any token it begins (`a` covers `anna`). Scans in place: no token arrays or substrings.
 */
export function covers(longer: string, shorter: string): boolean {
  let start = 0
  while (start <= shorter.length) {
    let end = shorter.indexOf(' ', start)
    if (end === -1) end = shorter.length
    if (!hasToken(longer, shorter, start, end)) return false
    start = end + 1
  }
  return true
}

// Whether a token of `text` equals `source[from, to)` or, for a one-letter token, begins with it.
function hasToken(text: string, source: string, from: number, to: number): boolean {
  const length = to - from
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf(' ', start)
    if (end === -1) end = text.length
    const otherLength = end - start
    if (otherLength === length || (length === 1 && otherLength > 1)) {
      let same = true
      for (let offset = 0; offset < length; offset++) {
        if (text.charCodeAt(start + offset) !== source.charCodeAt(from + offset)) {
          same = false
          break
        }
      }
      if (same) return true
    }
    start = end + 1
  }
  return false
}

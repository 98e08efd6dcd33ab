import type { PhoneKind } from '@contactkit/core'
import type { NumberType } from 'libphonenumber-js/core'
import { Memo } from './internal/memo.js'
import { countryOption } from './internal/options.js'
import { formatPhone } from './internal/phone-format.js'
import {
  type FastPhone,
  fastParse,
  fastSimpleE164,
  numberType,
  parsePhone,
} from './internal/phone-metadata.js'
import { cleanText } from './internal/text.js'
import type { ValueIssue } from './issue.js'
import type { KeyCacheOptions } from './key-options.js'

/**
 * What kind of line a number is, from the numbering plan of its country (libphonenumber types in camelCase).
 *
 * @example
 * ```ts
 * const kind: PhoneNumberKind = 'mobile'
 * ```
 */
export type PhoneNumberKind =
  | 'mobile'
  | 'fixedLine'
  | 'fixedLineOrMobile'
  | 'tollFree'
  | 'premiumRate'
  | 'sharedCost'
  | 'voip'
  | 'personal'
  | 'pager'
  | 'uan'
  | 'voicemail'

/**
 * Options of {@link normalizePhone} and {@link normalizePhones}.
 *
 * @example
 * ```ts
 * const options: NormalizePhoneOptions = { defaultCountry: 'DE' }
 * const keysOnly: NormalizePhoneOptions = { defaultCountry: 'DE', formats: false }
 * ```
 */
export interface NormalizePhoneOptions {
  /** ISO 3166-1 alpha-2 country for numbers written without a country code, e.g. `'DE'`. */
  defaultCountry?: string | undefined
  /**
   * Build the `national` and `international` display formats (default `true`). With `false` both stay
   * `undefined` and every other field (`e164`, `country`, `kind`, `extension`, `label`, `valid`, `confidence`,
   * `issues`) is the same as with `true`; formatting is the slowest step, so callers that only need the E.164
   * form or the validity (matching keys, signature lines, imports) should pass `false`.
   *
   * @example
   * ```ts
   * const phone = normalizePhone('089/123 45-67', { defaultCountry: 'DE', formats: false })
   * phone.e164 // '+49891234567'
   * phone.national // undefined
   * ```
   */
  formats?: boolean | undefined
}

/**
 * The result of {@link normalizePhone}.
 *
 * @example
 * ```ts
 * const phone: NormalizedPhone = normalizePhone('+49 (0)89 1234567', { defaultCountry: 'DE' })
 * phone.e164 // '+49891234567'
 * ```
 */
export interface NormalizedPhone {
  /** The value as given. */
  raw: string
  /** E.164 form (`+49891234567`), present when the number has a plausible length for its country. */
  e164?: string
  /** National format, e.g. `089 1234567`; valid numbers only, and not with `formats: false`. */
  national?: string
  /** International format, e.g. `+49 89 1234567`; valid numbers only, and not with `formats: false`. */
  international?: string
  /** ISO 3166-1 alpha-2 country of the number. */
  country?: string
  /** Line type from the numbering plan (valid numbers only). */
  kind?: PhoneNumberKind
  /** Extension written with a marker (`ext. 12`, `x123`, `Durchwahl -12`, `App. 5`). */
  extension?: string
  /** Contact phone kind implied by a label left in the cell (`Fax:`, `Mobil`, `Tel. privat`). */
  label?: PhoneKind
  /** The number is valid in its country's numbering plan. */
  valid: boolean
  /**
   * `high` when the writing fixes the country (a `+` or `00` prefix, or the default country's trunk prefix),
   * `low` when the number is valid only by assuming the default country.
   */
  confidence: 'high' | 'low'
  /** Findings such as `PHONE_INVALID` or `PHONE_COUNTRY_GUESSED`. */
  issues: ValueIssue[]
}

const KIND_BY_TYPE: Record<NumberType & string, PhoneNumberKind> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixedLine',
  FIXED_LINE_OR_MOBILE: 'fixedLineOrMobile',
  TOLL_FREE: 'tollFree',
  PREMIUM_RATE: 'premiumRate',
  SHARED_COST: 'sharedCost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
}

// Longest cell we parse; libphonenumber itself refuses inputs over 250 characters.
const MAX_PHONE_LENGTH = 200

// A label a person left in front of the number: `Tel.:`, `Fax`, `Mobil:`, `M`, `T +49 ...`.
const LABEL =
  /^(?:(telefax|fax|f)|(mobil(?:telefon|funk)?|mobile|handy|cell(?:phone)?|mob|m)|(privat|home|priv)|(tel(?:efon)?|phone|fon|ph|t|p|zentrale|office|b[üu]ro|work|gesch[äa]ftlich|direkt|direct|d))\b\.?(?:\s*\(?(privat|home|mobil|gesch\.?|work)\)?)?\s*[:.]?\s*(?=[+(\d])/i
const LABEL_KIND: PhoneKind[] = ['fax', 'mobile', 'home', 'work']
// An extension marked as such at the end of a cell.
const EXTENSION =
  /[\s,;]*(?:ext(?:ension)?\.?|x|#|durchwahl|durchw\.?|dw\.?|app\.?|apparat|nebenstelle|nst\.?|tl\.?|poste)\s*[:.]?\s*-?\s*(\d{1,6})\s*$/i
const INTERNATIONAL_PREFIX = /^\(?\s*(?:\+|00)/
// 3-3-4 digits with separators: the way North American numbers are written.
const NANP_LOOK = /^\(?[2-9]\d{2}\)?[\s.-]?[2-9]\d{2}[\s.-]\d{4}$/
const NON_DIGIT = /\D+/g
const MAYBE_EXTENSION = /[A-Za-z#]/

function startsWithAsciiLetter(text: string): boolean {
  const code = text.charCodeAt(0) | 0x20
  return code >= 97 && code <= 122
}

/**
 * Core of {@link normalizePhone}; `formats: false` skips the national and international formats (the slow part).
 *
 * @internal
 */
export function analyzePhone(
  raw: string,
  defaultCountry: string | undefined,
  formats: boolean,
): NormalizedPhone {
  const result: NormalizedPhone = { raw, valid: false, confidence: 'low', issues: [] }
  let text = cleanText(raw)
  if (text.length === 0 || text.length > MAX_PHONE_LENGTH) {
    result.issues.push({
      code: 'PHONE_INVALID',
      message: text.length === 0 ? 'The phone number is empty' : 'The phone number is too long to be one',
    })
    return result
  }
  // Every label starts with an ASCII letter (the pattern is not `u`, so no other letter folds to one).
  const label = startsWithAsciiLetter(text) ? LABEL.exec(text) : null
  if (label) {
    const index = label.slice(1, 5).findIndex((group) => group !== undefined)
    const qualifier = label[5]?.toLowerCase()
    const kind = qualifier
      ? qualifier.startsWith('mobil')
        ? 'mobile'
        : qualifier.startsWith('priv') || qualifier === 'home'
          ? 'home'
          : 'work'
      : LABEL_KIND[index]
    // `Tel.`/`Phone` name no kind; `Direkt`, `Büro` and the like do.
    if (kind && !(index === 3 && !qualifier && /^(?:tel|phone|fon|ph|t|p)/i.test(label[4] ?? ''))) {
      result.label = kind
    }
    text = text.slice(label[0].length)
  }
  // Every extension marker holds an ASCII letter or `#`: cells of digits and separators skip the scan.
  const extension = MAYBE_EXTENSION.test(text) ? EXTENSION.exec(text) : null
  if (extension?.[1] && extension.index > 0) {
    result.extension = extension[1]
    text = text.slice(0, extension.index)
  }
  const digits = text.replace(NON_DIGIT, '')
  if (digits.length < 3) {
    result.issues.push({ code: 'PHONE_INVALID', message: 'The phone number has too few digits' })
    return result
  }
  const international = INTERNATIONAL_PREFIX.test(text)
  // Plainly written numbers of simple plans skip libphonenumber-js' general parser (same results, tested).
  const fast = fastParse(text, defaultCountry, digits)
  const parsed = fast ? undefined : parsePhone(text, defaultCountry)
  const found = fast ?? parsed
  if (!found) {
    result.issues.push({
      code: 'PHONE_INVALID',
      message:
        international || defaultCountry
          ? 'The text is not a phone number'
          : 'The number has no country code and no default country was given',
    })
    return result
  }
  if (found.country) result.country = found.country
  if (parsed?.ext && !result.extension) result.extension = parsed.ext
  const type = fast ? fast.type : parsed ? numberType(parsed) : undefined
  result.valid = type !== undefined
  if (result.valid || parsed?.isPossible()) result.e164 = found.number
  if (!result.valid) {
    result.issues.push({
      code: 'PHONE_INVALID',
      message: `Not a valid ${found.country ?? `+${found.countryCallingCode}`} phone number`,
    })
    return result
  }
  if (type) result.kind = KIND_BY_TYPE[type]
  if (formats) {
    // libphonenumber-js' formats with compiled patterns kept (same results, tested).
    const number = parsed ?? (found as FastPhone)
    result.national = formatPhone(number, 'NATIONAL')
    result.international = formatPhone(number, 'INTERNATIONAL')
  }
  result.confidence = international ? 'high' : guessConfidence(text, digits, found, defaultCountry)
  if (result.confidence === 'low') {
    result.issues.push({
      code: 'PHONE_COUNTRY_GUESSED',
      message: `Read as a ${defaultCountry} number only because ${defaultCountry} is the default country; it is written without the trunk prefix or like a number of another country`,
    })
  }
  return result
}

function guessConfidence(
  text: string,
  digits: string,
  parsed: { country?: string | undefined; countryCallingCode: string; number: string },
  defaultCountry: string | undefined,
): 'high' | 'low' {
  if (!defaultCountry || parsed.country !== defaultCountry) return 'high'
  // North American numbers carry no trunk prefix in writing, so 3-3-4 is normal there and foreign elsewhere.
  if (parsed.countryCallingCode !== '1' && NANP_LOOK.test(text)) return 'low'
  if (digits.startsWith('0')) return 'high'
  // Written without a trunk prefix where the plan has one: with a leading 0 it would be the very same number,
  // so the writer either dropped the 0 or meant another country. Italian numbers (0 is part of them) stay high.
  const withTrunk = fastParse(`0${digits}`, defaultCountry) ?? parsePhone(`0${digits}`, defaultCountry)
  return withTrunk?.number === parsed.number ? 'low' : 'high'
}

/**
 * Normalises one phone number: E.164, national and international formats, country, line kind, extension and validity.
 *
 * Reads `+49 (0)89 1234567`, `0049 89 ...`, `089/123 45-67`, `Durchwahl -12`, `ext. 12`, `x123` and labels
 * left in the cell (`Tel.:`, `Fax`, `Mobil`). A number that is valid only by assuming the default country
 * (`212-555-0123` read as a Solingen number when the default is DE) gets `confidence: 'low'` and a
 * `PHONE_COUNTRY_GUESSED` issue instead of passing as a sure thing. Uses libphonenumber-js with full metadata.
 *
 * @param raw - The number as written.
 * @param options - `defaultCountry` for numbers written without a country code; `formats: false` to skip the
 *   national and international formats (everything else unchanged, and faster).
 * @returns The canonical forms; never throws on messy text (see `valid` and `issues`).
 * @throws {NormalizeError} NORMALIZE_INVALID_OPTION when `defaultCountry` is not a two-letter code.
 *
 * @example
 * ```ts
 * const phone = normalizePhone('Tel.: +49 (0)89 1234567 Durchwahl -12', { defaultCountry: 'DE' })
 * phone.e164 // '+49891234567'
 * phone.extension // '12'
 * phone.national // '089 1234567'
 * normalizePhone('212-555-0123', { defaultCountry: 'DE' }).confidence // 'low'
 * normalizePhone('089 1234567', { defaultCountry: 'DE', formats: false }).national // undefined
 * ```
 */
export function normalizePhone(raw: string, options: NormalizePhoneOptions = {}): NormalizedPhone {
  return analyzePhone(String(raw), countryOption(options.defaultCountry), options.formats !== false)
}

// Separators between two numbers in one cell. A comma before an extension marker is not one.
const STRONG_SEPARATOR =
  /\s*(?:[;|\n\r]+|,(?!\s*(?:ext|x\s*\d|durchwahl|dw|app))|\s(?:oder|or|und|and|bzw\.?|sowie)\s)\s*/i
// A second label after a number: `Tel. 089 1234567 Fax 089 1234568`.
const LABEL_AFTER_NUMBER =
  /(?<=\d)\s+(?=(?:tel(?:efon)?|telefax|fax|mobil(?:e)?|handy|fon|phone|cell|mob|m|t|f)\b\.?\s*[:.]?\s*[+(\d])/i
const SLASH_SPLIT = /\s*\/\s*/
// Cheap pre-check for LABEL_AFTER_NUMBER: a word after a digit.
const DIGIT_THEN_WORD = /\d\s+[a-z]/i
const STARTS_LIKE_NUMBER = /^[+(0]/

/**
 * Splits a cell that may hold several numbers (`0171 2345678 / 089 1234567`, `Tel. ... Fax ...`, `...; ...`)
 * into one string per number. Slashes inside one number (`089/123 45-67`) are kept.
 *
 * @param cell - The cell as written.
 * @returns The parts, each a single number as written (with its label), without empty parts.
 *
 * @example
 * ```ts
 * splitPhones('Tel. 089 1234567, Fax 089 1234568') // ['Tel. 089 1234567', 'Fax 089 1234568']
 * splitPhones('089/123 45-67') // ['089/123 45-67']
 * ```
 */
export function splitPhones(cell: string): string[] {
  const text = cleanText(String(cell))
  // Digits, spaces, `+`, `-`, `.` and parentheses only: no separator, label or slash to split at (clean text
  // is trimmed already).
  if (PLAIN_NUMBER.test(text)) return text ? [text] : []
  return splitPhonesGenerally(text)
}

const PLAIN_NUMBER = /^[\d +().-]*$/

/**
 * {@link splitPhones} without its fast path, on cleaned text.
 *
 * @internal
 */
export function splitPhonesGenerally(text: string): string[] {
  const parts: string[] = []
  for (const piece of text.split(STRONG_SEPARATOR)) {
    for (const labelled of DIGIT_THEN_WORD.test(piece) ? piece.split(LABEL_AFTER_NUMBER) : [piece]) {
      const halves = labelled.split(SLASH_SPLIT)
      // Split at a slash only when every side is a whole number on its own (starts with +, 0 or '(').
      if (
        halves.length > 1 &&
        halves.every(
          (half) =>
            half.replace(NON_DIGIT, '').length >= 6 &&
            STARTS_LIKE_NUMBER.test(half.replace(LABEL, '').trim()),
        )
      ) {
        parts.push(...halves)
      } else if (labelled.trim()) {
        parts.push(labelled.trim())
      }
    }
  }
  return parts.filter((part) => part.length > 0)
}

/**
 * Normalises a cell that may hold several numbers: {@link splitPhones}, then {@link normalizePhone} on each part.
 *
 * @param cell - The cell as written.
 * @param options - `defaultCountry` for numbers written without a country code; `formats: false` to skip the
 *   national and international formats.
 * @returns One result per number found; an empty list for an empty cell.
 * @throws {NormalizeError} NORMALIZE_INVALID_OPTION when `defaultCountry` is not a two-letter code.
 *
 * @example
 * ```ts
 * normalizePhones('0171 2345678 / 089 1234567', { defaultCountry: 'DE' }).map((p) => p.e164)
 * // ['+491712345678', '+49891234567']
 * ```
 */
export function normalizePhones(cell: string, options: NormalizePhoneOptions = {}): NormalizedPhone[] {
  const country = countryOption(options.defaultCountry)
  const formats = options.formats !== false
  return splitPhones(cell).map((part) => analyzePhone(part, country, formats))
}

/**
 * The matching key of a phone number: E.164 without extension where the number parses, else its digits.
 * Two spellings of one number (`+49 (0)89 1234567`, `089/1234567`) get the same key.
 *
 * @param value - A number as written, or an E.164 value from a normalised contact.
 * @param defaultCountry - Country for numbers written without a country code.
 * @param options - `cache: false` to skip the shared memo (for numbers seen once).
 * @returns The key; `''` when the value has no digits.
 *
 * @example
 * ```ts
 * phoneKey('+49 (0)89 1234567') === phoneKey('089/123 45-67', 'DE') // true: '+49891234567'
 * phoneKey('0171 2345678', 'DE', { cache: false }) // '+491712345678'
 * ```
 */
export function phoneKey(value: string, defaultCountry?: string, options?: KeyCacheOptions): string {
  const country = countryOption(defaultCountry)
  const text = String(value)
  if (options?.cache === false) return computePhoneKey(text, country)
  const memo = phoneKeysOf(country)
  return memo.get(text) ?? memo.set(text, computePhoneKey(text, country))
}

// One memo per default country (few in practice; a new one per country seen).
const phoneKeys = new Map<string | undefined, Memo<string>>()

function phoneKeysOf(country: string | undefined): Memo<string> {
  let memo = phoneKeys.get(country)
  if (!memo) {
    // Bounded by the ~250 country codes the option accepts; reset if a caller cycles through all of them.
    if (phoneKeys.size >= 16) phoneKeys.clear()
    memo = new Memo<string>()
    phoneKeys.set(country, memo)
  }
  return memo
}
const NOT_SIMPLE = 0
const SIMPLE = 1
// `+` and digits only, as a normalised contact stores a number.
const PLUS_DIGITS = 2

/**
 * How a text is written, in one pass: {@link PLUS_DIGITS} for `+` and digits only; {@link SIMPLE} for any other
 * text that `analyzePhone` would read as it is (no clean-up to do: single spaces inside, nothing outside printable
 * ASCII; no label or extension, which start with or hold an ASCII letter or `#`; not too long) and the fast
 * parser takes (a leading `+`, digits, spaces, `./-`, at most one group of 1–6 digits in brackets); else
 * {@link NOT_SIMPLE}. One loop instead of five regular expressions on every new number.
 */
function simpleForm(text: string): number {
  const length = text.length
  if (length === 0 || length > MAX_PHONE_LENGTH) return NOT_SIMPLE
  let onlyDigits = true
  // Before the group in brackets, inside it (with how many digits), or after it.
  let group = -1
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 48 && code <= 57) {
      if (group >= 0 && ++group > 6) return NOT_SIMPLE
      continue
    }
    if (code === 43 && index === 0) continue // +
    onlyDigits = false
    if (group >= 0) {
      // Inside the group: digits, then its closing bracket.
      if (code !== 41 || group === 0) return NOT_SIMPLE
      group = -2
      continue
    }
    if (code === 32) {
      // Single spaces inside the text only.
      if (index === 0 || index === length - 1 || text.charCodeAt(index + 1) === 32) return NOT_SIMPLE
    } else if (code === 40) {
      if (group === -2) return NOT_SIMPLE
      group = 0
    } else if (code !== 46 && code !== 47 && code !== 45) return NOT_SIMPLE // . / -
  }
  if (group >= 0) return NOT_SIMPLE
  return onlyDigits && text.charCodeAt(0) === 43 ? PLUS_DIGITS : SIMPLE
}

/**
 * {@link phoneKey} without its memo. A value written as E.164, or otherwise plainly in the simple form, goes
 * straight to the fast parser, which is what `analyzePhone` would do first with it (no label, no extension, no
 * clean-up); anything else, and a value the fast parser leaves alone, takes the general path.
 *
 * @internal
 */
export function computePhoneKey(text: string, country: string | undefined): string {
  const form = simpleForm(text)
  if (form !== NOT_SIMPLE) {
    // `089 1234567`, `+49 (0)171 2345678`: skip building analyzePhone's result object.
    const digits = form === PLUS_DIGITS ? text.slice(1) : text.replace(NON_DIGIT, '')
    if (digits.length >= 3) {
      const fast = fastSimpleE164(text, country, digits)
      // E.164 text comes back as it is unless a trunk prefix was dropped: hand back the (flat) input then.
      if (fast) return form === PLUS_DIGITS && fast.length === text.length ? text : fast
    }
  }
  const phone = analyzePhone(text, country, false)
  if (phone.e164) return phone.e164
  return text.replace(EXTENSION, '').replace(NON_DIGIT, '')
}

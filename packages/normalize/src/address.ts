import { companyWithLegalForm } from './company.js'
import { placeNameCase } from './internal/address-case.js'
import { countryCode, POSTCODE_COUNTRY_PREFIX } from './internal/countries.js'
import { fold } from './internal/fold.js'
import { Memo } from './internal/memo.js'
import { countryOption } from './internal/options.js'
import { checkPostcode } from './internal/postcodes.js'
import { cleanText } from './internal/text.js'
import type { ValueIssue } from './issue.js'

/**
 * An address given as parts (as a form or CRM holds it); any part may be missing, `line` is a free-text line.
 *
 * @example
 * ```ts
 * const parts: AddressParts = { street: 'Hauptstr. 4', postalCode: 1067, city: 'Dresden', country: 'Deutschland' }
 * ```
 */
export interface AddressParts {
  line?: string | undefined
  street?: string | undefined
  houseNumber?: string | number | undefined
  postalCode?: string | number | undefined
  city?: string | undefined
  region?: string | undefined
  /** A country name in German, English or French, or an ISO code. */
  country?: string | undefined
}

/**
 * Options of {@link normalizeAddress}.
 *
 * @example
 * ```ts
 * const options: NormalizeAddressOptions = { defaultCountry: 'DE' }
 * ```
 */
export interface NormalizeAddressOptions {
  /** Country (ISO 3166-1 alpha-2) assumed when the address names none. */
  defaultCountry?: string | undefined
}

/**
 * The result of {@link normalizeAddress}.
 *
 * @example
 * ```ts
 * const address: NormalizedAddress = normalizeAddress('Hauptstr. 4, D-80331 München')
 * address.postalCode // '80331'
 * ```
 */
export interface NormalizedAddress {
  /** The input as given: the line, or the parts joined with `, `. */
  raw: string
  /** Street name as written (abbreviations kept for display), e.g. `Hauptstr.`. */
  street?: string
  /** House number with its suffix or range, e.g. `4a`, `56/58`, `16-20`. */
  houseNumber?: string
  /** Postcode in the canonical spelling of its country (`01067`, `SW1A 2AA`, `1234 AB`, `12345-6789`). */
  postalCode?: string
  city?: string
  /** State, province or region (US states from a `City, ST 12345` line). */
  region?: string
  /** ISO 3166-1 alpha-2 code. */
  country?: string
  /** Street name with abbreviations expanded (`Str.` → `Straße`), folded for matching: `hauptstrasse`. */
  streetKey?: string
  /** The postcode fits the country and the address has a city or postcode. */
  valid: boolean
  /** Findings such as `POSTCODE_INVALID`, `POSTCODE_REPAIRED`, `COUNTRY_UNKNOWN`. */
  issues: ValueIssue[]
}

const MAX_ADDRESS_LENGTH = 1000
// Commas, semicolons and line breaks; signatures and letterheads also use `·`, `•` and `|`.
const SEGMENT_SEPARATOR = /\s*[,;\n\r·•|]+\s*/
// `D-80331 München`, `80331 München`, `A-1010 Wien`, `CH-8001 Zürich`.
const POSTCODE_CITY = /^(?:([A-Z]{1,3})\s?-\s?)?(\d{4,5})\s+(\D.*)$/
const POSTCODE_ONLY = /^(?:([A-Z]{1,3})\s?-\s?)?(\d{4,5})$/
const NL_POSTCODE_CITY = /^([1-9]\d{3}\s?[A-Z]{2})\s+(.+)$/
const UK_POSTCODE = /([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})$/i
const US_STATE_ZIP = /^(?:(.*?)\s+)?([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$/
const CA_PROVINCE_POSTCODE = /^(?:(.*?)\s+)?([A-Z]{2})\s+([A-Z]\d[A-Z]\s?\d[A-Z]\d)$/i
const POLISH_POSTCODE_CITY = /^(\d{2}-\d{3})\s+(.+)$/
const PORTUGUESE_POSTCODE_CITY = /^(\d{4}-\d{3})\s+(.+)$/
const NORDIC_POSTCODE_CITY = /^(?:([A-Z]{1,3})\s?-\s?)?(\d{3}\s\d{2})\s+(.+)$/
// Mannheim's city-centre squares: `Q 7, 12` or `Q7 12`.
const MANNHEIM_SQUARE = /^([A-U])\s?(\d{1,2})$/
// House number at the end (`Hauptstr. 4`, `Hauptstraße 4a`, `19 a`, `56/58`, `16-20`, `Straße des 17. Juni 12`).
const TRAILING_NUMBER =
  /^(.*?[\p{L}.)])\s*(\d{1,5}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s*[-/–+]\s*\d{1,5}(?:\s?[a-zA-Z](?![\p{L}]))?){0,3})$/u
// House number in front (`12 Main Street`, `10, rue de Rivoli`, `221B Baker Street`).
const LEADING_NUMBER = /^(\d{1,5}(?:[a-zA-Z](?![\p{L}]))?(?:\s*[-–/]\s*\d{1,5}[a-zA-Z]?)?)\s*,?\s+(\D.*)$/u
// The same before a street that starts with an ordinal (`350 5th Avenue`).
const LEADING_BEFORE_ORDINAL = /^(\d{1,5}[a-zA-Z]?)\s*,?\s+(\d{1,4}(?:st|nd|rd|th)\b.*)$/iu
// After a road code (`An der B27 4`, `Gewerbegebiet an der A3 12`), whose digits would otherwise end the street.
const NUMBER_AFTER_ROAD =
  /^(.*\s\p{L}{1,2}\d{1,4})\s+(\d{1,5}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s*[-/–+]\s*\d{1,5}(?:\s?[a-zA-Z](?![\p{L}]))?){0,3})$/u
// What NUMBER_AFTER_ROAD needs at least, tested first: most streets without a number at the end have no digits.
const DIGITS_SPACE_DIGIT = /\d\s+\d/
// Labels before the house number (`Hauptstraße Nr. 5`, `Hausnummer 5`, `Main Street No. 5`): left out of the street.
const NUMBER_LABELS = new Set(['nr', 'nr.', 'hausnr', 'hausnr.', 'hausnummer', 'no', 'no.', 'n°', 'nº'])
const PO_BOX = /^(?:postfach|pf\.?|p\.?\s?o\.?\s?box|box|bp|case postale)\b/i
const LEADING_NUMBER_COUNTRIES = new Set(['US', 'GB', 'IE', 'CA', 'AU', 'NZ', 'FR', 'LU', 'BE'])

// Abbreviations expanded for the street key; German and English street types.
/** Street-type abbreviations and their expansions, applied in this order. @internal */
export const STREET_ABBREVIATIONS: readonly [RegExp, string][] = [
  [/str\.?$/i, 'straße'],
  [/(?<=\s|^)str\.?(?=\s)/gi, 'straße '],
  [/strasse/gi, 'straße'],
  [/(?<=\p{L})pl\.?$/iu, 'platz'],
  [/(?<=\s|^)pl\.(?=\s|$)/gi, 'platz'],
  [/(?<=\p{L})g\.$/iu, 'gasse'],
  [/(?<=\s)(?:st|str)\.?$/i, 'street'],
  [/(?<=\s)rd\.?$/i, 'road'],
  [/(?<=\s)ave?\.?$/i, 'avenue'],
  [/(?<=\s)blvd\.?$/i, 'boulevard'],
  [/(?<=\s)ln\.?$/i, 'lane'],
  [/(?<=\s)dr\.?$/i, 'drive'],
  [/(?<=\s)ct\.?$/i, 'court'],
  [/(?<=\s)sq\.?$/i, 'square'],
  [/(?<=\s)hwy\.?$/i, 'highway'],
  [/^bd\.?(?=\s)/i, 'boulevard'],
  [/^av\.?(?=\s)/i, 'avenue'],
]

/**
 * The street key: abbreviations expanded, folded (German transliteration), without spaces or punctuation, so
 * `Hauptstr.`, `Hauptstraße`, `Haupt-Straße` and `HAUPTSTRASSE` agree.
 *
 * @param street - A street name as written (without house number).
 * @returns The key; `''` for an empty street.
 *
 * @example
 * ```ts
 * streetKey('Hauptstr.') === streetKey('Haupt-Straße') // true: 'hauptstrasse'
 * streetKey('12th Ave') // '12thavenue'
 * ```
 */
export function streetKey(street: string): string {
  const text = String(street)
  return streetKeys.get(text) ?? streetKeys.set(text, computeStreetKey(text))
}

// Matches wherever one of STREET_ABBREVIATIONS does (each pattern without its lookbehind and lookahead
// conditions, so it matches a superset, and no lookbehind to try at every position): text it does not match,
// such as `Hauptstraße`, is left unchanged by every replacement in turn.
const ANY_STREET_ABBREVIATION =
  /(?:str|st|pl|g|rd|ave?|blvd|ln|dr|ct|sq|hwy)\.?$|str\.?\s|strasse|pl\.|^(?:bd|av)\.?\s/i
const streetKeys = new Memo<string>()

/**
 * {@link streetKey} without its memo; skips the abbreviation replacements when none of them can match.
 *
 * @internal
 */
export function computeStreetKey(street: string): string {
  let text = cleanText(street)
  if (ANY_STREET_ABBREVIATION.test(text)) {
    for (const [pattern, replacement] of STREET_ABBREVIATIONS) text = text.replace(pattern, replacement)
  }
  return fold(text, true).replace(SPACES, '')
}
const SPACES = / /g

function splitStreet(text: string, country: string | undefined): { street: string; houseNumber?: string } {
  let street = text.trim()
  const unit = TRAILING_UNIT.exec(street)
  if (unit && unit.index > 0) street = street.slice(0, unit.index)
  if (!street || PO_BOX.test(street)) return { street }
  const square = /^([A-U])\s?(\d{1,2})[,\s]\s*(\d{1,3}[a-z]?)$/.exec(street)
  if (square?.[1] && square[2] && square[3])
    return { street: `${square[1]} ${square[2]}`, houseNumber: square[3] }
  const leadingFirst = country !== undefined && LEADING_NUMBER_COUNTRIES.has(country)
  const leading =
    LEADING_NUMBER.exec(street) ?? (startsWithDigit(street) ? LEADING_BEFORE_ORDINAL.exec(street) : null)
  const trailing =
    TRAILING_NUMBER.exec(street) ?? (DIGITS_SPACE_DIGIT.test(street) ? NUMBER_AFTER_ROAD.exec(street) : null)
  const pick = leading && (leadingFirst || !trailing) ? 'leading' : trailing ? 'trailing' : undefined
  if (pick === 'leading' && leading?.[1] && leading[2]) {
    return { street: leading[2].trim(), houseNumber: compactNumber(leading[1]) }
  }
  if (pick === 'trailing' && trailing?.[1] && trailing[2]) {
    return { street: withoutNumberLabel(trailing[1].trim()), houseNumber: compactNumber(trailing[2]) }
  }
  return { street }
}

function startsWithDigit(text: string): boolean {
  const code = text.charCodeAt(0)
  return code >= 48 && code <= 57
}

// `Hauptstraße Nr.` → `Hauptstraße`; the label also makes the digits before it part of the street (`Straße 7 Nr.`).
function withoutNumberLabel(street: string): string {
  const space = street.lastIndexOf(' ')
  if (space <= 0 || !NUMBER_LABELS.has(street.slice(space + 1).toLowerCase())) return street
  return street.slice(0, space).trimEnd()
}

// The street without the house number when it repeats that number at either end.
function withoutNumber(street: string, houseNumber: string, country: string | undefined): string {
  const split = splitStreet(street, country)
  return split.houseNumber === houseNumber ? split.street : street
}

// `19 a` → `19a`, `56 / 58` → `56/58`, `16 - 20` → `16-20`.
const SPACE_RUN = /\s+/g
const EN_DASH = /–/g
const TRAILING_CAPITAL = /[A-Z]$/
const DIGITS_ONLY = /^\d+$/

/**
 * A house number without spaces, with `-` for `–` and a final capital in lower case; digits alone are left as
 * they are (none of that applies).
 *
 * @internal
 */
export function compactNumber(text: string): string {
  if (DIGITS_ONLY.test(text)) return text
  return text
    .replace(SPACE_RUN, '')
    .replace(EN_DASH, '-')
    .replace(TRAILING_CAPITAL, (letter) => letter.toLowerCase())
}

interface Draft {
  street?: string | undefined
  houseNumber?: string | undefined
  postalCode?: string | undefined
  city?: string | undefined
  region?: string | undefined
  country?: string | undefined
}

function parseLine(line: string): Draft {
  const draft: Draft = {}
  // Split before cleaning: cleaning turns line breaks, which separate segments, into spaces.
  const segments = line
    .split(SEGMENT_SEPARATOR)
    .map((segment) => cleanText(segment))
    .filter((segment) => segment.length > 0)
  // Mannheim squares are written with a comma inside the street: `Q 7, 12`.
  for (let index = 0; index + 1 < segments.length; index++) {
    if (MANNHEIM_SQUARE.test(segments[index] ?? '') && /^\d{1,3}[a-z]?$/.test(segments[index + 1] ?? '')) {
      segments.splice(index, 2, `${segments[index]} ${segments[index + 1]}`)
    }
  }
  // Units inside the building (`1600 Pennsylvania Ave, Suite 5`) are dropped from the reading, not from `raw`.
  const several = segments.length > 1
  if (several) {
    for (let index = segments.length - 1; index >= 0 && segments.length > 1; index--) {
      const segment = segments[index] ?? ''
      // The last segment is where a country goes: `…, Cairo, EG` is Egypt, not a ground floor (Erdgeschoss).
      if (index === segments.length - 1 && countryCode(segment)) continue
      if (UNIT_SEGMENT.test(segment)) segments.splice(index, 1)
    }
  }
  if (segments.length > 1) {
    const last = segments[segments.length - 1] ?? ''
    const code = /\d/.test(last) ? undefined : countryCode(last)
    if (code) {
      draft.country = code
      segments.pop()
    } else {
      // Some forms and CRMs put the country first: `Deutschland, 80331 München, Musterstraße 5`.
      const first = segments[0] ?? ''
      const leading = /\d/.test(first) ? undefined : countryCode(first)
      if (leading) {
        draft.country = leading
        segments.shift()
      }
    }
  }
  const rest: string[] = []
  const localityFirst = isLocalityFirst(segments)
  segments.forEach((segment, index) => {
    // The first of several segments is the street (`1600 Pennsylvania Ave` is no postcode and city), unless the
    // line is written locality first (`80331 München, Musterstraße 5`).
    // A line that is only `1600 Pennsylvania Ave` is a number and an English street, not a postcode and a city.
    const mayBeLocality =
      index > 0 || localityFirst || (!several && !(segments.length === 1 && ENGLISH_STREET_END.test(segment)))
    if (mayBeLocality && draft.postalCode === undefined && readLocality(segment, draft, rest)) return
    rest.push(segment)
  })
  // Recipient lines (`c/o Muster GmbH`, `z. Hd. Frau Weber`, the company itself) are neither street nor city; they
  // stay in `raw`. Without this, `c/o Muster GmbH, Lindenallee 7, 50667 Köln` read the c/o line as the street
  // and dropped `Lindenallee 7`.
  const address = rest.filter((segment) => !isRecipientLine(segment, rest.length))
  if (address.length > 0) {
    draft.street = address[0]
    // A second leftover after the locality is taken as the city when none was found (`London SW1A 2AA` split apart).
    if (!draft.city && address.length > 1) draft.city = address[address.length - 1]
  }
  return draft
}

const RECIPIENT_PREFIX =
  /^(?:c\/o|℅|z\.\s?hd\.?|zu\s+h(?:ä|ae)nden|attn\.?:?|attention:?|per\s+adresse|p\.\s?a(?:dr)?\.)(?:\s|$)/i

// A segment naming who receives the mail: an attention line, or a company name (it has a legal form and no house
// number) beside other segments that can be the street.
function isRecipientLine(segment: string, segments: number): boolean {
  if (RECIPIENT_PREFIX.test(segment)) return true
  if (segments < 2 || PO_BOX.test(segment) || /\d/.test(segment)) return false
  return companyWithLegalForm(segment) !== undefined
}

// A street with its house number at the end, as continental Europe writes it: `Musterstraße 5`, `Via Roma 12a`.
const STREET_THEN_NUMBER = /^\D{3,}\s\d{1,4}\s?[a-zA-Z]?$/
const ENGLISH_STREET_END =
  /\s(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|way|place|pl|court|ct|parkway|pkwy|highway|hwy|terrace|square|sq|broadway)\.?$/i
const PREMISE_START =
  /^(?:suite|ste|unit|units|apt|apartment|flat|floor|fl|room|building|bldg|box|po box|postfach)\b/i
// A segment that only names a unit inside the building (`Suite 5`, `Apt. 4B`, `2nd Floor`, `3. OG`, `Hinterhaus`):
// neither street nor city. It stays in `raw` (the result has no field for it).
const UNIT_SEGMENT =
  /^(?:(?:suite|ste\.?|unit|apt\.?|apartment|flat|floor|fl\.?|room|rm\.?|bldg\.?|building|whg\.?|wohnung|zimmer|etage)\s*(?:#|no\.?\s*)?[\p{L}\d][\p{L}\d-]{0,5}|#\s*\d[\p{L}\d-]{0,5}|\d{1,2}(?:st|nd|rd|th)\s+floor|\d{1,2}\.\s?(?:og|obergeschoss|etage|stock)|eg|erdgeschoss|hinterhaus|vorderhaus|seitenflügel|gartenhaus|rückgebäude)$/iu
// A unit written after an English street in the same segment: `1600 Pennsylvania Ave Suite 5`.
const PROVINCE = /^(.*\S)\s*\(([A-Z]{2})\)$/
const TRAILING_UNIT = /\s+(?:suite|ste\.?|apt\.?|unit|#)\s*#?\s*\d[\p{L}\d-]{0,5}$/iu

// Whether a line is written locality first (`80331 München, Musterstraße 5`): its first segment reads as `postcode
// city`, no later one does, and a later one is a street ending in its house number. `1600 Pennsylvania Ave,
// Washington, DC 20500` also starts like `postcode city`, but a later segment holds the locality.
function isLocalityFirst(segments: readonly string[]): boolean {
  if (segments.length < 2) return false
  const first = segments[0] as string
  if (!POSTCODE_CITY.test(first) && !NL_POSTCODE_CITY.test(first) && !NORDIC_POSTCODE_CITY.test(first))
    return false
  // `1600 Pennsylvania Ave, Suite 5`: a number and an English street, not a postcode and a city.
  if (ENGLISH_STREET_END.test(first)) return false
  let street = false
  for (let index = 1; index < segments.length; index++) {
    const segment = segments[index] as string
    if (readLocality(segment, {}, [first])) return false
    if (STREET_THEN_NUMBER.test(segment) && !PREMISE_START.test(segment)) street = true
  }
  return street
}

// Reads a `postcode city` segment in the styles of the supported countries into the draft.
function readLocality(segment: string, draft: Draft, before: string[]): boolean {
  let match =
    NL_POSTCODE_CITY.exec(segment) ??
    POLISH_POSTCODE_CITY.exec(segment) ??
    PORTUGUESE_POSTCODE_CITY.exec(segment)
  if (match?.[1] && match[2]) {
    draft.postalCode = match[1]
    draft.city = match[2]
    return true
  }
  match = POSTCODE_CITY.exec(segment) ?? NORDIC_POSTCODE_CITY.exec(segment)
  if (match?.[2] && match[3]) {
    if (match[1]) setPrefixCountry(match[1], draft)
    draft.postalCode = match[2]
    draft.city = match[3]
    return true
  }
  match = POSTCODE_ONLY.exec(segment)
  if (match?.[2] && before.length > 0) {
    if (match[1]) setPrefixCountry(match[1], draft)
    draft.postalCode = match[2]
    return true
  }
  match = US_STATE_ZIP.exec(segment) ?? CA_PROVINCE_POSTCODE.exec(segment)
  if (match?.[2] && match[3] && before.length > 0) {
    draft.region = match[2]
    draft.postalCode = match[3]
    if (match[1]) draft.city = match[1]
    else if (before.length > 1) draft.city = before.pop()
    draft.country ??= /\d/.test(match[3].charAt(0)) ? 'US' : 'CA'
    return true
  }
  match = UK_POSTCODE.exec(segment)
  if (match?.[1] && before.length > 0) {
    const city = segment.slice(0, match.index).trim()
    draft.postalCode = match[1]
    if (city) draft.city = city
    else if (before.length > 1) draft.city = before.pop()
    draft.country ??= 'GB'
    return true
  }
  return false
}

function setPrefixCountry(prefix: string, draft: Draft): void {
  const code = POSTCODE_COUNTRY_PREFIX[prefix.toUpperCase()]
  if (code) draft.country ??= code
}

// A street field of several lines (CRMs such as Salesforce keep it as a text area): `c/o Muster GmbH` above the
// street, `3. OG` or `Hinterhaus` after it. Such lines, and a comma-separated one at either end, stay in `raw`
// when another line has a house number: that line is the street.
const STREET_LINES = /\s*[\n\r;]+\s*/
const STREET_COMMA = /\s*,\s*/

function streetPart(value: string | number | undefined): string | undefined {
  if (typeof value !== 'string' || !/[\n\r;,]/.test(value)) return clean(value)
  const lines: string[] = []
  for (const line of value.split(STREET_LINES)) {
    const segments = line.split(STREET_COMMA)
    // Only an end segment goes: `Q 7, 12` (a Mannheim square) and `Straße, 5` keep their comma.
    while (segments.length > 1 && isAddressee(segments[0] as string)) segments.shift()
    while (segments.length > 1 && isAddressee(segments[segments.length - 1] as string)) segments.pop()
    const kept = clean(segments.join(', '))
    if (kept !== undefined && !isAddressee(kept)) lines.push(kept)
  }
  // Without a line that has a house number, what was set aside may be the premise itself (`Unit 4, Riverside
  // Park` in Britain): the field is read as written.
  return lines.find((line) => splitStreet(line, undefined).houseNumber !== undefined) ?? clean(value)
}

// A unit inside the building or a recipient line: part of the address as written, neither street nor city.
function isAddressee(segment: string): boolean {
  const text = cleanText(segment)
  return UNIT_SEGMENT.test(text) || RECIPIENT_PREFIX.test(text)
}

function clean(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined
  const text = cleanText(String(value))
  return text.length > 0 ? text : undefined
}

/**
 * Normalises a postal address from one free-text line or from parts: street and house number, postcode
 * validated per country (leading zeros restored where a spreadsheet dropped them), city, country as ISO 3166
 * alpha-2 from names in German, English and French, and a street key with abbreviations expanded.
 *
 * Reads German (`Hauptstr. 4, D-80331 München`), Austrian, Swiss, UK (`10 Downing Street, London SW1A 2AA`),
 * US (`12 Main Street, Springfield, IL 62704`), French, Dutch and Polish styles, Mannheim squares (`Q 7, 12`)
 * and street names with numbers (`Straße des 17. Juni 12`).
 *
 * @param input - A free-text line, or parts such as a CRM holds them.
 * @param options - `defaultCountry` when the address names no country.
 * @returns The canonical parts and issues; never throws on messy text.
 * @throws {NormalizeError} NORMALIZE_INVALID_OPTION when `defaultCountry` is not a two-letter code.
 *
 * @example
 * ```ts
 * const address = normalizeAddress('Hauptstr. 4a, D-80331 München, Deutschland')
 * address.street // 'Hauptstr.'
 * address.houseNumber // '4a'
 * address.postalCode // '80331'
 * address.country // 'DE'
 * address.streetKey // 'hauptstrasse'
 * normalizeAddress({ street: 'Prager Str. 2', postalCode: 1067, city: 'Dresden' }, { defaultCountry: 'DE' }).postalCode
 * // '01067'
 * ```
 */
export function normalizeAddress(
  input: string | AddressParts,
  options: NormalizeAddressOptions = {},
): NormalizedAddress {
  return analyzeAddress(input, countryOption(options.defaultCountry), true)
}

// The parts that are given, as text, joined by `, ` in a fixed order (built without intermediate arrays: this runs
// for every address of every contact).
function rawOf(parts: AddressParts): string {
  let raw = withPart('', parts.line)
  raw = withPart(raw, parts.street)
  raw = withPart(raw, parts.houseNumber)
  raw = withPart(raw, parts.postalCode)
  raw = withPart(raw, parts.city)
  raw = withPart(raw, parts.region)
  return withPart(raw, parts.country)
}

function withPart(raw: string, part: unknown): string {
  if (part === undefined) return raw
  const text = String(part)
  if (text.length === 0) return raw
  return raw.length === 0 ? text : `${raw}, ${text}`
}

/**
 * Core of {@link normalizeAddress}; `withKey: false` skips the street key, which {@link normalizeContact} does not need.
 *
 * @internal
 */
export function analyzeAddress(
  input: string | AddressParts,
  defaultCountry: string | undefined,
  withKey: boolean,
): NormalizedAddress {
  const parts: AddressParts = typeof input === 'string' ? { line: input } : (input ?? {})
  // A line alone is its own raw text; parts are joined in a fixed order.
  const raw = typeof input === 'string' ? input : rawOf(parts)
  const result: NormalizedAddress = { raw, valid: false, issues: [] }
  if (raw.length > MAX_ADDRESS_LENGTH) {
    result.issues.push({ code: 'ADDRESS_INCOMPLETE', message: 'The address is too long to be parsed' })
    return result
  }
  const draft: Draft = {}
  const line = parts.line === undefined || parts.line.length === 0 ? undefined : parts.line
  if (line) Object.assign(draft, parseLine(line))
  const street = streetPart(parts.street)
  if (street) draft.street = street
  const houseNumber = clean(parts.houseNumber)
  if (houseNumber) draft.houseNumber = compactNumber(houseNumber)
  const postalCode = clean(parts.postalCode)
  if (postalCode) {
    const prefixed = /^([A-Z]{1,3})\s?-\s?(.+)$/i.exec(postalCode)
    if (prefixed?.[1] && prefixed[2] && POSTCODE_COUNTRY_PREFIX[prefixed[1].toUpperCase()]) {
      setPrefixCountry(prefixed[1], draft)
      draft.postalCode = prefixed[2]
    } else {
      draft.postalCode = postalCode
    }
  }
  const city = clean(parts.city)
  if (city) draft.city = city
  const region = clean(parts.region)
  if (region) draft.region = region
  const countryText = clean(parts.country)
  if (countryText) {
    const code = countryCode(countryText)
    if (code) draft.country = code
    else {
      result.issues.push({ code: 'COUNTRY_UNKNOWN', message: `Unknown country "${countryText}"` })
    }
  }
  const country = draft.country ?? defaultCountry
  if (draft.street && !draft.houseNumber) {
    Object.assign(draft, splitStreet(draft.street, country))
    // The same number left at the other end (`5 Hauptstraße 5`) goes too, as a second reading would drop it.
    if (draft.street && draft.houseNumber)
      draft.street = withoutNumber(draft.street, draft.houseNumber, country)
  } else if (draft.street && draft.houseNumber) {
    // A CRM that has a house-number field often repeats the number in the street field too.
    draft.street = withoutNumber(draft.street, draft.houseNumber, country)
  }
  if (draft.street) {
    result.street = placeNameCase(draft.street, country)
    const key = withKey ? streetKey(draft.street) : ''
    if (key) result.streetKey = key
  }
  if (draft.houseNumber) result.houseNumber = draft.houseNumber
  if (draft.postalCode) {
    const check = checkPostcode(draft.postalCode, country)
    result.postalCode = check.value
    if (!check.valid) {
      result.issues.push({ code: 'POSTCODE_INVALID', message: check.message ?? 'Invalid postcode' })
    } else if (check.repaired) {
      result.issues.push({
        code: 'POSTCODE_REPAIRED',
        message: `Restored leading zeros a spreadsheet had dropped: ${draft.postalCode} → ${check.value}`,
      })
    }
  }
  // `Milano (MI)`: an Italian city with its province in brackets (not `Frankfurt (Oder)`, which is the name).
  const province = country === 'IT' && draft.city && !draft.region ? PROVINCE.exec(draft.city) : null
  if (province) {
    draft.city = province[1]
    draft.region = province[2]
  }
  if (draft.city) result.city = placeNameCase(draft.city, country)
  if (draft.region) result.region = draft.region
  if (country) result.country = country
  if (result.street && !result.city && !result.postalCode) {
    result.issues.push({
      code: 'ADDRESS_INCOMPLETE',
      message: 'The address has a street but no postcode or city',
    })
  }
  result.valid =
    (result.city !== undefined || result.postalCode !== undefined) &&
    !result.issues.some((issue) => issue.code === 'POSTCODE_INVALID' || issue.code === 'COUNTRY_UNKNOWN')
  return result
}

/**
 * The matching key of an address: country, postcode, street key and house number joined with `|`; two
 * spellings of one address (`Hauptstr. 4`, `Hauptstraße 4`) agree.
 *
 * @param address - A normalised address, or any object with the same optional parts.
 * @returns The key, e.g. `DE|80331|hauptstrasse|4`.
 *
 * @example
 * ```ts
 * addressKey(normalizeAddress('Hauptstr. 4, 80331 München', { defaultCountry: 'DE' })) // 'DE|80331|hauptstrasse|4'
 * ```
 */
export function addressKey(address: {
  street?: string | undefined
  houseNumber?: string | undefined
  postalCode?: string | undefined
  city?: string | undefined
  country?: string | undefined
}): string {
  const street = address.street ? streetKey(address.street) : ''
  const number = address.houseNumber ? withoutSpaces(fold(address.houseNumber)) : ''
  const postcode = address.postalCode ? postcodeKey(address.postalCode) : fold(address.city ?? '')
  // A template rather than an array's join: this runs for every address a diff or match reads.
  return `${address.country ?? ''}|${postcode}|${street}|${number}`
}

function withoutSpaces(text: string): string {
  return text.includes(' ') ? text.replace(SPACES, '') : text
}

const WHITESPACE = /\s/
const ALL_WHITESPACE = /\s/g
// ASCII without a lower-case letter: what `toUpperCase` leaves as it is.
const NO_LOWER_ASCII = /^[\0-`{-\x7F]*$/

// `80331`, `SW1A 1AA` → `SW1A1AA`: without white space, in capitals; a plain code as it is, without new strings.
function postcodeKey(postcode: string): string {
  const compact = WHITESPACE.test(postcode) ? postcode.replace(ALL_WHITESPACE, '') : postcode
  return NO_LOWER_ASCII.test(compact) ? compact : compact.toUpperCase()
}

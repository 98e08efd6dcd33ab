import { foldLine } from './fold.js'

// Address recognition works on segments of a line (split at `,` `·` `|` `•` `;` tabs and ` - `), each
// matched by an anchored pattern, so no pattern ever scans a line from many start positions.

/** One recognised part of a postal address. @internal */
export type AddressPart =
  | {
      kind: 'street'
      street: string
      houseNumber?: string
      style: 'de' | 'en' | 'fr' | 'south' | 'nl' | 'box'
    }
  | {
      kind: 'postal'
      postalCode: string
      city: string
      /** The state of a US line (`MA` of `Boston, MA 02110`). */
      region?: string
      countryHint?: string
      style: 'eu' | 'us' | 'uk' | 'nl'
    }
  | { kind: 'country'; country: string }

// Unicode patterns live at module level: a build for Node 20 turns each `\p{…}` literal into a `new RegExp`
// call, which inside a function would compile on every call.
const UPPER_OR_DIGIT_START = /^\p{Lu}|^\d/u
const LOWER_START = /^\p{Ll}/u
const CITY_NAME = /^\p{Lu}[\p{L}.' ]{1,30}$/u
const DIGIT = /\d/
// British addresses often start with a premise instead of a house number: "Unit 4", "Suite 12", "Flat 3B".
const PREMISE =
  /^(?:Unit|Units|Suite|Flat|Studio|Block|Building|Office|Apartment|Apt\.?) \d{1,4}[A-Za-z]?(?: ?[-–] ?\d{1,4}[A-Za-z]?)?$/i
// A premise and the named site it lies on, on one line: "Unit 4, Riverside Park", "Unit 12 Westway Industrial Estate".
const PREMISE_AND_PLACE =
  /^((?:Unit|Units|Suite|Flat|Studio|Block|Building|Office|Apartment|Apt\.?) \d{1,4}[A-Za-z]?(?: ?[-–] ?\d{1,4}[A-Za-z]?)?),? (\p{Lu}[\p{L}'&. -]{2,60})$/iu
const PLACE_WORD = /^\p{Lu}[\p{L}'.&-]*$/u

/**
 * Splits a line into address segments.
 *
 * @internal
 */
export function splitSegments(line: string): string[] {
  const out: string[] = []
  let start = 0
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i)
    let cut: boolean
    switch (code) {
      case 44: // ,
      case 0xb7: // ·
      case 124: // |
      case 0x2022: // •
      case 59: // ;
      case 9: // tab
        cut = true
        break
      case 45: // - – — between spaces
      case 0x2013:
      case 0x2014:
        cut = line.charCodeAt(i - 1) === 32 && line.charCodeAt(i + 1) === 32
        break
      default:
        cut = false
    }
    if (cut) {
      pushSegment(out, line.slice(start, i))
      start = i + 1
    }
  }
  pushSegment(out, start === 0 ? line : line.slice(start))
  return out
}

function pushSegment(out: string[], segment: string): void {
  const clean = collapseSpaces(segment.includes('\u00a0') ? segment.replace(NBSP, ' ') : segment)
  if (clean.length > 0) out.push(clean)
}

const NBSP = /\u00a0/g

function collapseSpaces(text: string): string {
  // Without tabs or double spaces there is nothing to collapse.
  const out = text.includes('\t') || text.includes('  ') ? text.replace(BLANK_RUN, ' ') : text
  const from = out.charCodeAt(0) === 32 ? 1 : 0
  const to = out.length > from && out.charCodeAt(out.length - 1) === 32 ? out.length - 1 : out.length
  return from === 0 && to === out.length ? out : out.slice(from, to)
}
const BLANK_RUN = /[ \t]+/g

const POSTAL_EU = /^(?:(D|DE|A|AT|CH|F|FR|B|L|I|E|NL)[-–] ?)?(\d{4,5})(?: ([A-Z]{2}))? (\p{Lu}.*)$/u
const POSTAL_EU_CEDEX = /^(\d{5}) (\p{Lu}.*)$/u
const US_STATE_ZIP = /^(?:(\p{Lu}[\p{L}.' ]*?),? )?([A-Z]{2}) (\d{5}(?:-\d{4})?)$/u
const UK_CITY_POSTCODE = /^(?:(\p{Lu}[\p{L}' -]*?) )?([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/u
const NAME_NUMBER = /^(.{2,60}?) (\d{1,4}(?: ?[a-zA-Z])?(?: ?[-–/] ?\d{1,4}[a-zA-Z]?)?)$/u
// `Hauptstraße Nr. 5`, `Hauptstr. Nr.5`, `Lindenallee Hausnummer 7`: the label is not part of the street.
const LABELLED_NUMBER =
  /^(.{2,60}?) (?:Nr|NR|Hausnr|HAUSNR|Hausnummer|HAUSNUMMER|No)\.? ?(\d{1,4}(?: ?[a-zA-Z])?(?: ?[-–/] ?\d{1,4}[a-zA-Z]?)?)$/u
const NUMBER_NAME = /^(\d{1,6}(?: ?(?:bis|ter|[A-Za-z]))?(?:-\d{1,6})?),? (.{2,70})$/u

const DE_SUFFIXES = [
  'straße',
  'strasse',
  'str',
  'weg',
  'gasse',
  'platz',
  'allee',
  'ring',
  'damm',
  'ufer',
  'chaussee',
  'steig',
  'pfad',
  'markt',
  'hof',
  'berg',
  'graben',
  'kai',
  'zeile',
  'promenade',
  'park',
  'feld',
  'tor',
  'brücke',
  'wall',
  'garten',
  'gürtel',
  'höhe',
  'stieg',
  'twiete',
  'kamp',
  'anger',
  'chaussee',
  'lände',
  'steg',
  'au',
  'winkel',
]
const DE_PREFIXES = [
  'am ',
  'an der ',
  'an den ',
  'auf dem ',
  'auf der ',
  'im ',
  'in der ',
  'in den ',
  'zum ',
  'zur ',
  'unter den ',
  'hinter der ',
  'vor dem ',
  'alte ',
  'neue ',
  'große ',
  'kleine ',
  'obere ',
  'untere ',
]
const SOUTH_PREFIXES = [
  'calle ',
  'c/ ',
  'avda ',
  'avda. ',
  'avenida ',
  'paseo ',
  'plaza ',
  'via ',
  'viale ',
  'piazza ',
  'corso ',
  'largo ',
  'carrer ',
  'rambla ',
  'ronda ',
  'travessera ',
  'vicolo ',
]
const NL_SUFFIXES = ['straat', 'laan', 'weg', 'plein', 'gracht', 'kade', 'singel', 'dijk', 'hof', 'markt']
const EN_TYPES = new Set([
  'street',
  'st',
  'road',
  'rd',
  'avenue',
  'ave',
  'av',
  'lane',
  'ln',
  'drive',
  'dr',
  'boulevard',
  'blvd',
  'way',
  'place',
  'pl',
  'court',
  'ct',
  'square',
  'sq',
  'parkway',
  'pkwy',
  'highway',
  'hwy',
  'terrace',
  'row',
  'close',
  'crescent',
  'gardens',
  'hill',
  'broadway',
  'plaza',
  'circle',
  'mews',
  'walk',
  'wharf',
  'yard',
  'green',
  'park',
  'center',
  'centre',
])
const EN_DIRECTIONS = new Set(['nw', 'ne', 'sw', 'se', 'n', 's', 'e', 'w', 'north', 'south', 'east', 'west'])
const FR_TYPES = new Set([
  'rue',
  'avenue',
  'av',
  'boulevard',
  'bd',
  'place',
  'chemin',
  'allée',
  'allee',
  'impasse',
  'quai',
  'cours',
  'route',
  'square',
  'voie',
  'passage',
  'rond-point',
  'faubourg',
  'esplanade',
])
const COUNTRIES = new Map<string, string>([
  ['germany', 'DE'],
  ['deutschland', 'DE'],
  ['allemagne', 'DE'],
  ['alemania', 'DE'],
  ['germania', 'DE'],
  ['duitsland', 'DE'],
  ['austria', 'AT'],
  ['osterreich', 'AT'],
  ['autriche', 'AT'],
  ['switzerland', 'CH'],
  ['schweiz', 'CH'],
  ['suisse', 'CH'],
  ['svizzera', 'CH'],
  ['united kingdom', 'GB'],
  ['uk', 'GB'],
  ['great britain', 'GB'],
  ['england', 'GB'],
  ['scotland', 'GB'],
  ['grossbritannien', 'GB'],
  ['usa', 'US'],
  ['u s a', 'US'],
  ['united states', 'US'],
  ['united states of america', 'US'],
  ['france', 'FR'],
  ['frankreich', 'FR'],
  ['spain', 'ES'],
  ['espana', 'ES'],
  ['spanien', 'ES'],
  ['italy', 'IT'],
  ['italia', 'IT'],
  ['italien', 'IT'],
  ['netherlands', 'NL'],
  ['the netherlands', 'NL'],
  ['nederland', 'NL'],
  ['niederlande', 'NL'],
  ['belgium', 'BE'],
  ['belgien', 'BE'],
  ['belgique', 'BE'],
  ['luxembourg', 'LU'],
  ['luxemburg', 'LU'],
  ['ireland', 'IE'],
  ['canada', 'CA'],
])
const PREFIX_COUNTRY: Record<string, string> = {
  D: 'DE',
  DE: 'DE',
  A: 'AT',
  AT: 'AT',
  CH: 'CH',
  F: 'FR',
  FR: 'FR',
  B: 'BE',
  L: 'LU',
  I: 'IT',
  E: 'ES',
  NL: 'NL',
}
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR'.split(
    ' ',
  ),
)

function cityOf(raw: string): string | undefined {
  // "Paris CEDEX 08": the CEDEX suffix is a sorting code, not part of the city.
  const words = raw.trim().split(' ')
  const cedex = words.findIndex((word) => word.toLowerCase() === 'cedex')
  const city = (cedex > 0 ? words.slice(0, cedex) : words).join(' ')
  if (city.length < 2 || city.length > 40 || /\d{2}/.test(city)) return undefined
  if (city.split(' ').length > 4) return undefined
  return city
}

function streetName(raw: string): string | undefined {
  const name = raw.trim()
  if (name.length < 3 || /\d/.test(name) || name.includes('@')) return undefined
  return name
}

function englishStreet(text: string): AddressPart | undefined {
  const match = NUMBER_NAME.exec(text)
  if (!match) return undefined
  const houseNumber = match[1] as string
  let rest = match[2] as string
  const suite = rest.search(/ (?:Suite|Ste\.?|Floor|Fl\.?|Unit|Apt\.?|#)/)
  if (suite > 0) rest = rest.slice(0, suite)
  const words = rest.toLowerCase().replace(/\./g, '').split(' ')
  let lastIndex = words.length - 1
  if (lastIndex > 0 && EN_DIRECTIONS.has(words[lastIndex] as string)) lastIndex--
  const last = words[lastIndex] as string
  if (((lastIndex >= 1 && EN_TYPES.has(last)) || last === 'broadway') && UPPER_OR_DIGIT_START.test(rest)) {
    return { kind: 'street', street: rest.trim(), houseNumber, style: 'en' }
  }
  return undefined
}

// Words that end the name of a site a premise lies on: business parks, estates, named buildings.
const PLACE_TYPES = new Set([
  'park',
  'estate',
  'centre',
  'center',
  'house',
  'court',
  'works',
  'mill',
  'mills',
  'wharf',
  'yard',
  'quay',
  'place',
  'square',
  'buildings',
  'chambers',
  'campus',
  'village',
  'business park',
  'gate',
  'point',
  'plaza',
  'tower',
])

/**
 * Tells whether a segment is a premise alone: "Unit 4", "Suite 12", "Flat 3B".
 *
 * @internal
 */
export function isPremise(text: string): boolean {
  return text.length <= 24 && PREMISE.test(text)
}

/**
 * Tells whether a segment names a site such as "Riverside Park" or "Westway Industrial Estate": capitalised
 * words without digits, the last one a kind of site or street.
 *
 * @internal
 */
export function isPlaceName(text: string): boolean {
  if (text.length < 5 || text.length > 60 || DIGIT.test(text) || text.includes('@')) return false
  const words = text.split(' ')
  if (words.length < 2 || words.length > 6) return false
  for (const word of words) {
    // "and", "of", "the" may stand between capitalised words, as in "Park of the Arts".
    if (!PLACE_WORD.test(word) && word !== 'and' && word !== 'of' && word !== 'the' && word !== 'on')
      return false
  }
  const last = (words[words.length - 1] as string).toLowerCase().replace(/\.$/, '')
  return PLACE_TYPES.has(last) || EN_TYPES.has(last)
}

/**
 * Joins segments a comma split although they belong together: `8, avenue Foch`, `Long Beach, CA 90802`,
 * `Harborview Logistics, Inc.`.
 *
 * @internal
 */
export function mergeSegments(segments: string[], isLegalFormOnly: (segment: string) => boolean): string[] {
  const merged: string[] = []
  for (const segment of segments) {
    const previous = merged[merged.length - 1]
    if (previous !== undefined) {
      if (/^\d{1,4}(?: ?(?:bis|ter))?$/.test(previous) && LOWER_START.test(segment)) {
        merged[merged.length - 1] = `${previous} ${segment}`
        continue
      }
      if (/^[A-Z]{2} \d{5}(?:-\d{4})?$/.test(segment) && CITY_NAME.test(previous)) {
        merged[merged.length - 1] = `${previous}, ${segment}`
        continue
      }
      if (isPremise(previous) && isPlaceName(segment)) {
        merged[merged.length - 1] = `${previous}, ${segment}`
        continue
      }
      if (isLegalFormOnly(segment)) {
        merged[merged.length - 1] = `${previous}, ${segment}`
        continue
      }
    }
    merged.push(segment)
  }
  return merged
}

/**
 * Recognises one segment as a street, a postal code with city, or a country. `fold` is `foldLine`, or a
 * caller's memo of it.
 *
 * @internal
 */
export function parseAddressSegment(
  segment: string,
  fold: (text: string) => string = foldLine,
): AddressPart | undefined {
  const text = segment.trim()
  if (text.length < 2 || text.length > 90) return undefined
  // Every address part but a country holds a digit.
  if (!DIGIT.test(text)) {
    const country = text.length <= 30 ? COUNTRIES.get(fold(text)) : undefined
    return country === undefined ? undefined : { kind: 'country', country }
  }
  const lower = text.toLowerCase()
  if (/^(?:postfach|p\.? ?o\.? box|po box|postbus|apartado|bp|casella postale) ?\d/.test(lower)) {
    return { kind: 'street', street: text, style: 'box' }
  }
  const english = englishStreet(text)
  if (english !== undefined) return english
  const premise = PREMISE_AND_PLACE.exec(text)
  if (premise && isPlaceName(premise[2] as string)) {
    // The premise is kept in the street line as written: the contact model has no field of its own for it.
    return { kind: 'street', street: `${premise[1]}, ${premise[2]}`, style: 'en' }
  }
  let match = POSTAL_EU.exec(text)
  if (match) {
    const city = cityOf(match[4] as string)
    if (city !== undefined) {
      const postal: AddressPart = { kind: 'postal', postalCode: match[2] as string, city, style: 'eu' }
      if (match[3] !== undefined) {
        postal.postalCode = `${match[2]} ${match[3]}`
        postal.style = 'nl'
      }
      const hint = match[1] === undefined ? undefined : PREFIX_COUNTRY[match[1]]
      if (hint !== undefined) postal.countryHint = hint
      return postal
    }
  }
  match = US_STATE_ZIP.exec(text)
  if (match && US_STATES.has(match[2] as string)) {
    return {
      kind: 'postal',
      postalCode: match[3] as string,
      city: (match[1] ?? '').trim(),
      region: match[2] as string,
      countryHint: 'US',
      style: 'us',
    }
  }
  match = UK_CITY_POSTCODE.exec(text)
  if (match && /\d[A-Z]{2}$/.test(text)) {
    return {
      kind: 'postal',
      postalCode: (match[2] as string).toUpperCase(),
      city: (match[1] ?? '').trim(),
      countryHint: 'GB',
      style: 'uk',
    }
  }
  match = POSTAL_EU_CEDEX.exec(text)
  if (match) {
    const city = cityOf(match[2] as string)
    if (city !== undefined) return { kind: 'postal', postalCode: match[1] as string, city, style: 'eu' }
  }
  match = LABELLED_NUMBER.exec(text) ?? NAME_NUMBER.exec(text)
  if (match) {
    const name = streetName(match[1] as string)
    const houseNumber = (match[2] as string).replace(/\s+/g, '')
    if (name !== undefined) {
      const lowerName = name.toLowerCase().replace(/\.$/, '')
      const last = lowerName.split(' ').pop() ?? ''
      if (
        DE_SUFFIXES.some((suffix) => last.endsWith(suffix)) ||
        DE_PREFIXES.some((prefix) => `${lowerName} `.startsWith(prefix))
      ) {
        return { kind: 'street', street: name, houseNumber, style: 'de' }
      }
      if (SOUTH_PREFIXES.some((prefix) => lowerName.startsWith(prefix))) {
        return { kind: 'street', street: name, houseNumber, style: 'south' }
      }
      if (NL_SUFFIXES.some((suffix) => last.endsWith(suffix)))
        return { kind: 'street', street: name, houseNumber, style: 'nl' }
    }
  }
  match = NUMBER_NAME.exec(text)
  if (match) {
    const houseNumber = match[1] as string
    let rest = match[2] as string
    const suite = rest.search(/ (?:Suite|Ste\.?|Floor|Fl\.?|Unit|Apt\.?|#)/)
    if (suite > 0) rest = rest.slice(0, suite)
    const words = rest.toLowerCase().replace(/\./g, '').split(' ')
    const first = words[0] ?? ''
    if (FR_TYPES.has(first)) return { kind: 'street', street: rest, houseNumber, style: 'fr' }
    let lastIndex = words.length - 1
    if (lastIndex > 0 && EN_DIRECTIONS.has(words[lastIndex] as string)) lastIndex--
    if (lastIndex >= 1 && EN_TYPES.has(words[lastIndex] as string) && UPPER_OR_DIGIT_START.test(rest)) {
      return { kind: 'street', street: rest.trim(), houseNumber, style: 'en' }
    }
  }
  return undefined
}

/**
 * Tells whether a line carries a postal address part.
 *
 * @internal
 */
export function isAddressLine(line: string): boolean {
  // Every street, postcode and PO box line holds a digit.
  if (line.length > 160 || !DIGIT.test(line)) return false
  for (const segment of splitSegments(line)) {
    const part = parseAddressSegment(segment)
    if (part !== undefined && part.kind !== 'country') return true
  }
  return false
}

/**
 * Tells whether a line names only a country ("Germany", "Deutschland", "United Kingdom"). `fold` is
 * `foldLine`, or a caller's memo of it.
 *
 * @internal
 */
export function countryOfLine(line: string, fold: (text: string) => string = foldLine): string | undefined {
  // Digits survive folding and no country name has one: phone and address lines need no folding.
  if (DIGIT.test(line)) return undefined
  return COUNTRIES.get(fold(line))
}

/**
 * Letter case of street and city names written all in capitals (old ERP exports, `80331 MÜNCHEN`) or all in small
 * letters: capitalised words, with the small words of place names in small letters after the first word, as
 * Duden and the national spellings write them (`Frankfurt am Main`, `Unter den Linden`, `Straße des 17. Juni`,
 * `Boulogne-sur-Mer`, `Newcastle upon Tyne`, `Alphen aan den Rijn`). Mixed case is kept as written.
 *
 * @internal
 * @packageDocumentation
 */
import { capitalizeSegment, upperFirst } from './letter-case.js'

// Prepositions, articles and conjunctions of place names (German, English, French, Italian, Spanish, Dutch),
// written small unless they start the name. Written forms in lower case, without a final dot.
const SMALL_WORDS = new Set([
  // German, with the one-letter abbreviations of `a. M.`, `i. Br.`, `o. d. T.`, `v. d. Höhe`, `b. Nürnberg`
  'am',
  'an',
  'auf',
  'aus',
  'bei',
  'beim',
  'dem',
  'den',
  'der',
  'des',
  'im',
  'in',
  'ob',
  'vom',
  'von',
  'vor',
  'zu',
  'zum',
  'zur',
  'und',
  'a',
  'b',
  'd',
  'i',
  'o',
  'u',
  'v',
  // English
  'and',
  'by',
  'of',
  'on',
  'the',
  'upon',
  // French, Italian, Spanish, Dutch
  'aan',
  'da',
  'dal',
  'de',
  'dei',
  'del',
  'della',
  'delle',
  'di',
  'du',
  'en',
  'et',
  'het',
  'la',
  'las',
  'le',
  'les',
  'los',
  'op',
  'sous',
  'sur',
  'ten',
  'ter',
  'van',
  'y',
])

const LETTER = /\p{L}/u
const TWO_LETTERS = /\p{L}.*\p{L}/su
const DIGIT = /\d/
const ELISION = /^([dlo])['’](.+)$/
// English ordinals after digits: `3RD` → `3rd`; other letters after digits (`B27`, `4A`) are codes.
const ORDINAL = /^(\d+)(st|nd|rd|th)(\.?)$/i
// Dots between single letters: `a.d.`, `U.S.`.
const DOTTED_LETTERS = /^(?:\p{L}\.)+\p{L}?\.?$/u
// Roman numerals of two or more letters (`Ludwig-II-Straße`, `Johannes-XXIII.-Platz`) stay in capitals.
const ROMAN = /^(?=[ivxlcdm]{2,}\.?$)m*(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\.?$/i

/**
 * @internal Whether a text needs its letter case repaired: at least two letters, and all of them capitals or
 * all of them small.
 */
export function hasUniformCase(text: string): boolean {
  if (hasMixedAscii(text)) return false
  return (text.toUpperCase() === text || text.toLowerCase() === text) && TWO_LETTERS.test(text)
}

// Most names are mixed case in ASCII letters (`Hauptstraße`: `H`, then `a`), seen after a character or two: this
// runs for every street and city of an import.
function hasMixedAscii(text: string): boolean {
  let upper = false
  let lower = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 65 && code <= 90) {
      if (lower) return true
      upper = true
    } else if (code >= 97 && code <= 122) {
      if (upper) return true
      lower = true
    }
  }
  return false
}

/**
 * @internal A street or city name with its letter case repaired when it is written all in capitals or all in
 * small letters (see the module comment); `country` decides `-straße` (DE, AT) over `-strasse` (CH) and the
 * Dutch `IJ`.
 */
export function placeNameCase(text: string, country: string | undefined): string {
  if (!hasUniformCase(text)) return text
  const sharpS = country === 'DE' || country === 'AT'
  const dutch = country === 'NL' || country === 'BE'
  let first = true
  // Words and the separators between them (spaces, hyphens, brackets, slashes) alternate.
  return text
    .split(/([\s\-/()]+)/)
    .map((part, index) => {
      if (index % 2 === 1 || part.length === 0) return part
      const word = recaseWord(part, first, sharpS, dutch)
      first = false
      return word
    })
    .join('')
}

function recaseWord(word: string, first: boolean, sharpS: boolean, dutch: boolean): string {
  const lower = word.toLowerCase()
  const bare = lower.endsWith('.') ? lower.slice(0, -1) : lower
  if (!LETTER.test(word)) return word
  // A single letter without a dot stays as written: `Q 7` is a Mannheim square.
  if (lower.length === 1) return word
  // `am`, `de`, `a.` (`Frankfurt a. M.`): small inside a name, capitalised at its start.
  if (SMALL_WORDS.has(bare)) return first ? upperFirst(lower, '') : lower
  if (bare.length === 1) return upperFirst(lower, '')
  const ordinal = ORDINAL.exec(word)
  if (ordinal) return `${ordinal[1]}${(ordinal[2] as string).toLowerCase()}${ordinal[3]}`
  if (DIGIT.test(word)) return word
  if (lower.length > 2 && lower.includes('.') && DOTTED_LETTERS.test(word)) {
    const letters = lower.split('.').filter((letter) => letter.length > 0)
    return !first && letters.every((letter) => SMALL_WORDS.has(letter)) ? lower : word
  }
  if (ROMAN.test(word) && word === word.toUpperCase()) return word
  // Compass points after an English street (`Pennsylvania Ave NW`).
  if (!first && (bare === 'ne' || bare === 'nw' || bare === 'se' || bare === 'sw')) return word.toUpperCase()
  const elision = lower.length > 2 && (lower[1] === "'" || lower[1] === '’') ? ELISION.exec(lower) : null
  if (elision) {
    const letter = elision[1] as string
    // `d'Alene`, `l'Isle` inside a name; `O'Connell`, and any elision that starts the name, capitalised.
    const head = first || letter === 'o' ? letter.toUpperCase() : letter
    return `${head}${word.charAt(1)}${capitalise(elision[2] as string, sharpS, dutch)}`
  }
  return capitalise(lower, sharpS, dutch)
}

function capitalise(lower: string, sharpS: boolean, dutch: boolean): string {
  const text = sharpS && lower.endsWith('strasse') ? `${lower.slice(0, -7)}straße` : lower
  if (dutch && text.startsWith('ij')) return `IJ${text.slice(2)}`
  // `Bishop's`: after an apostrophe inside a word, small letters go on.
  return capitalizeSegment(text, '')
}

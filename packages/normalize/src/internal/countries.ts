import { foldText } from '@contactkit/core'
import { getCountries } from 'libphonenumber-js/max'
import { fold } from './fold.js'

// Names Intl.DisplayNames does not produce: short forms, old names, abbreviations seen in address lines.
const ALIASES: Record<string, string> = {
  brd: 'DE',
  'bundesrepublik deutschland': 'DE',
  deutschland: 'DE',
  germany: 'DE',
  allemagne: 'DE',
  ger: 'DE',
  deu: 'DE',
  d: 'DE',
  'federal republic of germany': 'DE',
  oesterreich: 'AT',
  osterreich: 'AT',
  aut: 'AT',
  a: 'AT',
  schweiz: 'CH',
  suisse: 'CH',
  svizzera: 'CH',
  switzerland: 'CH',
  che: 'CH',
  'confoederatio helvetica': 'CH',
  holland: 'NL',
  nederland: 'NL',
  'the netherlands': 'NL',
  nld: 'NL',
  'pays bas': 'NL',
  belgie: 'BE',
  belgique: 'BE',
  bel: 'BE',
  b: 'BE',
  luxemburg: 'LU',
  lux: 'LU',
  l: 'LU',
  frankreich: 'FR',
  fra: 'FR',
  f: 'FR',
  italia: 'IT',
  ita: 'IT',
  i: 'IT',
  espana: 'ES',
  esp: 'ES',
  e: 'ES',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  grossbritannien: 'GB',
  england: 'GB',
  scotland: 'GB',
  schottland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  gbr: 'GB',
  'royaume uni': 'GB',
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  'united states of america': 'US',
  america: 'US',
  amerika: 'US',
  'vereinigte staaten von amerika': 'US',
  'etats unis': 'US',
  polska: 'PL',
  pol: 'PL',
  pl: 'PL',
  'czech republic': 'CZ',
  'tschechische republik': 'CZ',
  cesko: 'CZ',
  cze: 'CZ',
  danmark: 'DK',
  dnk: 'DK',
  dk: 'DK',
  sverige: 'SE',
  swe: 'SE',
  norge: 'NO',
  nor: 'NO',
  suomi: 'FI',
  fin: 'FI',
  turkiye: 'TR',
  tuerkei: 'TR',
  turkey: 'TR',
  tur: 'TR',
  eire: 'IE',
  irl: 'IE',
  magyarorszag: 'HU',
  'russian federation': 'RU',
}

let names: Map<string, string> | undefined

function countryNames(): Map<string, string> {
  if (names) return names
  names = new Map()
  const languages = ['de', 'en', 'fr']
  const displays = languages.map((language) => new Intl.DisplayNames([language], { type: 'region' }))
  for (const code of getCountries()) {
    names.set(code.toLowerCase(), code)
    for (const display of displays) {
      const name = display.of(code)
      if (name && name !== code) {
        names.set(foldText(name), code)
        names.set(foldText(name, { german: true }), code)
      }
    }
  }
  for (const [name, code] of Object.entries(ALIASES)) names.set(name, code)
  return names
}

/**
 * Maps a country name or code in German, English or French (`Deutschland`, `Germany`, `Allemagne`, `BRD`, `DE`,
 * `DEU`) to ISO 3166-1 alpha-2.
 *
 * @internal
 */
export function countryCode(text: string): string | undefined {
  const direct = countryNames().get(text.toLowerCase())
  if (direct) return direct
  const key = fold(text)
  if (!key) return undefined
  return countryNames().get(key) ?? countryNames().get(fold(text, true))
}

/**
 * Country prefixes of European postcodes (`D-80331`, `A-1010`, `CH-8001`).
 *
 * @internal
 */
export const POSTCODE_COUNTRY_PREFIX: Record<string, string> = {
  D: 'DE',
  DE: 'DE',
  A: 'AT',
  AT: 'AT',
  CH: 'CH',
  FL: 'LI',
  LI: 'LI',
  F: 'FR',
  FR: 'FR',
  B: 'BE',
  BE: 'BE',
  L: 'LU',
  LU: 'LU',
  NL: 'NL',
  I: 'IT',
  IT: 'IT',
  E: 'ES',
  ES: 'ES',
  DK: 'DK',
  S: 'SE',
  SE: 'SE',
  N: 'NO',
  NO: 'NO',
  FIN: 'FI',
  FI: 'FI',
  PL: 'PL',
  CZ: 'CZ',
  P: 'PT',
  PT: 'PT',
  H: 'HU',
  HU: 'HU',
  SK: 'SK',
  SLO: 'SI',
  SI: 'SI',
}

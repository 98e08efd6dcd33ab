import { foldDiacritics } from '@contactkit/core'

const VOWELS = 'AEIJOUY'

function code(chars: string, i: number): string {
  const char = chars[i] as string
  const previous = chars[i - 1] ?? ''
  const next = chars[i + 1] ?? ''
  if (VOWELS.includes(char)) return '0'
  switch (char) {
    case 'H':
      return ''
    case 'B':
      return '1'
    case 'P':
      return next === 'H' ? '3' : '1'
    case 'D':
    case 'T':
      return 'CSZ'.includes(next) && next !== '' ? '8' : '2'
    case 'F':
    case 'V':
    case 'W':
      return '3'
    case 'G':
    case 'K':
    case 'Q':
      return '4'
    case 'C':
      if (i === 0) return 'AHKLOQRUX'.includes(next) && next !== '' ? '4' : '8'
      return 'AHKOQUX'.includes(next) && next !== '' && !'SZ'.includes(previous) ? '4' : '8'
    case 'X':
      return 'CKQ'.includes(previous) && previous !== '' ? '8' : '48'
    case 'L':
      return '5'
    case 'M':
    case 'N':
      return '6'
    case 'R':
      return '7'
    case 'S':
    case 'Z':
      return '8'
    default:
      return ''
  }
}

/**
 * Kölner Phonetik (Cologne phonetics, Postel 1969): a phonetic code for German names, so that `Meier`, `Mayer`
 * and `Maier` share a code. Umlauts count as their base vowel and `ß` as `s`; characters other than letters are
 * ignored.
 *
 * @param text - A word or name.
 * @returns The digit code, e.g. `'67'` for `Müller`; `''` when the text has no letters.
 *
 * @example
 * ```ts
 * colognePhonetic('Müller-Lüdenscheidt') // '65752682'
 * colognePhonetic('Meier') === colognePhonetic('Mayr') // true
 * ```
 */
export function colognePhonetic(text: string): string {
  const chars = foldDiacritics(text)
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
  let raw = ''
  for (let i = 0; i < chars.length; i++) raw += code(chars, i)
  let result = ''
  for (let i = 0; i < raw.length; i++) {
    const digit = raw[i] as string
    if (i > 0 && digit === raw[i - 1]) continue
    if (digit === '0' && i > 0) continue
    result += digit
  }
  return result
}

/**
 * Fast folding for lexicon look-ups: lower case, diacritics dropped, `ß` → `ss`, every run of
 * characters that are neither letters nor digits collapsed to one space, trimmed.
 * Hand-written loop instead of core's `foldText` because it runs on every candidate line.
 *
 * @internal
 */
export function foldLine(text: string): string {
  const lower = text.toLowerCase()
  if (!NON_ASCII.test(lower)) return lower.replace(NOT_ASCII_ALNUM, ' ').trim()
  return lower
    .replace(LATIN, (letter) => LATIN_FOLD[letter] ?? letter)
    .replace(OTHER_MARKED, (letter) => letter.normalize('NFD').replace(COMBINING, ''))
    .replace(NOT_ALNUM, ' ')
    .trim()
}

const NON_ASCII = /[^\u0000-\u007f]/
const NOT_ASCII_ALNUM = /[^a-z0-9]+/g
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu
const LATIN = /[\u00c0-\u024f]/g
// Letters outside Latin-1/Extended-A/B that still carry marks (Vietnamese, Greek tonos ...).
const OTHER_MARKED = /[\u1e00-\u1eff\u0370-\u03ff]/g
const COMBINING = /\p{M}/gu
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
}
// Folding table for U+00C0–U+024F, built once from Unicode decomposition: a constant, not call state.
const LATIN_FOLD: Record<string, string> = {}
for (let code = 0xc0; code <= 0x24f; code++) {
  const letter = String.fromCharCode(code).toLowerCase()
  LATIN_FOLD[letter] = SPECIAL[letter] ?? letter.normalize('NFD').replace(COMBINING, '')
}

/**
 * Words of a folded line.
 *
 * @internal
 */
export function foldedWords(text: string): string[] {
  const folded = foldLine(text)
  return folded === '' ? [] : folded.split(' ')
}

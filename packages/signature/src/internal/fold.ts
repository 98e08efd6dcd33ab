/**
 * Fast folding for lexicon look-ups: lower case, diacritics dropped, `ß` → `ss`, every run of
 * characters that are neither letters nor digits collapsed to one space, trimmed.
 * Own function instead of core's `foldText` because it runs on every candidate line.
 *
 * @internal
 */
export function foldLine(text: string): string {
  // Native lower-casing and regex replaces give one flat string; appending character by character builds a
  // rope that every later split or compare has to flatten, which cost more than the folding itself.
  const mapped = ASCII_ONLY.test(text) ? text : text.replace(NON_ASCII, foldChar)
  const out = mapped.toLowerCase().replace(SEPARATOR_RUN, ' ')
  const from = out.charCodeAt(0) === 32 ? 1 : 0
  const to = out.length > from && out.charCodeAt(out.length - 1) === 32 ? out.length - 1 : out.length
  return from === 0 && to === out.length ? out : out.slice(from, to)
}

// One non-ASCII UTF-16 unit: its folded lower-case letters, or a space when it is no letter or digit.
function foldChar(ch: string): string {
  if (ch.charCodeAt(0) < 0xc0) return ' '
  const mapped = LATIN_FOLD[ch]
  if (mapped !== undefined) return mapped
  if (ch.toLowerCase() !== ch.toUpperCase() || LETTER_OR_DIGIT.test(ch)) {
    const lower = ch.toLowerCase()
    return SPECIAL_FOLDS[lower] ?? lower.normalize('NFD').replace(COMBINING, '')
  }
  return ' '
}

const ASCII_ONLY = /^[\x00-\x7f]*$/
const NON_ASCII = /[^\x00-\x7f]/g
// After foldChar, every separator left is an ASCII character other than a letter or digit.
const SEPARATOR_RUN = /[\x00-\x2f\x3a-\x60\x7b-\x7f]+/g
const LETTER_OR_DIGIT = /\p{L}|\p{N}/u
const COMBINING = /\p{M}/gu
/** Letters that Unicode decomposition does not fold to Latin letters. @internal */
export const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
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
  const raw = String.fromCharCode(code)
  const letter = raw.toLowerCase()
  // × and ÷ sit in this range but are symbols.
  if (code === 0xd7 || code === 0xf7) continue
  LATIN_FOLD[raw] = SPECIAL_FOLDS[letter] ?? letter.normalize('NFD').replace(COMBINING, '')
}

/**
 * Words of a folded line.
 *
 * @internal
 */
export function foldedWords(text: string): string[] {
  // The words of foldLine(text), cut straight from the lower-cased text: no separator replace, no split.
  const lower = (ASCII_ONLY.test(text) ? text : text.replace(NON_ASCII, foldChar)).toLowerCase()
  const words: string[] = []
  let start = -1
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i)
    // What SEPARATOR_RUN does not match: digits, lower-case ASCII letters and everything beyond ASCII.
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code > 127) {
      if (start < 0) start = i
    } else if (start >= 0) {
      words.push(lower.slice(start, i))
      start = -1
    }
  }
  if (start >= 0) words.push(start === 0 ? lower : lower.slice(start))
  return words
}

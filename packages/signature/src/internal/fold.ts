/**
 * Fast folding for lexicon look-ups: lower case, diacritics dropped, `ß` → `ss`, every run of
 * characters that are neither letters nor digits collapsed to one space, trimmed.
 * Hand-written loop instead of core's `foldText` because it runs on every candidate line.
 *
 * @internal
 */
export function foldLine(text: string): string {
  let out = ''
  let space = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    let piece: string
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) piece = text[i] as string
    else if (code >= 65 && code <= 90) piece = String.fromCharCode(code + 32)
    else if (code < 0xc0) {
      space = true
      continue
    } else {
      const ch = text[i] as string
      const mapped = LATIN_FOLD[ch]
      if (mapped !== undefined) piece = mapped
      else if (ch.toLowerCase() !== ch.toUpperCase() || /\p{L}|\p{N}/u.test(ch)) {
        const lower = ch.toLowerCase()
        piece = SPECIAL[lower] ?? lower.normalize('NFD').replace(COMBINING, '')
      } else {
        space = true
        continue
      }
    }
    if (space && out.length > 0) out += ' '
    space = false
    out += piece
  }
  return out
}

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
  const raw = String.fromCharCode(code)
  const letter = raw.toLowerCase()
  // × and ÷ sit in this range but are symbols.
  if (code === 0xd7 || code === 0xf7) continue
  LATIN_FOLD[raw] = SPECIAL[letter] ?? letter.normalize('NFD').replace(COMBINING, '')
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

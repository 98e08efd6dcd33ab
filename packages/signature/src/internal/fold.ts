/**
 * Fast folding for lexicon look-ups: lower case, diacritics dropped, `ß` → `ss`, every run of
 * characters that are neither letters nor digits collapsed to one space, trimmed.
 * Hand-written loop instead of core's `foldText` because it runs on every candidate line.
 *
 * @internal
 */
export function foldLine(text: string): string {
  let out = ''
  let pendingSpace = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    let ch: string
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      ch = text[i] as string
    } else if (code >= 65 && code <= 90) {
      ch = String.fromCharCode(code + 32)
    } else if (code < 128) {
      pendingSpace = out.length > 0
      continue
    } else {
      ch = foldNonAscii(text[i] as string)
      if (ch === '') {
        pendingSpace = out.length > 0
        continue
      }
    }
    if (pendingSpace) {
      out += ' '
      pendingSpace = false
    }
    out += ch
  }
  return out
}

const SPECIAL: Record<string, string> = { ß: 'ss', ẞ: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd' }
const COMBINING = /\p{M}/gu
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

function foldNonAscii(ch: string): string {
  const lower = ch.toLowerCase()
  const special = SPECIAL[lower]
  if (special !== undefined) return special
  if (!LETTER_OR_DIGIT.test(lower)) return ''
  return lower.normalize('NFD').replace(COMBINING, '')
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

/**
 * Capitalising one word written all in capitals or all in small letters, shared by names (`MÜLLER`, `MCDONALD`)
 * and place names (`MÜNCHEN`, `MCALLEN`).
 *
 * @internal
 * @packageDocumentation
 */
import { MAC_NAMES } from './name-data.js'

const DOTTED_I = /i\u0307/g

/** @internal The word in small letters with a capital first letter; `Mc…` and listed `Mac…` names keep their inner capital. */
export function capitalizeSegment(segment: string, lang: string): string {
  // Outside Turkish, `İ` lower-cases to `i` plus a combining dot; drop the dot so the result is plain `i`.
  const lower = lang === 'tr' ? segment.toLocaleLowerCase('tr') : segment.toLowerCase().replace(DOTTED_I, 'i')
  if (lower.length === 0) return lower
  if (lower.startsWith('mc') && lower.length > 2) return `Mc${upperFirst(lower.slice(2), lang)}`
  if (MAC_NAMES.has(lower)) return `Mac${upperFirst(lower.slice(3), lang)}`
  return upperFirst(lower, lang)
}

/** @internal The text with its first letter in capitals. */
export function upperFirst(text: string, lang: string): string {
  const first = text.charAt(0)
  const upper = lang === 'tr' ? first.toLocaleUpperCase('tr') : first.toUpperCase()
  // `ß` upper-cases to `SS`, which would read as a new word in capitals next time: keep such letters.
  return (upper.length === first.length ? upper : first) + text.slice(1)
}

import { foldLine } from './fold.js'

// Lines mobile clients append: "Sent from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPhone".
const FIRST_WORD = /^(?:sent|get|von|gesendet|diese|envoy|enviado|inviato|verzonden|verstuurd)/i
const PREFIXES = [
  'sent from',
  'sent with',
  'sent via',
  'sent using',
  'get outlook for',
  'von meinem',
  'gesendet von',
  'gesendet mit',
  'gesendet vom',
  'diese nachricht wurde von meinem',
  'envoye de',
  'envoye depuis',
  'envoye avec',
  'enviado desde',
  'enviado de',
  'enviado con',
  'inviato da',
  'inviato dal',
  'verzonden vanaf',
  'verzonden met',
  'verstuurd vanaf',
  'verstuurd met',
  'sent from mail for windows',
]

// First words of the prefixes, folded.
const FIRST_WORDS = new Set(PREFIXES.map((prefix) => prefix.split(' ')[0] as string))

/**
 * Tells whether a line is a mobile client's footer, which is never a signature of its own.
 *
 * @internal
 */
export function isMobileFooter(line: string): boolean {
  const trimmed = line.trim()
  if (trimmed.length === 0 || trimmed.length > 90) return false
  // Every footer starts with one of these words; test that before folding the line.
  if (!FIRST_WORD.test(trimmed)) return false
  return hasFooterPrefix(foldLine(trimmed))
}

/**
 * {@link isMobileFooter} for a line whose folded words are at hand.
 *
 * @internal
 */
export function isMobileFooterWords(line: string, words: readonly string[]): boolean {
  // Every prefix is whole words, so the line's first word must be a prefix's first word.
  if (words.length === 0 || !FIRST_WORDS.has(words[0] as string)) return false
  const trimmed = line.trim()
  if (trimmed.length === 0 || trimmed.length > 90) return false
  return hasFooterPrefix(words.join(' '))
}

function hasFooterPrefix(folded: string): boolean {
  for (const prefix of PREFIXES) {
    if (folded.startsWith(prefix)) return true
  }
  return false
}

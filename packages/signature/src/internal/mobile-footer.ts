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

/**
 * Tells whether a line is a mobile client's footer, which is never a signature of its own.
 *
 * @internal
 */
export function isMobileFooter(line: string, foldedLine?: string): boolean {
  const trimmed = line.trim()
  if (trimmed.length === 0 || trimmed.length > 90) return false
  // Every footer starts with one of these words; test that before folding the line.
  if (foldedLine === undefined && !FIRST_WORD.test(trimmed)) return false
  const folded = foldedLine ?? foldLine(trimmed)
  for (const prefix of PREFIXES) {
    if (folded.startsWith(prefix)) return true
  }
  return false
}

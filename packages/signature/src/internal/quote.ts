import { foldLine } from './fold.js'

// Header keys of a quoted message in Outlook, Lotus, Apple Mail and web mailers (folded).
const FROM_KEYS = new Set(['from', 'von', 'de', 'da', 'van', 'od', 'fran', 'fra', 'absender'])
const OTHER_KEYS = new Set([
  'sent',
  'date',
  'to',
  'subject',
  'cc',
  'bcc',
  'gesendet',
  'datum',
  'an',
  'betreff',
  'kopie',
  'envoye',
  'a',
  'objet',
  'enviado',
  'fecha',
  'para',
  'asunto',
  'inviato',
  'data',
  'oggetto',
  'verzonden',
  'aan',
  'onderwerp',
  'sent on',
  'gesendet am',
  'reply to',
  'antwort an',
  'empfanger',
])
// Separator lines of a quoted or forwarded message, folded (dashes and underscores dropped).
const SEPARATORS = new Set([
  'original message',
  'ursprungliche nachricht',
  'originalnachricht',
  'original nachricht',
  'message d origine',
  'message original',
  'mensaje original',
  'messaggio originale',
  'messaggio originale',
  'oorspronkelijk bericht',
  'oorspronkelijk bericht',
  'forwarded message',
  'forwarded by',
  'weitergeleitete nachricht',
  'message transfere',
  'mensaje reenviado',
  'messaggio inoltrato',
  'doorgestuurd bericht',
  'begin forwarded message',
  'anfang der weitergeleiteten nachricht',
  'debut du message reexpedie',
  'debut du message transfere',
  'inicio del mensaje reenviado',
  'inizio messaggio inoltrato',
  'begin doorgestuurd bericht',
  'reply message',
  'urspr nachricht',
])
const WROTE = [
  ' wrote',
  'schrieb',
  'geschrieben',
  'a ecrit',
  'escribio',
  'ha scritto',
  'schreef',
  'skrev',
  'napisal',
]
const ATTRIBUTION_STARTS = ['on ', 'am ', 'le ', 'el ', 'il ', 'op ', 'den ', 'em ']

// First letters of ATTRIBUTION_STARTS, both cases: other lines need no slicing and lower-casing.
const ATTRIBUTION_FIRST = new Set(
  [...ATTRIBUTION_STARTS].flatMap((start) => [start[0], start[0]?.toUpperCase()]),
)

function startsAttribution(text: string): boolean {
  if (!ATTRIBUTION_FIRST.has(text[0])) return false
  const head = text.slice(0, 4).toLowerCase()
  return ATTRIBUTION_STARTS.some((start) => head.startsWith(start))
}

function headerKey(line: string): string | undefined {
  // Every header key ends at a colon: lines without one need no trimming.
  if (!line.includes(':')) return undefined
  let trimmed = line.trim()
  if (trimmed.startsWith('*')) trimmed = trimmed.replace(/^\*+/, '')
  const colon = trimmed.indexOf(':')
  if (colon <= 0 || colon > 16) return undefined
  return foldLine(trimmed.slice(0, colon))
}

function isAttribution(text: string): boolean {
  const trimmed = text.trim()
  return isTrimmedAttribution(trimmed)
}

function isTrimmedAttribution(trimmed: string): boolean {
  if (trimmed.length > 400 || !trimmed.endsWith(':')) return false
  const folded = foldLine(trimmed)
  if (!WROTE.some((word) => folded.includes(word.trim()))) return false
  // The attribution names a date or an address; plain sentences ending in "wrote:" rarely do.
  return (
    /\d/.test(trimmed) ||
    trimmed.includes('@') ||
    ATTRIBUTION_STARTS.some((start) => folded.startsWith(start))
  )
}

const SEPARATOR_HINT = /-{2}|_{2}|message|nachricht|bericht|mensaje|messaggio|forwarded|transf|reenv|inoltr/i

function isSeparator(line: string): boolean {
  return isTrimmedSeparator(line.trim())
}

function isTrimmedSeparator(trimmed: string): boolean {
  if (trimmed.length < 10 || trimmed.length > 90 || !SEPARATOR_HINT.test(trimmed)) return false
  const folded = foldLine(trimmed)
  if (SEPARATORS.has(folded)) return true
  // "---------- Forwarded message ---------" / "----- Forwarded by Jane Doe/HOU/ECT on 12/01/2001 -----"
  return (
    trimmed.startsWith('--') && (folded.startsWith('forwarded by') || folded.startsWith('original message'))
  )
}

function isRule(line: string): boolean {
  const trimmed = line.trim()
  if (trimmed.length < 8) return false
  for (let i = 0; i < trimmed.length; i++) {
    if (trimmed[i] !== '_' && trimmed[i] !== '-' && trimmed[i] !== '=') return false
  }
  return true
}

function isHeaderBlock(lines: readonly string[], index: number): boolean {
  const key = headerKey(lines[index] as string)
  if (key === undefined) return false
  const isFrom = FROM_KEYS.has(key)
  if (!isFrom && !OTHER_KEYS.has(key)) return false
  let others = 0
  let seen = 0
  for (let k = index + 1; k < lines.length && seen < 5; k++) {
    const line = lines[k] as string
    if (line.trim() === '') continue
    seen++
    const next = headerKey(line)
    if (next === undefined) continue
    if (OTHER_KEYS.has(next) || FROM_KEYS.has(next)) others++
  }
  return isFrom ? others >= 2 : others >= 3
}

/**
 * The first line of the quoted or forwarded part of a plain-text mail, or `lines.length` when there is
 * none: `On … wrote:` and its German, French, Spanish, Italian and Dutch forms (also wrapped over two
 * lines), `-----Original Message-----` and its translations, `From:/Sent:/To:/Subject:` header blocks,
 * and a trailing run of `>` lines.
 *
 * @internal
 */
export function findQuoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const trimmed = line.trimStart()
    if (trimmed.length === 0) continue
    if (trimmed.startsWith('>')) {
      const runEnd = endOfQuotedRun(lines, i)
      const after = lines[runEnd]
      if (after === undefined || isAttribution(after) || isSeparator(after) || isHeaderBlock(lines, runEnd)) {
        return ruleAbove(lines, i)
      }
      // Interleaved answers below quoted lines (inline replies) keep the mail going.
      i = runEnd - 1
      continue
    }
    const whole = trimmed.trimEnd()
    if (isTrimmedSeparator(whole)) return i
    if (isTrimmedAttribution(whole)) return i
    const next = lines[i + 1]
    if (
      next !== undefined &&
      !line.trimEnd().endsWith(':') &&
      line.length < 200 &&
      startsAttribution(trimmed) &&
      isAttribution(`${trimmed} ${next.trim()}`)
    ) {
      return i
    }
    if (isHeaderBlock(lines, i)) return ruleAbove(lines, i)
  }
  return lines.length
}

// Outlook puts a rule of underscores above the quoted header; it belongs to the quote.
function ruleAbove(lines: readonly string[], index: number): number {
  let k = index - 1
  while (k >= 0 && (lines[k] as string).trim() === '') k--
  return k >= 0 && isRule(lines[k] as string) ? k : index
}

// The first line after a run of `>` and blank lines.
function endOfQuotedRun(lines: readonly string[], index: number): number {
  let k = index + 1
  while (k < lines.length) {
    const trimmed = (lines[k] as string).trim()
    if (trimmed !== '' && !trimmed.startsWith('>')) break
    k++
  }
  return k
}

/**
 * Tells whether a line is a quoted line (`>` prefix).
 *
 * @internal
 */
export function isQuotedLine(line: string): boolean {
  return line.trimStart().startsWith('>')
}

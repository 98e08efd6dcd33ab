import { foldedWords } from './fold.js'
import { findEmails } from './scan.js'

/** What identifies the sender of a mail. @internal */
export interface SenderKeys {
  address?: string
  /** Folded name words (first and last names) of at least two letters. */
  names: Set<string>
  /** Folded name words that may be abbreviated ("Chris" for "Christopher"). */
  firstNames: string[]
}

const GENERIC_LOCAL = new Set([
  'info',
  'office',
  'mail',
  'kontakt',
  'contact',
  'sales',
  'vertrieb',
  'support',
  'service',
  'noreply',
  'no',
  'reply',
  'team',
  'hello',
  'hallo',
  'admin',
  'buero',
  'post',
  'news',
  'newsletter',
  'billing',
])
const NOT_A_NAME = new Set([
  'mailto',
  'ect',
  'hou',
  'enron',
  'com',
  'de',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'herr',
  'frau',
])

// Drops `[mailto:…]`, `(MKT)` and `<address>` parts with a linear scan.
function withoutBracketed(text: string): string {
  let out = ''
  let close = ''
  for (const ch of text) {
    if (close !== '') {
      if (ch === close) {
        close = ''
        out += ' '
      }
      continue
    }
    if (ch === '[') close = ']'
    else if (ch === '(') close = ')'
    else if (ch === '<') close = '>'
    else out += ch
  }
  return out
}

/**
 * Sender keys from `{ name, address }`. Names in raw header form (`"Cook, Diane H." <…>`,
 * `Hewitt, Gary (MKT) [mailto:…]`) are accepted.
 *
 * @internal
 */
export function senderKeys(
  from: { name?: string | undefined; address?: string | undefined } | undefined,
): SenderKeys {
  const names = new Set<string>()
  const firstNames: string[] = []
  if (from === undefined) return { names, firstNames }
  let address = from.address?.trim().toLowerCase()
  const rawName = from.name ?? ''
  if (address === undefined || address === '') {
    const inName = findEmails(rawName)[0]
    address = inName?.value.toLowerCase()
  }
  const cleaned = withoutBracketed(rawName).replace(/@\S+/g, ' ')
  for (const word of foldedWords(cleaned)) {
    if (word.length >= 2 && !NOT_A_NAME.has(word) && !/\d/.test(word)) {
      names.add(word)
      firstNames.push(word)
    }
  }
  if (address !== undefined) {
    const local = address.split('@')[0] ?? ''
    if (!GENERIC_LOCAL.has(local)) {
      for (const word of foldedWords(local)) {
        if (word.length >= 3 && !GENERIC_LOCAL.has(word) && !/\d/.test(word)) names.add(word)
      }
    }
  }
  const keys: SenderKeys = { names, firstNames }
  if (address !== undefined && address !== '') keys.address = address
  return keys
}

/**
 * How strongly a short line names the sender: 2 = a full name or several name words, 1 = one name word
 * (or a nickname prefix of at least three letters, "Chris" for "Christopher"), 0 = no match.
 *
 * @internal
 */
export function senderNameScore(
  line: string,
  keys: SenderKeys,
  words: readonly string[] = foldedWords(line),
): number {
  if (keys.names.size === 0) return 0
  if (words.length === 0 || words.length > 7) return 0
  let hits = 0
  for (const word of words) {
    if (keys.names.has(word)) {
      hits++
      continue
    }
    if (
      word.length >= 3 &&
      keys.firstNames.some((name) => name.length > word.length && name.startsWith(word))
    )
      hits++
  }
  return Math.min(hits, 2)
}

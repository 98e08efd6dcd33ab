// Pieces of normalizeContact as they were before its fast paths (commit 7151dca), kept as the reference the
// property tests in contact-fast-paths.test.ts compare the current ones with.
import { TITLES, WEAK_TITLES } from '../../src/internal/name-data.js'

const DOT_ATOM = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u
const QUOTED_LOCAL = /^"(?:[^"\\\r\n]|\\.)*"$/
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const NUMERIC = /^\d+$/
const ASCII = /^[\x00-\x7F]*$/

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}

export function referenceMailboxProblem(local: string, domainAscii: string): string | undefined {
  if (!DOT_ATOM.test(local) && !QUOTED_LOCAL.test(local))
    return 'The local part has characters a mailbox cannot have'
  const octets = ASCII.test(local) ? local.length : utf8Length(local)
  if (octets > 64) return 'The local part is longer than 64 octets (RFC 5321)'
  if (!domainAscii) return 'The domain is not a valid host name'
  if (domainAscii.length > 253) return 'The domain is longer than 253 characters (RFC 5321)'
  const labels = domainAscii.split('.')
  if (labels.length < 2) return 'The domain has no top-level domain'
  if (!labels.every((label) => LABEL.test(label))) return 'The domain has an invalid label'
  const tld = labels[labels.length - 1] ?? ''
  if (tld.length < 2 || NUMERIC.test(tld)) return 'The top-level domain is not valid'
  if (local.length + 1 + domainAscii.length > 254)
    return 'The address is longer than 254 characters (RFC 5321)'
  return undefined
}

const TITLE_PREFIXES = new Set(
  Object.keys(TITLES).flatMap((key) => Array.from({ length: key.length }, (_, end) => key.slice(0, end + 1))),
)

export function referenceKeyOf(token: string): string {
  return token.toLowerCase().replace(/[.\s-]+/g, '')
}

export function referenceMatchTitle(
  tokens: string[],
  start: number,
  keys: string[] = tokens.map(referenceKeyOf),
): { canonical: string; length: number } | undefined {
  if (!TITLE_PREFIXES.has(keys[start] ?? '')) return undefined
  for (let length = Math.min(4, tokens.length - start); length >= 1; length--) {
    const key = length === 1 ? (keys[start] ?? '') : keys.slice(start, start + length).join('')
    const canonical = TITLES[key]
    if (!canonical) continue
    const written = tokens.slice(start, start + length).join(' ')
    if (length === 1 && WEAK_TITLES.has(key) && !written.includes('.') && written !== written.toUpperCase())
      continue
    return { canonical, length }
  }
  return undefined
}

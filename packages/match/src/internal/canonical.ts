import { foldText } from '@contactkit/core'
import {
  companyKey as normalizeCompanyKey,
  normalizeEmail,
  emailKey as normalizeEmailKey,
  streetKey as normalizeStreetKey,
  phoneKey,
} from '@contactkit/normalize'

// Canonical keys used by the comparators and blocking, built on @contactkit/normalize. Matching inputs are
// canonical Contacts, so the fast paths (plain ASCII, E.164) cover most values; the rest go through normalize
// once per distinct value (memoised: names, companies, cities and streets repeat a lot in a contact base).

const CACHE_LIMIT = 200_000

function memoise(compute: (text: string) => string): (text: string) => string {
  let cache = new Map<string, string>()
  return (text) => {
    const cached = cache.get(text)
    if (cached !== undefined) return cached
    const value = compute(text)
    if (cache.size >= CACHE_LIMIT) cache = new Map()
    cache.set(text, value)
    return value
  }
}

const PLAIN_ASCII = /^[a-z0-9]+(?: [a-z0-9]+)*$/i
const foldMemo = memoise((text) => foldText(text, { german: true }))

/** @internal German folding (ü→ue, ß→ss) so `Müller` and `Mueller` agree. */
export function fold(text: string): string {
  return PLAIN_ASCII.test(text) ? text.toLowerCase() : foldMemo(text)
}

/** @internal Local parts shared by many people (role accounts), which carry no identity. */
export const ROLE_LOCAL_PARTS = new Set([
  'info',
  'office',
  'kontakt',
  'contact',
  'mail',
  'post',
  'sales',
  'vertrieb',
  'service',
  'support',
  'hello',
  'hallo',
  'admin',
  'team',
  'buero',
  'empfang',
  'zentrale',
  'einkauf',
  'verwaltung',
  'noreply',
  'no-reply',
])

/**
 * @internal Matching key of an email address (normalize's `emailKey`: lower case, plus-tag and Gmail dots removed)
 * and whether its domain is a free-mail provider (normalize's `freeMail` flag, looked up once per domain).
 */
export function emailKey(
  address: string,
): { key: string; local: string; domain: string; freeMail: boolean } | undefined {
  const key = normalizeEmailKey(address)
  if (!key) return undefined
  const at = key.lastIndexOf('@')
  const domain = key.slice(at + 1)
  let freeMail = freeMailDomains.get(domain)
  if (freeMail === undefined) {
    freeMail = normalizeEmail(`x@${domain}`).freeMail
    if (freeMailDomains.size >= CACHE_LIMIT) freeMailDomains.clear()
    freeMailDomains.set(domain, freeMail)
  }
  return { key, local: key.slice(0, at), domain, freeMail }
}

const freeMailDomains = new Map<string, boolean>()

const E164 = /^\+[1-9]\d{5,14}$/

/**
 * @internal Digits of a phone number in E.164 without `+` and extension. Canonical values (E.164) pass straight
 * through; others are parsed by normalize, national forms with the contact's country.
 */
export function phoneDigits(value: string, country: string | undefined): string {
  if (E164.test(value)) return value.slice(1)
  // `0049 …` is international without a plus; normalize reads it as such only with a plus.
  const written = value.trim().startsWith('00') ? `+${value.trim().slice(2)}` : value
  return phoneKey(written, country).replace(/\D/g, '')
}

// Words that say nothing about which company is meant (beyond the legal forms normalize removes).
const COMPANY_NOISE = new Set(['holding', 'group', 'gruppe', 'firma', 'co', 'cie'])

const companyKeyMemo = memoise((name) => normalizeCompanyKey(name))

/** @internal Company tokens: normalize's company key (legal form removed), without noise words. */
export function companyTokens(name: string): string[] {
  const tokens = companyKeyMemo(name)
    .split(' ')
    .filter((token) => token.length > 0)
  const kept = tokens.filter((token) => !COMPANY_NOISE.has(token))
  return kept.length > 0 ? kept : tokens
}

/** @internal Street key from normalize: abbreviations expanded, folded, spaces removed. */
export const streetKey = memoise((street) => normalizeStreetKey(street))

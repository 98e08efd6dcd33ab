import { foldText } from '@contactkit/core'

// Canonical keys used by the comparators and blocking. Inputs are canonical Contacts (already normalised by
// @contactkit/normalize), so these only fold what normalisation leaves as display form.

/** @internal German folding (ü→ue, ß→ss) so `Müller` and `Mueller` agree. */
export function fold(text: string): string {
  return foldText(text, { german: true })
}

const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.de',
  'yahoo.co.uk',
  'hotmail.com',
  'hotmail.de',
  'outlook.com',
  'outlook.de',
  'live.com',
  'live.de',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.de',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'gmx.com',
  'web.de',
  't-online.de',
  'freenet.de',
  'posteo.de',
  'mailbox.org',
  'proton.me',
  'protonmail.com',
  'arcor.de',
  'online.de',
  '1und1.de',
  'mail.de',
  'email.de',
  'bluewin.ch',
  'yandex.com',
  'mail.ru',
  'zoho.com',
  'btinternet.com',
  'sky.com',
])

/** @internal Free-mail domains: sharing one says nothing about being the same person or company. */
export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL.has(domain)
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

/** @internal Matching key of an email address: lower case; plus-tags and Gmail dots removed. */
export function emailKey(address: string): { key: string; local: string; domain: string } | undefined {
  const trimmed = address.trim().toLowerCase()
  const at = trimmed.lastIndexOf('@')
  if (at <= 0 || at === trimmed.length - 1) return undefined
  let local = trimmed.slice(0, at)
  let domain = trimmed.slice(at + 1)
  if (domain === 'googlemail.com') domain = 'gmail.com'
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (domain === 'gmail.com') local = local.replaceAll('.', '')
  return { key: `${local}@${domain}`, local, domain }
}

/** @internal Digits of a phone number in E.164 (or as written when not E.164), without extension. */
export function phoneDigits(value: string): string {
  const trimmed = value.trim()
  let digits = trimmed.replace(/\D/g, '')
  if (trimmed.startsWith('00')) digits = digits.slice(2)
  return digits
}

// Legal forms and noise words dropped from company names before comparison.
const COMPANY_NOISE = new Set([
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'kgaa',
  'co',
  'ohg',
  'gbr',
  'ug',
  'haftungsbeschraenkt',
  'ev',
  'eg',
  'se',
  'ek',
  'e',
  'v',
  'k',
  'g',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'llc',
  'plc',
  'corp',
  'corporation',
  'company',
  'sa',
  'sarl',
  'bv',
  'nv',
  'srl',
  'spa',
  'ab',
  'as',
  'oy',
  'llp',
  'lp',
  'und',
  'and',
  'the',
  'der',
  'die',
  'das',
  'cie',
  'holding',
  'group',
  'gruppe',
])

/** @internal Company tokens without legal form and noise words. */
export function companyTokens(name: string): string[] {
  const tokens = fold(name.replace(/&/g, ' ')).split(' ')
  const kept = tokens.filter((token) => token.length > 0 && !COMPANY_NOISE.has(token))
  return kept.length > 0 ? kept : tokens.filter((token) => token.length > 0)
}

const STREET_SUFFIX = /(strasse|str|st|street|road|rd|weg|gasse|platz|allee|avenue|ave)$/

/** @internal Street key: folded, `straße`/`str.` unified, spaces removed. */
export function streetKey(street: string): string {
  const folded = fold(street).replace(/ /g, '')
  return folded.replace(STREET_SUFFIX, (suffix) =>
    suffix.startsWith('str') && suffix !== 'street' ? 'str' : suffix,
  )
}

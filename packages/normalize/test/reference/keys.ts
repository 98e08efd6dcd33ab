// The key functions as they were before their fast paths and memos (commit 7151dca), kept as the reference the
// property tests in fast-paths.test.ts compare the fast versions with. Internals they share with the fast versions
// (analyzePhone, readCompany, computeEmailKey, cleanText) are unchanged by the fast paths.
import { foldText } from '@contactkit/core'
import { parse as parseDomain } from 'tldts'
import { STREET_ABBREVIATIONS } from '../../src/address.js'
import { readCompany } from '../../src/company.js'
import { computeEmailKey } from '../../src/email.js'
import type { NormalizedCompany, NormalizedUrl } from '../../src/index.js'
import { ELF_CODES } from '../../src/internal/legal-forms.js'
import { countryOption } from '../../src/internal/options.js'
import { cleanText } from '../../src/internal/text.js'
import { analyzePhone } from '../../src/phone.js'

const EXTENSION =
  /[\s,;]*(?:ext(?:ension)?\.?|x|#|durchwahl|durchw\.?|dw\.?|app\.?|apparat|nebenstelle|nst\.?|tl\.?|poste)\s*[:.]?\s*-?\s*(\d{1,6})\s*$/i
const NON_DIGIT = /\D+/g

export function referencePhoneKey(value: string, defaultCountry?: string): string {
  const phone = analyzePhone(String(value), countryOption(defaultCountry), false)
  if (phone.e164) return phone.e164
  return String(value).replace(EXTENSION, '').replace(NON_DIGIT, '')
}

export function referenceEmailKey(value: string): string | undefined {
  return computeEmailKey(String(value))
}

export function referenceNameKey(value: string): string {
  return foldText(String(value), { german: true })
}

export function referenceStreetKey(street: string): string {
  let text = cleanText(String(street))
  for (const [pattern, replacement] of STREET_ABBREVIATIONS) text = text.replace(pattern, replacement)
  return foldText(text, { german: true }).replace(/ /g, '')
}

export function referenceAddressKey(address: {
  street?: string | undefined
  houseNumber?: string | undefined
  postalCode?: string | undefined
  city?: string | undefined
  country?: string | undefined
}): string {
  const street = address.street ? referenceStreetKey(address.street) : ''
  const number = address.houseNumber ? foldText(address.houseNumber).replace(/ /g, '') : ''
  const postcode = address.postalCode
    ? address.postalCode.replace(/\s/g, '').toUpperCase()
    : foldText(address.city ?? '')
  return [address.country ?? '', postcode, street, number].join('|')
}

const FILLER_WORDS = new Set(['und', 'and', 'et', 'the', 'der', 'die', 'das'])

export function referenceNormalizeCompany(raw: string, country?: string): NormalizedCompany {
  const text = String(raw)
  const { name, base, form, status } = readCompany(text)
  const key = foldText(base, { german: true })
    .split(' ')
    .filter((word) => word && !FILLER_WORDS.has(word))
    .join(' ')
  const result: NormalizedCompany = { raw: text, name, baseName: base, key }
  // The status after the legal form (added after the fast paths), as readCompany reads it.
  if (status) result.status = status
  if (form) {
    result.legalForm = form.abbreviation
    result.legalFormName = form.name
    result.legalFormCountries = country && form.countries.includes(country) ? [country] : [...form.countries]
    // The ELF code (added after the fast paths): the one jurisdiction's code, where the table has one.
    const only = result.legalFormCountries.length === 1 ? result.legalFormCountries[0] : undefined
    const code = only ? ELF_CODES[form.abbreviation]?.[only] : undefined
    if (code) result.legalFormCode = code
  }
  return result
}

const MAX_URL_LENGTH = 2048
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i
const SURROUNDING = /^[\s"'<([]+|[\s"'>)\],;]+$/g
const WWW = /^www\d*\./
// Parameters that identify a campaign or a click, never the page.
const TRACKING_PARAMETER =
  /^(?:utm_[a-z_]+|gclid|gclsrc|dclid|gbraid|wbraid|fbclid|msclkid|yclid|twclid|li_fat_id|igshid|mc_cid|mc_eid|_hsenc|_hsmi|hsctatracking|mkt_tok|vero_id|oly_anon_id|oly_enc_id|_ga|_gl|ref_src|s_cid|trk|trackingid|wt_mc|wt\.mc_id|ito|cmpid)$/i

/**
 * Normalises a website: canonical URL (scheme, `www.`, trailing slash and tracking parameters removed) and its
 * registrable domain from the public-suffix list (tldts).
 *
 * @param raw - A URL or bare host as typed, e.g. `www.muster.de`, `HTTP://Muster.de/?utm_source=x`.
 * @returns The canonical URL, host and registrable domain; never throws (see `valid`).
 *
 * @example
 * ```ts
 * normalizeUrl('http://www.Muster-GmbH.de/kontakt/?utm_source=newsletter#top').url
 * // 'http://muster-gmbh.de/kontakt'
 * normalizeUrl('shop.muster.co.uk').domain // 'muster.co.uk'
 * ```
 */
export function referenceNormalizeUrl(raw: string): NormalizedUrl {
  const text = String(raw)
  const result: NormalizedUrl = { raw: text, valid: false }
  if (text.length > MAX_URL_LENGTH) return result
  const cleaned = cleanText(text).replace(SURROUNDING, '')
  if (!cleaned || cleaned.includes(' ') || (cleaned.includes('@') && !HAS_SCHEME.test(cleaned))) return result
  let parsed: URL
  try {
    parsed = new URL(HAS_SCHEME.test(cleaned) && !/^[^:/]+:\d/.test(cleaned) ? cleaned : `https://${cleaned}`)
  } catch {
    return result
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return result
  const host = parsed.hostname.replace(/\.+$/, '').replace(WWW, '')
  if (host.includes('..')) return result
  const info = parseDomain(host)
  if (!info.domain || info.isIp || !info.publicSuffix || !(info.isIcann || info.isPrivate)) return result
  const query = new URLSearchParams()
  for (const [key, value] of parsed.searchParams) {
    if (!TRACKING_PARAMETER.test(key)) query.append(key, value)
  }
  query.sort()
  const path = parsed.pathname.replace(/\/+$/, '')
  const port = parsed.port ? `:${parsed.port}` : ''
  const search = query.size > 0 ? `?${query.toString()}` : ''
  result.url = `${parsed.protocol}//${host}${port}${path}${search}`
  result.host = host
  result.domain = info.domain
  result.valid = true
  return result
}

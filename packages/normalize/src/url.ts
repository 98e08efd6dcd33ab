import { parse as parseDomain } from 'tldts'
import { Memo } from './internal/memo.js'
import { cleanText } from './internal/text.js'

/**
 * The result of {@link normalizeUrl}.
 *
 * @example
 * ```ts
 * const site: NormalizedUrl = normalizeUrl('WWW.Muster.de/')
 * site.url // 'https://muster.de'
 * ```
 */
export interface NormalizedUrl {
  /** The value as given. */
  raw: string
  /** Canonical form: lower-case scheme and host, no `www.`, no default port, fragment, tracking parameters or trailing slash. */
  url?: string
  /** Host name without `www.` (ASCII form). */
  host?: string
  /** Registrable domain from the public-suffix list, e.g. `muster.co.uk` for `shop.muster.co.uk`. */
  domain?: string
  /** An http(s) URL or bare host with a registrable domain. */
  valid: boolean
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
export function normalizeUrl(raw: string): NormalizedUrl {
  const text = String(raw)
  let site = sites.get(text)
  if (!site) {
    site = readUrl(text)
    sites.set(text, site)
  }
  const result: NormalizedUrl = { raw: text, valid: site.valid }
  if (site.url !== undefined) result.url = site.url
  if (site.host !== undefined) result.host = site.host
  if (site.domain !== undefined) result.domain = site.domain
  return result
}

// The readings of the most recent values; normalizeUrl copies them into a new result per call and never hands
// a stored reading out, so nobody can change one.
const sites = new Memo<Readonly<Omit<NormalizedUrl, 'raw'>>>()

/**
 * {@link normalizeUrl} without its memo (the result lacks `raw`); a URL without a query skips the parameter
 * filter.
 *
 * @internal
 */
export function readUrl(text: string): Omit<NormalizedUrl, 'raw'> {
  const result: Omit<NormalizedUrl, 'raw'> = { valid: false }
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
  const path = parsed.pathname.replace(TRAILING_SLASHES, '')
  const port = parsed.port ? `:${parsed.port}` : ''
  // `parsed.search` is empty when the URL has no parameters (also for a bare `?`): nothing to filter then.
  const search = parsed.search ? canonicalQuery(parsed.searchParams) : ''
  result.url = `${parsed.protocol}//${host}${port}${path}${search}`
  result.host = host
  result.domain = info.domain
  result.valid = true
  return result
}

const TRAILING_SLASHES = /\/+$/

function canonicalQuery(parameters: URLSearchParams): string {
  const query = new URLSearchParams()
  for (const [key, value] of parameters) {
    if (!TRACKING_PARAMETER.test(key)) query.append(key, value)
  }
  query.sort()
  return query.size > 0 ? `?${query.toString()}` : ''
}

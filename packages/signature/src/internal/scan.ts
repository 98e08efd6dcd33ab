// Linear scanners for e-mail addresses, URLs and phone numbers. They walk the string by hand
// instead of using regular expressions, so no input can make them backtrack.

/** A match inside a line. @internal */
export interface Span {
  value: string
  start: number
  end: number
}

function isLocalChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 || // .
    code === 95 || // _
    code === 37 || // %
    code === 43 || // +
    code === 45 || // -
    code === 39 // '
  )
}

function isDomainChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 ||
    code === 45 ||
    code > 0xbf // IDN letters
  )
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 0xbf
}

function validDomain(domain: string): boolean {
  const dot = domain.lastIndexOf('.')
  if (dot <= 0) return false
  const tld = domain.slice(dot + 1)
  if (tld.length < 2 || tld.length > 24) return false
  for (let i = 0; i < tld.length; i++) if (!isLetter(tld.charCodeAt(i))) return false
  return !domain.includes('..') && !domain.startsWith('-')
}

/**
 * Every e-mail address in a line, in order.
 *
 * @internal
 */
export function findEmails(line: string): Span[] {
  const found: Span[] = []
  let from = 0
  for (;;) {
    const at = line.indexOf('@', from)
    if (at < 0) break
    let start = at
    while (start > 0 && isLocalChar(line.charCodeAt(start - 1))) start--
    let end = at + 1
    while (end < line.length && isDomainChar(line.charCodeAt(end))) end++
    while (end > at + 1 && (line[end - 1] === '.' || line[end - 1] === '-')) end--
    while (start < at && line[start] === '.') start++
    const local = line.slice(start, at)
    const domain = line.slice(at + 1, end)
    if (local.length > 0 && validDomain(domain)) {
      found.push({ value: `${local}@${domain}`, start, end })
    }
    from = Math.max(end, at + 1)
  }
  return found
}

const URL_STARTS = ['https://', 'http://', 'www.']

function isUrlChar(code: number): boolean {
  // Everything printable but whitespace, quotes and angle brackets.
  return code > 32 && code !== 34 && code !== 60 && code !== 62 && code !== 0xa0 && code !== 0x2028
}

/**
 * Every URL in a line that starts with `http(s)://` or `www.`, in order. Trailing
 * punctuation is not part of the URL.
 *
 * @internal
 */
export function findUrls(line: string): Span[] {
  const found: Span[] = []
  const lower = line.toLowerCase()
  let from = 0
  while (from < line.length) {
    let best = -1
    for (const prefix of URL_STARTS) {
      const index = lower.indexOf(prefix, from)
      if (index >= 0 && (best < 0 || index < best)) best = index
    }
    if (best < 0) break
    // `www.` inside a word (e.g. an e-mail `info@www.x.de`) is not a URL start.
    if (best > 0 && lower.startsWith('www.', best) && isLocalChar(lower.charCodeAt(best - 1))) {
      from = best + 4
      continue
    }
    let end = best
    while (end < line.length && isUrlChar(line.charCodeAt(end))) end++
    while (end > best && ".,;:!?)]}'*".includes(line[end - 1] as string)) end--
    const value = line.slice(best, end)
    const host = value.replace(/^https?:\/\//i, '').split(/[/?#]/)[0] ?? ''
    if (validDomain(host.split(':')[0] ?? '')) found.push({ value, start: best, end })
    from = Math.max(end, best + 4)
  }
  return found
}

const COMMON_TLDS = new Set([
  'com',
  'de',
  'at',
  'ch',
  'net',
  'org',
  'eu',
  'io',
  'co',
  'uk',
  'fr',
  'es',
  'it',
  'nl',
  'be',
  'biz',
  'info',
  'us',
  'ca',
  'lu',
  'li',
  'dk',
  'se',
  'no',
  'pl',
  'cz',
  'ai',
  'app',
  'dev',
  'tech',
  'online',
  'shop',
  'gmbh',
])

/**
 * Bare domains such as `beispiel-gmbh.de` or `example.co.uk` standing alone in a line (not part of an
 * e-mail address or URL), restricted to common top-level domains so `z.B.` or `Dipl.-Ing.` never match.
 *
 * @internal
 */
export function findBareDomains(line: string): Span[] {
  const found: Span[] = []
  if (!line.includes('.')) return found
  let i = 0
  while (i < line.length) {
    while (i < line.length && !isDomainChar(line.charCodeAt(i))) i++
    const start = i
    while (i < line.length && isDomainChar(line.charCodeAt(i))) i++
    let end = i
    while (end > start && (line[end - 1] === '.' || line[end - 1] === '-')) end--
    if (end - start < 4 || line.indexOf('.', start) >= end || line.indexOf('.', start) < 0) continue
    const token = line.slice(start, end)
    const before = start > 0 ? line[start - 1] : ''
    const after = i < line.length ? line[i] : ''
    if (before === '@' || after === '@' || before === '/' || after === '/' || token.startsWith('www.'))
      continue
    const parts = token.toLowerCase().split('.')
    if (parts.length < 2 || parts.some((part) => part.length === 0)) continue
    const tld = parts[parts.length - 1] as string
    const label = parts[0] as string
    if (COMMON_TLDS.has(tld) && label.length >= 2 && /[a-z]/.test(label)) {
      found.push({ value: token, start, end })
    }
  }
  return found
}

function isPhoneChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    code === 32 ||
    code === 43 || // +
    code === 40 || // (
    code === 41 || // )
    code === 47 || // /
    code === 45 || // -
    code === 46 || // .
    code === 0xa0 ||
    code === 0x2013 || // –
    code === 0x2011 // non-breaking hyphen
  )
}

/**
 * Runs of phone-number characters holding 6 to 20 digits, e.g. `+49 (0)89 123456-0`,
 * `(713) 215-4504`, `0171 / 123 45 67`. Dates (`12.01.2024`) and long amounts are skipped.
 *
 * @internal
 */
export function findPhones(line: string): Span[] {
  const found: Span[] = []
  let i = 0
  while (i < line.length) {
    const code = line.charCodeAt(i)
    const startsRun = (code >= 48 && code <= 57) || code === 43 || code === 40
    if (!startsRun) {
      i++
      continue
    }
    // Digits glued to letters belong to a word (e.g. `Z3`, `HE22`), not to a phone number.
    if (i > 0 && isLetter(line.charCodeAt(i - 1)) && code >= 48 && code <= 57) {
      while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++
      continue
    }
    const start = i
    while (i < line.length && isPhoneChar(line.charCodeAt(i))) i++
    let end = i
    while (end > start && !isDigitOrParen(line.charCodeAt(end - 1))) end--
    const value = line.slice(start, end)
    let digits = 0
    for (let k = 0; k < value.length; k++) {
      const c = value.charCodeAt(k)
      if (c >= 48 && c <= 57) digits++
    }
    if (digits >= 6 && digits <= 20 && !looksLikeDate(value) && !isLetter(line.charCodeAt(end))) {
      found.push({ value: value.trim(), start, end })
    }
    if (i === start) i++
  }
  return found
}

function isDigitOrParen(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 41
}

function looksLikeDate(value: string): boolean {
  const parts = value.split(/[./-]/)
  if (parts.length !== 3 || value.includes(' ') || !parts.every((part) => /^\d+$/.test(part))) return false
  const [a, b, c] = parts.map((part) => part.length) as [number, number, number]
  // 12.01.2024, 1/2/02, 2024-01-12
  return (a <= 2 && b <= 2 && (c === 2 || c === 4)) || (a === 4 && b <= 2 && c <= 2)
}

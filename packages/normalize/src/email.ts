import { domainToASCII, domainToUnicode } from 'node:url'
import { isDisposableDomain, isFreeMailDomain } from './internal/mail-domains.js'
import { Memo } from './internal/memo.js'
import { cleanText } from './internal/text.js'
import type { ValueIssue } from './issue.js'
import type { KeyCacheOptions } from './key-options.js'

/**
 * The result of {@link normalizeEmail}.
 *
 * @example
 * ```ts
 * const email: NormalizedEmail = normalizeEmail('"Anna Schmidt" <Anna.Schmidt@Muster.DE>')
 * email.address // 'Anna.Schmidt@muster.de'
 * ```
 */
export interface NormalizedEmail {
  /** The value as given. */
  raw: string
  /** The mailbox: local part as typed, domain lower-cased in Unicode form. */
  address?: string
  /** Local part as typed (case kept: RFC 5321 lets servers distinguish it). */
  local?: string
  /** Domain, lower case, Unicode form (same as `domainUnicode`). */
  domain?: string
  /** Domain in Unicode form, e.g. `müller.de`. */
  domainUnicode?: string
  /** Domain in ASCII (punycode) form, e.g. `xn--mller-kva.de`. */
  domainAscii?: string
  /** A display name found in the cell (`"Anna Schmidt" <anna@x.de>` or `anna@x.de (Anna Schmidt)`). */
  displayName?: string
  /** RFC 5321 mailbox syntax and lengths hold. */
  valid: boolean
  /** A function address rather than a person (`info@`, `vertrieb@`, `noreply@`). */
  role: boolean
  /** The domain belongs to a free-mail provider (gmx.de, gmail.com, ...), so it says nothing about an employer. */
  freeMail: boolean
  /** The domain belongs to a disposable-mail provider. */
  disposable: boolean
  /** Key for matching: see {@link emailKey}. */
  matchKey?: string
  /** Findings such as `EMAIL_INVALID`, `EMAIL_DISPLAY_NAME`, `EMAIL_DISPOSABLE`. */
  issues: ValueIssue[]
}

const MAX_EMAIL_INPUT = 1000
const ANGLE_FORM = /^(.*?)\s*<\s*([^<>\s]+)\s*>\s*[.,;:]?$/
const COMMENT_FORM = /^([^\s()]+)\s*\(([^()]*)\)$/
const MAILTO = /^mailto:/i
const SURROUNDING = /^[\s"'<([{]+|[\s"'>)\]},;:.]+$/g
const QUOTES = /^["'\s]+|["'\s]+$/g
const QUOTED_START = /^"[^"]*"@/
const TRAILING = /[\s>)\],;:.]+$/
const DOT_ATOM = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u
const QUOTED_LOCAL = /^"(?:[^"\\\r\n]|\\.)*"$/
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const NUMERIC = /^\d+$/
// Two or more LABELs, the last of at least two characters and not only digits.
const VALID_DOMAIN = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?!\d+$)(?!-)[a-z0-9-]{2,63}(?<!-)$/
const TAG = /\+.*$/
const PLAIN_DOMAIN = /^[a-z0-9.-]+$/
const ASCII = /^[\x00-\x7F]*$/
const LOCAL_SEPARATORS = /[._-]/g
// Latin-1 letters (not `×`, `÷`) are allowed in the local part: cleanText leaves them as they are.
const BARE_ADDRESS =
  /^[A-Za-z0-9_%+\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF-]+(?:\.[A-Za-z0-9_%+\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/

// Function mailboxes in German and English B2B mail, compared without separators (`no-reply` = `noreply`).
const ROLE_LOCAL_PARTS = new Set([
  'info',
  'information',
  'sales',
  'vertrieb',
  'verkauf',
  'support',
  'kontakt',
  'contact',
  'contactus',
  'office',
  'buero',
  'büro',
  'mail',
  'email',
  'admin',
  'administrator',
  'noreply',
  'donotreply',
  'nichtantworten',
  'webmaster',
  'postmaster',
  'hostmaster',
  'abuse',
  'billing',
  'rechnung',
  'rechnungen',
  'buchhaltung',
  'accounting',
  'accounts',
  'invoice',
  'invoices',
  'hr',
  'personal',
  'jobs',
  'job',
  'karriere',
  'career',
  'careers',
  'bewerbung',
  'bewerbungen',
  'recruiting',
  'marketing',
  'presse',
  'press',
  'pr',
  'media',
  'service',
  'kundenservice',
  'customerservice',
  'kundendienst',
  'team',
  'hello',
  'hallo',
  'hi',
  'empfang',
  'reception',
  'zentrale',
  'einkauf',
  'purchasing',
  'procurement',
  'orders',
  'order',
  'bestellung',
  'bestellungen',
  'security',
  'privacy',
  'datenschutz',
  'dsb',
  'newsletter',
  'help',
  'hilfe',
  'helpdesk',
  'feedback',
  'enquiries',
  'inquiries',
  'legal',
  'recht',
  'compliance',
  'it',
  'edv',
  'technik',
  'logistik',
  'versand',
  'shipping',
  'lager',
  'post',
  'poststelle',
  'verwaltung',
  'sekretariat',
  'geschaeftsfuehrung',
  'geschäftsführung',
  'management',
  'welcome',
  'willkommen',
  'events',
  'veranstaltungen',
  'partner',
  'partners',
  'investor',
  'investors',
  'ir',
  'notifications',
  'notification',
  'alerts',
  'bounce',
  'bounces',
  'mailer-daemon',
  'mailerdaemon',
  'root',
])

const GOOGLE_MAIL = new Set(['gmail.com', 'googlemail.com'])

/** The parts of a mailbox after syntax checks; `undefined` when there is no `@`. @internal */
interface MailboxParts {
  local: string
  domainUnicode: string
  domainAscii: string
  displayName?: string
  valid: boolean
  reason?: string
}

function splitMailbox(raw: string): MailboxParts | undefined {
  // A bare address is already what the clean-up below would leave (no spaces, brackets, quotes, `mailto:`
  // or trailing punctuation), so most cells skip its six regex passes.
  if (BARE_ADDRESS.test(raw)) return mailboxParts(raw, undefined)
  return mailboxParts(...cleanMailbox(raw))
}

/**
 * The clean-up of {@link splitMailbox} that bare addresses skip: the address text and the display name.
 *
 * @internal
 */
export function cleanMailbox(raw: string): [text: string, displayName: string | undefined] {
  let text = cleanText(raw).replace(MAILTO, '')
  let displayName: string | undefined
  const angle = ANGLE_FORM.exec(text)
  if (angle?.[2]) {
    displayName = angle[1]?.replace(QUOTES, '') || undefined
    text = angle[2]
  } else {
    const comment = COMMENT_FORM.exec(text)
    if (comment?.[1]) {
      displayName = comment[2]?.replace(QUOTES, '') || undefined
      text = comment[1]
    }
  }
  // A quoted local part (`"john doe"@x.com`) keeps its quotes; other surrounding brackets and quotes go.
  text = (QUOTED_START.test(text) ? text.replace(TRAILING, '') : text.replace(SURROUNDING, '')).replace(
    MAILTO,
    '',
  )
  return [text, displayName]
}

function mailboxParts(text: string, displayName: string | undefined): MailboxParts | undefined {
  const at = text.lastIndexOf('@')
  if (at <= 0 || at === text.length - 1) return undefined
  const local = text.slice(0, at)
  const domainRaw = text
    .slice(at + 1)
    .replace(/\.$/, '')
    .toLowerCase()
  // Plain ASCII host names without punycode labels are their own ASCII and Unicode forms.
  const plain = PLAIN_DOMAIN.test(domainRaw) && !domainRaw.includes('xn--')
  const domainAscii = plain ? domainRaw : domainToASCII(domainRaw)
  const domainUnicode = plain ? domainRaw : domainAscii ? domainToUnicode(domainAscii) : domainRaw
  const parts: MailboxParts = { local, domainUnicode: domainUnicode || domainRaw, domainAscii, valid: false }
  if (displayName) parts.displayName = displayName
  const reason = mailboxProblem(local, domainAscii)
  if (reason) parts.reason = reason
  else parts.valid = true
  return parts
}

// Octets of the UTF-8 encoding, as `TextEncoder` would write it (a lone surrogate becomes U+FFFD, 3 octets),
// without allocating the bytes.
function utf8Length(text: string): number {
  let octets = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) octets += 1
    else if (code < 0x800) octets += 2
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      octets += 4
      index++
    } else octets += 3
  }
  return octets
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/** Why a local part and ASCII domain are no valid mailbox, `undefined` when they are. @internal */
export function mailboxProblem(local: string, domainAscii: string): string | undefined {
  if (!DOT_ATOM.test(local) && !QUOTED_LOCAL.test(local))
    return 'The local part has characters a mailbox cannot have'
  const octets = ASCII.test(local) ? local.length : utf8Length(local)
  if (octets > 64) return 'The local part is longer than 64 octets (RFC 5321)'
  if (!domainAscii) return 'The domain is not a valid host name'
  if (domainAscii.length > 253) return 'The domain is longer than 253 characters (RFC 5321)'
  // One pass for the usual case; anything else takes the checks below, which say what is wrong.
  if (VALID_DOMAIN.test(domainAscii)) {
    return local.length + 1 + domainAscii.length > 254
      ? 'The address is longer than 254 characters (RFC 5321)'
      : undefined
  }
  const labels = domainAscii.split('.')
  if (labels.length < 2) return 'The domain has no top-level domain'
  if (!labels.every((label) => LABEL.test(label))) return 'The domain has an invalid label'
  const tld = labels[labels.length - 1] ?? ''
  if (tld.length < 2 || NUMERIC.test(tld)) return 'The top-level domain is not valid'
  if (local.length + 1 + domainAscii.length > 254)
    return 'The address is longer than 254 characters (RFC 5321)'
  return undefined
}

function keyOf(local: string, domainAscii: string): string {
  let key = local.toLowerCase().replace(TAG, '')
  let domain = domainAscii
  // Gmail ignores dots and treats googlemail.com as gmail.com; other providers differ, so only there.
  if (GOOGLE_MAIL.has(domain)) {
    key = key.replace(/\./g, '')
    domain = 'gmail.com'
  }
  return `${key}@${domain}`
}

/**
 * Normalises an email address: extracts it from display-name forms, lower-cases and IDN-converts the domain,
 * checks RFC 5321 syntax and lengths, and flags role, free-mail and disposable addresses.
 *
 * @param raw - The value as found, e.g. `"Anna Schmidt" <Anna.Schmidt@Müller.DE>` or `mailto:info@x.de`.
 * @returns The canonical address and flags; never throws (see `valid` and `issues`).
 *
 * @example
 * ```ts
 * const email = normalizeEmail('"Anna Schmidt" <Anna.Schmidt@Müller.DE>')
 * email.address // 'Anna.Schmidt@müller.de'
 * email.domainAscii // 'xn--mller-kva.de'
 * email.displayName // 'Anna Schmidt'
 * normalizeEmail('noreply@gmx.de').role // true
 * normalizeEmail('k.meier@gmx.de').freeMail // true
 * ```
 */
export function normalizeEmail(raw: string): NormalizedEmail {
  return analyzeEmail(String(raw), true)
}

/**
 * Core of {@link normalizeEmail}; `flags: false` skips `role`, `freeMail` and `matchKey` (left `false` and
 * undefined), which {@link normalizeContact} does not use. Everything else is the same.
 *
 * @internal
 */
export function analyzeEmail(text: string, flags: boolean): NormalizedEmail {
  const result: NormalizedEmail = {
    raw: text,
    valid: false,
    role: false,
    freeMail: false,
    disposable: false,
    issues: [],
  }
  const parts = text.length > MAX_EMAIL_INPUT ? undefined : splitMailbox(text)
  if (!parts) {
    result.issues.push({
      code: 'EMAIL_INVALID',
      message:
        text.length > MAX_EMAIL_INPUT
          ? 'The value is too long to be an address'
          : 'The value has no local part, @ and domain',
    })
    return result
  }
  const { local, domainUnicode, domainAscii } = parts
  result.address = `${local}@${domainUnicode}`
  result.local = local
  result.domain = domainUnicode
  result.domainUnicode = domainUnicode
  if (domainAscii) result.domainAscii = domainAscii
  if (parts.displayName) {
    result.displayName = parts.displayName
    result.issues.push({ code: 'EMAIL_DISPLAY_NAME', message: 'A display name was removed from the address' })
  }
  result.valid = parts.valid
  if (!parts.valid) {
    result.issues.push({ code: 'EMAIL_INVALID', message: parts.reason ?? 'Not a valid address' })
  }
  const lookup = domainAscii || domainUnicode
  if (flags) {
    const roleKey = local.toLowerCase().replace(TAG, '').replace(LOCAL_SEPARATORS, '')
    result.role = ROLE_LOCAL_PARTS.has(roleKey)
    result.freeMail = isFreeMailDomain(lookup)
  }
  result.disposable = isDisposableDomain(lookup)
  if (result.disposable) {
    result.issues.push({
      code: 'EMAIL_DISPOSABLE',
      message: 'The domain belongs to a disposable-mail provider',
    })
  }
  if (flags && parts.valid) result.matchKey = keyOf(local, domainAscii)
  return result
}

/**
 * The matching key of an email address: local part lower-cased without `+tag`, domain in ASCII form;
 * for Gmail also without dots and with `googlemail.com` as `gmail.com`.
 *
 * @param value - An address as written (display-name forms are accepted).
 * @param options - `cache: false` to skip the shared memo (for addresses seen once).
 * @returns The key, or `undefined` when the value is not a valid address.
 *
 * @example
 * ```ts
 * emailKey('"Anna" <Anna.Schmidt+crm@Muster.DE>') // 'anna.schmidt@muster.de'
 * emailKey('a.n.n.a@googlemail.com') // 'anna@gmail.com'
 * emailKey('Jörg.Weiß@Beispiel.de', { cache: false }) // 'jörg.weiß@beispiel.de'
 * ```
 */
export function emailKey(value: string, options?: KeyCacheOptions): string | undefined {
  const text = String(value)
  if (isCanonicalKey(text)) return text
  // `Anna.Schmidt@Muster.DE`: printable ASCII whose lower case is its own key is that key (the general path
  // lower-cases the local part and the domain and finds nothing else to do).
  if (PRINTABLE_ASCII.test(text)) {
    const lower = text.toLowerCase()
    if (lower !== text && isCanonicalKey(lower)) return lower
  }
  if (options?.cache === false) return computeEmailKey(text)
  const cached = emailKeys.get(text)
  if (cached !== undefined) return cached === NO_KEY ? undefined : cached
  const key = computeEmailKey(text)
  emailKeys.set(text, key ?? NO_KEY)
  return key
}

const emailKeys = new Memo<string>()
const PRINTABLE_ASCII = /^[\x21-\x7E]+$/
// Stored for a value that has no key (`@` never occurs in a key alone).
const NO_KEY = '@'
// Lower-case ASCII, no `+tag`, LDH labels that start and end with a letter or digit, an alphabetic TLD.
const CANONICAL_EMAIL =
  /^[a-z0-9_%-]+(?:\.[a-z0-9_%-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/
const GOOGLE_MAIL_ADDRESS = /@(?:gmail|googlemail)\.com$/

// An address that already is its own key: valid (the pattern implies every syntax check but the lengths, checked
// here), no punycode label (which `domainToASCII` would check) and not a Gmail address (whose dots go).
function isCanonicalKey(text: string): boolean {
  return (
    text.length <= 254 &&
    CANONICAL_EMAIL.test(text) &&
    text.indexOf('@') <= 64 &&
    !text.includes('xn--') &&
    !GOOGLE_MAIL_ADDRESS.test(text)
  )
}

/**
 * {@link emailKey} without its fast path and memo: the general algorithm.
 *
 * @internal
 */
export function computeEmailKey(text: string): string | undefined {
  if (text.length > MAX_EMAIL_INPUT) return undefined
  const parts = splitMailbox(text)
  return parts?.valid ? keyOf(parts.local, parts.domainAscii) : undefined
}

/**
 * Splits a cell holding several addresses (`a@x.de; b@x.de`, `"Schmidt, Anna" <a@x.de>, b@x.de`) at separators
 * outside quotes and angle brackets; a part without `@` (an unquoted `Schmidt, Anna <a@x.de>`) rejoins the next.
 *
 * @internal
 */
export function splitEmails(cell: string): string[] {
  if (cell.indexOf('@') === cell.lastIndexOf('@')) return [cell]
  const parts: string[] = []
  let current = ''
  let quoted = false
  let angled = false
  for (const char of cell) {
    if (char === '"') quoted = !quoted
    else if (char === '<') angled = true
    else if (char === '>') angled = false
    if (!quoted && !angled && (char === ';' || char === ',' || char === '\n')) {
      parts.push(current)
      current = ''
    } else current += char
  }
  parts.push(current)
  const result: string[] = []
  let pending = ''
  for (const part of parts) {
    const text = pending ? `${pending}, ${part.trim()}` : part.trim()
    if (!text) continue
    if (!text.includes('@')) {
      pending = text
      continue
    }
    pending = ''
    const words = text.split(/\s+/)
    // `a@x.de b@x.de`: several bare addresses separated by spaces.
    if (words.length > 1 && words.every((word) => word.includes('@'))) result.push(...words)
    else result.push(text)
  }
  if (pending) result.push(pending)
  return result
}

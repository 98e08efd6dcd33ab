import type { Address, Contact, PhoneKind } from '@contactkit/core'
import {
  normalizeAddress,
  normalizeEmail,
  normalizePhone,
  normalizeUrl,
  parseName,
} from '@contactkit/normalize'
import { z } from 'zod'
import { SignatureError } from './error.js'
import { socialNetwork } from './internal/social.js'
import { checkLength, validate } from './options.js'

/**
 * The result of {@link parseVCard}.
 *
 * @example
 * ```ts
 * const parsed: ParsedVCard = parseVCard('BEGIN:VCARD\nVERSION:3.0\nFN:Anna Schäfer\nEND:VCARD')
 * parsed.version // '3.0'
 * ```
 */
export interface ParsedVCard {
  /** The contact held by the card. */
  contact: Contact
  /** The card's format. */
  version: '2.1' | '3.0' | '4.0' | 'MECARD'
}

/**
 * Options of {@link parseVCard}.
 *
 * @example
 * ```ts
 * const options: ParseVCardOptions = { defaultCountry: 'DE' }
 * ```
 */
export interface ParseVCardOptions {
  /** ISO 3166 country for phone numbers written without a country code, e.g. `'DE'`. */
  defaultCountry?: string | undefined
  /** Longest accepted text in characters (default 65,536); longer text throws `SIGNATURE_INPUT_TOO_LARGE`. */
  maxInputLength?: number | undefined
}

interface Property {
  name: string
  params: Map<string, string[]>
  value: string
}

const OptionsSchema = z
  .object({
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    maxInputLength: z.number().int().positive().optional(),
  })
  .optional()

// Unfolds continuation lines (RFC 6350 §3.2) and quoted-printable soft breaks (vCard 2.1).
function unfold(text: string): string[] {
  const raw = text.split(/\r\n|\r|\n/)
  // Parts of each logical line, joined once at the end so long continuations stay linear.
  const logical: string[][] = []
  let quotedPrintable = false
  for (const line of raw) {
    const current = logical[logical.length - 1]
    const last = current?.[current.length - 1]
    if (current !== undefined && (line.startsWith(' ') || line.startsWith('\t'))) {
      current.push(line.slice(1))
    } else if (current !== undefined && quotedPrintable && last?.endsWith('=')) {
      current[current.length - 1] = last.slice(0, -1)
      current.push(line)
    } else {
      logical.push([line])
      const head = line.slice(0, Math.max(0, line.indexOf(':'))).toUpperCase()
      quotedPrintable = head.includes('QUOTED-PRINTABLE')
    }
  }
  return logical.map((parts) => parts.join(''))
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16))
      i += 2
    } else if (ch === '=' && i === value.length - 1) {
      // soft line break left at the end
    } else {
      const code = ch.charCodeAt(0)
      if (code < 128) bytes.push(code)
      else for (const byte of new TextEncoder().encode(ch)) bytes.push(byte)
    }
  }
  return decodeBytes(Uint8Array.from(bytes), charset)
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset, { fatal: false }).decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}

function parseProperty(line: string): Property | undefined {
  // The first colon outside a quoted parameter value ends the name and parameters.
  let quote = false
  let colon = -1
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '"') quote = !quote
    else if (ch === ':' && !quote) {
      colon = i
      break
    }
  }
  if (colon <= 0) return undefined
  const head = line.slice(0, colon).split(';')
  const name = (head[0] ?? '').replace(/^[^.]*\./, '').toUpperCase()
  const params = new Map<string, string[]>()
  for (const param of head.slice(1)) {
    const eq = param.indexOf('=')
    const key = (eq < 0 ? 'TYPE' : param.slice(0, eq)).toUpperCase()
    const raw = eq < 0 ? param : param.slice(eq + 1)
    const values = raw
      .replace(/"/g, '')
      .split(',')
      .map((value) => value.trim().toUpperCase())
    // vCard 2.1 writes bare parameters: `TEL;WORK;VOICE:` and `;QUOTED-PRINTABLE`.
    const target =
      eq < 0 && (raw.toUpperCase() === 'QUOTED-PRINTABLE' || raw.toUpperCase() === 'BASE64')
        ? 'ENCODING'
        : key
    params.set(target, [...(params.get(target) ?? []), ...values])
  }
  let value = line.slice(colon + 1)
  const encoding = params.get('ENCODING')?.[0]
  const charset = params.get('CHARSET')?.[0]?.toLowerCase() ?? 'utf-8'
  if (encoding === 'QUOTED-PRINTABLE') value = decodeQuotedPrintable(value, charset)
  else if (charset !== 'utf-8' && /[\u0080-\u00ff]/.test(value)) {
    value = decodeBytes(Uint8Array.from([...value].map((ch) => ch.charCodeAt(0) & 0xff)), charset)
  }
  return { name, params, value }
}

// Splits a structured value at unescaped separators and unescapes `\,` `\;` `\n` `\\`.
function splitValue(value: string, separator: string): string[] {
  const parts: string[] = []
  let current = ''
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string
    if (ch === '\\' && i + 1 < value.length) {
      const next = value[i + 1] as string
      current += next === 'n' || next === 'N' ? '\n' : next
      i++
    } else if (ch === separator) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts.map((part) => part.trim())
}

function unescapeValue(value: string): string {
  return splitValue(value, '\u0000')[0] ?? ''
}

function phoneKind(types: string[]): PhoneKind {
  if (types.includes('FAX')) return 'fax'
  if (types.includes('CELL') || types.includes('MOBILE') || types.includes('IPHONE')) return 'mobile'
  if (types.includes('HOME')) return 'home'
  if (types.includes('WORK') || types.includes('VOICE') || types.includes('PREF') || types.length === 0)
    return 'work'
  return 'other'
}

function social(contact: Contact, url: string): boolean {
  const network = socialNetwork(url)
  if (network === undefined) return false
  contact.social = { ...(contact.social ?? {}), [network]: normalizeUrl(url).url ?? url }
  return true
}

function addAddress(contact: Contact, parts: string[], types: string[]): void {
  const [poBox, extended, street, city, region, postalCode, country] = parts
  const streetLine =
    [street, extended].filter((part) => part !== undefined && part !== '').join(' ') || poBox || undefined
  const normalized = normalizeAddress({ street: streetLine, city, region, postalCode, country })
  const address: Address = { kind: types.includes('HOME') ? 'home' : 'work' }
  if (normalized.street ?? streetLine) address.street = normalized.street ?? (streetLine as string)
  if (normalized.houseNumber) address.houseNumber = normalized.houseNumber
  if (normalized.postalCode ?? postalCode)
    address.postalCode = normalized.postalCode ?? (postalCode as string)
  if (normalized.city ?? city) address.city = normalized.city ?? (city as string)
  if (normalized.region ?? region) address.region = normalized.region ?? (region as string)
  if (normalized.country) address.country = normalized.country
  if (Object.keys(address).length > 1) contact.addresses.push(address)
}

function addPhone(contact: Contact, raw: string, kind: PhoneKind, defaultCountry: string | undefined): void {
  const value = raw.replace(/^tel:/i, '')
  const normalized = normalizePhone(value, { defaultCountry, formats: false })
  const phone: Contact['phones'][number] = { value: normalized.e164 ?? value, kind }
  if (normalized.extension) phone.extension = normalized.extension
  contact.phones.push(phone)
}

function applyName(
  contact: Contact,
  family: string,
  given: string,
  middle?: string,
  prefix?: string,
  suffix?: string,
): void {
  if (family) contact.lastName = family
  if (given) contact.firstName = given
  if (middle) contact.middleName = middle
  if (prefix) {
    const parsed = parseName(`${prefix} X Y`)
    if (parsed.salutation) contact.salutation = parsed.salutation
    if (parsed.title) contact.title = parsed.title
    if (!parsed.salutation && !parsed.title) contact.title = prefix
  }
  if (suffix) contact.suffix = suffix
}

function parseVCardLines(lines: string[], defaultCountry: string | undefined): ParsedVCard {
  const contact: Contact = { emails: [], phones: [], addresses: [], websites: [] }
  let version: ParsedVCard['version'] = '3.0'
  let formatted: string | undefined
  let inside = false
  // A card has a few dozen properties; more are not read.
  for (const line of lines.slice(0, 2000)) {
    const property = parseProperty(line)
    if (property === undefined) continue
    if (property.name === 'BEGIN' && property.value.toUpperCase() === 'VCARD') {
      inside = true
      continue
    }
    if (property.name === 'END') {
      if (inside) break
      continue
    }
    if (!inside) continue
    const types = property.params.get('TYPE') ?? []
    switch (property.name) {
      case 'VERSION':
        if (property.value === '2.1' || property.value === '4.0') version = property.value
        break
      case 'N': {
        const [family = '', given = '', middle, prefix, suffix] = splitValue(property.value, ';')
        applyName(contact, family, given, middle, prefix, suffix)
        break
      }
      case 'FN':
        formatted = unescapeValue(property.value)
        break
      case 'ORG': {
        const [company, department] = splitValue(property.value, ';')
        if (company) contact.company = company
        if (department) contact.department = department
        break
      }
      case 'TITLE':
        contact.jobTitle = unescapeValue(property.value)
        break
      case 'ROLE':
        if (contact.jobTitle === undefined) contact.jobTitle = unescapeValue(property.value)
        break
      case 'TEL':
        addPhone(contact, unescapeValue(property.value), phoneKind(types), defaultCountry)
        break
      case 'EMAIL': {
        const normalized = normalizeEmail(unescapeValue(property.value))
        if (normalized.address)
          contact.emails.push({ value: normalized.address, kind: types.includes('HOME') ? 'home' : 'work' })
        break
      }
      case 'URL':
      case 'X-SOCIALPROFILE':
      case 'IMPP': {
        const url = unescapeValue(property.value)
        if (!social(contact, url) && property.name === 'URL') {
          const normalized = normalizeUrl(url)
          contact.websites.push(normalized.url ?? url)
        }
        break
      }
      case 'ADR':
        addAddress(contact, splitValue(property.value, ';'), types)
        break
    }
  }
  if (!inside) throw new SignatureError('SIGNATURE_INVALID_VCARD', 'The text holds no vCard.')
  if (contact.firstName === undefined && contact.lastName === undefined && formatted !== undefined) {
    const parsed = parseName(formatted)
    if (parsed.title) contact.title = parsed.title
    if (parsed.firstName) contact.firstName = parsed.firstName
    if (parsed.lastName) contact.lastName = parsed.lastName
  }
  return { contact, version }
}

// MECARD:N:Mustermann,Max;TEL:+4989123456;EMAIL:max@beispiel.de;ORG:Beispiel GmbH;;
function parseMecard(text: string, defaultCountry: string | undefined): ParsedVCard {
  const contact: Contact = { emails: [], phones: [], addresses: [], websites: [] }
  const body = text.trim().replace(/^MECARD:/i, '')
  for (const field of splitValue(body, ';')) {
    const colon = field.indexOf(':')
    if (colon <= 0) continue
    const key = field.slice(0, colon).toUpperCase()
    const value = field.slice(colon + 1)
    switch (key) {
      case 'N': {
        const [family = '', given = ''] = value.split(',').map((part) => part.trim())
        applyName(contact, family, given)
        break
      }
      case 'TEL':
        addPhone(contact, value, 'work', defaultCountry)
        break
      case 'TEL-AV':
        addPhone(contact, value, 'mobile', defaultCountry)
        break
      case 'EMAIL': {
        const normalized = normalizeEmail(value)
        if (normalized.address) contact.emails.push({ value: normalized.address, kind: 'work' })
        break
      }
      case 'ORG':
        contact.company = value
        break
      case 'TITLE':
        contact.jobTitle = value
        break
      case 'URL':
        if (!social(contact, value)) contact.websites.push(normalizeUrl(value).url ?? value)
        break
      case 'ADR': {
        // MECARD's ADR follows vCard's order, separated by commas.
        const parts = value.split(',').map((part) => part.trim())
        if (parts.length >= 7) addAddress(contact, parts, [])
        else {
          const normalized = normalizeAddress(value)
          const address: Address = { kind: 'work' }
          if (normalized.street) address.street = normalized.street
          if (normalized.houseNumber) address.houseNumber = normalized.houseNumber
          if (normalized.postalCode) address.postalCode = normalized.postalCode
          if (normalized.city) address.city = normalized.city
          if (normalized.country) address.country = normalized.country
          contact.addresses.push(address)
        }
        break
      }
    }
  }
  return { contact, version: 'MECARD' }
}

/**
 * Parses a vCard (2.1, 3.0 or 4.0) or a MECARD, as printed in business-card QR codes, into a contact.
 * Handles folded lines, quoted-printable values with their `CHARSET` (UTF-8, ISO-8859-1, Windows-1252),
 * escaped separators, typed phones (`WORK`, `CELL`, `FAX`, `HOME`), `ORG` with department, `ADR`, and
 * social profiles in `URL` / `X-SOCIALPROFILE`. Only the first card is read.
 *
 * @param text - The vCard or MECARD text.
 * @param options - `defaultCountry` for local phone numbers, `maxInputLength`.
 * @returns The contact and the card's version.
 * @throws {SignatureError} `SIGNATURE_INVALID_VCARD` when the text holds no card; `SIGNATURE_INPUT_TOO_LARGE`
 *   above `maxInputLength`; `SIGNATURE_INVALID_INPUT` for a non-string text.
 *
 * @example
 * ```ts
 * const { contact, version } = parseVCard(
 *   'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\nTEL;CELL:+49 171 2345678\r\nEND:VCARD',
 * )
 * version // '2.1'
 * contact.lastName // 'Müller'
 * ```
 */
export function parseVCard(text: string, options: ParseVCardOptions = {}): ParsedVCard {
  const checked = validate(OptionsSchema, options, 'options') ?? {}
  validate(z.string(), text, 'text')
  checkLength(text, checked.maxInputLength ?? 65_536, 'vCard')
  const trimmed = text.trimStart()
  if (/^MECARD:/i.test(trimmed)) return parseMecard(trimmed, checked.defaultCountry)
  return parseVCardLines(unfold(text), checked.defaultCountry)
}

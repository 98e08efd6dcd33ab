import {
  type Address,
  type Contact,
  type ContactInput,
  type Email,
  type Phone,
  type PhoneKind,
  safeParseContactInput,
} from '@contactkit/core'
import { normalizeAddress } from './address.js'
import { normalizeCompany } from './company.js'
import { normalizeEmail } from './email.js'
import { NormalizeError } from './error.js'
import { countryOption } from './internal/options.js'
import { cleanText } from './internal/text.js'
import type { NormalizeIssue, ValueIssue } from './issue.js'
import { canonicalSalutation, canonicalTitle, parseName, repairNamePart } from './name.js'
import { analyzePhone, splitPhones } from './phone.js'
import { normalizeUrl } from './url.js'

/**
 * Options of {@link normalizeContact}.
 *
 * @example
 * ```ts
 * const options: NormalizeContactOptions = { defaultCountry: 'DE', locale: 'de' }
 * ```
 */
export interface NormalizeContactOptions {
  /** Country (ISO 3166-1 alpha-2) for phones and addresses when the contact's own address names none. */
  defaultCountry?: string | undefined
  /** Locale of the names (see {@link ParseNameOptions}). */
  locale?: string | undefined
  /** Longest scalar text (name, job title, ...) that is parsed; longer ones are kept raw with `FIELD_TOO_LONG`. Default 1000. */
  maxFieldLength?: number | undefined
}

/**
 * The result of {@link normalizeContact}.
 *
 * @example
 * ```ts
 * const { contact, issues, country } = normalizeContact({ name: 'Dr. Anna Schmidt', phones: '089 1234567' }, { defaultCountry: 'DE' })
 * ```
 */
export interface NormalizeContactResult {
  /** The canonical contact; values as typed are kept in `raw` beside every value normalisation changed. */
  contact: Contact
  /** Every finding, each naming its field, the raw value and a stable code. */
  issues: NormalizeIssue[]
  /** The country used for phones written without a country code: the contact's own address, else `defaultCountry`. */
  country?: string
}

type PhoneInput =
  | string
  | number
  | { value: string | number; kind?: PhoneKind; extension?: string | number; raw?: string }
type EmailInput = string | { value: string; kind?: Email['kind']; raw?: string }
type AddressInputItem =
  NonNullable<ContactInput['addresses']> extends infer T ? (T extends (infer U)[] ? U : T) : never

const SCALAR_FIELDS = ['jobTitle', 'department'] as const
const DEFAULT_MAX_FIELD_LENGTH = 1000

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function clean(value: unknown): string {
  return cleanText(String(value))
}

function invalidInput(input: unknown): never {
  const parsed = safeParseContactInput(input)
  const error = parsed.success ? undefined : parsed.error
  throw new NormalizeError(
    'NORMALIZE_INVALID_INPUT',
    error?.message ?? 'Invalid contact input',
    error ? { ...(error.details ? { details: error.details } : {}), cause: error } : {},
  )
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkShape(input: unknown): asserts input is ContactInput {
  if (!isPlainObject(input)) invalidInput(input)
  for (const key of [
    'name',
    'salutation',
    'title',
    'firstName',
    'middleName',
    'lastName',
    'suffix',
    'jobTitle',
    'department',
    'company',
  ]) {
    const value = input[key]
    if (value !== undefined && typeof value !== 'string') invalidInput(input)
  }
  for (const key of ['emails', 'phones', 'addresses', 'websites']) {
    for (const item of list(input[key] as unknown)) {
      if (typeof item === 'string' || (typeof item === 'number' && key === 'phones')) continue
      if (key !== 'websites' && isPlainObject(item)) continue
      invalidInput(input)
    }
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/

/**
 * Normalises a contact as a source found it: parses the full name, canonicalises salutation and titles,
 * phones (E.164), emails, addresses, company and websites, and reports every problem as an issue.
 *
 * Never throws on messy text: each value that cannot be normalised is kept as typed and named in `issues`.
 * Values a person typed are kept in `raw` beside every value normalisation changed (`emails[].raw`,
 * `phones[].raw`, `addresses[].raw`, `contact.raw` for scalar fields), so nothing is lost. Phones without a
 * country code are read in the country of the contact's own address, else `defaultCountry`; numbers that are
 * valid only by that guess keep their written form and get `PHONE_COUNTRY_GUESSED`. Idempotent: normalising
 * the result again changes nothing.
 *
 * @param input - A `ContactInput` (or an already normalised `Contact`).
 * @param options - `defaultCountry`, `locale` and `maxFieldLength`.
 * @returns The canonical contact, the issues and the country used for phones.
 * @throws {NormalizeError} NORMALIZE_INVALID_OPTION for a malformed option; NORMALIZE_INVALID_INPUT when the
 * input is not a contact object at all (e.g. a field holds an object where text belongs).
 *
 * @example
 * ```ts
 * const { contact, issues, country } = normalizeContact(
 *   {
 *     name: 'Herr Prof. Dr. Hans-Peter MÜLLER',
 *     company: 'Muster GmbH & Co KG',
 *     emails: '"H. Müller" <H.Mueller@Muster.DE>',
 *     phones: 'Tel. 089/123 45-67, Fax 089 1234568',
 *     addresses: 'Hauptstr. 4, D-80331 München',
 *   },
 *   { defaultCountry: 'DE' },
 * )
 * contact.lastName // 'Müller'
 * contact.phones // [{ value: '+49891234567', raw: 'Tel. 089/123 45-67' }, { value: '+49891234568', kind: 'fax', raw: 'Fax 089 1234568' }]
 * country // 'DE'
 * issues // []
 * ```
 */
export function normalizeContact(
  input: ContactInput | Contact,
  options: NormalizeContactOptions = {},
): NormalizeContactResult {
  const defaultCountry = countryOption(options.defaultCountry)
  checkShape(input)
  const maxLength = options.maxFieldLength ?? DEFAULT_MAX_FIELD_LENGTH
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new NormalizeError('NORMALIZE_INVALID_OPTION', 'maxFieldLength must be a positive integer')
  }
  const locale = options.locale
  const issues: NormalizeIssue[] = []
  const raw: Record<string, string> = { ...((input as { raw?: Record<string, string> }).raw ?? {}) }
  const contact: Contact = { emails: [], phones: [], addresses: [], websites: [] }
  const report = (field: string, value: string, found: ValueIssue[]) => {
    for (const issue of found) issues.push({ field, raw: value, code: issue.code, message: issue.message })
  }
  const keepRaw = (field: string, typed: string, value: string | undefined) => {
    if (value !== typed && raw[field] === undefined) raw[field] = typed
  }
  const tooLong = (field: string, value: string): boolean => {
    if (value.length <= maxLength) return false
    raw[field] ??= value
    issues.push({
      field,
      raw: value,
      code: 'FIELD_TOO_LONG',
      message: `Longer than ${maxLength} characters; kept raw`,
    })
    return true
  }

  if (input.id !== undefined) contact.id = String(input.id)

  // Addresses first: their country decides how phones are read.
  list(input.addresses as AddressInputItem | AddressInputItem[] | undefined).forEach((item, index) => {
    const typed = typeof item === 'string' ? item : undefined
    const normalized = normalizeAddress(typed ?? (item as Exclude<AddressInputItem, string>), {
      defaultCountry,
    })
    const address: Address = {}
    if (normalized.street) address.street = normalized.street
    if (normalized.houseNumber) address.houseNumber = normalized.houseNumber
    if (normalized.postalCode) address.postalCode = normalized.postalCode
    if (normalized.city) address.city = normalized.city
    if (normalized.region) address.region = normalized.region
    if (normalized.country) address.country = normalized.country
    // An empty cell is no address; dropping it loses nothing.
    if (clean(normalized.raw) === '') return
    if (typeof item === 'object' && item.kind) address.kind = item.kind
    const previousRaw = typeof item === 'object' ? (item as { raw?: string }).raw : undefined
    if (previousRaw) address.raw = previousRaw
    else if (typed !== undefined || (typeof item === 'object' && item.line !== undefined))
      address.raw = normalized.raw
    for (const issue of normalized.issues) {
      const part = issue.code.startsWith('POSTCODE')
        ? '.postalCode'
        : issue.code === 'COUNTRY_UNKNOWN'
          ? '.country'
          : ''
      issues.push({
        field: `addresses.${index}${part}`,
        raw: normalized.raw,
        code: issue.code,
        message: issue.message,
      })
    }
    contact.addresses.push(address)
  })
  const ownCountry = contact.addresses.find((address, index) => {
    const item = list(input.addresses as AddressInputItem | AddressInputItem[] | undefined)[index]
    // Only a country the address itself states counts, not the default we filled in.
    return address.country && (typeof item === 'string' || item?.country || item?.line || item?.postalCode)
  })?.country
  const country = ownCountry ?? defaultCountry

  // Name: a full name fills the parts the input does not give separately.
  const name = input.name
  let parsed: ReturnType<typeof parseName> | undefined
  if (name !== undefined && !tooLong('name', name)) {
    parsed = parseName(name, { locale })
    raw.name ??= name
    if (!parsed.firstName && !parsed.lastName && clean(name)) {
      issues.push({ field: 'name', raw: name, code: 'NAME_UNPARSED', message: 'No name words were found' })
    }
  }
  const salutationText = input.salutation
  if (salutationText !== undefined && !tooLong('salutation', salutationText)) {
    const salutation = canonicalSalutation(salutationText)?.canonical ?? clean(salutationText)
    if (salutation) contact.salutation = salutation
    keepRaw('salutation', salutationText, salutation)
  } else if (parsed?.salutation) contact.salutation = parsed.salutation
  const titleText = input.title
  if (titleText !== undefined && !tooLong('title', titleText)) {
    const title = canonicalTitle(titleText) ?? clean(titleText)
    if (title) contact.title = title
    keepRaw('title', titleText, title)
  } else if (parsed?.title) contact.title = parsed.title
  for (const field of ['firstName', 'middleName', 'lastName'] as const) {
    const typed = input[field]
    if (typed !== undefined && !tooLong(field, typed)) {
      const value = repairNamePart(typed, { locale }, field === 'lastName')
      if (value) contact[field] = value
      keepRaw(field, typed, value)
    } else if (parsed?.[field]) contact[field] = parsed[field]
  }
  const suffixText = input.suffix
  if (suffixText !== undefined && !tooLong('suffix', suffixText)) {
    const suffix = clean(suffixText)
    if (suffix) contact.suffix = suffix
    keepRaw('suffix', suffixText, suffix)
  } else if (parsed?.suffix) contact.suffix = parsed.suffix

  for (const field of SCALAR_FIELDS) {
    const typed = input[field]
    if (typed === undefined || tooLong(field, typed)) continue
    const value = clean(typed)
    if (value) contact[field] = value
    keepRaw(field, typed, value)
  }
  if (input.company !== undefined && !tooLong('company', input.company)) {
    const company = normalizeCompany(input.company).name
    if (company) contact.company = company
    keepRaw('company', input.company, company)
  }

  const seenEmails = new Set<string>()
  list(input.emails as EmailInput | EmailInput[] | undefined).forEach((item, index) => {
    const typed = typeof item === 'string' ? item : item.value
    const normalized = normalizeEmail(typed)
    const value = normalized.valid && normalized.address ? normalized.address : clean(typed)
    report(
      `emails.${index}`,
      typed,
      normalized.issues.filter((issue) => issue.code !== 'EMAIL_DISPLAY_NAME'),
    )
    if (!value || seenEmails.has(value)) return
    seenEmails.add(value)
    const email: Email = { value }
    if (typeof item === 'object' && item.kind) email.kind = item.kind
    const previousRaw = typeof item === 'object' ? item.raw : undefined
    if (previousRaw) email.raw = previousRaw
    else if (value !== typed) email.raw = typed
    contact.emails.push(email)
  })

  list(input.phones as PhoneInput | PhoneInput[] | undefined).forEach((item, index) => {
    const typed = typeof item === 'object' ? String(item.value) : String(item)
    const pieces = typeof item === 'object' ? [typed] : splitPhones(typed)
    for (const piece of pieces) {
      const normalized = analyzePhone(piece, country, false)
      const sure = normalized.valid && normalized.confidence === 'high' && normalized.e164
      const value = sure ? (normalized.e164 as string) : clean(piece)
      report(`phones.${index}`, piece, normalized.issues)
      if (!value) continue
      const phone: Phone = { value }
      const kind =
        (typeof item === 'object' ? item.kind : undefined) ??
        normalized.label ??
        (normalized.kind === 'mobile' ? 'mobile' : undefined)
      if (kind) phone.kind = kind
      const extension =
        typeof item === 'object' && item.extension !== undefined
          ? String(item.extension)
          : normalized.extension
      if (extension) phone.extension = extension
      const previousRaw = typeof item === 'object' ? item.raw : undefined
      if (previousRaw) phone.raw = previousRaw
      else if (value !== typed) phone.raw = pieces.length > 1 ? piece : typed
      contact.phones.push(phone)
    }
  })

  list(input.websites).forEach((typed, index) => {
    const normalized = normalizeUrl(typed)
    const value = normalized.url ?? clean(typed)
    if (!normalized.valid) {
      issues.push({
        field: `websites.${index}`,
        raw: typed,
        code: 'URL_INVALID',
        message: 'Not a website address',
      })
    }
    if (value && !contact.websites.includes(value)) contact.websites.push(value)
  })

  if (input.social) contact.social = { ...input.social }
  if (input.custom) contact.custom = { ...input.custom }
  if (input.source) contact.source = input.source
  const updatedAt = input.updatedAt as string | Date | undefined
  if (updatedAt !== undefined) {
    const text = updatedAt instanceof Date ? updatedAt.toISOString() : String(updatedAt)
    if (ISO_DATE_TIME.test(text)) contact.updatedAt = text
    else {
      const time = Date.parse(text)
      if (Number.isNaN(time)) {
        raw.updatedAt ??= text
        issues.push({ field: 'updatedAt', raw: text, code: 'DATE_INVALID', message: 'Not a date' })
      } else contact.updatedAt = new Date(time).toISOString()
    }
  }
  if (Object.keys(raw).length > 0) contact.raw = raw
  const result: NormalizeContactResult = { contact, issues }
  if (country) result.country = country
  return result
}

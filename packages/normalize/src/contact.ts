import {
  type Address,
  type Contact,
  type ContactInput,
  type Email,
  type Phone,
  type PhoneKind,
  safeParseContactInput,
} from '@contactkit/core'
import { analyzeAddress } from './address.js'
import { analyzeEmail, splitEmails } from './email.js'
import { NormalizeError } from './error.js'
import { companyName, namePartOf, salutationOf, titleOf } from './internal/field-memo.js'
import { countryOption } from './internal/options.js'
import { countryCallingCode } from './internal/phone-metadata.js'
import { cleanText } from './internal/text.js'
import type { NormalizeIssue, ValueIssue } from './issue.js'
import { nameTail, parseName } from './name.js'
import { analyzePhone, type NormalizedPhone, splitPhones } from './phone.js'
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
const NAME_FIELDS = ['firstName', 'middleName', 'lastName'] as const
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
  // Spelled out field by field (same order as a loop over the names): named reads stay fast property loads.
  if (
    !isText(input.name) ||
    !isText(input.salutation) ||
    !isText(input.title) ||
    !isText(input.firstName) ||
    !isText(input.middleName) ||
    !isText(input.lastName) ||
    !isText(input.suffix) ||
    !isText(input.jobTitle) ||
    !isText(input.department) ||
    !isText(input.company)
  )
    invalidInput(input)
  checkList(input, 'emails', input.emails)
  checkList(input, 'phones', input.phones)
  checkList(input, 'addresses', input.addresses)
  checkList(input, 'websites', input.websites)
}

function isText(value: unknown): boolean {
  return value === undefined || typeof value === 'string'
}

function checkList(input: unknown, key: string, value: unknown): void {
  if (value === undefined) return
  if (!Array.isArray(value)) {
    if (!isListItem(key, value)) invalidInput(input)
    return
  }
  for (const item of value) if (!isListItem(key, item)) invalidInput(input)
}

function isListItem(key: string, item: unknown): boolean {
  if (typeof item === 'string' || (typeof item === 'number' && key === 'phones')) return true
  return key !== 'websites' && isPlainObject(item)
}

const HAS_WORD = /[\p{L}\p{N}]/u
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
  const state: State = {
    issues: [],
    raw: { ...((input as { raw?: Record<string, string> }).raw ?? {}) },
    maxLength,
    locale: options.locale,
  }
  const contact: Contact = { emails: [], phones: [], addresses: [], websites: [] }
  if (input.id !== undefined) contact.id = String(input.id)
  // Addresses first: their country decides how phones are read.
  const country = readAddresses(state, contact, input, defaultCountry) ?? defaultCountry
  readNames(state, contact, input)
  for (const field of SCALAR_FIELDS) {
    const typed = input[field]
    if (typed === undefined || tooLong(state, field, typed)) continue
    const value = clean(typed)
    if (value) contact[field] = value
    keepRaw(state, field, typed, value)
  }
  if (input.company !== undefined && !tooLong(state, 'company', input.company)) {
    const company = companyName(input.company)
    if (company) contact.company = company
    keepRaw(state, 'company', input.company, company)
  }
  readEmails(state, contact, list(input.emails as EmailInput | EmailInput[] | undefined))
  readPhones(state, contact, list(input.phones as PhoneInput | PhoneInput[] | undefined), country)
  readWebsites(state, contact, list(input.websites))
  if (input.social) contact.social = { ...input.social }
  if (input.custom) contact.custom = { ...input.custom }
  if (input.source) contact.source = input.source
  readUpdatedAt(state, contact, input.updatedAt as string | Date | undefined)
  if (Object.keys(state.raw).length > 0) contact.raw = state.raw
  const result: NormalizeContactResult = { contact, issues: state.issues }
  if (country) result.country = country
  return result
}

/** What one `normalizeContact` call collects; passed to the field readers instead of closures. @internal */
interface State {
  issues: NormalizeIssue[]
  raw: Record<string, string>
  maxLength: number
  locale: string | undefined
}

// The field path is built only when there is an issue to report: most values have none.
function report(state: State, listName: string, index: number, value: string, found: ValueIssue[]): void {
  for (const issue of found) {
    if (issue.code === 'EMAIL_DISPLAY_NAME') continue
    state.issues.push({ field: `${listName}.${index}`, raw: value, code: issue.code, message: issue.message })
  }
}

function keepRaw(state: State, field: string, typed: string, value: string | undefined): void {
  if (value !== typed && state.raw[field] === undefined) state.raw[field] = typed
}

function tooLong(state: State, field: string, value: string): boolean {
  if (value.length <= state.maxLength) return false
  state.raw[field] ??= value
  state.issues.push({
    field,
    raw: value,
    code: 'FIELD_TOO_LONG',
    message: `Longer than ${state.maxLength} characters; kept raw`,
  })
  return true
}

// Returns the first country an address itself states (not the default filled in), for reading phones.
function readAddresses(
  state: State,
  contact: Contact,
  input: ContactInput | Contact,
  defaultCountry: string | undefined,
): string | undefined {
  const items = list(input.addresses as AddressInputItem | AddressInputItem[] | undefined)
  let ownCountry: string | undefined
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as AddressInputItem
    const typed = typeof item === 'string' ? item : undefined
    const normalized = analyzeAddress(
      typed ?? (item as Exclude<AddressInputItem, string>),
      defaultCountry,
      false,
    )
    // An empty cell is no address; dropping it loses nothing.
    if (clean(normalized.raw) === '') continue
    const address: Address = {}
    if (normalized.street) address.street = normalized.street
    if (normalized.houseNumber) address.houseNumber = normalized.houseNumber
    if (normalized.postalCode) address.postalCode = normalized.postalCode
    if (normalized.city) address.city = normalized.city
    if (normalized.region) address.region = normalized.region
    if (normalized.country) address.country = normalized.country
    // Punctuation alone (`,`) yields no part: nothing to keep.
    if (
      Object.keys(address).length === 0 ||
      (Object.keys(address).length === 1 && address.country && !HAS_WORD.test(normalized.raw))
    )
      continue
    const parts = typeof item === 'object' ? item : undefined
    if (parts?.kind) address.kind = parts.kind
    const previousRaw = (parts as { raw?: string } | undefined)?.raw
    if (previousRaw) address.raw = previousRaw
    else if (typed !== undefined || parts?.line !== undefined) address.raw = normalized.raw
    for (const issue of normalized.issues) {
      const part = issue.code.startsWith('POSTCODE')
        ? '.postalCode'
        : issue.code === 'COUNTRY_UNKNOWN'
          ? '.country'
          : ''
      state.issues.push({
        field: `addresses.${index}${part}`,
        raw: normalized.raw,
        code: issue.code,
        message: issue.message,
      })
    }
    if (
      !ownCountry &&
      address.country &&
      (typed !== undefined || parts?.country || parts?.line || parts?.postalCode)
    ) {
      ownCountry = address.country
    }
    contact.addresses.push(address)
  }
  return ownCountry
}

// A full name fills the parts the input does not give separately.
function readNames(state: State, contact: Contact, input: ContactInput | Contact): void {
  const name = (input as ContactInput).name
  let parsed: ReturnType<typeof parseName> | undefined
  if (name !== undefined && !tooLong(state, 'name', name)) {
    parsed = parseName(name, { locale: state.locale })
    state.raw.name ??= name
    if (!parsed.firstName && !parsed.lastName && clean(name)) {
      state.issues.push({
        field: 'name',
        raw: name,
        code: 'NAME_UNPARSED',
        message: 'No name words were found',
      })
    }
  }
  const salutationText = input.salutation
  if (salutationText !== undefined && !tooLong(state, 'salutation', salutationText)) {
    const salutation = salutationOf(salutationText)
    if (salutation) contact.salutation = salutation
    keepRaw(state, 'salutation', salutationText, salutation)
  } else if (parsed?.salutation) contact.salutation = parsed.salutation
  const titleText = input.title
  if (titleText !== undefined && !tooLong(state, 'title', titleText)) {
    const title = titleOf(titleText)
    if (title) contact.title = title
    keepRaw(state, 'title', titleText, title)
  } else if (parsed?.title) contact.title = parsed.title
  // `Weiß, Jürgen` in the first-name column and no last name: a whole name, `Last, First`.
  const firstText = input.firstName
  let wholeFirst: ReturnType<typeof parseName> | undefined
  if (
    name === undefined &&
    typeof firstText === 'string' &&
    firstText.includes(',') &&
    !clean(input.lastName ?? '') &&
    !tooLong(state, 'firstName', firstText)
  ) {
    const reading = parseName(firstText, { locale: state.locale })
    if (reading.firstName && reading.lastName) wholeFirst = reading
  }
  // Parts written after the person in a name column (`Schmidt (Einkauf)`): kept apart, as in a full name.
  const found: {
    company?: string | undefined
    department?: string | undefined
    jobTitle?: string | undefined
  } = {
    company: wholeFirst?.company,
    department: wholeFirst?.department,
    jobTitle: wholeFirst?.jobTitle,
  }
  for (const field of NAME_FIELDS) {
    const typed = input[field]
    if (wholeFirst !== undefined) {
      const value = wholeFirst[field]
      if (value) contact[field] = value
      // The column as written, where it held something (not the empty last-name column).
      if (typed !== undefined && clean(typed)) keepRaw(state, field, typed, value)
    } else if (typed !== undefined && !tooLong(state, field, typed)) {
      const tail = nameTail(typed)
      found.company ??= tail.company
      found.department ??= tail.department
      found.jobTitle ??= tail.jobTitle
      const value = namePartOf(tail.name, state.locale, field === 'lastName')
      if (value) contact[field] = value
      keepRaw(state, field, typed, value)
    } else if (parsed?.[field]) contact[field] = parsed[field]
  }
  if (wholeFirst?.salutation && contact.salutation === undefined) contact.salutation = wholeFirst.salutation
  if (wholeFirst?.title && contact.title === undefined) contact.title = wholeFirst.title
  const suffixText = input.suffix
  if (suffixText !== undefined && !tooLong(state, 'suffix', suffixText)) {
    const suffix = clean(suffixText)
    if (suffix) contact.suffix = suffix
    keepRaw(state, 'suffix', suffixText, suffix)
  } else if (parsed?.suffix) contact.suffix = parsed.suffix
  // `Anna Schmidt (Muster GmbH)` from a mail's sender: the company, when the input has no company of its own; so
  // too a department (`Hans Müller (Vertrieb)`) and a job title (`Anna Schmidt | Geschäftsführerin`).
  const company = parsed?.company ?? found.company
  const department = parsed?.department ?? found.department
  const jobTitle = parsed?.jobTitle ?? found.jobTitle
  if (company && input.company === undefined) contact.company = company
  if (department && input.department === undefined) contact.department = department
  if (jobTitle && input.jobTitle === undefined) contact.jobTitle = jobTitle
}

function readEmails(state: State, contact: Contact, items: EmailInput[]): void {
  const seen = new Set<string>()
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as EmailInput
    const given = typeof item === 'object' ? item : undefined
    const typed = given ? given.value : (item as string)
    // A cell with several addresses (`a@x.de; b@x.de`) becomes one entry each.
    const pieces = given ? [typed] : splitEmails(typed)
    for (const piece of pieces) {
      const normalized = analyzeEmail(String(piece), false)
      const value = normalized.valid && normalized.address ? normalized.address : clean(piece)
      report(state, 'emails', index, piece, normalized.issues)
      if (!value || seen.has(value)) continue
      seen.add(value)
      const email: Email = { value }
      if (given?.kind) email.kind = given.kind
      if (given?.raw) email.raw = given.raw
      else {
        const written = pieces.length > 1 ? piece : typed
        if (value !== written) email.raw = written
      }
      contact.emails.push(email)
    }
  }
}

function readPhones(state: State, contact: Contact, items: PhoneInput[], country: string | undefined): void {
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as PhoneInput
    const given = typeof item === 'object' ? item : undefined
    const typed = given ? String(given.value) : String(item)
    const pieces = given ? [typed] : splitPhones(typed)
    const numeric = typeof (given ? given.value : item) === 'number'
    for (const piece of pieces) {
      const normalized = numeric ? repairNumericPhone(piece, country) : analyzePhone(piece, country, false)
      // A number valid only by guessing the country keeps its written form (with PHONE_COUNTRY_GUESSED).
      const sure = normalized.valid && normalized.confidence === 'high' ? normalized.e164 : undefined
      const value = sure ?? clean(piece)
      report(state, 'phones', index, piece, normalized.issues)
      if (!value) continue
      const phone: Phone = { value }
      const kind = given?.kind ?? normalized.label ?? (normalized.kind === 'mobile' ? 'mobile' : undefined)
      if (kind) phone.kind = kind
      const extension = given?.extension !== undefined ? String(given.extension) : normalized.extension
      if (extension) phone.extension = extension
      if (given?.raw) phone.raw = given.raw
      else {
        const written = pieces.length > 1 ? piece : typed
        if (value !== written) phone.raw = written
      }
      // The same number twice in one contact (`Tel` and `Zentrale`) is kept once; a kind it lacked is taken over.
      const twin = contact.phones.find(
        (other) => other.value === value && other.extension === phone.extension,
      )
      if (twin) {
        if (!twin.kind && phone.kind) twin.kind = phone.kind
        continue
      }
      contact.phones.push(phone)
    }
  }
}

// A phone stored as a number (a spreadsheet cell) has lost its leading `0` or `+`; with the default country's
// calling code in front it was international, otherwise national. Restored only when the result is valid.
function repairNumericPhone(digits: string, country: string | undefined): NormalizedPhone {
  const written = analyzePhone(digits, country, false)
  if (!country || !/^\d+$/.test(digits) || (written.valid && written.confidence === 'high')) return written
  const callingCode = countryCallingCode(country)
  const candidate = callingCode && digits.startsWith(callingCode) ? `+${digits}` : `0${digits}`
  const repaired = analyzePhone(candidate, country, false)
  if (!repaired.valid || repaired.confidence !== 'high') return written
  repaired.issues.push({
    code: 'PHONE_REPAIRED',
    message: `Restored the ${candidate.charAt(0)} a spreadsheet had dropped: ${digits} → ${candidate}`,
  })
  return repaired
}

function readWebsites(state: State, contact: Contact, items: string[]): void {
  for (let index = 0; index < items.length; index++) {
    const typed = items[index] as string
    const normalized = normalizeUrl(typed)
    const value = normalized.url ?? clean(typed)
    if (!normalized.valid) {
      state.issues.push({
        field: `websites.${index}`,
        raw: typed,
        code: 'URL_INVALID',
        message: 'Not a website address',
      })
    }
    if (!value || contact.websites.includes(value)) continue
    // `websites` holds plain strings, so what was typed goes to `raw` under the item's path.
    if (value !== typed) keepRaw(state, `websites.${contact.websites.length}`, typed, value)
    contact.websites.push(value)
  }
}

function readUpdatedAt(state: State, contact: Contact, updatedAt: string | Date | undefined): void {
  if (updatedAt === undefined) return
  const text = updatedAt instanceof Date ? updatedAt.toISOString() : String(updatedAt)
  if (ISO_DATE_TIME.test(text)) {
    contact.updatedAt = text
    return
  }
  const time = Date.parse(text)
  if (Number.isNaN(time)) {
    state.raw.updatedAt ??= text
    state.issues.push({ field: 'updatedAt', raw: text, code: 'DATE_INVALID', message: 'Not a date' })
  } else contact.updatedAt = new Date(time).toISOString()
}

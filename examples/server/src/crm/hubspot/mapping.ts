import { type Address, type Contact, type Email, type Phone, safeParseContact } from '@contactkit/core'
import { normalizeAddress, normalizeEmail, normalizePhone } from '@contactkit/normalize'
import type { CrmFieldUpdate, CrmRecord } from '../connector.js'
import { toCountryCode, toCountryName } from './country.js'
import { HubSpotError } from './error.js'
import { joinSalutation, splitSalutation } from './salutation.js'
import { joinStreet } from './street.js'

/** How canonical contacts meet one portal's contact properties. */
export interface HubSpotMappingOptions {
  /** Country of the portal, for phone numbers written without a country code (e.g. `DE` for `089 1234567`). */
  defaultCountry?: string | undefined
  /** Language of country names written to HubSpot's free-text `country` property. Default `en` ("Germany"). */
  countryLocale?: string | undefined
  /** Custom HubSpot properties for canonical fields HubSpot has no default property for. */
  fieldProperties?: { department?: string | undefined; suffix?: string | undefined } | undefined
  /** HubSpot properties carried 1:1 in `contact.custom` under the same key. */
  customProperties?: readonly string[] | undefined
}

/** A contact as HubSpot's CRM v3 objects API returns it. */
export interface HubSpotObject {
  id: string
  properties: Record<string, string | null | undefined>
  createdAt?: string
  updatedAt?: string
  archived?: boolean
}

/** Properties this connector reads for every contact. */
export const CONTACT_PROPERTIES = [
  'hs_object_id',
  'salutation',
  'firstname',
  'lastname',
  'email',
  'hs_additional_emails',
  'phone',
  'mobilephone',
  'fax',
  'company',
  'jobtitle',
  'address',
  'city',
  'zip',
  'state',
  'country',
  'website',
  'createdate',
  'lastmodifieddate',
] as const

/** @internal Every property to request for the given options. */
export function propertiesToRead(options: HubSpotMappingOptions): string[] {
  const extra = [
    options.fieldProperties?.department,
    options.fieldProperties?.suffix,
    ...(options.customProperties ?? []),
  ]
  return [...new Set([...CONTACT_PROPERTIES, ...extra.filter((name): name is string => name !== undefined)])]
}

function text(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function toEmail(written: string): Email {
  const value = normalizeEmail(written).address ?? written
  return { value, ...(value === written ? {} : { raw: written }) }
}

function toPhone(written: string, kind: Phone['kind'], defaultCountry: string | undefined): Phone {
  const phone = normalizePhone(written, { defaultCountry })
  const value = phone.e164 ?? written
  return {
    value,
    ...(kind === undefined ? {} : { kind }),
    ...(phone.extension === undefined ? {} : { extension: phone.extension }),
    ...(value === written ? {} : { raw: written }),
  }
}

/**
 * HubSpot's address properties as one canonical address. HubSpot's country is free text: @contactkit/normalize reads
 * German, English and French names and codes; other languages fall back to CLDR names; an unknown country stays in
 * `raw`. No default country is assumed, so a foreign postcode is never "repaired" as if it were German.
 */
function toAddress(parts: {
  line?: string
  zip?: string
  city?: string
  state?: string
  country?: string
}): Address {
  const normalized = normalizeAddress({
    street: parts.line,
    postalCode: parts.zip,
    city: parts.city,
    region: parts.state,
    country: parts.country,
  })
  const unknownCountry = normalized.issues.some((issue) => issue.code === 'COUNTRY_UNKNOWN')
  const country =
    unknownCountry && parts.country !== undefined ? toCountryCode(parts.country) : normalized.country
  const address: Address = {}
  if (normalized.street !== undefined) address.street = normalized.street
  if (normalized.houseNumber !== undefined) address.houseNumber = normalized.houseNumber
  if (normalized.postalCode !== undefined) address.postalCode = normalized.postalCode
  if (normalized.city !== undefined) address.city = normalized.city
  if (normalized.region !== undefined) address.region = normalized.region
  if (country !== undefined) address.country = country
  else if (parts.country !== undefined) {
    address.raw = [parts.line, [parts.zip, parts.city].filter(Boolean).join(' '), parts.state, parts.country]
      .filter(Boolean)
      .join(', ')
  }
  return address
}

function toIsoTimestamp(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const millis = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString()
}

/**
 * Reads a HubSpot contact into a CRM record with a canonical contact: salutation split into form of address and
 * title, additional emails, phone properties typed work/mobile/fax, the street line split, the free-text country
 * mapped to ISO alpha-2 (the address keeps the written form in `raw` when the country is not recognised).
 *
 * @throws {HubSpotError} HUBSPOT_INVALID_RESPONSE when the result is no valid canonical contact.
 */
export function fromHubSpotContact(object: HubSpotObject, options: HubSpotMappingOptions = {}): CrmRecord {
  const p = object.properties
  const contact: Record<string, unknown> = { id: object.id, source: { kind: 'crm', id: object.id } }
  const { salutation, title } = splitSalutation(p.salutation ?? '')
  if (salutation !== undefined) contact.salutation = salutation
  if (title !== undefined) contact.title = title
  for (const [field, property] of [
    ['firstName', 'firstname'],
    ['lastName', 'lastname'],
    ['company', 'company'],
    ['jobTitle', 'jobtitle'],
    ['department', options.fieldProperties?.department],
    ['suffix', options.fieldProperties?.suffix],
  ] as const) {
    const value = property === undefined ? undefined : text(p[property])
    if (value !== undefined) contact[field] = value
  }

  const emails: Email[] = []
  const primary = text(p.email)
  if (primary !== undefined) emails.push(toEmail(primary))
  for (const additional of (p.hs_additional_emails ?? '').split(';')) {
    const written = additional.trim()
    if (written === '') continue
    const email = toEmail(written)
    if (!emails.some((known) => known.value.toLowerCase() === email.value.toLowerCase())) emails.push(email)
  }
  contact.emails = emails

  const phones: Phone[] = []
  for (const [property, kind] of [
    ['phone', 'work'],
    ['mobilephone', 'mobile'],
    ['fax', 'fax'],
  ] as const) {
    const written = text(p[property])
    if (written !== undefined) phones.push(toPhone(written, kind, options.defaultCountry))
  }
  contact.phones = phones

  const line = text(p.address)
  const city = text(p.city)
  const zip = text(p.zip)
  const state = text(p.state)
  const country = text(p.country)
  if (
    line !== undefined ||
    city !== undefined ||
    zip !== undefined ||
    state !== undefined ||
    country !== undefined
  ) {
    contact.addresses = [
      toAddress({
        ...(line === undefined ? {} : { line }),
        ...(zip === undefined ? {} : { zip }),
        ...(city === undefined ? {} : { city }),
        ...(state === undefined ? {} : { state }),
        ...(country === undefined ? {} : { country }),
      }),
    ]
  } else {
    contact.addresses = []
  }
  const website = text(p.website)
  contact.websites = website === undefined ? [] : [website]

  const custom: Record<string, unknown> = {}
  for (const property of options.customProperties ?? []) {
    const value = text(p[property])
    if (value !== undefined) custom[property] = value
  }
  if (Object.keys(custom).length > 0) contact.custom = custom

  const updatedAt = toIsoTimestamp(text(p.lastmodifieddate) ?? object.updatedAt)
  if (updatedAt !== undefined) contact.updatedAt = updatedAt

  const parsed = safeParseContact(contact)
  if (!parsed.success) {
    throw new HubSpotError(
      'HUBSPOT_INVALID_RESPONSE',
      'A HubSpot contact could not be read as a canonical contact',
      {
        details: { id: object.id, issues: parsed.error.details?.issues },
      },
    )
  }
  return { id: object.id, contact: parsed.data, ...(updatedAt === undefined ? {} : { updatedAt }) }
}

/** HubSpot property values for a contact, and the paths of values no property can hold. */
export interface PropertyValues {
  properties: Record<string, string>
  unmapped: string[]
}

const PHONE_SLOTS: Record<string, string> = { work: 'phone', mobile: 'mobilephone', fax: 'fax' }

/** A phone as HubSpot text: as the person typed it when known, else E.164 plus extension. */
function formatPhoneText(phone: Phone): string {
  if (phone.raw !== undefined && phone.raw.trim() !== '') return phone.raw.trim()
  return phone.extension === undefined ? phone.value : `${phone.value} ext. ${phone.extension}`
}

/**
 * Every property slot of a contact: `''` for an empty slot. `knownAdditionalEmails` are secondary emails HubSpot
 * already holds (`hs_additional_emails` is read-only in the v3 API, so others cannot be written).
 */
function toSlots(
  contact: Contact,
  options: HubSpotMappingOptions,
  knownAdditionalEmails: ReadonlySet<string>,
): PropertyValues {
  const unmapped: string[] = []
  const slots: Record<string, string> = {
    salutation: joinSalutation(contact.salutation, contact.title),
    firstname: [contact.firstName, contact.middleName]
      .map((part) => part?.trim() ?? '')
      .filter(Boolean)
      .join(' '),
    lastname: contact.lastName?.trim() ?? '',
    company: contact.company?.trim() ?? '',
    jobtitle: contact.jobTitle?.trim() ?? '',
  }
  for (const field of ['department', 'suffix'] as const) {
    const property = options.fieldProperties?.[field]
    const value = contact[field]?.trim() ?? ''
    if (property !== undefined) slots[property] = value
    else if (value !== '') unmapped.push(field)
  }

  slots.email = contact.emails[0]?.value ?? ''
  contact.emails.slice(1).forEach((email, index) => {
    if (!knownAdditionalEmails.has(email.value.toLowerCase())) unmapped.push(`emails.${index + 1}`)
  })

  slots.phone = ''
  slots.mobilephone = ''
  slots.fax = ''
  contact.phones.forEach((phone, index) => {
    const preferred = PHONE_SLOTS[phone.kind ?? 'work'] ?? 'phone'
    const slot =
      slots[preferred] === ''
        ? preferred
        : phone.kind === undefined && slots.phone === ''
          ? 'phone'
          : undefined
    if (slot === undefined) unmapped.push(`phones.${index}`)
    else slots[slot] = formatPhoneText(phone)
  })

  const [address, ...moreAddresses] = contact.addresses
  slots.address =
    address === undefined ? '' : joinStreet(address.street, address.houseNumber, address.country)
  slots.zip = address?.postalCode?.trim() ?? ''
  slots.city = address?.city?.trim() ?? ''
  slots.state = address?.region?.trim() ?? ''
  slots.country = address?.country === undefined ? '' : toCountryName(address.country, options.countryLocale)
  moreAddresses.forEach((_, index) => {
    unmapped.push(`addresses.${index + 1}`)
  })

  slots.website = contact.websites[0]?.trim() ?? ''
  contact.websites.slice(1).forEach((_, index) => {
    unmapped.push(`websites.${index + 1}`)
  })
  for (const key of Object.keys(contact.social ?? {})) unmapped.push(`social.${key}`)

  const customProperties = new Set(options.customProperties ?? [])
  for (const [key, value] of Object.entries(contact.custom ?? {})) {
    if (!customProperties.has(key)) unmapped.push(`custom.${key}`)
    else slots[key] = value === null || value === undefined ? '' : String(value)
  }
  for (const property of customProperties) slots[property] ??= ''
  return { properties: slots, unmapped }
}

/**
 * Property values to create a contact: empty slots are left out.
 *
 * @returns The properties and the paths of values HubSpot's contact properties cannot hold.
 */
export function toCreateProperties(contact: Contact, options: HubSpotMappingOptions = {}): PropertyValues {
  const { properties, unmapped } = toSlots(contact, options, new Set())
  return {
    properties: Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== '')),
    unmapped,
  }
}

// The properties each canonical field is written to; fields that share a property need the current record.
const FIELD_PROPERTIES: Record<string, (options: HubSpotMappingOptions) => string[]> = {
  salutation: () => ['salutation'],
  title: () => ['salutation'],
  firstName: () => ['firstname'],
  middleName: () => ['firstname'],
  lastName: () => ['lastname'],
  company: () => ['company'],
  jobTitle: () => ['jobtitle'],
  department: (options) =>
    options.fieldProperties?.department === undefined ? [] : [options.fieldProperties.department],
  suffix: (options) =>
    options.fieldProperties?.suffix === undefined ? [] : [options.fieldProperties.suffix],
  emails: () => ['email'],
  phones: () => ['phone', 'mobilephone', 'fax'],
  addresses: () => ['address', 'zip', 'city', 'state', 'country'],
  websites: () => ['website'],
  social: () => [],
  custom: (options) => [...(options.customProperties ?? [])],
}
// Read-only or derived on the CRM side: never written.
const IGNORED_FIELDS = new Set(['id', 'updatedAt', 'source', 'raw'])
const KEYED_FIELDS = new Set(['custom', 'social'])
const LIST_FIELDS = new Set(['emails', 'phones', 'addresses', 'websites'])

/**
 * Property values for a partial update: each updated field rewrites all its property slots (a cleared slot is `''`,
 * which HubSpot treats as "clear"). `current` is the record as HubSpot holds it, needed where two canonical fields
 * share one property (first and middle name, form of address and title) and for the additional emails.
 *
 * @returns The properties to PATCH and the paths of values HubSpot's contact properties cannot hold.
 */
export function toUpdateProperties(
  fields: CrmFieldUpdate,
  current: Contact,
  options: HubSpotMappingOptions = {},
): PropertyValues {
  const merged: Record<string, unknown> = { ...current }
  const touched = new Set<string>()
  const unknown: string[] = []
  const updatedRoots = new Set<string>()
  for (const [key, value] of Object.entries(fields)) {
    // @contactkit/merge's toFieldUpdate names keyed entries `custom.<key>`, `social.<key>`, `raw.<key>`.
    const dot = key.indexOf('.')
    const field = dot === -1 ? key : key.slice(0, dot)
    if (IGNORED_FIELDS.has(field)) continue
    if (dot !== -1 && KEYED_FIELDS.has(field)) {
      const entry = key.slice(dot + 1)
      const entries = { ...((merged[field] as Record<string, unknown> | undefined) ?? {}) }
      if (value === null || value === undefined) delete entries[entry]
      else entries[entry] = value
      merged[field] = entries
      if (field === 'custom' && options.customProperties?.includes(entry)) touched.add(entry)
      updatedRoots.add(field)
      continue
    }
    const properties = dot === -1 ? FIELD_PROPERTIES[field] : undefined
    if (properties === undefined) {
      unknown.push(key)
      continue
    }
    updatedRoots.add(field)
    for (const property of properties(options)) touched.add(property)
    if (value === null || value === undefined) {
      if (LIST_FIELDS.has(field)) merged[field] = []
      else delete merged[field]
    } else {
      merged[field] = value
    }
  }
  const parsed = safeParseContact(merged)
  if (!parsed.success) {
    throw new HubSpotError('HUBSPOT_REJECTED', 'The update does not describe a valid contact', {
      details: { issues: parsed.error.details?.issues },
    })
  }
  const known = new Set(current.emails.slice(1).map((email) => email.value.toLowerCase()))
  const { properties, unmapped } = toSlots(parsed.data, options, known)
  return {
    properties: Object.fromEntries([...touched].map((property) => [property, properties[property] ?? ''])),
    unmapped: [...unknown, ...unmapped.filter((path) => updatedRoots.has(path.split('.')[0] ?? path))],
  }
}

/**
 * The one place that decides when two values of a field are "the same value in another form".
 * Everything else in the package compares canonical keys from here.
 *
 * @internal
 * @packageDocumentation
 */
import { type Address, type Email, foldText, type Phone } from '@contactkit/core'
import {
  addressKey,
  companyKey,
  emailKey,
  nameKey,
  normalizeCompany,
  normalizePhone,
  normalizeUrl,
  phoneKey,
} from '@contactkit/normalize'
import { MergeError } from '../error.js'
import type { ListField, ScalarField } from '../fields.js'

/** @internal Options that change what counts as equivalent. */
export interface KeyOptions {
  /** Country for phone numbers and addresses written without a country code. */
  defaultCountry?: string | undefined
  /** Fold `ü` to `ue` (`Müller` = `Mueller`); default `true`. */
  german?: boolean | undefined
}

/**
 * @internal Keys already worked out during one merge of many records, by the text they were worked out from:
 * the records of a cluster repeat each other's numbers and email addresses.
 */
export type LocalKeys = Map<string, string>

/** @internal Canonical keys per field. Keys of non-blank values are never empty. */
export interface FieldKeys {
  /** Folded text for comparing words (core's `foldText` with these options), memoised. */
  fold(value: string): string
  scalar(field: ScalarField, value: string): string
  email(value: Email, local?: LocalKeys): string
  phone(value: Phone, local?: LocalKeys): string
  address(value: Address): string
  website(value: string): string
  social(value: string): string
  /** The key of a value of a list field; `local` keeps the phone and email keys for the rest of one merge. */
  value(field: ListField, value: unknown, local?: LocalKeys): string
}

const CACHE_LIMIT = 4096
const NO_CACHE = { cache: false } as const
const NAME_FIELDS: ReadonlySet<ScalarField> = new Set(['firstName', 'middleName', 'lastName'])
const HAS_LETTER = /\p{L}/u

// Keys are pure functions of (options, value); a bounded memo keeps repeated diffs of the same
// records (diff, then merge, then patch) from parsing the same phone number three times.
function memo(compute: (value: string) => string): (value: string) => string {
  let cache = new Map<string, string>()
  return (value) => {
    let key = cache.get(value)
    if (key === undefined) {
      key = compute(value)
      // A value the field's parser finds nothing in still differs from other such values by its text.
      if (key === '') key = `~${value.trim()}`
      if (cache.size >= CACHE_LIMIT) cache = new Map()
      cache.set(value, key)
    }
    return key
  }
}

// The key from `local` when this merge worked it out already; else worked out, and kept there.
function throughLocal(
  compute: (value: string) => string,
): (value: string, local: LocalKeys | undefined) => string {
  return (value, local) => {
    const known = local?.get(value)
    if (known !== undefined) return known
    const key = compute(value)
    local?.set(value, key)
    return key
  }
}

function checkCountry(country: string | undefined): void {
  if (country === undefined) return
  try {
    phoneKey('1', country)
  } catch (error) {
    throw new MergeError(
      'MERGE_INVALID_INPUT',
      `defaultCountry must be an ISO 3166-1 alpha-2 code such as DE, not "${country}".`,
      {
        details: { option: 'defaultCountry' },
        cause: error,
      },
    )
  }
}

function urlKey(value: string): string {
  const url = normalizeUrl(value).url
  // The scheme is transport, not identity: http://muster.de and https://muster.de are one website.
  if (url !== undefined) return url.replace(/^https?:\/\//, '')
  return value.trim().toLowerCase()
}

// Every letter is at or above `A` (U+0041): a number written with digits, spaces, `+()/-.` has none, and
// skips the Unicode pattern.
/** @internal */
export function mayHoldLetter(value: string): boolean {
  for (let index = 0; index < value.length; index++) if (value.charCodeAt(index) >= 0x41) return true
  return false
}

// Whether an address key holds anything but its `|` separators (it starts with the country, mostly set).
function hasContent(key: string): boolean {
  for (let index = 0; index < key.length; index++) if (key.charCodeAt(index) !== 124) return true
  return false
}

function withExtension(number: string, extension: string): string {
  if (extension === '') return number
  const digits = extension.replace(/\D/g, '')
  return digits ? `${number};ext=${digits}` : number
}

function createKeys(options: KeyOptions): FieldKeys {
  const german = options.german ?? true
  const country = options.defaultCountry
  checkCountry(country)
  const text = memo((value) => foldText(value, { german }))
  const name = memo((value) => (german ? nameKey(value) : foldText(value)))
  const company = memo((value) => {
    const normalized = normalizeCompany(value)
    const base = normalized.key || companyKey(value) || foldText(value, { german })
    // The legal form stays part of the key: `Muster GmbH` and `Muster GmbH & Co. KG` are different companies. So
    // does a status: `Muster GmbH i. L.` is news for a CRM that has `Muster GmbH`, not another spelling of it.
    return `${base}|${normalized.legalFormCode ?? normalized.legalForm ?? ''}|${normalized.status ?? ''}`
  })
  // Phone keys skip normalize's shared memo: most numbers of a diff are new, and storing each in a memo that lives
  // long cost more than working a number out again (about 7 % of a diff + merge). Email keys keep it: one costs
  // about 1 µs to work out, and addresses repeat. A record read again keeps its keys in its slots (see slots.ts);
  // a cluster's records share theirs through `local`.
  const email = throughLocal((value) => {
    const key = emailKey(value) ?? value.trim().toLowerCase()
    return key === '' ? `~${value.trim()}` : key
  })
  const phone = throughLocal((value) => phoneKey(value, country, NO_CACHE) || `~${value.trim()}`)
  const extensionOf = (value: string) =>
    mayHoldLetter(value) && HAS_LETTER.test(value)
      ? (normalizePhone(value, { defaultCountry: country, formats: false }).extension ?? '')
      : ''
  // A number without a separate extension field (the common case): its extension, if any, is in the text.
  const phoneWithExtension = (value: string, local: LocalKeys | undefined) =>
    withExtension(phone(value, local), extensionOf(value))
  const website = memo(urlKey)
  // No memo of our own: normalize's addressKey takes about as long as building a text to look one up by.
  const address = (value: Address) => {
    const key = addressKey({
      street: value.street,
      houseNumber: value.houseNumber,
      postalCode: value.postalCode,
      city: value.city,
      country: value.country || country,
    })
    if (hasContent(key)) return key
    // Nothing the key reads (a region, a country alone): the address by its folded text.
    const parts = [value.street, value.houseNumber, value.postalCode, value.city, value.country]
    return `~${text(parts.map((part) => part ?? '').join(' '))}`
  }
  const keys: FieldKeys = {
    fold: text,
    scalar: (field, value) => {
      if (NAME_FIELDS.has(field)) return name(value)
      if (field === 'company') return company(value)
      return text(value)
    },
    email: (value, local) => email(value.value, local),
    phone: (value, local) => {
      // CRM APIs send `null` for an absent extension.
      const explicit: string | null | undefined = value.extension
      return explicit === undefined || explicit === null
        ? phoneWithExtension(value.value, local)
        : withExtension(phone(value.value, local), explicit)
    },
    address,
    website,
    social: website,
    value: (field, value, local) => {
      switch (field) {
        case 'emails':
          return keys.email(value as Email, local)
        case 'phones':
          return keys.phone(value as Phone, local)
        case 'addresses':
          return keys.address(value as Address)
        case 'websites':
          return keys.website(value as string)
      }
    },
  }
  return keys
}

const instances = new Map<string, FieldKeys>()

let lastCountry: string | undefined
let lastGerman: boolean | undefined
let lastKeys: FieldKeys | undefined

/** @internal The key functions for these options (shared, so their caches are too). */
export function fieldKeys(options: KeyOptions = {}): FieldKeys {
  // The options of the last call, without building the id: a diff and its merge come with the same options.
  if (lastKeys !== undefined && options.defaultCountry === lastCountry && options.german === lastGerman) {
    return lastKeys
  }
  const keys = keysFor(options)
  lastCountry = options.defaultCountry
  lastGerman = options.german
  lastKeys = keys
  return keys
}

function keysFor(options: KeyOptions): FieldKeys {
  const id = `${options.defaultCountry ?? ''}|${options.german ?? true}`
  let keys = instances.get(id)
  if (keys === undefined) {
    keys = createKeys(options)
    if (instances.size > 64) instances.clear()
    instances.set(id, keys)
  }
  return keys
}

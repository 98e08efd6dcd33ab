/**
 * The one place that decides when two values of a field are "the same value in another form".
 * Everything else in the package compares canonical keys from here.
 *
 * @internal
 * @packageDocumentation
 */
import { type Address, type Email, foldText, type Phone } from '@contactkit/core'
import type { ListField, ScalarField } from '../fields.js'

/** @internal Options that change what counts as equivalent. */
export interface KeyOptions {
  /** Country for phone numbers written without a country code. */
  defaultCountry?: string | undefined
  /** Fold `ü` to `ue` (`Müller` = `Mueller`); default `true`. */
  german?: boolean | undefined
}

/** @internal Canonical keys per field. Keys of non-blank values are never empty. */
export interface FieldKeys {
  scalar(field: ScalarField, value: string): string
  email(value: Email): string
  phone(value: Phone): string
  address(value: Address): string
  website(value: string): string
  social(value: string): string
  value(field: ListField, value: unknown): string
}

const CACHE_LIMIT = 4096

// Keys are pure functions of (options, value); a bounded memo keeps repeated diffs of the same
// records (diff, then merge, then patch) from parsing the same phone number three times.
function memo(compute: (value: string) => string): (value: string) => string {
  let cache = new Map<string, string>()
  return (value) => {
    let key = cache.get(value)
    if (key === undefined) {
      key = compute(value)
      if (key === '') key = `~${value}`
      if (cache.size >= CACHE_LIMIT) cache = new Map()
      cache.set(value, key)
    }
    return key
  }
}

function createKeys(options: KeyOptions): FieldKeys {
  const german = options.german ?? true
  const text = memo((value) => foldText(value, { german }))
  const email = memo((value) => value.trim().toLowerCase())
  const phone = memo((value) => value.replace(/[^\d+]/g, ''))
  const website = memo((value) =>
    value
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\./, '')
      .replace(/\/+$/, ''),
  )
  const address = memo((line) => text(line))
  const keys: FieldKeys = {
    scalar: (_field, value) => text(value),
    email: (value) => email(value.value),
    phone: (value) => {
      const number = phone(value.value)
      return value.extension ? `${number};ext=${value.extension.replace(/\D/g, '')}` : number
    },
    address: (value) =>
      address(
        [
          value.street,
          value.houseNumber,
          value.postalCode,
          value.city,
          value.country ?? options.defaultCountry,
        ]
          .filter((part) => part !== undefined && part.trim() !== '')
          .join(' '),
      ),
    website,
    social: website,
    value: (field, value) => {
      switch (field) {
        case 'emails':
          return keys.email(value as Email)
        case 'phones':
          return keys.phone(value as Phone)
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

/** @internal The key functions for these options (shared, so their caches are too). */
export function fieldKeys(options: KeyOptions = {}): FieldKeys {
  const id = `${options.defaultCountry ?? ''}|${options.german ?? true}`
  let keys = instances.get(id)
  if (keys === undefined) {
    keys = createKeys(options)
    if (instances.size > 64) instances.clear()
    instances.set(id, keys)
  }
  return keys
}

import { z } from 'zod'
import type { Comparator } from './comparator.js'
import {
  assertComparator,
  dateComparator,
  exactComparator,
  jaroWinklerComparator,
  levenshteinComparator,
  tokenSetComparator,
} from './comparator.js'
import {
  cityComparator,
  companyComparator,
  emailComparator,
  phoneComparator,
  postalCodeComparator,
  streetComparator,
} from './contact-comparators.js'
import { MatchError } from './error.js'
import { generationText } from './internal/generation.js'
import { generationComparator, givenNameComparator, surnameComparator } from './name-comparators.js'

/**
 * Names of the built-in comparators, usable in a {@link FieldConfig} instead of a comparator object.
 *
 * @example
 * ```ts
 * const name: ComparatorName = 'levenshtein'
 * ```
 */
export type ComparatorName =
  | 'exact'
  | 'jaroWinkler'
  | 'levenshtein'
  | 'tokenSet'
  | 'date'
  | 'givenName'
  | 'surname'
  | 'generation'
  | 'company'
  | 'email'
  | 'phone'
  | 'street'
  | 'postalCode'
  | 'city'

const BUILT_IN: Record<ComparatorName, () => Comparator> = {
  exact: exactComparator as () => Comparator,
  jaroWinkler: jaroWinklerComparator as () => Comparator,
  levenshtein: levenshteinComparator as () => Comparator,
  tokenSet: tokenSetComparator as () => Comparator,
  date: dateComparator as () => Comparator,
  givenName: givenNameComparator as () => Comparator,
  surname: surnameComparator as () => Comparator,
  generation: generationComparator as () => Comparator,
  company: companyComparator as () => Comparator,
  email: emailComparator as () => Comparator,
  phone: phoneComparator as () => Comparator,
  street: streetComparator as () => Comparator,
  postalCode: postalCodeComparator as () => Comparator,
  city: cityComparator as () => Comparator,
}

/**
 * One compared field of a matcher.
 *
 * @example
 * ```ts
 * const birthday: FieldConfig = { field: 'custom.dateOfBirth', comparator: 'date', blocking: true }
 * ```
 */
export interface FieldConfig {
  /**
   * A contact field (`firstName`, `middleName`, `lastName`, `suffix`, `title`, `jobTitle`, `department`,
   * `company`, `email`, `phone`, `street`, `postalCode`, `city`, `region`, `country`, `website`) or
   * `custom.<key>` for a value in `contact.custom`. `suffix` reads a generation mark (`Jr.`, `sen.`, `III`) from
   * the suffix, or from the end of an unparsed last name (`Meier jun.`).
   */
  field: string
  /** A built-in comparator by name, or your own {@link Comparator}. Defaults by field; `exact` for custom fields. */
  comparator?: ComparatorName | Comparator
  /** Per-level m probabilities, overriding the comparator's defaults (same length as its levels). */
  m?: readonly number[]
  /** Per-level u probabilities, overriding the comparator's defaults. */
  u?: readonly number[]
  /** Adjust the exact level's weight by how common the value is (a shared `Müller` says less). */
  termFrequency?: boolean
  /** Also use the field's exact value as a blocking key (good for ids and birthdays). */
  blocking?: boolean
}

/**
 * Configuration of {@link createMatcher}. Everything is optional; the defaults are tuned for business contacts.
 *
 * @example
 * ```ts
 * const config: MatcherConfig = {
 *   customFields: [{ field: 'custom.customerNumber', comparator: 'levenshtein', blocking: true }],
 *   thresholds: { duplicate: 0.95, possible: 0.6 },
 * }
 * ```
 */
export interface MatcherConfig {
  /**
   * Replaces the default fields (first and last name, the generation of the name suffix, company, email, phone,
   * street, postal code, city).
   */
  fields?: readonly FieldConfig[]
  /** Added to the fields (default or given). */
  customFields?: readonly FieldConfig[]
  /** Prior probability that two random records are the same entity (λ). Default `1e-5`. */
  prior?: number
  /** Probability thresholds of the verdicts. Defaults: duplicate `0.95`, possible `0.5`. */
  thresholds?: { duplicate?: number; possible?: number }
  /** Blocks (records sharing one key) larger than this are not expanded into pairs in bulk runs; blocks above 16 records pair only near neighbours in name order. Default 2000. */
  maxBlockSize?: number
  /** Worker threads for {@link Matcher.findDuplicates}; 0 scores in the calling thread. Default: one per spare core, at most 3, and none for runs of fewer than 20,000 records. A matcher with custom comparator objects always scores in the calling thread. */
  workers?: number
}

/** @internal The default field list for business contacts. */
export const DEFAULT_FIELDS: readonly FieldConfig[] = [
  { field: 'firstName', termFrequency: true },
  { field: 'lastName', termFrequency: true },
  { field: 'suffix' },
  { field: 'company', termFrequency: true },
  { field: 'email' },
  { field: 'phone' },
  { field: 'street' },
  { field: 'postalCode' },
  { field: 'city', termFrequency: true },
]

const DEFAULT_COMPARATOR: Record<string, ComparatorName> = {
  firstName: 'givenName',
  middleName: 'givenName',
  lastName: 'surname',
  suffix: 'generation',
  title: 'exact',
  jobTitle: 'tokenSet',
  department: 'tokenSet',
  company: 'company',
  email: 'email',
  phone: 'phone',
  street: 'street',
  postalCode: 'postalCode',
  city: 'city',
  region: 'exact',
  country: 'exact',
  website: 'exact',
}

/** @internal Where a field's raw value lives in a contact. */
export type FieldGetter = (contact: Record<string, unknown>) => unknown

function addressPart(part: string): FieldGetter {
  return (contact) => {
    const addresses = contact.addresses
    if (!Array.isArray(addresses)) return undefined
    const values = addresses
      .map((address) =>
        address && typeof address === 'object' ? (address as Record<string, unknown>)[part] : undefined,
      )
      .filter((value) => value !== undefined && value !== '')
    return values.length > 0 ? values : undefined
  }
}

// National numbers (`089 1234567`) are read in the country of the contact's first address.
function phonesWithCountry(contact: Record<string, unknown>): unknown {
  const phones = contact.phones
  if (!Array.isArray(phones) || phones.length === 0) return undefined
  const addresses = contact.addresses
  const first = Array.isArray(addresses) ? (addresses[0] as Record<string, unknown> | undefined) : undefined
  const country = typeof first?.country === 'string' ? first.country : undefined
  if (!country) return phones
  return phones.map((phone) =>
    phone && typeof phone === 'object' ? { ...phone, country } : { value: phone, country },
  )
}

/** @internal The getter of a field name, or a typed error for an unknown one. */
export function fieldGetter(field: string): FieldGetter {
  if (field.startsWith('custom.') && field.length > 7) {
    const key = field.slice(7)
    return (contact) => {
      const custom = contact.custom
      return custom && typeof custom === 'object' ? (custom as Record<string, unknown>)[key] : undefined
    }
  }
  switch (field) {
    case 'suffix':
      return generationText
    case 'email':
      return (contact) => contact.emails
    case 'phone':
      return phonesWithCountry
    case 'street':
      return (contact) => contact.addresses
    case 'postalCode':
    case 'city':
    case 'region':
    case 'country':
      return addressPart(field)
    case 'website':
      return (contact) => contact.websites
    case 'firstName':
    case 'middleName':
    case 'lastName':
    case 'title':
    case 'jobTitle':
    case 'department':
    case 'company':
      return (contact) => contact[field]
    default:
      throw new MatchError(
        'MATCH_UNKNOWN_FIELD',
        `Unknown field "${field}": use a contact field such as "lastName" or "custom.<key>".`,
        { details: { field } },
      )
  }
}

/** @internal Resolves a field's comparator. */
export function resolveComparator(config: FieldConfig): Comparator {
  const chosen =
    config.comparator ?? (config.field.startsWith('custom.') ? 'exact' : DEFAULT_COMPARATOR[config.field])
  let comparator: Comparator
  if (typeof chosen === 'string') {
    const factory = BUILT_IN[chosen as ComparatorName]
    if (!factory) {
      throw new MatchError(
        'MATCH_INVALID_CONFIG',
        `Unknown comparator "${chosen}" for field "${config.field}".`,
        {
          details: { field: config.field, comparator: chosen },
        },
      )
    }
    comparator = factory()
  } else if (chosen && typeof chosen === 'object') {
    comparator = chosen
  } else {
    throw new MatchError('MATCH_INVALID_CONFIG', `Field "${config.field}" needs a comparator.`, {
      details: { field: config.field },
    })
  }
  assertComparator(comparator, config.field)
  return comparator
}

const probability = z.number().gt(0).lte(1)

/** @internal Schema of the serialisable parts of a config (shape checks; semantics are checked after). */
export const MatcherConfigSchema = z.object({
  fields: z.array(z.object({ field: z.string().min(1) }).loose()).optional(),
  customFields: z.array(z.object({ field: z.string().min(1) }).loose()).optional(),
  prior: z.number().gt(0).lt(1).optional(),
  thresholds: z.object({ duplicate: z.number().optional(), possible: z.number().optional() }).optional(),
  maxBlockSize: z.number().int().min(2).optional(),
  workers: z.number().int().min(0).max(64).optional(),
})

/** @internal Validates m or u overrides against a comparator's level count. */
export function checkProbabilities(
  values: readonly number[] | undefined,
  levels: number,
  what: string,
  field: string,
): void {
  if (values === undefined) return
  if (values.length !== levels || !values.every((value) => probability.safeParse(value).success)) {
    throw new MatchError(
      'MATCH_INVALID_CONFIG',
      `Field "${field}": ${what} needs ${levels} probabilities in (0, 1], one per level.`,
      { details: { field, [what]: values } },
    )
  }
}

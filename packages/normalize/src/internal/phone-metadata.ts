// libphonenumber-js with its full ("max") metadata, plus a cache of compiled patterns. libphonenumber-js
// compiles each pattern again on every validity or type check (`new RegExp` per call), which made type
// detection the slowest step of normalising a contact; the cache compiles each country's patterns once and
// applies the same algorithm as its `getNumberType`.
import {
  type CountryCode,
  Metadata,
  type NumberType,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core'
import metadata from 'libphonenumber-js/metadata.max.json'

type PhoneNumber = NonNullable<ReturnType<typeof parsePhoneNumberFromString>>

interface TypeRule {
  pattern: RegExp | undefined
  lengths: readonly number[] | undefined
}

interface Plan {
  national: RegExp
  types: Map<NumberType & string, TypeRule>
}

// The parts of libphonenumber-js' Metadata class we read; its published types omit them.
interface MetadataReader {
  selectNumberingPlan(country: string): void
  nationalNumberPattern(): string
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined
}

const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const satisfies readonly (NumberType & string)[]
const NON_FIXED_LINE_TYPES = TYPES.slice(1)

const plans = new Map<string, Plan | null>()
const reader = new Metadata(metadata) as unknown as MetadataReader

function whole(source: string): RegExp {
  return new RegExp(`^(?:${source})$`)
}

function planOf(key: string): Plan | null {
  let plan = plans.get(key)
  if (plan !== undefined) return plan
  try {
    reader.selectNumberingPlan(key)
    const types = new Map<NumberType & string, TypeRule>()
    for (const name of TYPES) {
      const type = reader.type(name)
      if (!type) continue
      const source = type.pattern()
      types.set(name, { pattern: source ? whole(source) : undefined, lengths: type.possibleLengths() })
    }
    plan = { national: whole(reader.nationalNumberPattern()), types }
  } catch {
    plan = null
  }
  plans.set(key, plan)
  return plan
}

function isType(plan: Plan, nationalNumber: string, name: NumberType & string): boolean {
  const rule = plan.types.get(name)
  if (!rule?.pattern) return false
  if (rule.lengths && !rule.lengths.includes(nationalNumber.length)) return false
  return rule.pattern.test(nationalNumber)
}

/**
 * The line type of a parsed number, `undefined` when the number is not valid. Same result as
 * `PhoneNumber.getType()` (and `isValid()` is `getType() !== undefined` with full metadata), with cached patterns.
 *
 * @internal
 */
export function numberType(phone: PhoneNumber): NumberType | undefined {
  const plan = planOf(phone.country ?? phone.countryCallingCode)
  return plan ? typeOf(plan, phone.nationalNumber) : undefined
}

function typeOf(plan: Plan, nationalNumber: string): NumberType | undefined {
  if (!plan.national.test(nationalNumber)) return undefined
  if (isType(plan, nationalNumber, 'FIXED_LINE')) {
    const mobile = plan.types.get('MOBILE')
    if (!mobile?.pattern) return 'FIXED_LINE_OR_MOBILE'
    return isType(plan, nationalNumber, 'MOBILE') ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE'
  }
  for (const name of NON_FIXED_LINE_TYPES) {
    if (isType(plan, nationalNumber, name)) return name
  }
  return undefined
}

/**
 * Parses a number with the full metadata; never throws.
 *
 * @internal
 */
export function parsePhone(text: string, defaultCountry: string | undefined): PhoneNumber | undefined {
  try {
    return defaultCountry
      ? parsePhoneNumberFromString(text, defaultCountry as CountryCode, metadata)
      : parsePhoneNumberFromString(text, metadata)
  } catch {
    return undefined
  }
}

/** The result of {@link fastParse}: what `analyzePhone` needs of a parsed number. @internal */
export interface FastPhone {
  number: string
  country: string
  countryCallingCode: string
  nationalNumber: string
  type: NumberType
}

interface SimplePlan {
  callingCode: string
  trunkPrefix: string | undefined
  idd: string | undefined
}

// Plans whose numbers parse by plain rules: one country per calling code, a trunk prefix (or none) that is
// simply dropped, no special parsing prefix or transform rule. Everything else goes to libphonenumber-js.
const simplePlans = new Map<string, SimplePlan | null>()
const callingCodes = metadata.country_calling_codes as Record<string, string[]>
// The same table as a Map, for the look-ups of digit strings cut from a number (a Map needs no key conversion).
const countriesByCallingCode = new Map(Object.entries(callingCodes))

interface PlanReader {
  callingCode(): string
  nationalPrefix(): string | undefined
  _nationalPrefixForParsing(): string | undefined
  nationalPrefixTransformRule(): string | undefined
  IDDPrefix(): string | undefined
}

function simplePlanOf(country: string): SimplePlan | null {
  let plan = simplePlans.get(country)
  if (plan !== undefined) return plan
  plan = null
  try {
    reader.selectNumberingPlan(country)
    const numbering = (reader as unknown as { numberingPlan: PlanReader }).numberingPlan
    const callingCode = numbering.callingCode()
    const trunkPrefix = numbering.nationalPrefix() || undefined
    const forParsing = numbering._nationalPrefixForParsing() || undefined
    if (
      callingCodes[callingCode]?.length === 1 &&
      !numbering.nationalPrefixTransformRule() &&
      (forParsing === undefined || forParsing === trunkPrefix)
    ) {
      plan = { callingCode, trunkPrefix, idd: numbering.IDDPrefix() || undefined }
    }
  } catch {
    plan = null
  }
  simplePlans.set(country, plan)
  return plan
}

const SIMPLE_TEXT = /^\+?[\d\s./-]*(?:\(\d{1,6}\)[\d\s./-]*)?$/
const NON_DIGIT = /\D+/g

function typed(country: string, callingCode: string, nationalNumber: string): FastPhone | undefined {
  const plan = planOf(country)
  if (!plan) return undefined
  // typeOf tests the national pattern itself (testing it here as well ran it twice per number).
  const type = typeOf(plan, nationalNumber)
  if (!type) return undefined
  return {
    number: `+${callingCode}${nationalNumber}`,
    country,
    countryCallingCode: callingCode,
    nationalNumber,
    type,
  }
}

// A key needs validity only: the first line type that matches settles it (a fixed-line number skips the mobile
// pattern that typeOf tests to tell FIXED_LINE from FIXED_LINE_OR_MOBILE).
function validNumber(country: string, callingCode: string, nationalNumber: string): string | undefined {
  const plan = planOf(country)
  if (!plan?.national.test(nationalNumber)) return undefined
  for (const name of TYPES) if (isType(plan, nationalNumber, name)) return `+${callingCode}${nationalNumber}`
  return undefined
}

/**
 * Parses a plainly written, valid number of a simple numbering plan without libphonenumber-js' general
 * parser; `undefined` whenever the number is not valid or anything is unusual, and the caller then asks
 * libphonenumber-js. A test checks both give the same results.
 *
 * @internal
 */
export function fastParse(
  text: string,
  defaultCountry: string | undefined,
  digits = text.replace(NON_DIGIT, ''),
): FastPhone | undefined {
  return readSimple(text, defaultCountry, digits, typed)
}

/**
 * The E.164 form of what {@link fastParse} would parse (`fastParse(...)?.number`), without working out the line
 * type.
 *
 * @internal
 */
export function fastE164(
  text: string,
  defaultCountry: string | undefined,
  digits = text.replace(NON_DIGIT, ''),
): string | undefined {
  return readSimple(text, defaultCountry, digits, validNumber)
}

// Splits a plainly written number of a simple plan into country, calling code and national number, and hands
// them to `finish`, which answers `undefined` for a number that is not valid there.
function readSimple<T>(
  text: string,
  defaultCountry: string | undefined,
  digits: string,
  finish: (country: string, callingCode: string, nationalNumber: string) => T | undefined,
): T | undefined {
  if (!SIMPLE_TEXT.test(text)) return undefined
  let international: string | undefined
  if (text.startsWith('+')) international = digits
  else if (defaultCountry) {
    const own = simplePlanOf(defaultCountry)
    if (!own) return undefined
    if (own.idd === '00' && digits.startsWith('00')) international = digits.slice(2)
    else {
      const national =
        own.trunkPrefix && digits.startsWith(own.trunkPrefix) ? digits.slice(own.trunkPrefix.length) : digits
      return finish(defaultCountry, own.callingCode, national)
    }
  } else return undefined
  for (let length = 1; length <= 3; length++) {
    const countries = countriesByCallingCode.get(international.slice(0, length))
    if (!countries) continue
    const country = countries[0]
    if (countries.length !== 1 || !country) return undefined
    const plan = simplePlanOf(country)
    if (!plan) return undefined
    const national = international.slice(length)
    // `+49 (0)89 ...`: the trunk prefix written after the country code is dropped when only that makes it valid.
    if (plan.trunkPrefix && national.startsWith(plan.trunkPrefix)) {
      if (finish(country, plan.callingCode, national) !== undefined) return undefined
      return finish(country, plan.callingCode, national.slice(plan.trunkPrefix.length))
    }
    return finish(country, plan.callingCode, national)
  }
  return undefined
}

/**
 * The calling code of a country (`DE` → `49`), or `undefined` for an unknown country.
 *
 * @internal
 */
export function countryCallingCode(country: string): string | undefined {
  try {
    reader.selectNumberingPlan(country)
    return (reader as unknown as { numberingPlan: PlanReader }).numberingPlan.callingCode()
  } catch {
    return undefined
  }
}

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
  pattern: RegExp
  /** `lengths[n]` is true when a national number of n digits may be of the type; `undefined`: any length. */
  lengths: readonly boolean[] | undefined
}

interface Plan {
  national: RegExp
  /** The rule of each type in {@link TYPES}, by its index there; `undefined` where the plan has no such numbers. */
  types: (TypeRule | undefined)[]
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
const FIXED_LINE = 0
const MOBILE = 1

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
    const types: (TypeRule | undefined)[] = []
    for (const name of TYPES) {
      const type = reader.type(name)
      const source = type?.pattern()
      types.push(
        type && source ? { pattern: whole(source), lengths: lengthTable(type.possibleLengths()) } : undefined,
      )
    }
    plan = { national: whole(reader.nationalNumberPattern()), types }
  } catch {
    plan = null
  }
  plans.set(key, plan)
  return plan
}

function lengthTable(lengths: readonly number[] | undefined): boolean[] | undefined {
  if (lengths === undefined) return undefined
  const table: boolean[] = []
  for (let length = 0; length <= Math.max(0, ...lengths); length++) table.push(lengths.includes(length))
  return table
}

function isType(plan: Plan, nationalNumber: string, type: number): boolean {
  const rule = plan.types[type]
  if (rule === undefined) return false
  if (rule.lengths !== undefined && rule.lengths[nationalNumber.length] !== true) return false
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
  if (isType(plan, nationalNumber, FIXED_LINE)) {
    if (plan.types[MOBILE] === undefined) return 'FIXED_LINE_OR_MOBILE'
    return isType(plan, nationalNumber, MOBILE) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE'
  }
  for (let type = MOBILE; type < TYPES.length; type++) {
    if (isType(plan, nationalNumber, type)) return TYPES[type]
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
// The same table by the number a code's digits make, one array per code length (codes are one to three digits):
// a number's first digits are looked up without cutting strings from it.
const countriesByCode = [1, 10, 100, 1000].map((size): (readonly string[] | undefined)[] =>
  new Array(size).fill(undefined),
)
for (const [code, countries] of Object.entries(callingCodes)) {
  ;(countriesByCode[code.length] as (readonly string[] | undefined)[])[Number(code)] = countries
}

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
  for (let type = 0; type < TYPES.length; type++) {
    if (isType(plan, nationalNumber, type)) return `+${callingCode}${nationalNumber}`
  }
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
  return SIMPLE_TEXT.test(text) ? readSimple(text, defaultCountry, digits, typed) : undefined
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
  return SIMPLE_TEXT.test(text) ? readSimple(text, defaultCountry, digits, validNumber) : undefined
}

/**
 * {@link fastE164} for a text the caller has found to be in the simple form already (see `simpleForm` in
 * phone.ts): the same answer without testing the form again.
 *
 * @internal
 */
export function fastSimpleE164(
  text: string,
  defaultCountry: string | undefined,
  digits: string,
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
  let code = 0
  for (let length = 1; length <= 3; length++) {
    const digit = international.charCodeAt(length - 1) - 48
    // Past the end, or not a digit: no longer code can match.
    if (!(digit >= 0 && digit <= 9)) return undefined
    code = code * 10 + digit
    const countries = (countriesByCode[length] as (readonly string[] | undefined)[])[code]
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

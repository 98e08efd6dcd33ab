import type { CompanyFeature, EmailFeature, PhoneFeature, StreetFeature } from './contact-comparators.js'
import type { Features, Model } from './model.js'
import type { GivenNameFeature, SurnameFeature } from './name-comparators.js'

// Field positions are looked up once per model, not once per record.
interface KeyPlan {
  email: number
  phone: number
  firstName: number
  lastName: number
  company: number
  city: number
  street: number
  postalCode: number
  extra: number[]
}

const plans = new WeakMap<Model, KeyPlan>()

function planOf(model: Model): KeyPlan {
  let plan = plans.get(model)
  if (plan) return plan
  const find = (name: string, kind: string) =>
    model.fields.findIndex((field) => field.name === name && field.comparator.kind === kind)
  plan = {
    email: find('email', 'email'),
    phone: find('phone', 'phone'),
    firstName: find('firstName', 'givenName'),
    lastName: find('lastName', 'surname'),
    company: find('company', 'company'),
    city: find('city', 'city'),
    street: find('street', 'street'),
    postalCode: find('postalCode', 'postalCode'),
    extra: model.fields.flatMap((field, i) => (field.blocking ? [i] : [])),
  }
  plans.set(model, plan)
  return plan
}

function at<T>(features: Features, index: number): T | undefined {
  return index < 0 ? undefined : (features[index] as T | undefined)
}

/**
 * @internal Blocking keys of one record. Each key names its rule:
 * `email:` canonical address, `phone:` E.164 digits, `name:` phonetic surname + first initial (also for swapped
 * first/last names), `company:` company key + city, `street:` postal code + street prefix, `<field>:` exact value of
 * a field configured with `blocking: true`.
 */
export function keysOf(model: Model, features: Features): string[] {
  const keys: string[] = []
  forEachKey(model, features, (key) => keys.push(key))
  return [...new Set(keys)]
}

/** @internal Calls `emit` with each blocking key of a record (a key may come twice), without building a list. */
export function forEachKey(model: Model, features: Features, emit: (key: string) => void): void {
  const plan = planOf(model)
  const emails = at<EmailFeature[]>(features, plan.email)
  if (emails) for (const email of emails) emit(`email:${email.key}`)
  const phones = at<PhoneFeature[]>(features, plan.phone)
  if (phones) for (const phone of phones) emit(`phone:${phone.digits}`)
  const first = at<GivenNameFeature>(features, plan.firstName)
  const last = at<SurnameFeature>(features, plan.lastName)
  if (last) {
    const initial = first ? first.text.charAt(0) : ''
    for (const code of last.phonetic) {
      if (code.length > 1) emit(`name:${code}:${initial}`)
    }
    if (first && !first.initialOnly) {
      // Swapped first and last name produce the same key as the unswapped record.
      for (const code of first.phonetic) {
        if (code.length > 1 && code.startsWith('k')) emit(`name:${code}:${last.text.charAt(0)}`)
      }
    }
  }
  const company = at<CompanyFeature>(features, plan.company)
  const cities = at<string[]>(features, plan.city)
  if (company) {
    if (cities) for (const city of cities) emit(`company:${company.key}:${city}`)
    else emit(`company:${company.key}:`)
  }
  const streets = at<StreetFeature[]>(features, plan.street)
  const codes = at<string[]>(features, plan.postalCode)
  if (streets && codes) {
    for (const code of codes) {
      for (const street of streets) emit(`street:${code}:${street.street.slice(0, 4)}`)
    }
  }
  for (const index of plan.extra) {
    const feature = features[index]
    if (feature === undefined) continue
    const value = model.fields[index]?.comparator.frequencyKey?.(feature)
    if (value !== undefined) emit(`${model.fields[index]?.name}:${value}`)
  }
}

/** @internal Sort key inside large blocks: surname, given name, company, so near-identical records sit close. */
export function sortKeyOf(model: Model, features: Features): string {
  const plan = planOf(model)
  const last = at<SurnameFeature>(features, plan.lastName)?.text ?? ''
  const first = at<GivenNameFeature>(features, plan.firstName)?.text ?? ''
  const company = at<CompanyFeature>(features, plan.company)?.key ?? ''
  return `${last}|${first}|${company}`
}

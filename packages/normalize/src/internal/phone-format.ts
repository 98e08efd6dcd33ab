// National and international formats of a number, as libphonenumber-js' `formatNational()` and
// `formatInternational()` write them (same metadata, same steps: the first format whose last leading-digits
// pattern matches at the start and whose pattern matches the whole national number; the national prefix rule;
// the international separator style; the extension). libphonenumber-js compiles every one of those patterns
// anew on each call, which made formatting most of normalizePhone's time; here each numbering plan's patterns are
// compiled once. A property test compares both on generated and table numbers of many countries.
import { Metadata } from 'libphonenumber-js/core'
import metadata from 'libphonenumber-js/metadata.max.json'

interface FormatReader {
  pattern(): string
  format(): string
  leadingDigitsPatterns(): string[]
  nationalPrefixFormattingRule(): string | undefined
  internationalFormat(): string
}

interface PlanReader {
  formats(): FormatReader[]
  ext(): string
  callingCode(): string
}

interface MetadataReader {
  hasCountry(country: string): boolean
  selectNumberingPlan(countryOrCallingCode: string): void
  numberingPlan: PlanReader
}

interface CompiledFormat {
  leading: RegExp | undefined
  whole: RegExp
  pattern: RegExp
  national: string
  international: string
}

interface CompiledPlan {
  formats: CompiledFormat[]
  ext: string
  callingCode: string
}

// The same characters as libphonenumber-js' VALID_PUNCTUATION: dashes, slashes, dots, white space, brackets, tildes.
const PUNCTUATION_RUN =
  /[-\u2010-\u2015\u2212\u30FC\uFF0D\uFF0F/\uFF0E. \xA0\xAD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D[\]~\u2053\u223C\uFF5E]+/g
const FIRST_GROUP_PATTERN = /(\$\d)/
const reader = new Metadata(metadata) as unknown as MetadataReader
const plans = new Map<string, CompiledPlan>()

function compile(key: string): CompiledPlan {
  reader.selectNumberingPlan(key)
  const plan = reader.numberingPlan
  const formats = plan.formats().map((format): CompiledFormat => {
    const leadingPatterns = format.leadingDigitsPatterns()
    const last = leadingPatterns[leadingPatterns.length - 1]
    const prefixRule = format.nationalPrefixFormattingRule()
    return {
      leading: leadingPatterns.length > 0 && last !== undefined ? new RegExp(last) : undefined,
      whole: new RegExp(`^(?:${format.pattern()})$`),
      pattern: new RegExp(format.pattern()),
      national: prefixRule ? format.format().replace(FIRST_GROUP_PATTERN, prefixRule) : format.format(),
      international: format.internationalFormat(),
    }
  })
  return { formats, ext: plan.ext(), callingCode: plan.callingCode() }
}

/** What formatting reads of a parsed number. @internal */
export interface FormattableNumber {
  country?: string | undefined
  countryCallingCode: string
  nationalNumber: string
  ext?: string | undefined
}

/**
 * `PhoneNumber.formatNational()` and `formatInternational()` of libphonenumber-js (max metadata), with each
 * numbering plan's patterns compiled once.
 *
 * @internal
 */
export function formatPhone(number: FormattableNumber, style: 'NATIONAL' | 'INTERNATIONAL'): string {
  const key = number.country && number.country !== '001' ? number.country : number.countryCallingCode
  let plan = plans.get(key)
  if (!plan) {
    plan = compile(key)
    plans.set(key, plan)
  }
  const nationalNumber = number.nationalNumber
  if (style === 'NATIONAL' && !nationalNumber) return ''
  if (style === 'INTERNATIONAL' && !nationalNumber) return `+${plan.callingCode}`
  let formatted = nationalNumber
  for (const format of plan.formats) {
    if (format.leading && nationalNumber.search(format.leading) !== 0) continue
    if (!format.whole.test(nationalNumber)) continue
    formatted =
      style === 'NATIONAL'
        ? nationalNumber.replace(format.pattern, format.national)
        : nationalNumber.replace(format.pattern, format.international).replace(PUNCTUATION_RUN, ' ').trim()
    break
  }
  if (style === 'INTERNATIONAL') formatted = `+${plan.callingCode} ${formatted}`
  return number.ext ? `${formatted}${plan.ext}${number.ext}` : formatted
}

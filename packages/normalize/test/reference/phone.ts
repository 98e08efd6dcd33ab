// analyzePhone as it was before formatting got its compiled-pattern cache and the default path its fast parser
// (commit 7151dca): libphonenumber-js parses and formats every number when the formats are wanted. The property
// tests in phone-formats.test.ts compare normalizePhone with it.

import type { PhoneKind } from '@contactkit/core'
import type { NumberType } from 'libphonenumber-js/core'
import { fastParse, numberType, parsePhone } from '../../src/internal/phone-metadata.js'
import { cleanText } from '../../src/internal/text.js'
import type { NormalizedPhone, PhoneNumberKind } from '../../src/phone.js'

const KIND_BY_TYPE: Record<NumberType & string, PhoneNumberKind> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixedLine',
  FIXED_LINE_OR_MOBILE: 'fixedLineOrMobile',
  TOLL_FREE: 'tollFree',
  PREMIUM_RATE: 'premiumRate',
  SHARED_COST: 'sharedCost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
}

// Longest cell we parse; libphonenumber itself refuses inputs over 250 characters.
const MAX_PHONE_LENGTH = 200

// A label a person left in front of the number: `Tel.:`, `Fax`, `Mobil:`, `M`, `T +49 ...`.
const LABEL =
  /^(?:(telefax|fax|f)|(mobil(?:telefon|funk)?|mobile|handy|cell(?:phone)?|mob|m)|(privat|home|priv)|(tel(?:efon)?|phone|fon|ph|t|p|zentrale|office|b[üu]ro|work|gesch[äa]ftlich|direkt|direct|d))\b\.?(?:\s*\(?(privat|home|mobil|gesch\.?|work)\)?)?\s*[:.]?\s*(?=[+(\d])/i
const LABEL_KIND: PhoneKind[] = ['fax', 'mobile', 'home', 'work']
// An extension marked as such at the end of a cell.
const EXTENSION =
  /[\s,;]*(?:ext(?:ension)?\.?|x|#|durchwahl|durchw\.?|dw\.?|app\.?|apparat|nebenstelle|nst\.?|tl\.?|poste)\s*[:.]?\s*-?\s*(\d{1,6})\s*$/i
const INTERNATIONAL_PREFIX = /^\(?\s*(?:\+|00)/
// 3-3-4 digits with separators: the way North American numbers are written.
const NANP_LOOK = /^\(?[2-9]\d{2}\)?[\s.-]?[2-9]\d{2}[\s.-]\d{4}$/
const NON_DIGIT = /\D+/g
const MAYBE_EXTENSION = /[A-Za-z#]/

function startsWithAsciiLetter(text: string): boolean {
  const code = text.charCodeAt(0) | 0x20
  return code >= 97 && code <= 122
}

/**
 * Core of {@link normalizePhone}; `formats: false` skips the national and international formats (the slow part).
 *
 * @internal
 */
export function referenceAnalyzePhone(
  raw: string,
  defaultCountry: string | undefined,
  formats: boolean,
): NormalizedPhone {
  const result: NormalizedPhone = { raw, valid: false, confidence: 'low', issues: [] }
  let text = cleanText(raw)
  if (text.length === 0 || text.length > MAX_PHONE_LENGTH) {
    result.issues.push({
      code: 'PHONE_INVALID',
      message: text.length === 0 ? 'The phone number is empty' : 'The phone number is too long to be one',
    })
    return result
  }
  // Every label starts with an ASCII letter (the pattern is not `u`, so no other letter folds to one).
  const label = startsWithAsciiLetter(text) ? LABEL.exec(text) : null
  if (label) {
    const index = label.slice(1, 5).findIndex((group) => group !== undefined)
    const qualifier = label[5]?.toLowerCase()
    const kind = qualifier
      ? qualifier.startsWith('mobil')
        ? 'mobile'
        : qualifier.startsWith('priv') || qualifier === 'home'
          ? 'home'
          : 'work'
      : LABEL_KIND[index]
    // `Tel.`/`Phone` name no kind; `Direkt`, `Büro` and the like do.
    if (kind && !(index === 3 && !qualifier && /^(?:tel|phone|fon|ph|t|p)/i.test(label[4] ?? ''))) {
      result.label = kind
    }
    text = text.slice(label[0].length)
  }
  // Every extension marker holds an ASCII letter or `#`: cells of digits and separators skip the scan.
  const extension = MAYBE_EXTENSION.test(text) ? EXTENSION.exec(text) : null
  if (extension?.[1] && extension.index > 0) {
    result.extension = extension[1]
    text = text.slice(0, extension.index)
  }
  const digits = text.replace(NON_DIGIT, '')
  if (digits.length < 3) {
    result.issues.push({ code: 'PHONE_INVALID', message: 'The phone number has too few digits' })
    return result
  }
  const international = INTERNATIONAL_PREFIX.test(text)
  // Plainly written numbers of simple plans skip libphonenumber-js' general parser (same results, tested).
  const fast = formats ? undefined : fastParse(text, defaultCountry)
  const parsed = fast ? undefined : parsePhone(text, defaultCountry)
  const found = fast ?? parsed
  if (!found) {
    result.issues.push({
      code: 'PHONE_INVALID',
      message:
        international || defaultCountry
          ? 'The text is not a phone number'
          : 'The number has no country code and no default country was given',
    })
    return result
  }
  if (found.country) result.country = found.country
  if (parsed?.ext && !result.extension) result.extension = parsed.ext
  const type = fast ? fast.type : parsed ? numberType(parsed) : undefined
  result.valid = type !== undefined
  if (result.valid || parsed?.isPossible()) result.e164 = found.number
  if (!result.valid) {
    result.issues.push({
      code: 'PHONE_INVALID',
      message: `Not a valid ${found.country ?? `+${found.countryCallingCode}`} phone number`,
    })
    return result
  }
  if (type) result.kind = KIND_BY_TYPE[type]
  if (formats && parsed) {
    result.national = parsed.formatNational()
    result.international = parsed.formatInternational()
  }
  result.confidence = international ? 'high' : guessConfidence(text, digits, found, defaultCountry)
  if (result.confidence === 'low') {
    result.issues.push({
      code: 'PHONE_COUNTRY_GUESSED',
      message: `Read as a ${defaultCountry} number only because ${defaultCountry} is the default country; it is written without the trunk prefix or like a number of another country`,
    })
  }
  return result
}

function guessConfidence(
  text: string,
  digits: string,
  parsed: { country?: string | undefined; countryCallingCode: string; number: string },
  defaultCountry: string | undefined,
): 'high' | 'low' {
  if (!defaultCountry || parsed.country !== defaultCountry) return 'high'
  // North American numbers carry no trunk prefix in writing, so 3-3-4 is normal there and foreign elsewhere.
  if (parsed.countryCallingCode !== '1' && NANP_LOOK.test(text)) return 'low'
  if (digits.startsWith('0')) return 'high'
  // Written without a trunk prefix where the plan has one: with a leading 0 it would be the very same number,
  // so the writer either dropped the 0 or meant another country. Italian numbers (0 is part of them) stay high.
  const withTrunk = fastParse(`0${digits}`, defaultCountry) ?? parsePhone(`0${digits}`, defaultCountry)
  return withTrunk?.number === parsed.number ? 'low' : 'high'
}

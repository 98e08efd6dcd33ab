/** A postcode rule: its pattern, the canonical spelling and the digits a spreadsheet may drop. @internal */
interface PostcodeRule {
  pattern: RegExp
  /** Digit count when the code is purely numeric; leading zeros lost by spreadsheets are restored to this length. */
  digits?: number
  format?: (match: RegExpExecArray) => string
  description: string
}

// Countries whose numeric postcodes may start with 0, so a spreadsheet that stored them as numbers dropped it.
const RULES: Record<string, PostcodeRule> = {
  DE: { pattern: /^(\d{5})$/, digits: 5, description: 'DE postcodes have 5 digits' },
  AT: { pattern: /^([1-9]\d{3})$/, description: 'AT postcodes have 4 digits' },
  CH: { pattern: /^([1-9]\d{3})$/, description: 'CH postcodes have 4 digits' },
  LI: { pattern: /^(94[89]\d)$/, description: 'LI postcodes are 9485 to 9498' },
  FR: { pattern: /^(\d{5})$/, digits: 5, description: 'FR postcodes have 5 digits' },
  IT: { pattern: /^(\d{5})$/, digits: 5, description: 'IT postcodes have 5 digits' },
  ES: { pattern: /^(\d{5})$/, digits: 5, description: 'ES postcodes have 5 digits' },
  FI: { pattern: /^(\d{5})$/, digits: 5, description: 'FI postcodes have 5 digits' },
  BE: { pattern: /^([1-9]\d{3})$/, description: 'BE postcodes have 4 digits' },
  LU: { pattern: /^(\d{4})$/, description: 'LU postcodes have 4 digits' },
  DK: { pattern: /^(\d{4})$/, description: 'DK postcodes have 4 digits' },
  NO: { pattern: /^(\d{4})$/, digits: 4, description: 'NO postcodes have 4 digits' },
  HU: { pattern: /^(\d{4})$/, description: 'HU postcodes have 4 digits' },
  SE: {
    pattern: /^(\d{3})\s?(\d{2})$/,
    format: (m) => `${m[1]} ${m[2]}`,
    description: 'SE postcodes are written 123 45',
  },
  CZ: {
    pattern: /^(\d{3})\s?(\d{2})$/,
    format: (m) => `${m[1]} ${m[2]}`,
    description: 'CZ postcodes are written 123 45',
  },
  SK: {
    pattern: /^(\d{3})\s?(\d{2})$/,
    format: (m) => `${m[1]} ${m[2]}`,
    description: 'SK postcodes are written 123 45',
  },
  PL: {
    pattern: /^(\d{2})-?(\d{3})$/,
    format: (m) => `${m[1]}-${m[2]}`,
    description: 'PL postcodes are written 12-345',
  },
  PT: {
    pattern: /^(\d{4})-?(\d{3})$/,
    format: (m) => `${m[1]}-${m[2]}`,
    description: 'PT postcodes are written 1234-567',
  },
  NL: {
    pattern: /^([1-9]\d{3})\s?([A-Z]{2})$/i,
    format: (m) => `${m[1]} ${m[2]?.toUpperCase()}`,
    description: 'NL postcodes are written 1234 AB',
  },
  GB: {
    pattern: /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/i,
    format: (m) => `${m[1]?.toUpperCase()} ${m[2]?.toUpperCase()}`,
    description: 'UK postcodes are written like SW1A 2AA',
  },
  US: {
    pattern: /^(\d{5})(?:[\s-]?(\d{4}))?$/,
    digits: 5,
    format: (m) => (m[2] ? `${m[1]}-${m[2]}` : `${m[1]}`),
    description: 'US ZIP codes have 5 digits, or ZIP+4 as 12345-6789',
  },
  CA: {
    pattern: /^([A-Z]\d[A-Z])\s?(\d[A-Z]\d)$/i,
    format: (m) => `${m[1]?.toUpperCase()} ${m[2]?.toUpperCase()}`,
    description: 'CA postal codes are written like K1A 0B1',
  },
  TR: { pattern: /^(\d{5})$/, digits: 5, description: 'TR postcodes have 5 digits' },
  AU: { pattern: /^(\d{4})$/, digits: 4, description: 'AU postcodes have 4 digits' },
  NZ: { pattern: /^(\d{4})$/, digits: 4, description: 'NZ postcodes have 4 digits' },
  IE: {
    pattern: /^([AC-FHKNPRTV-Y]\d{2}|D6W)\s?([0-9AC-FHKNPRTV-Y]{4})$/i,
    format: (m) => `${m[1]?.toUpperCase()} ${m[2]?.toUpperCase()}`,
    description: 'IE Eircodes are written like D02 X285',
  },
}

/** Outcome of {@link checkPostcode}. @internal */
export interface PostcodeCheck {
  value: string
  valid: boolean
  repaired: boolean
  message?: string
}

const SPACED_DIGITS = /^\d[\d ]*\d$/
const SPACES = / /g

/**
 * Validates a postcode for a country and spells it canonically; restores leading zeros a spreadsheet dropped.
 * Countries without a rule pass unchecked (`valid: true`).
 *
 * @internal
 */
export function checkPostcode(postcode: string, country: string | undefined): PostcodeCheck {
  const text = postcode.trim()
  const rule = country ? RULES[country] : undefined
  if (!rule) return { value: text, valid: true, repaired: false }
  let match = rule.pattern.exec(text)
  let repaired = false
  // Only one zero can be lost, except for US ZIP codes such as 00501.
  const shortest = rule.digits ? (country === 'US' ? rule.digits - 2 : rule.digits - 1) : 0
  if (!match && rule.digits && /^\d+$/.test(text) && text.length < rule.digits && text.length >= shortest) {
    const padded = text.padStart(rule.digits, '0')
    match = rule.pattern.exec(padded)
    repaired = match !== null
  }
  // US ZIP+4 stored as a 9-digit number loses its leading zero too.
  if (!match && country === 'US' && /^\d{8}$/.test(text)) {
    match = rule.pattern.exec(`0${text}`)
    repaired = match !== null
  }
  // `80 331`: digits a person or an OCR spaced out.
  if (!match && rule.digits && SPACED_DIGITS.test(text)) {
    const compact = text.replace(SPACES, '')
    if (compact.length === rule.digits) match = rule.pattern.exec(compact)
  }
  if (!match) return { value: text, valid: false, repaired: false, message: rule.description }
  return { value: rule.format ? rule.format(match) : (match[1] ?? match[0]), valid: true, repaired }
}

/**
 * Whether a country has a postcode rule.
 *
 * @internal
 */
export function hasPostcodeRule(country: string): boolean {
  return country in RULES
}

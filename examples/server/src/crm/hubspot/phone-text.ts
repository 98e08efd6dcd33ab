import type { Phone } from '@contactkit/core'

// HubSpot's phone properties are free text. Until @contactkit/normalize's phone parser is wired in, this reads the
// common written forms conservatively: international numbers ("+49 (0)89 1234567-12", "0049 89 …") and national
// numbers of the portal's default country become E.164; anything else is kept as written.

const CALLING_CODES: Record<string, string> = {
  DE: '49',
  AT: '43',
  CH: '41',
  LI: '423',
  LU: '352',
  NL: '31',
  BE: '32',
  FR: '33',
  IT: '39',
  ES: '34',
  PT: '351',
  PL: '48',
  CZ: '420',
  DK: '45',
  SE: '46',
  NO: '47',
  FI: '358',
  IE: '353',
  GB: '44',
  US: '1',
  CA: '1',
}
const EXTENSION = /\s*(?:ext\.?|extension|x|durchwahl|dw\.?)\s*(\d{1,6})\s*$/i
const DASH_EXTENSION = /-(\d{1,5})$/

/** Reads a phone property into a canonical phone: E.164 where the text allows, with the extension apart. */
export function parsePhoneText(text: string, defaultCountry?: string): Omit<Phone, 'kind'> | undefined {
  const written = text.trim().replace(/\s+/g, ' ')
  if (written === '') return undefined
  let rest = written
  let extension: string | undefined
  const named = EXTENSION.exec(rest)
  if (named?.[1] !== undefined) {
    extension = named[1]
    rest = rest.slice(0, named.index)
  } else {
    const dashed = DASH_EXTENSION.exec(rest)
    const before = dashed === null ? '' : rest.slice(0, dashed.index)
    if (dashed?.[1] !== undefined && /^(\+|00|0)/.test(before) && before.replace(/\D/g, '').length >= 7) {
      extension = dashed[1]
      rest = before
    }
  }
  rest = rest.replace(/\(0\)/g, '')
  if (/[^\d\s()+\-./]/.test(rest)) return { value: written }
  const digits = rest.replace(/\D/g, '')
  let e164: string | undefined
  if (rest.startsWith('+')) e164 = `+${digits}`
  else if (rest.startsWith('00')) e164 = `+${digits.slice(2)}`
  else if (defaultCountry !== undefined && CALLING_CODES[defaultCountry] !== undefined) {
    const code = CALLING_CODES[defaultCountry]
    if (code === '1' && digits.length === 10) e164 = `+1${digits}`
    else if (code !== '1' && digits.startsWith('0') && !digits.startsWith('00'))
      e164 = `+${code}${digits.slice(1)}`
  }
  if (e164 === undefined || !/^\+[1-9]\d{6,14}$/.test(e164)) return { value: written }
  return {
    value: e164,
    ...(extension === undefined ? {} : { extension }),
    ...(e164 === written ? {} : { raw: written }),
  }
}

/** Writes a canonical phone back as HubSpot text: as the person typed it when known, else E.164 plus extension. */
export function formatPhoneText(phone: Pick<Phone, 'value' | 'extension' | 'raw'>): string {
  if (phone.raw !== undefined && phone.raw.trim() !== '') return phone.raw.trim()
  return phone.extension === undefined ? phone.value : `${phone.value} ext. ${phone.extension}`
}

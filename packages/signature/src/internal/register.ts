import { foldLine } from './fold.js'

/** Company register data from an imprint block or a disclaimer. @internal */
export interface CompanyRegister {
  managingDirectors?: string[]
  registerCourt?: string
  registerNumber?: string
  vatId?: string
  seat?: string
}

// VAT ids by country, matched on a compacted slice (spaces, dots and dashes removed) that starts with the prefix.
const VAT_FORMATS: [string, RegExp][] = [
  ['DE', /^DE\d{9}(?!\d)/],
  ['ATU', /^ATU\d{8}(?!\d)/],
  ['CHE', /^CHE\d{9}(?!\d)/],
  ['FR', /^FR[0-9A-Z]{2}\d{9}(?!\d)/],
  ['GB', /^GB\d{9}(?!\d)/],
  ['IT', /^IT\d{11}(?!\d)/],
  ['ES', /^ES[0-9A-Z]\d{7}[0-9A-Z]/],
  ['NL', /^NL\d{9}B\d{2}/],
  ['BE', /^BE0\d{9}(?!\d)/],
  ['LU', /^LU\d{8}(?!\d)/],
]

function findVatId(line: string): string | undefined {
  for (const [prefix, format] of VAT_FORMATS) {
    let from = 0
    for (;;) {
      const index = line.indexOf(prefix, from)
      if (index < 0) break
      from = index + prefix.length
      if (index > 0 && /[A-Za-z0-9]/.test(line[index - 1] as string)) continue
      let compact = ''
      for (let k = index; k < line.length && compact.length < 16; k++) {
        const ch = line[k] as string
        if (ch !== ' ' && ch !== '.' && ch !== '-') compact += ch
      }
      const match = format.exec(compact)
      if (match) return match[0]
    }
  }
  return undefined
}
const REGISTER_NUMBER = /\b(HRB|HRA|GnR|PR|VR|FN|PartR)[ .:]{0,3}(\d{1,7} ?[a-zA-Z]?)\b/
const COMPANY_NUMBER =
  /\b(?:Company|Registration|Reg\.?) (?:No\.?|Number|Nr\.?):? ?(\d{6,8})\b|\bNo\.? (\d{8})\b/
const COURTS = [
  'amtsgericht',
  'registergericht',
  'handelsgericht',
  'landesgericht',
  'registered in',
  'rcs',
  'registro mercantil',
  'kvk',
]
const DIRECTOR_KEYS = [
  'geschaftsfuhrer',
  'geschaftsfuhrerin',
  'geschaftsfuhrung',
  'geschaftsfuhrende gesellschafter',
  'vorstand',
  'managing director',
  'managing directors',
  'directors',
  'director',
  'gerant',
  'gerants',
  'amministratore delegato',
  'directeur general',
  'bestuurder',
  'ceo',
  'inhaber',
  'inhaberin',
  'vertretungsberechtigte',
]

function afterColon(segment: string): string | undefined {
  const colon = segment.indexOf(':')
  return colon < 0 ? undefined : segment.slice(colon + 1).trim()
}

function splitNames(text: string): string[] {
  return text
    .split(/,|;| und | and | & | et | e | en /)
    .map((name) => name.trim().replace(/\.$/, ''))
    .filter((name) => name.length >= 3 && name.length <= 60 && !/\d/.test(name))
}

/**
 * Reads register data from one line (segments separated by `|`, `·`, `,` or `;` are handled).
 *
 * @internal
 */
export function readRegister(line: string, into: CompanyRegister): boolean {
  let found = false
  const vat = into.vatId === undefined ? findVatId(line) : undefined
  if (vat !== undefined) {
    into.vatId = vat
    found = true
  }
  const number = REGISTER_NUMBER.exec(line)
  if (number && into.registerNumber === undefined) {
    into.registerNumber = `${number[1]} ${(number[2] as string).replace(/ /g, '')}`
    found = true
  } else if (into.registerNumber === undefined) {
    const companyNumber = COMPANY_NUMBER.exec(line)
    if (companyNumber) {
      into.registerNumber = (companyNumber[1] ?? companyNumber[2]) as string
      found = true
    }
  }
  for (const segment of line.split(/[|·•]/)) {
    const folded = foldLine(segment)
    const key = folded.split(' ').slice(0, 3).join(' ')
    if (
      into.managingDirectors === undefined &&
      DIRECTOR_KEYS.some((k) => key.startsWith(k)) &&
      segment.includes(':')
    ) {
      const names = splitNames(afterColon(segment) ?? '')
      if (names.length > 0) {
        into.managingDirectors = names
        found = true
      }
    }
    if (
      into.seat === undefined &&
      (folded.startsWith('sitz') ||
        folded.startsWith('registered office') ||
        folded.startsWith('siege social'))
    ) {
      const value = (
        afterColon(segment) ??
        segment
          .trim()
          .split(' ')
          .slice(folded.startsWith('sitz der gesellschaft') ? 3 : folded.startsWith('sitz') ? 1 : 2)
          .join(' ')
      )
        .split(/[,;]/)[0]
        ?.trim()
      if (value && value.length >= 2 && value.length <= 40) {
        into.seat = value
        found = true
      }
    }
    if (into.registerCourt === undefined) {
      for (const court of COURTS) {
        const index = folded.indexOf(court)
        if (index < 0) continue
        const words = segment.trim().split(/\s+/)
        const courtWords = court.split(' ').length
        // "Amtsgericht München HRB 12345" / "Registergericht: Amtsgericht Köln" / "Registered in England and Wales"
        const start = words.findIndex((word) => foldLine(word).startsWith(court.split(' ')[0] as string))
        if (start < 0) continue
        const rest: string[] = []
        for (const word of words.slice(start + courtWords)) {
          const clean = word.replace(/[,;:]$/, '')
          if (/^\d/.test(clean) || /^(?:HRB|HRA|No\.?|Nr\.?|Number|GnR|VR|PR|under|unter)$/i.test(clean))
            break
          if (/^amtsgericht$/i.test(clean)) continue
          rest.push(clean)
          if (word.endsWith(',') || word.endsWith(';') || rest.length >= 4) break
        }
        const place = rest.join(' ').replace(/^:\s*/, '')
        if (place.length >= 2) {
          into.registerCourt =
            court === 'registered in'
              ? place
              : `${segment.trim().split(/\s+/)[start]?.replace(/[:,]$/, '')} ${place}`.replace(
                  /^Registergericht:? Amtsgericht/i,
                  'Amtsgericht',
                )
          found = true
        }
        break
      }
    }
  }
  return found
}

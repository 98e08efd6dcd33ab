import type { Address, Contact, PhoneKind } from '@contactkit/core'
import {
  normalizeAddress,
  normalizeCompany,
  normalizeEmail,
  normalizePhone,
  normalizeUrl,
  parseName,
} from '@contactkit/normalize'
import { z } from 'zod'
import {
  type AddressPart,
  countryOfLine,
  isPlaceName,
  isPremise,
  mergeSegments,
  parseAddressSegment,
  splitSegments,
} from './internal/address-pattern.js'
import { hasDisclaimerMarker, hasRegisterMarker } from './internal/disclaimer.js'
import { foldedWords } from './internal/fold.js'
import { findDepartment, isDepartmentLine, isJobTitle } from './internal/job-title.js'
import { findLegalForm, hasCompanyWord, hasStrongCompanyWord } from './internal/legal-form.js'
import { isNameLike, type LineFeatures } from './internal/line-features.js'
import { isMobileFooter } from './internal/mobile-footer.js'
import { repairOcrLine } from './internal/ocr.js'
import { type ContactLabel, lonelyLabel, phoneKindOfLabel } from './internal/phone-label.js'
import { type CompanyRegister, readRegister } from './internal/register.js'
import { findBareDomains, findEmails, findPhones, findUrls, type Span } from './internal/scan.js'
import { type SenderKeys, senderKeys, senderNameScore } from './internal/sender.js'
import { matchSignOff, signOffTail } from './internal/sign-offs.js'
import { socialNetwork } from './internal/social.js'
import { CountrySchema, checkLength, type Sender, SenderSchema, validate } from './options.js'

/**
 * Names of the fields {@link parseSignature} reports.
 *
 * @example
 * ```ts
 * const field: SignatureFieldName = 'jobTitle'
 * ```
 */
export type SignatureFieldName =
  | 'name'
  | 'jobTitle'
  | 'department'
  | 'company'
  | 'email'
  | 'phone'
  | 'website'
  | 'address'
  | 'social'
  | 'managingDirectors'
  | 'registerCourt'
  | 'registerNumber'
  | 'vatId'
  | 'seat'

/**
 * One value found in a signature or on a business card.
 *
 * @example
 * ```ts
 * const field: SignatureField = { field: 'phone', value: '+491712345678', confidence: 0.95, line: 5, kind: 'mobile' }
 * ```
 */
export interface SignatureField {
  /** Which contact field it fills. */
  field: SignatureFieldName
  /** The value after normalisation (E.164 phone, canonical URL, display name ...). */
  value: string
  /** 0 to 1: how sure the parser is that the value belongs to this field. */
  confidence: number
  /** 0-based line of the parsed text where the value was found. */
  line: number
  /** Phone kind (`work`, `mobile`, `fax`, `home`) for `phone`; network (`linkedin`, `xing`, `twitter` ...) for `social`. */
  kind?: string
}

/**
 * The result of {@link parseSignature} and {@link parseBusinessCard}.
 *
 * @example
 * ```ts
 * const parsed: ParsedSignature = parseSignature('Anna Schäfer\nBeispiel GmbH')
 * parsed.contact.company // 'Beispiel GmbH'
 * ```
 */
export interface ParsedSignature {
  /** The contact: name parts, job title, department, company, e-mails, phones with kinds, addresses, websites, social profiles; register data in `custom.companyRegister`. */
  contact: Contact
  /** Every value found, with confidence and line. */
  fields: SignatureField[]
}

/**
 * Options of {@link parseSignature}.
 *
 * @example
 * ```ts
 * const options: ParseSignatureOptions = { from: { address: 'anna@beispiel.de' }, defaultCountry: 'DE' }
 * ```
 */
export interface ParseSignatureOptions {
  /** The mail's sender: helps to pick the name line and to take the company from the address's domain. */
  from?: Sender | undefined
  /** ISO 3166 country for phone numbers and addresses written without one, e.g. `'DE'`. */
  defaultCountry?: string | undefined
  /** Longest accepted text in characters (default 65,536); longer text throws `SIGNATURE_INPUT_TOO_LARGE`. */
  maxInputLength?: number | undefined
}

/**
 * Options of {@link parseBusinessCard}.
 *
 * @example
 * ```ts
 * const options: ParseBusinessCardOptions = { defaultCountry: 'AT' }
 * ```
 */
export interface ParseBusinessCardOptions {
  /** ISO 3166 country for phone numbers and addresses written without one, e.g. `'DE'`. */
  defaultCountry?: string | undefined
  /** Longest accepted text in characters (default 65,536); longer text throws `SIGNATURE_INPUT_TOO_LARGE`. */
  maxInputLength?: number | undefined
}

/** One line to parse; `features` are the detection's for this very text, reused instead of checking again. @internal */
export interface ParseLine {
  text: string
  line: number
  features?: LineFeatures | undefined
}

/** @internal */
export interface ParseLinesOptions {
  from?: Sender | undefined
  defaultCountry?: string | undefined
  /** Lines from here on are disclaimer text: only register data is read from them. */
  registerOnlyFrom?: number | undefined
  /** `senderKeys(from)` when the caller has them already. */
  senderKeys?: SenderKeys | undefined
  signOffLine?: number | undefined
  ocr?: boolean
}

const DEFAULT_PARSE_LENGTH = 65_536
// Unicode patterns live at module level: a build for Node 20 turns `\p{…}` literals into `new RegExp` calls,
// which inside the per-line loop would compile again for every line.
const FOUR_LOWER = /\p{Ll}{4}/u
const LOWER_HYPHEN_END = /\p{Ll}-$/u
const LOWER_START = /^\p{Ll}/u
const UPPER_START = /^\p{Lu}/u
const LETTER_START = /^\p{L}/u
const NO_LETTERS = /^[\p{P}\p{S}\s\d]*$/u
const CAPITALISED_WORD = /\p{Lu}\p{Ll}{3}/u
// "Rechtsanwalt Dr. Markus Vogel": a professional title in front of the name.
const PROFESSIONAL_NAME = /^(\p{L}+) ((?:Dr\.|Prof\.|Dipl\.-\p{L}+\.?) .+)$/u
// A signature, imprint and disclaimer, or a card, never needs more lines than this.
const MAX_LINES = 200
// "i. A." / "i. V." / "ppa." in front of a name: signing on behalf of the company.
const NAME_PREFIX = /^(?:i\. ?A\.|i\. ?V\.|ppa\.|pp\.) /

// A label and direct-dial digits with a dash in front: `Fax -99`, `Fax: -99`, `Tel. – 0`.
const RELATIVE_DIAL =
  /(?:^|[\s|,;·•/])((?:Tele)?fax|Tel(?:efon)?|Fon|Phone)\.?\s*(?::\s*)?[-–]\s?(\d{1,5})(?!\s?\d)/gi
// The direct-dial digits a number ends with after a dash (`089 1234567-12`, `+49 40 30 12 34 - 5`).
const DIRECT_DIAL = /\s?[-–]\s?\d{1,5}$/

// The number of `raw` with other direct-dial digits: they replace the ones it ends with, or are added after a dash.
function withDirectDial(raw: string, digits: string): string | undefined {
  if (raw.includes(' ext. ')) return undefined
  const base = raw.replace(DIRECT_DIAL, '')
  return `${base}-${digits}`
}

// A name followed by `Jr.`, `Sr.` or a Roman numeral; group 1 is the name.
const GENERATION_SUFFIX = /^(.+?),?\s(?:Jr\.?|Sr\.?|II|III|IV)$/

// Letters after a name (`CPA`, `MBA`, `Ph.D.`, `Esq.`, `Jr.`, `III`), one or more.
const POST_NOMINALS =
  /^(?:(?:CPA|MBA|Ph\.?\s?D\.?|Esq\.?|Jr\.?|Sr\.?|II|III|IV|M\.?Sc\.?|B\.?Sc\.?|LL\.?M\.?|CFA|PMP)(?:,?\s|$))+$/

function isLegalFormOnly(segment: string, words: readonly string[] = foldedWords(segment)): boolean {
  // The words of `X ${segment}` are "x" and the segment's own: folding never joins across the space.
  if (words.length === 0 || words.length > 3) return false
  // Every word of the segment belongs to the form: `ACME Ltd.` after `Head of Sales |` is a company of its own.
  const form = findLegalForm(`X ${segment}`, ['x', ...words])
  return (
    form !== undefined &&
    form.split(' ').length === words.length &&
    !FOUR_LOWER.test(segment.replace(/^(?:Inc|Ltd|Limited|Corp|Corporation|Company)\b/i, ''))
  )
}
const COUNTRY_BY_TLD: Record<string, string> = {
  de: 'DE',
  at: 'AT',
  ch: 'CH',
  fr: 'FR',
  uk: 'GB',
  es: 'ES',
  it: 'IT',
  nl: 'NL',
  be: 'BE',
  lu: 'LU',
  li: 'LI',
  us: 'US',
}
const COUNTRY_BY_CALLING_CODE: [string, string][] = [
  ['+49', 'DE'],
  ['+43', 'AT'],
  ['+41', 'CH'],
  ['+33', 'FR'],
  ['+44', 'GB'],
  ['+34', 'ES'],
  ['+39', 'IT'],
  ['+31', 'NL'],
  ['+32', 'BE'],
  ['+352', 'LU'],
  ['+1', 'US'],
  ['0049', 'DE'],
  ['0043', 'AT'],
  ['0041', 'CH'],
]

interface Candidate {
  text: string
  line: number
  order: number
}

function removeSpans(text: string, spans: Span[]): string {
  let rest = text
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    rest = `${rest.slice(0, span.start)}\u0000${rest.slice(span.end)}`
  }
  return rest
}

function titleCaseDomain(label: string): string {
  return label
    .split(/[-_]/)
    .filter((part) => part.length > 0)
    .map((part) => (part.length <= 2 ? part.toUpperCase() : part[0]?.toUpperCase() + part.slice(1)))
    .join(' ')
}

const UK_POSTCODE_LINE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/
const POST_TOWN = /^\p{Lu}[\p{Ll}'-]+(?: (?:upon|on|under|in|le|\p{Lu}[\p{Ll}'-]+)){0,3}$/u

// A town alone on its line counts only right under a street line, where nothing else would stand.
function isPostTownBelowStreet(town: string, above: string | undefined): boolean {
  if (above === undefined || town.length > 40 || !POST_TOWN.test(town)) return false
  const segments = mergeSegments(splitSegments(above), () => false)
  const last = segments[segments.length - 1]
  return last !== undefined && parseAddressSegment(last)?.kind === 'street'
}

/**
 * Parses the lines of a signature block or business card into a contact.
 *
 * @internal
 */
export function parseSignatureLines(
  input: readonly ParseLine[],
  options: ParseLinesOptions,
): ParsedSignature {
  const fields: SignatureField[] = []
  const contact: Contact = { emails: [], phones: [], addresses: [], websites: [] }
  const register: CompanyRegister = {}
  const keys = options.senderKeys ?? senderKeys(options.from)
  const nameCandidates: Candidate[] = []
  const titleCandidates: Candidate[] = []
  const departmentCandidates: Candidate[] = []
  const companyCandidates: (Candidate & { strength: number })[] = []
  const addressParts: { part: AddressPart; line: number }[] = []
  const rawPhones: { raw: string; kind?: PhoneKind; line: number }[] = []
  let order = 0
  // The same texts (a line, its segments, the candidates taken from them) are folded by several checks:
  // fold each once. A memo of this call only; nothing is kept between calls.
  const foldMemo = new Map<string, string>()
  const wordsMemo = new Map<string, readonly string[]>()
  const wordsOf = (text: string): readonly string[] => {
    let words = wordsMemo.get(text)
    if (words === undefined) {
      words = foldedWords(text)
      wordsMemo.set(text, words)
    }
    return words
  }
  // foldLine(text) is the folded words joined by spaces.
  const fold = (text: string): string => {
    let folded = foldMemo.get(text)
    if (folded === undefined) {
      folded = wordsOf(text).join(' ')
      foldMemo.set(text, folded)
    }
    return folded
  }
  const legalFormOnly = (segment: string) => isLegalFormOnly(segment, wordsOf(segment))

  // Join lines an OCR or a narrow layout split: a trailing hyphen, a lone label, a lone postcode.
  const lines: ParseLine[] = []
  // Labels alone on their lines whose values have not come yet: one ("Tel.:" above its number), or a column
  // of them ("Tel.:" / "Mobil:" / "Fax:") above a column of values, paired in order.
  let pendingLabels: { entry: ParseLine; label: ContactLabel | undefined }[] = []
  // On a card the words of its e-mail addresses (`h.meier@…`) tell a name line in capitals from the first half
  // of a title or company broken over two lines.
  const mailWords = options.ocr ? emailLocalWords(input) : undefined
  for (const entry of input.slice(0, MAX_LINES)) {
    if (entry.text.length > 400) continue
    const text = (options.ocr ? repairOcrLine(entry.text) : entry.text).trim()
    const previous = lines[lines.length - 1]
    if (text.length > 0 && pendingLabels.length > 0) {
      const label = labelOfLine(text, entry.features)
      if (label !== false) {
        // Another label of the column.
        const pushed: ParseLine = {
          text,
          line: entry.line,
          features: options.ocr ? undefined : entry.features,
        }
        lines.push(pushed)
        pendingLabels.push({ entry: pushed, label })
        continue
      }
      const pending = pendingLabels.shift() as { entry: ParseLine; label: ContactLabel | undefined }
      if (pendingLabels.length === 0 && pending.entry === previous) {
        // The usual case: the label right above its value.
        pending.entry.text = `${pending.entry.text} ${text}`
        pending.entry.features = undefined
        continue
      }
      if (fitsLabel(text, pending.label)) {
        pending.entry.text = `${pending.entry.text} ${text}`
        pending.entry.features = undefined
        continue
      }
      // Not a column of values after all: the labels stay as they are.
      pendingLabels = []
    }
    if (previous !== undefined && text.length > 0 && previous.text.length < 200) {
      if (LOWER_HYPHEN_END.test(previous.text) && LOWER_START.test(text)) {
        previous.text = `${previous.text.slice(0, -1)}${text}`
        previous.features = undefined
        continue
      }
      if (options.ocr && /^(?:[A-Z]{1,2}-)?\d{4,5}$/.test(previous.text) && UPPER_START.test(text)) {
        previous.text = `${previous.text} ${text}`
        previous.features = undefined
        continue
      }
      // "Unit 4" / "Riverside Park": a British premise above the site it lies on.
      if (isPremise(previous.text) && isPlaceName(text)) {
        previous.text = `${previous.text}, ${text}`
        previous.features = undefined
        continue
      }
      // "Riverside Park" / "Reading" / "RG1 8AB": a British post town above its postcode, under a street.
      if (
        UK_POSTCODE_LINE.test(text) &&
        isPostTownBelowStreet(previous.text, lines[lines.length - 2]?.text)
      ) {
        previous.text = `${previous.text} ${text}`
        previous.features = undefined
        continue
      }
      // "Fachanwältin für" / "Familienrecht": a line ending in a preposition goes on.
      if (/ (?:für|fur|for|of|de|du|des|and|und|&)$/i.test(previous.text) && LETTER_START.test(text)) {
        previous.text = `${previous.text} ${text}`
        previous.features = undefined
        continue
      }
      if (options.ocr && joinsOcrLine(previous.text, text, mailWords)) {
        previous.text = `${previous.text} ${text}`
        previous.features = undefined
        continue
      }
    }
    // Features describe the line as detected; OCR repairs and joins change the text, so they no longer apply.
    const pushed: ParseLine = { text, line: entry.line, features: options.ocr ? undefined : entry.features }
    lines.push(pushed)
    const label = text.length > 0 && text.length < 200 ? labelOfLine(text, entry.features) : false
    if (label !== false) pendingLabels = [{ entry: pushed, label }]
  }

  let contextCountry = options.defaultCountry
  let registerLine: number | undefined
  for (const { text, line, features } of lines) {
    if (text.length === 0 || text.length > 400) continue
    const inDisclaimer = options.registerOnlyFrom !== undefined && line >= options.registerOnlyFrom
    // Detection skips the register test on long lines; only reuse its answer where it ran.
    const known = features !== undefined && features.text === text ? features : undefined
    if (known?.foldedWords !== undefined) wordsMemo.set(text, known.foldedWords)
    const registerMarked =
      known !== undefined && known.text.length <= 160 && known.words <= 30
        ? known.register
        : hasRegisterMarker(text)
    if (registerMarked && readRegister(text, register)) {
      registerLine ??= line
      continue
    }
    if (inDisclaimer || (known !== undefined ? known.mobile : isMobileFooter(text))) continue
    const signOff = known !== undefined ? known.signOff : matchSignOff(text)
    if (signOff === 'exact') continue
    let body = text
    if (signOff === 'with-tail') {
      // "Best regards, Anna Schäfer" / "LG Sabine": the tail may be the name.
      const tail = signOffTail(text)
      if (tail === undefined || !isNameLike(tail)) continue
      body = tail
    }
    const emails = findEmails(body)
    for (const email of emails) {
      const normalized = normalizeEmail(email.value)
      const value = normalized.address ?? email.value
      if (contact.emails.some((existing) => existing.value.toLowerCase() === value.toLowerCase())) continue
      contact.emails.push({ value, kind: normalized.freeMail ? 'home' : 'work' })
      fields.push({ field: 'email', value, confidence: normalized.valid ? 0.98 : 0.6, line })
      const tld = value.split('.').pop()?.toLowerCase()
      if (contextCountry === undefined && tld !== undefined && COUNTRY_BY_TLD[tld])
        contextCountry = COUNTRY_BY_TLD[tld]
    }
    const urls = findUrls(body)
    const domains = findBareDomains(body)
    for (const url of [...urls, ...domains]) {
      const network = socialNetwork(url.value)
      const normalized = normalizeUrl(url.value)
      const value = normalized.url ?? url.value
      if (network !== undefined) {
        contact.social = { ...(contact.social ?? {}), [network]: value }
        fields.push({ field: 'social', value, confidence: 0.95, line, kind: network })
      } else if (!contact.websites.includes(value)) {
        contact.websites.push(value)
        fields.push({ field: 'website', value, confidence: normalized.valid ? 0.95 : 0.6, line })
      }
    }
    // Handles such as "Twitter: @anna_s" / "X: @anna".
    const handle = /^(?:Twitter|X)\s?:\s?@(\w{1,30})$/i.exec(body.trim())
    if (handle) {
      const value = `https://x.com/${handle[1]}`
      contact.social = { ...(contact.social ?? {}), twitter: value }
      fields.push({ field: 'social', value, confidence: 0.9, line, kind: 'twitter' })
    }
    let rest = removeSpans(body, [...emails, ...urls, ...domains])
    // "Postfach 10 12 34" holds digits but no phone number.
    const phones = /^(?:Postfach|P\.? ?O\.? Box|PO Box|Postbus|BP) \d/i.test(rest.trim())
      ? []
      : findPhones(rest)
    for (let p = 0; p < phones.length; p++) {
      const phone = phones[p] as Span
      const before = rest.slice(p === 0 ? 0 : (phones[p - 1] as Span).end, phone.start)
      const after = rest.slice(phone.end, p + 1 < phones.length ? (phones[p + 1] as Span).start : rest.length)
      // A word right after the number ("713.446.9307 cell") labels it when nothing labels it before.
      const kind = phoneKindOfLabel(before.slice(-24), true) ?? phoneKindOfLabel(after.slice(0, 12), false)
      let raw = phone.value
      // "Durchwahl -23" / "ext. 123" / "x 104" right after the number.
      const extension = /^\s*(?:ext\.?|x|Ext\.?|Durchwahl|DW|App\.?)\s?-?(\d{1,6})\b/.exec(after)
      if (extension) raw = `${raw} ext. ${extension[1]}`
      const entry: { raw: string; kind?: PhoneKind; line: number } = { raw, line }
      if (kind !== undefined) entry.kind = kind
      rawPhones.push(entry)
    }
    // "Tel. 089 1234567-12 | Fax -99": a number given only by its direct-dial digits, on the line of the number it
    // belongs to or on a line of its own below it; they extend the last office number (not a mobile one).
    const lastPhone = rawPhones.findLast((phone) => phone.kind === undefined || phone.kind === 'work')
    if (lastPhone !== undefined) {
      const tail = phones.length > 0 ? rest.slice((phones[phones.length - 1] as Span).end) : rest
      for (const relative of tail.matchAll(RELATIVE_DIAL)) {
        const raw = withDirectDial(lastPhone.raw, relative[2] as string)
        if (raw === undefined) continue
        const entry: { raw: string; kind?: PhoneKind; line: number } = { raw, line }
        const kind = phoneKindOfLabel(relative[1] as string, true)
        if (kind !== undefined) entry.kind = kind
        rawPhones.push(entry)
      }
    }
    rest = removeSpans(rest, phones)
    const country = countryOfLine(rest === body ? body : rest.replace(/\u0000/g, ' '), fold)
    if (country !== undefined) {
      addressParts.push({ part: { kind: 'country', country }, line })
      continue
    }
    // What is left: segments of text for name, title, department, company, address.
    const plain = rest.replace(/\u0000/g, ' ').trim()
    let wholeTitle = rest === body && !/[|·•;\t]| [-–] /.test(plain)
    if (wholeTitle) {
      const plainWords = wordsOf(plain)
      wholeTitle = isJobTitle(plain, plainWords) && findLegalForm(plain, plainWords) === undefined
      if (wholeTitle) {
        const comma = plain.indexOf(',')
        if (comma >= 0) wholeTitle = isJobTitle(plain.slice(0, comma), wordsOf(plain.slice(0, comma)))
      }
    }
    const segments = wholeTitle
      ? [plain]
      : mergeSegments(splitSegments(rest.replace(/\u0000/g, '\t')), legalFormOnly)
    for (const segment of segments) {
      const clean = segment
        .replace(
          /^(?:Tel|Telefon|Fon|Phone|Mobil|Mobile|Handy|Fax|Cell|E-?Mail|Web|Internet|Adresse|Address|Anschrift)\.?\s?:\s*/i,
          '',
        )
        .trim()
      if (clean.length < 2 || NO_LETTERS.test(clean)) continue
      // `Sarah O'Connor, CPA`: post-nominals after a name on its line stay with it (parseName reads them).
      const previousName = nameCandidates[nameCandidates.length - 1]
      if (previousName?.line === line && POST_NOMINALS.test(clean)) {
        previousName.text = `${previousName.text} ${clean}`
        continue
      }
      const words = wordsOf(clean)
      if (
        phoneKindOfLabel(clean, false, words) !== undefined &&
        words.length <= 2 &&
        !CAPITALISED_WORD.test(clean.slice(1))
      )
        continue
      const part = parseAddressSegment(clean, fold)
      if (part !== undefined) {
        addressParts.push({ part, line })
        continue
      }
      order++
      const candidate: Candidate = { text: clean.replace(NAME_PREFIX, ''), line, order }
      const legal = findLegalForm(clean, words)
      if (legal !== undefined) {
        companyCandidates.push({ text: candidate.text, line, order, strength: 0.92 })
        continue
      }
      if (hasStrongCompanyWord(clean, words)) {
        companyCandidates.push({ text: candidate.text, line, order, strength: 0.8 })
        continue
      }
      // An academic degree written on its own line ("Dipl.-Kauffrau") is not the job title.
      if (/^Dipl\.?-/.test(clean) && words.length <= 3) continue
      // "Rechtsanwalt Dr. Markus Vogel": a professional title in front of the name.
      const professional = PROFESSIONAL_NAME.exec(clean)
      if (
        professional &&
        isJobTitle(professional[1] as string, wordsOf(professional[1] as string)) &&
        isNameLike(professional[2] as string)
      ) {
        nameCandidates.push({ text: professional[2] as string, line, order })
        continue
      }
      // `Robert Miller Jr.`: a name with a generation suffix, not a junior's job title.
      const generation = GENERATION_SUFFIX.exec(clean)
      if (generation && isNameLike(generation[1] as string) && !isJobTitle(generation[1] as string)) {
        nameCandidates.push(candidate)
        continue
      }
      if (isJobTitle(clean, words)) {
        titleCandidates.push(candidate)
        if (isDepartmentLine(clean, words)) departmentCandidates.push(candidate)
        continue
      }
      if (isDepartmentLine(clean, words)) {
        departmentCandidates.push(candidate)
        continue
      }
      if (clean.length > 60 && hasDisclaimerMarker(clean)) continue
      if (hasCompanyWord(clean, words))
        companyCandidates.push({ text: candidate.text, line, order, strength: 0.7 })
      else if (isNameLike(clean)) nameCandidates.push(candidate)
    }
  }

  // Country context for phones and addresses: a country line, a postcode prefix, a calling code, the e-mail TLD.
  for (const { part } of addressParts) {
    if (part.kind === 'country') contextCountry = options.defaultCountry ?? part.country
    else if (part.kind === 'postal' && part.countryHint !== undefined && options.defaultCountry === undefined)
      contextCountry = part.countryHint
  }
  if (contextCountry === undefined) {
    for (const phone of rawPhones) {
      const hit = COUNTRY_BY_CALLING_CODE.find(([code]) => phone.raw.startsWith(code))
      if (hit) {
        contextCountry = hit[1]
        break
      }
    }
  }

  // Phones.
  for (const phone of rawPhones) {
    const normalized = normalizePhone(phone.raw, { defaultCountry: contextCountry, formats: false })
    const value = normalized.e164 ?? phone.raw.replace(/ ext\. \d+$/, '')
    let kind: PhoneKind = phone.kind ?? normalized.label ?? (normalized.kind === 'mobile' ? 'mobile' : 'work')
    if (phone.kind === undefined && normalized.kind === 'mobile') kind = 'mobile'
    if (contact.phones.some((existing) => existing.value === value && existing.kind === kind)) continue
    const entry: Contact['phones'][number] = { value, kind }
    if (normalized.extension !== undefined) entry.extension = normalized.extension
    if (normalized.e164 !== undefined && normalized.e164 !== phone.raw) entry.raw = phone.raw
    contact.phones.push(entry)
    fields.push({
      field: 'phone',
      value,
      confidence: normalized.valid ? (phone.kind !== undefined ? 0.95 : 0.85) : 0.5,
      line: phone.line,
      kind,
    })
  }

  // Address: the first street with the postcode and city that follow it (or stand alone).
  const address = assembleAddress(addressParts, contextCountry, options.defaultCountry)
  if (address !== undefined) {
    contact.addresses.push(address.value)
    fields.push({
      field: 'address',
      value: address.display,
      confidence: address.confidence,
      line: address.line,
    })
  }

  // The company's domain: the first non-free-mail address, else the website.
  const domainEntry = contact.emails.find((email) => email.kind === 'work')
  const domain = domainEntry?.value.split('@')[1] ?? normalizeUrl(contact.websites[0] ?? '').domain
  const domainLabel = domain?.split('.')[0]
  // Name: the candidate naming the sender, else the first name-like line; on cards, the one matching the e-mail.
  const emailLocal = contact.emails[0]?.value.split('@')[0] ?? ''
  const localWords = new Set(foldedWords(emailLocal.replace(/[._-]/g, ' ')))
  const scoreName = (candidate: Candidate): number => {
    const words = wordsOf(candidate.text)
    let score = senderNameScore(candidate.text, keys, words) * 3
    score +=
      words.filter(
        (word) => localWords.has(word) || (word.length >= 3 && emailLocal.toLowerCase().includes(word)),
      ).length * 2
    if (words.length >= 2 && words.length <= 4) score += 1
    score -= candidate.order * 0.1
    return score
  }
  // A name line may carry the title after a comma or bar: "Anna Schäfer, Leiterin Vertrieb".
  const splitNameTitle = (candidate: Candidate): Candidate[] => {
    const comma = candidate.text.indexOf(',')
    if (comma > 0) {
      const tail = candidate.text.slice(comma + 1).trim()
      if (isJobTitle(tail, wordsOf(tail))) {
        titleCandidates.push({ text: tail, line: candidate.line, order: candidate.order })
        return [{ ...candidate, text: candidate.text.slice(0, comma).trim() }]
      }
    }
    return [candidate]
  }
  for (const candidate of [...titleCandidates]) {
    const comma = candidate.text.indexOf(',')
    if (
      comma > 0 &&
      isNameLike(candidate.text.slice(0, comma)) &&
      !isJobTitle(candidate.text.slice(0, comma), wordsOf(candidate.text.slice(0, comma)))
    ) {
      nameCandidates.push({
        text: candidate.text.slice(0, comma).trim(),
        line: candidate.line,
        order: candidate.order,
      })
      candidate.text = candidate.text.slice(comma + 1).trim()
    }
  }
  // The same candidate texts are compared with the domain twice; remember their compact form for this call only.
  const compacts = new Map<string, string>()
  const label = domainLabel?.replace(/-/g, '')
  const matchesDomain = (text: string): boolean => {
    if (label === undefined || label.length < 3) return false
    let line = compacts.get(text)
    if (line === undefined) {
      line = fold(text).replace(/ /g, '')
      compacts.set(text, line)
    }
    return compactMatchesLabel(line, label)
  }
  const names: Candidate[] = []
  for (const candidate of nameCandidates) {
    for (const part of splitNameTitle(candidate)) if (!matchesDomain(part.text)) names.push(part)
  }
  const nameScores = new Map(names.map((candidate) => [candidate, scoreName(candidate)]))
  names.sort((a, b) => (nameScores.get(b) as number) - (nameScores.get(a) as number))
  const bestName = names[0]
  if (bestName !== undefined) {
    const locale =
      contextCountry === 'ES'
        ? 'es'
        : contextCountry === 'FR'
          ? 'fr'
          : contextCountry === 'IT'
            ? 'it'
            : contextCountry === 'NL'
              ? 'nl'
              : undefined
    const parsed = parseName(bestName.text, locale ? { locale } : {})
    if (parsed.firstName !== undefined || parsed.lastName !== undefined) {
      if (parsed.salutation !== undefined) contact.salutation = parsed.salutation
      if (parsed.title !== undefined) contact.title = parsed.title
      if (parsed.firstName !== undefined) contact.firstName = parsed.firstName
      if (parsed.middleName !== undefined) contact.middleName = parsed.middleName
      if (parsed.lastName !== undefined) contact.lastName = parsed.lastName
      if (parsed.suffix !== undefined) contact.suffix = parsed.suffix
      const sender = senderNameScore(bestName.text, keys, wordsOf(bestName.text))
      const confidence = sender >= 2 ? 0.95 : sender === 1 ? 0.85 : scoreName(bestName) >= 2 ? 0.8 : 0.6
      fields.push({ field: 'name', value: bestName.text, confidence, line: bestName.line })
    }
  }

  // Job title and department.
  const title = titleCandidates.find((candidate) => candidate.text !== bestName?.text)
  if (title !== undefined) {
    contact.jobTitle = title.text
    fields.push({
      field: 'jobTitle',
      value: title.text,
      confidence: bestName && Math.abs(title.line - bestName.line) <= 1 ? 0.9 : 0.75,
      line: title.line,
    })
  }
  const department =
    departmentCandidates.find((candidate) => candidate !== title) ??
    (title ? { ...title, text: findDepartment(title.text) ?? '' } : undefined)
  if (department !== undefined && department.text !== '') {
    contact.department = department.text
    fields.push({ field: 'department', value: department.text, confidence: 0.75, line: department.line })
  }

  // Company: a legal form, a company word, a line matching the e-mail domain, else the domain itself.
  companyCandidates.sort((a, b) => b.strength - a.strength || a.order - b.order)
  let company = companyCandidates[0]
  if (company === undefined && domainLabel !== undefined) {
    const matching = names.slice(1).find((candidate) => matchesDomain(candidate.text))
    const anyMatching = nameCandidates.find((candidate) => matchesDomain(candidate.text))
    const hit = matching ?? anyMatching
    if (hit !== undefined && hit.text !== bestName?.text) company = { ...hit, strength: 0.85 }
  }
  if (company !== undefined) {
    const normalized = normalizeCompany(company.text, contextCountry ? { country: contextCountry } : {})
    contact.company = normalized.name
    fields.push({
      field: 'company',
      value: normalized.name,
      confidence: company.strength,
      line: company.line,
    })
  } else if (domainLabel !== undefined && domainLabel.length >= 3) {
    contact.company = titleCaseDomain(domainLabel)
    fields.push({
      field: 'company',
      value: contact.company,
      confidence: 0.4,
      line: domainEntry ? (fields.find((f) => f.field === 'email')?.line ?? 0) : 0,
    })
  }

  // Register data.
  if (Object.keys(register).length > 0) {
    contact.custom = { companyRegister: register }
    const at = registerLine ?? 0
    if (register.managingDirectors)
      fields.push({
        field: 'managingDirectors',
        value: register.managingDirectors.join(', '),
        confidence: 0.85,
        line: at,
      })
    if (register.registerCourt)
      fields.push({ field: 'registerCourt', value: register.registerCourt, confidence: 0.85, line: at })
    if (register.registerNumber)
      fields.push({ field: 'registerNumber', value: register.registerNumber, confidence: 0.9, line: at })
    if (register.vatId) fields.push({ field: 'vatId', value: register.vatId, confidence: 0.95, line: at })
    if (register.seat) fields.push({ field: 'seat', value: register.seat, confidence: 0.8, line: at })
  }
  return { contact, fields }
}

// Short labels an OCR or a card layout leaves alone on a line ("T", "M", "Web").
const SHORT_LABEL = /^(?:Tel|Telefon|Fon|Phone|Mobil|Mobile|Handy|Fax|Cell|T|M|F|E-Mail|Email|Web)\.?:?$/i

// What a line holding only a contact label names (undefined when it is a label of no known channel), or
// false when the line is more than a label.
function labelOfLine(text: string, features: LineFeatures | undefined): ContactLabel | undefined | false {
  if (features !== undefined && features.text === text && !features.label) {
    return SHORT_LABEL.test(text) ? undefined : false
  }
  const label = lonelyLabel(text)
  if (label !== undefined) return label
  return SHORT_LABEL.test(text) ? undefined : false
}

// Whether a line of a value column fits its label: a number for a phone label, an address for an
// e-mail label, a host for a web label.
function fitsLabel(text: string, label: ContactLabel | undefined): boolean {
  if (label === 'email') return text.includes('@')
  if (label === 'web') return text.includes('.') && !text.includes(' ')
  return findPhones(text).length === 1 && findEmails(text).length === 0
}

const ALL_CAPS_WORDS = /^[\p{Lu}&'-]+(?: [\p{Lu}&'-]+){0,2}$/u

function isCapsNameOfMail(line: string, mailWords: ReadonlySet<string>): boolean {
  const words = foldedWords(line)
  return (
    words.length >= 2 &&
    words.length <= 3 &&
    words.some((word) => word.length >= 3 && mailWords.has(word)) &&
    !isJobTitle(line)
  )
}

const TRANSLITERATED = /([aou])e/g

// The folded words of the local parts of every e-mail address in the lines (`h.meier` → `h`, `meier`).
function emailLocalWords(input: readonly ParseLine[]): Set<string> {
  const words = new Set<string>()
  for (const entry of input.slice(0, MAX_LINES)) {
    if (!entry.text.includes('@') || entry.text.length > 400) continue
    for (const email of findEmails(entry.text)) {
      const local = email.value.slice(0, email.value.indexOf('@'))
      for (const word of foldedWords(local.replace(/[._+-]/g, ' '))) {
        words.add(word)
        // `mueller` in the address is `MÜLLER` on the card, which folds to `muller`.
        const plain = word.replace(TRANSLITERATED, '$1')
        if (plain !== word) words.add(plain)
      }
    }
  }
  return words
}

// Card layouts break a company or a title over lines: "SCHNEIDER" / "Maschinenbau GmbH",
// "BRIGHTON" / "DESIGN STUDIO", "Senior Key Account" / "Manager".
// "HANS MEIER" / "GESCHÄFTSFÜHRER" is a name above a title, not one line: the first line has two or three words, one
// of them in an e-mail address of the card (`h.meier@…`). A single word may still be a family firm's name broken
// over two lines (`SCHNEIDER` / `MASCHINENBAU`).
function joinsOcrLine(previous: string, text: string, mailWords: ReadonlySet<string> | undefined): boolean {
  if (!ALL_CAPS_WORDS.test(previous) || findLegalForm(previous) !== undefined) {
    return isJobTitle(previous) && foldedWords(text).length === 1 && isJobTitle(text) && !/^Dipl/.test(text)
  }
  if (mailWords !== undefined && mailWords.size > 0 && isCapsNameOfMail(previous, mailWords)) return false
  if (
    ALL_CAPS_WORDS.test(text) &&
    findLegalForm(text) === undefined &&
    foldedWords(`${previous} ${text}`).length <= 4
  )
    return true
  // A company under a title in capitals (`KEY ACCOUNT MANAGER` / `Muster GmbH`) is a line of its own.
  return (
    findLegalForm(text) !== undefined &&
    UPPER_START.test(text) &&
    foldedWords(text).length <= 4 &&
    !isJobTitle(previous)
  )
}

function compactMatchesLabel(line: string, label: string): boolean {
  return (
    line === label ||
    (line.startsWith(label) && line.length <= label.length + 12) ||
    (label.startsWith(line) && line.length >= 4)
  )
}

function assembleAddress(
  parts: { part: AddressPart; line: number }[],
  contextCountry: string | undefined,
  defaultCountry: string | undefined,
): { value: Address; display: string; confidence: number; line: number } | undefined {
  const streetIndex = parts.findIndex((entry) => entry.part.kind === 'street')
  let postalIndex = parts.findIndex((entry, index) => entry.part.kind === 'postal' && index > streetIndex)
  if (postalIndex < 0) postalIndex = parts.findIndex((entry) => entry.part.kind === 'postal')
  if (streetIndex < 0 && postalIndex < 0) return undefined
  const street =
    streetIndex >= 0 ? (parts[streetIndex]?.part as Extract<AddressPart, { kind: 'street' }>) : undefined
  const postal =
    postalIndex >= 0 ? (parts[postalIndex]?.part as Extract<AddressPart, { kind: 'postal' }>) : undefined
  const countryPart = parts.find((entry) => entry.part.kind === 'country')?.part as
    | Extract<AddressPart, { kind: 'country' }>
    | undefined
  let country = countryPart?.country ?? postal?.countryHint
  if (country === undefined && postal !== undefined) {
    if (street?.style === 'fr') country = 'FR'
    else if (street?.style === 'en' && postal.style === 'eu') country = contextCountry ?? defaultCountry
    else if (postal.style === 'nl') country = 'NL'
    else if (
      postal.postalCode.length === 4 &&
      contextCountry !== 'AT' &&
      contextCountry !== 'CH' &&
      contextCountry !== 'BE' &&
      contextCountry !== 'NL' &&
      contextCountry !== 'LU'
    )
      country = defaultCountry ?? 'CH'
    else country = contextCountry ?? defaultCountry
  }
  if (country === undefined && street !== undefined) country = contextCountry ?? defaultCountry
  const input: {
    street?: string
    houseNumber?: string
    postalCode?: string
    city?: string
    country?: string
  } = {}
  if (street !== undefined) {
    input.street = street.street
    if (street.houseNumber !== undefined) input.houseNumber = street.houseNumber
  }
  if (postal !== undefined) {
    input.postalCode = postal.postalCode
    if (postal.city !== '') input.city = postal.city
  }
  if (country !== undefined) input.country = country
  const normalized = normalizeAddress(input, country ? { defaultCountry: country } : {})
  const value: Address = { kind: 'work' }
  if (street?.style === 'box') value.street = street.street
  else {
    if (normalized.street ?? input.street) value.street = normalized.street ?? (input.street as string)
    if (normalized.houseNumber ?? input.houseNumber)
      value.houseNumber = normalized.houseNumber ?? (input.houseNumber as string)
  }
  if (normalized.postalCode ?? input.postalCode)
    value.postalCode = normalized.postalCode ?? (input.postalCode as string)
  if (normalized.city ?? input.city) value.city = normalized.city ?? (input.city as string)
  const region = normalized.region ?? postal?.region
  if (region !== undefined) value.region = region
  const finalCountry = normalized.country ?? country
  if (finalCountry !== undefined && /^[A-Z]{2}$/.test(finalCountry)) value.country = finalCountry
  const display = [
    [value.street, value.houseNumber].filter(Boolean).join(' '),
    [value.postalCode, value.city].filter(Boolean).join(' '),
    value.country,
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(', ')
  const confidence = street !== undefined && postal !== undefined ? 0.9 : 0.6
  const line = (parts[streetIndex >= 0 ? streetIndex : postalIndex] as { line: number }).line
  return { value, display, confidence, line }
}

const ParseOptionsSchema = z
  .object({
    from: SenderSchema,
    defaultCountry: CountrySchema,
    maxInputLength: z.number().int().positive().optional(),
  })
  .optional()

/**
 * Parses an e-mail signature into a contact: name (with academic titles, via `@contactkit/normalize`),
 * job title and department (German and English lexicons), company (legal form, a line matching the
 * e-mail domain, else the domain), e-mails, phones with their kind from labels (`Tel.`, `Mobil`, `M`,
 * `Fax`, `Cell` ...), websites, postal address (DE, AT, CH, UK, US, FR layouts), social profiles and
 * company register data (Geschäftsführer, Amtsgericht, HRB, USt-IdNr.).
 *
 * @param text - The signature block, e.g. `extractSignature(...).signature.text`.
 * @param options - `from` (the sender), `defaultCountry`, `maxInputLength`.
 * @returns The contact and every field with its confidence and line.
 * @throws {SignatureError} `SIGNATURE_INPUT_TOO_LARGE` when the text exceeds `maxInputLength`;
 *   `SIGNATURE_INVALID_INPUT` for a non-string text or malformed options.
 *
 * @example
 * ```ts
 * const { contact } = parseSignature(
 *   'Dr. Anna Schäfer\nLeiterin Vertrieb\nBeispiel GmbH & Co. KG\nMusterstraße 12 · 80331 München\nTel. +49 89 1234567-12\nMobil +49 171 2345678',
 * )
 * contact.lastName // 'Schäfer'
 * contact.phones[1] // { value: '+491712345678', kind: 'mobile', raw: '+49 171 2345678' }
 * ```
 */
export function parseSignature(text: string, options: ParseSignatureOptions = {}): ParsedSignature {
  const checked = validate(ParseOptionsSchema, options, 'options') ?? {}
  validate(z.string(), text, 'text')
  checkLength(text, checked.maxInputLength ?? DEFAULT_PARSE_LENGTH, 'text')
  const lines = text.split(/\r\n|\r|\n/, MAX_LINES).map((line, index) => ({ text: line, line: index }))
  const result = parseSignatureLines(lines, { from: checked.from, defaultCountry: checked.defaultCountry })
  result.contact.source = { kind: 'signature' }
  return result
}

/**
 * Parses the OCR text of a business card into a contact. Like {@link parseSignature}, plus repairs of
 * typical misreads: `Te1:` for `Tel:`, `O`/`0` and `l`/`1` confused inside numbers, `(at)` for `@`,
 * labels and postcodes split from their values over two lines.
 *
 * @param ocrText - The text an OCR engine read from the card, one line per printed line.
 * @param options - `defaultCountry`, `maxInputLength`.
 * @returns The contact and every field with its confidence and line.
 * @throws {SignatureError} `SIGNATURE_INPUT_TOO_LARGE` when the text exceeds `maxInputLength`;
 *   `SIGNATURE_INVALID_INPUT` for a non-string text or malformed options.
 *
 * @example
 * ```ts
 * const { contact } = parseBusinessCard('BEISPIEL GmbH\nMax Mustermann\nGeschäftsführer\nTe1: +49 (O)89 123 45 6-O\nmax.mustermann@beispiel.de')
 * contact.phones[0]?.value // '+49891234560'
 * ```
 */
export function parseBusinessCard(ocrText: string, options: ParseBusinessCardOptions = {}): ParsedSignature {
  const checked = validate(ParseOptionsSchema, options, 'options') ?? {}
  validate(z.string(), ocrText, 'text')
  checkLength(ocrText, checked.maxInputLength ?? DEFAULT_PARSE_LENGTH, 'text')
  const lines = ocrText.split(/\r\n|\r|\n/, MAX_LINES).map((line, index) => ({ text: line, line: index }))
  const result = parseSignatureLines(lines, { defaultCountry: checked.defaultCountry, ocr: true })
  result.contact.source = { kind: 'businessCard' }
  return result
}

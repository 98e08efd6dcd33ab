import { fold } from './internal/fold.js'
import { ELF_CODES, LEGAL_FORMS, type LegalFormEntry } from './internal/legal-forms.js'
import { Memo } from './internal/memo.js'
import { countryOption } from './internal/options.js'
import { cleanText } from './internal/text.js'

/**
 * Options of {@link normalizeCompany}.
 *
 * @example
 * ```ts
 * const options: NormalizeCompanyOptions = { country: 'AT' }
 * ```
 */
export interface NormalizeCompanyOptions {
  /** Jurisdiction hint (ISO 3166-1 alpha-2) for forms that exist in several countries, e.g. `GmbH` in DE, AT, CH. */
  country?: string | undefined
}

/**
 * The result of {@link normalizeCompany}.
 *
 * @example
 * ```ts
 * const company: NormalizedCompany = normalizeCompany('Muster GmbH & Co KG')
 * company.name // 'Muster GmbH & Co. KG'
 * ```
 */
export interface NormalizedCompany {
  /** The value as given. */
  raw: string
  /** Display name: the name as written with its legal form in canonical spelling (`GmbH & Co. KG`). */
  name: string
  /** The name without its legal form, e.g. `Muster` for `Muster GmbH`. */
  baseName: string
  /** Canonical abbreviation of the legal form, e.g. `GmbH`, `UG (haftungsbeschränkt)`, `Ltd`, `S.à r.l.`. */
  legalForm?: string
  /** Full name of the legal form, e.g. `Gesellschaft mit beschränkter Haftung`. */
  legalFormName?: string
  /** Jurisdictions (ISO 3166-1 alpha-2) where the legal form exists; narrowed by the `country` option. */
  legalFormCountries?: string[]
  /**
   * ISO 20275 ELF code of the legal form in its jurisdiction, from the GLEIF ELF code list (version 2026-02-19):
   * `2HBR` for a German GmbH, `AXSB` for an Austrian one. Set only when the jurisdiction is known (the form exists
   * in one country, or the `country` option picks one of its countries) and the list has a code for it there;
   * absent for forms GLEIF codes per US state (LLC, Inc., Corp.) and for countries not covered.
   */
  legalFormCode?: string
  /**
   * A status written after the legal form: `inFormation` (`i. G.`, `i. Gr.`, `in Gründung`), `inLiquidation`
   * (`i. L.`, `i. Liq.`, `in Liquidation`, `i. A.`, `in Abwicklung`) or `inInsolvency` (`i. I.`, `in Insolvenz`).
   * The display name keeps it as written; the base name and key leave it out, so `Muster GmbH i. L.` matches
   * `Muster GmbH`.
   */
  status?: CompanyStatus
  /**
   * A branch written after the legal form, as written: `Niederlassung Köln` in `Muster GmbH, Niederlassung Köln`,
   * `Zweigniederlassung Wien`, `Werk Ulm`. It is no company of its own: the display name keeps it, the base name
   * and key leave it out, so the branch matches `Muster GmbH`.
   */
  branch?: string
  /** Matching key: folded base name without legal form, punctuation, case and filler words; see {@link companyKey}. */
  key: string
}

/**
 * What a status after a company's legal form says: being founded, being wound up, insolvent.
 *
 * @example
 * ```ts
 * const status: CompanyStatus | undefined = normalizeCompany('Nordlicht Logistik GmbH i.L.').status // 'inLiquidation'
 * ```
 */
export type CompanyStatus = 'inFormation' | 'inLiquidation' | 'inInsolvency'

// German status suffixes after the legal form; the dots and spaces vary (`i.L.`, `i. L.`, `i.Gr.`).
const STATUS_SUFFIX =
  /[\s,]+\(?(i\.\s?gr?\.|in\s+gründung|i\.\s?l(?:iq)?\.|in\s+liquidation|i\.\s?a\.|in\s+abwicklung|i\.\s?i\.|in\s+insolvenz)\)?$/i

// A branch after the legal form: `, Niederlassung Köln`, ` - Werk Ulm`, ` (Zweigniederlassung Wien)`.
const BRANCH_SUFFIX =
  /(?:[\s,;–—-]*\s|,)\(?((?:(?:zweig)?niederlassung|filiale|standort|werk|geschäftsstelle|geschaeftsstelle|branch)(?:\s+[^()]+)?)\)?$/i

function statusOf(written: string): CompanyStatus {
  const key = written.toLowerCase().replace(/[\s.]+/g, '')
  if (key === 'ig' || key === 'igr' || key === 'ingründung') return 'inFormation'
  if (key === 'ii' || key === 'ininsolvenz') return 'inInsolvency'
  return 'inLiquidation'
}

// Keys: `loose` keeps dots (to tell `S.a.s.` from `SAS`), `compact` drops them (`G.m.b.H.` = `GmbH`).
// Words that join two names or parts of a legal form: `&`, `+`, `und`, `u.`, `and`, `et`.
const AMPERSAND_WORD = /^(?:&|\+|und|u\.|and|et)$/i
const NOT_KEY = /[.,\-()'’/]+/g
const TRAILING_JUNK = /[\s,;:–—-]+$/
const LEADING_FIRMA = /^(?:firma|fa\.?)\s+/i
// Spaces between quotes go with them (`+' "` → `+`), so a second reading finds no quote left to strip.
const QUOTES = /^[\s"'„“”‚‘’»«]+|[\s"'„“”‚‘’»«]+$/g
const FILLER_WORDS = new Set(['und', 'and', 'et', 'the', 'der', 'die', 'das'])
const MAX_TAIL_TOKENS = 7
const MAX_COMPANY_LENGTH = 500

// Keys are built word by word: `loose` keeps dots (to tell `S.a.s.` from `SAS`), `compact` drops them
// (`G.m.b.H.` = `GmbH`); both ignore spaces and spell every joining word as `&`.
function looseWord(word: string): string {
  return AMPERSAND_WORD.test(word) ? '&' : word.toLowerCase()
}
function compactWord(word: string): string {
  return looseWord(word).replace(NOT_KEY, '')
}
function looseKey(text: string): string {
  return text.split(' ').map(looseWord).join('')
}
function compactKey(text: string): string {
  return text.split(' ').map(compactWord).join('')
}

const byLoose = new Map<string, LegalFormEntry>()
const byCompact = new Map<string, LegalFormEntry>()
// Compact keys of the last word of every spelling: a name whose last word is none of them has no legal form.
const lastWords = new Set<string>()
for (const form of LEGAL_FORMS) {
  for (const spelling of [form.abbreviation, form.name, ...form.variants]) {
    lastWords.add(compactWord(spelling.split(' ').pop() ?? ''))
    // The first entry wins a collision, so the table's order sets priority (SAS before S.a.s.).
    if (!byLoose.has(looseKey(spelling))) byLoose.set(looseKey(spelling), form)
    if (!byCompact.has(compactKey(spelling))) byCompact.set(compactKey(spelling), form)
  }
}

// Every ending (character suffix) of every key, for pruning tails that no key ends in.
function endingsOf(keys: Iterable<string>): Set<string> {
  const endings = new Set<string>()
  for (const key of keys) for (let start = 0; start <= key.length; start++) endings.add(key.slice(start))
  return endings
}
const looseEnds = endingsOf(byLoose.keys())
const compactEnds = endingsOf(byCompact.keys())

/**
 * Finds the legal form at the end of a company name.
 *
 * @internal
 */
export function splitLegalForm(text: string): { base: string; form?: LegalFormEntry } {
  const tokens = text.split(' ')
  const count = tokens.length
  if (!lastWords.has(compactWord(tokens[count - 1] ?? ''))) return { base: text }
  // Keys of every tail that may be a legal form, built once from the right instead of joined per length.
  const first = count - Math.min(MAX_TAIL_TOKENS, count - 1)
  const looseTails: string[] = []
  const compactTails: string[] = []
  let looseTail = ''
  let compactTail = ''
  // A tail can only be a key when each shorter tail ends one; once neither form of it does, stop.
  let longest = first
  for (let index = count - 1; index >= first; index--) {
    const word = looseWord(tokens[index] ?? '')
    looseTail = word + looseTail
    compactTail = word.replace(NOT_KEY, '') + compactTail
    if (!looseEnds.has(looseTail) && !compactEnds.has(compactTail)) {
      longest = index + 1
      break
    }
    looseTails[index] = looseTail
    compactTails[index] = compactTail
  }
  for (let start = longest; start < count; start++) {
    const form = byLoose.get(looseTails[start] ?? '') ?? byCompact.get(compactTails[start] ?? '')
    if (form) {
      const base = tokens.slice(0, start).join(' ').replace(TRAILING_JUNK, '')
      if (base) return { base, form }
    }
  }
  return { base: text }
}

/**
 * The matching key of a company name: without legal form, punctuation, case, diacritics (German
 * transliteration: `ü` = `ue`) and filler words (`und`, `and`, `the`).
 *
 * @param value - A company name as written.
 * @returns The key; `''` when nothing but a legal form or punctuation was given.
 *
 * @example
 * ```ts
 * companyKey('Müller & Söhne GmbH & Co. KG') === companyKey('MUELLER UND SOEHNE GMBH') // true: 'mueller soehne'
 * ```
 */
export function companyKey(value: string): string {
  return readCompanyWithKey(String(value)).key
}

interface CompanyReading {
  readonly name: string
  readonly base: string
  readonly form?: LegalFormEntry
  readonly status?: CompanyStatus
  readonly branch?: string
  readonly key: string
}

const companies = new Memo<CompanyReading>()

// readCompany and the key of one name, remembered for the most recent names. Callers copy what they hand out and
// never hand out a stored reading, so nobody can change one.
function readCompanyWithKey(text: string): CompanyReading {
  let reading = companies.get(text)
  if (!reading) {
    const read = readCompany(text)
    reading = { ...read, key: keyOf(read.base) }
    companies.set(text, reading)
  }
  return reading
}

/**
 * The display name of `text` when it names a company with a legal form (`Muster GmbH & Co KG` →
 * `Muster GmbH & Co. KG`), else `undefined`; for the name and address readers, which only ask whether a part is a
 * company. Reads through the same memo as {@link normalizeCompany} without building its result.
 *
 * @internal
 */
export function companyWithLegalForm(text: string): string | undefined {
  const reading = readCompanyWithKey(text)
  return reading.form ? reading.name : undefined
}

function keyOf(base: string): string {
  return fold(base, true)
    .split(' ')
    .filter((word) => word && !FILLER_WORDS.has(word))
    .join(' ')
}

/**
 * Normalises a company name: finds its legal form (ISO 20275 based list: GmbH, gGmbH, UG (haftungsbeschränkt),
 * AG, SE, KG, GmbH & Co. KG, KGaA, OHG, GbR, PartG mbB, e.K., eG, e.V., Ltd, PLC, LLP, Inc., LLC, Corp., SA,
 * SAS, SARL, S.à r.l., B.V., N.V., S.p.A., S.L., AB, A/S, Oy and more, in their usual spellings), spells it
 * canonically in the display name and builds a matching key without it.
 *
 * @param raw - The company name as written, e.g. `Muster Gesellschaft mit beschränkter Haftung`.
 * @param options - `country` to pick the jurisdiction of forms used in several countries.
 * @returns Display name, base name, legal form and matching key; never throws on messy text.
 * @throws {NormalizeError} NORMALIZE_INVALID_OPTION when `country` is not a two-letter code.
 *
 * @example
 * ```ts
 * const company = normalizeCompany('Firma Müller & Söhne GmbH & Co KG')
 * company.name // 'Müller & Söhne GmbH & Co. KG'
 * company.legalForm // 'GmbH & Co. KG'
 * company.key // 'mueller soehne'
 * normalizeCompany('Muster Gesellschaft mit beschränkter Haftung').name // 'Muster GmbH'
 * normalizeCompany('Muster GmbH', { country: 'DE' }).legalFormCode // '2HBR' (ISO 20275 ELF code)
 * normalizeCompany('Muster UG (haftungsbeschränkt)').legalFormCode // '63KS': the form exists only in Germany
 * ```
 */
export function normalizeCompany(raw: string, options: NormalizeCompanyOptions = {}): NormalizedCompany {
  const country = countryOption(options.country, 'country')
  const text = String(raw)
  const { name, base, form, status, branch, key } = readCompanyWithKey(text)
  const result: NormalizedCompany = { raw: text, name, baseName: base, key }
  if (status) result.status = status
  if (branch) result.branch = branch
  if (form) {
    result.legalForm = form.abbreviation
    result.legalFormName = form.name
    const countries = country && form.countries.includes(country) ? [country] : [...form.countries]
    result.legalFormCountries = countries
    const code = countries.length === 1 ? ELF_CODES[form.abbreviation]?.[countries[0] as string] : undefined
    if (code) result.legalFormCode = code
  }
  return result
}

/**
 * The display name, base name and legal form of a company, without the matching key (which
 * {@link normalizeContact} does not need).
 *
 * @internal
 */
export function readCompany(text: string): {
  name: string
  base: string
  form?: LegalFormEntry
  status?: CompanyStatus
  branch?: string
} {
  if (text.length > MAX_COMPANY_LENGTH) {
    const cleaned = cleanText(text)
    return { name: cleaned, base: cleaned }
  }
  const cleaned = cleanText(text).replace(QUOTES, '').replace(LEADING_FIRMA, '').trim()
  const { base, form } = splitLegalForm(cleaned)
  if (form) return { name: `${base} ${form.abbreviation}`, base, form }
  // `Muster GmbH i. L.`: a status counts only after a legal form, as the register writes it.
  const status = STATUS_SUFFIX.exec(cleaned)
  if (status?.[1]) {
    const before = splitLegalForm(cleaned.slice(0, status.index))
    if (before.form) {
      return {
        name: `${before.base} ${before.form.abbreviation} ${status[1]}`,
        base: before.base,
        form: before.form,
        status: statusOf(status[1]),
      }
    }
  }
  // `Muster GmbH, Niederlassung Köln`: a branch counts only after a legal form.
  const branch = BRANCH_SUFFIX.exec(cleaned)
  if (branch?.[1] && branch.index > 0) {
    const before = splitLegalForm(cleaned.slice(0, branch.index))
    if (before.form) {
      return {
        name: `${before.base} ${before.form.abbreviation}${cleaned.slice(branch.index)}`,
        base: before.base,
        form: before.form,
        branch: branch[1],
      }
    }
  }
  return { name: cleaned, base }
}

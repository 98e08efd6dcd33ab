import { z } from 'zod'
import { ImportError } from './error.js'
import { isMappingField, type MappingField, SINGLE_VALUED_FIELDS } from './fields.js'
import { similarity } from './internal/edit-distance.js'
import { foldHeader, matchHeaderSynonym, SYNONYM_ENTRIES } from './internal/header-vocabulary.js'
import { contactkitPartners, detectKnownFormat, googleLabelHeaders } from './internal/known-formats.js'

/**
 * Where a column's values go. Columns of one address share `kind` (in the field name) and `group`.
 *
 * @example
 * ```ts
 * const mapping: ColumnMapping[] = [
 *   { column: 0, field: 'firstName' },
 *   { column: 3, field: 'email', kindColumn: 2 },
 *   { column: 5, field: 'address.street', group: 1 },
 * ]
 * ```
 */
export interface ColumnMapping {
  /** 0-based column index. */
  column: number
  /** The target field, or `null` to ignore the column. */
  field: MappingField | null
  /** Columns of different addresses with the same kind are told apart by group (e.g. Google's `Address 2 - City`). */
  group?: number
  /** A column whose cell names this value's kind (Google's `E-mail 1 - Label` holding `Work`). */
  kindColumn?: number
  /** Phones: a column holding the extension (direct-dial suffix) of this number. */
  extensionColumn?: number
}

/**
 * How a suggestion was found.
 *
 * @example
 * ```ts
 * const reason: MappingReason = 'synonym'
 * ```
 */
export type MappingReason = 'known-format' | 'synonym' | 'fuzzy' | 'sample' | 'none'

/**
 * One column's suggested field with how sure {@link suggestMapping} is.
 *
 * @example
 * ```ts
 * const suggestion: MappingSuggestion = {
 *   column: 1, header: 'Nachname', field: 'lastName', confidence: 0.95, reason: 'synonym',
 * }
 * ```
 */
export interface MappingSuggestion extends ColumnMapping {
  /** The header cell as written. */
  header: string
  /** 0 (no idea) to 1 (certain). Suggestions below 0.5 are not applied by `importContacts`. */
  confidence: number
  /** Known export format, synonym, edit distance, sample values, or nothing. */
  reason: MappingReason
  /** The recognised export format (`outlook-de`, `outlook-en`, `google`, `hubspot`, `salesforce`), if any. */
  format?: string
}

/**
 * A mapping as a caller saves it: by column (from {@link suggestMapping}, edited) or by header name.
 *
 * @example
 * ```ts
 * const saved: MappingInput = { 'Kd.-Nr.': 'id', Vorname: 'firstName', Bemerkung: null }
 * ```
 */
export type MappingInput = readonly ColumnMapping[] | Readonly<Record<string, MappingField | null>>

const SINGLE_VALUED = new Set<MappingField>(SINGLE_VALUED_FIELDS)

// Headers that name several fields depending on the product; a lower confidence invites a check.
const AMBIGUOUS: Readonly<Record<string, MappingField>> = { title: 'jobTitle', titel: 'title', name: 'name' }

const DATE = /^(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})([ T]\d{1,2}:\d{2}(:\d{2})?)?/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/
const PHONE = /^\+?[\d\s()./-]{6,}$/
const URL_LIKE = /^(https?:\/\/|www\.)\S+$/i
const POSTAL_CODE = /^(?:[A-Z]{1,2}-)?\d{4,5}$/
const SALUTATION =
  /^(herr|frau|hr\.?|fr\.?|mr\.?|mrs\.?|ms\.?|miss|m\.|mme\.?|mlle\.?|monsieur|madame|divers)$/i
const ACADEMIC_TITLE =
  /^((prof|dr|dipl|mag|ing)\.?[\s-]*)+((med|rer\.? nat|phil|jur|h\.? ?c|-ing|-kfm)\.?\s*)*$/i
const COUNTRY =
  /^(de|at|ch|fr|gb|us|nl|be|lu|it|es|deutschland|germany|österreich|austria|schweiz|switzerland|suisse|france|frankreich|united kingdom|usa|united states|nederland|belgien|belgique)$/i

/** Field suggested by the values of a column alone, with the share of values that fit. */
function detectFromSamples(values: string[]): { field: MappingField; share: number } | undefined {
  const filled = values.map((value) => value.trim()).filter((value) => value !== '')
  if (filled.length === 0) return undefined
  const share = (pattern: RegExp) => filled.filter((value) => pattern.test(value)).length / filled.length
  // Dates (`31.12.2024`, `2024-12-31`) would pass for phone numbers; they name no contact field by themselves.
  if (share(DATE) >= 0.8) return undefined
  const checks: [MappingField, RegExp][] = [
    ['email', EMAIL],
    ['website', URL_LIKE],
    ['salutation', SALUTATION],
    ['title', ACADEMIC_TITLE],
    ['address.country', COUNTRY],
    ['address.postalCode', POSTAL_CODE],
    ['phone', PHONE],
  ]
  for (const [field, pattern] of checks) {
    const fit = share(pattern)
    if (fit >= 0.8) return { field, share: fit }
  }
  return undefined
}

function baseFamily(field: MappingField): string {
  if (field.startsWith('email')) return 'email'
  if (field.startsWith('phone')) return 'phone'
  if (field.startsWith('address.')) return `address.${field.split('.').pop()}`
  return field
}

/**
 * Suggests a contact field for each column: first by recognising a known export format from the whole header
 * row (Outlook English and German, Google Contacts, HubSpot labels and internal names, Salesforce API names),
 * then by German, English and French synonyms, then by edit distance; sample values confirm or overrule the
 * header (a column of email addresses is emails whatever its header says).
 *
 * @param headers - The header cells as written.
 * @param sampleRows - Some data rows (say the first 50), cells in header order.
 * @returns One suggestion per column, in column order; `field: null` where nothing fits.
 *
 * @example
 * ```ts
 * suggestMapping(['Vorname', 'Nachname', 'Firma', 'PLZ', 'Ort', 'Telefon geschäftlich', 'Kontakt'], [
 *   ['Jürgen', 'Weiß', 'Weiß GmbH & Co. KG', '01067', 'Dresden', '+49 351 123456', 'j.weiss@weiss-gmbh.de'],
 * ]).map((s) => s.field)
 * // ['firstName', 'lastName', 'company', 'address.postalCode', 'address.city', 'phone.work', 'email']
 * ```
 */
export function suggestMapping(
  headers: readonly string[],
  sampleRows: readonly (readonly string[])[] = [],
): MappingSuggestion[] {
  const format = detectKnownFormat(headers)
  const byHeader = new Map(headers.map((header, column) => [header.trim(), column]))
  const suggestions = headers.map((rawHeader, column): MappingSuggestion => {
    const header = rawHeader.trim()
    const samples = sampleRows.map((row) => row[column] ?? '')
    const fromSamples = detectFromSamples(samples)
    const base = { column, header: rawHeader }
    if (format) {
      const known = header in format.columns ? format.columns[header] : format.pattern?.(header)
      if (known !== undefined) {
        const suggestion: MappingSuggestion = {
          ...base,
          field: known,
          confidence: 0.98,
          reason: 'known-format',
          format: format.name,
        }
        if (format.name === 'google') addGoogleGrouping(suggestion, header, byHeader)
        if (format.name === 'contactkit') addContactkitGrouping(suggestion, header, byHeader)
        return suggestion
      }
    }
    let guess = fromHeader(header)
    if (fromSamples && (!guess || baseFamily(guess.field) !== baseFamily(fromSamples.field))) {
      const contradicted =
        guess !== undefined && (fromSamples.field === 'email' || fromSamples.field === 'website')
      if (!guess || contradicted || guess.confidence < 0.7) {
        guess = {
          field: fromSamples.field,
          confidence: round(0.6 + 0.3 * fromSamples.share),
          reason: 'sample',
        }
      }
    } else if (fromSamples && guess) {
      guess = { ...guess, confidence: round(Math.min(1, guess.confidence + 0.04)) }
    }
    return guess ? { ...base, ...guess } : { ...base, field: null, confidence: 0, reason: 'none' }
  })
  // A single-valued field goes to its most likely column only.
  const taken = new Map<MappingField, MappingSuggestion>()
  for (const suggestion of [...suggestions].sort((a, b) => b.confidence - a.confidence)) {
    const field = suggestion.field
    if (field === null || !SINGLE_VALUED.has(field)) continue
    if (taken.has(field)) {
      suggestion.field = null
      suggestion.confidence = 0
      suggestion.reason = 'none'
    } else taken.set(field, suggestion)
  }
  return suggestions
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

function fromHeader(
  header: string,
): { field: MappingField; confidence: number; reason: MappingReason } | undefined {
  const folded = foldHeader(header)
  if (folded === '') return undefined
  const ambiguous = AMBIGUOUS[folded]
  if (ambiguous) return { field: ambiguous, confidence: 0.6, reason: 'synonym' }
  const exact = matchHeaderSynonym(header)
  if (exact) return { field: exact, confidence: 0.95, reason: 'synonym' }
  // "Telefon 2", "E-Mail (privat)" and "Email Address 1" fold to a synonym once numbers are dropped.
  const withoutNumbers = folded
    .replace(/\b\d+\b/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  const numbered = withoutNumbers === '' ? undefined : matchHeaderSynonym(withoutNumbers)
  if (numbered) return { field: numbered, confidence: 0.85, reason: 'synonym' }
  let best: MappingField | undefined
  let bestScore = 0
  for (const [synonym, field] of SYNONYM_ENTRIES) {
    if (Math.abs(synonym.length - folded.length) > 4 || synonym.length < 4) continue
    const score = similarity(folded, synonym)
    if (score > bestScore) {
      best = field
      bestScore = score
    }
  }
  if (best && bestScore >= 0.75) return { field: best, confidence: round(bestScore * 0.8), reason: 'fuzzy' }
  return undefined
}

function addGoogleGrouping(
  suggestion: MappingSuggestion,
  header: string,
  byHeader: Map<string, number>,
): void {
  const number = /^Address (\d+) - /.exec(header)
  if (number) suggestion.group = Number(number[1])
  const labelHeaders = number
    ? [`Address ${number[1]} - Label`, `Address ${number[1]} - Type`]
    : googleLabelHeaders(header)
  if (suggestion.field === null) return
  for (const labelHeader of labelHeaders) {
    const labelColumn = byHeader.get(labelHeader)
    if (labelColumn !== undefined) {
      suggestion.kindColumn = labelColumn
      return
    }
  }
}

function addContactkitGrouping(
  suggestion: MappingSuggestion,
  header: string,
  byHeader: Map<string, number>,
): void {
  const partners = contactkitPartners(header)
  if (partners === undefined || suggestion.field === null) return
  suggestion.group = partners.group
  const kindColumn = partners.kind === undefined ? undefined : byHeader.get(partners.kind)
  if (kindColumn !== undefined) suggestion.kindColumn = kindColumn
  const extensionColumn = partners.extension === undefined ? undefined : byHeader.get(partners.extension)
  if (extensionColumn !== undefined) suggestion.extensionColumn = extensionColumn
}

const ColumnMappingSchema = z.object({
  column: z.number().int().nonnegative(),
  field: z
    .string()
    .refine((value) => isMappingField(value), 'not a mapping field')
    .nullable(),
  group: z.number().int().nonnegative().optional(),
  kindColumn: z.number().int().nonnegative().optional(),
  extensionColumn: z.number().int().nonnegative().optional(),
})
const MappingInputSchema = z.union([
  z.array(ColumnMappingSchema),
  z.record(
    z.string(),
    z
      .string()
      .refine((value) => isMappingField(value), 'not a mapping field')
      .nullable(),
  ),
])

/**
 * Validates a caller's mapping and turns a header-keyed one into column mappings for these headers.
 *
 * @internal
 */
export function resolveMapping(mapping: MappingInput, headers: readonly string[]): ColumnMapping[] {
  const parsed = MappingInputSchema.safeParse(mapping)
  if (!parsed.success) {
    throw new ImportError(
      'IMPORT_INVALID_OPTIONS',
      `Invalid mapping: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      { cause: parsed.error },
    )
  }
  if (Array.isArray(parsed.data)) return parsed.data as ColumnMapping[]
  const record = parsed.data as Record<string, MappingField | null>
  return headers.flatMap((header, column): ColumnMapping[] => {
    const field = record[header] ?? record[header.trim()]
    return field === undefined ? [] : [{ column, field }]
  })
}

import type { ContactInput } from '@contactkit/core'
import { restoreNeutralized } from './export-contacts.js'
import { type AddressPart, SINGLE_VALUED_FIELDS } from './fields.js'
import type { ColumnMapping } from './mapping.js'

/**
 * Stable codes of the row issues the importer itself finds (normalisation adds its own, e.g. `PHONE_INVALID`).
 *
 * | code | meaning |
 * | --- | --- |
 * | `ROW_RAGGED` | the row has more or fewer cells than the header; extra cells stay in `raw` |
 * | `CELL_TOO_LONG` | a cell exceeded `limits.maxCellLength`; it was not imported |
 * | `CELL_CONTROL_CHARACTERS` | NUL or other control characters were removed from a cell |
 * | `ROW_NO_CONTACT_DATA` | no name, company, email or phone: no contact was made |
 * | `ROW_INVALID` | normalisation refused the row's shape (it says why); no contact was made |
 *
 * @example
 * ```ts
 * const code: RowIssueCode = 'ROW_RAGGED'
 * ```
 */
export type RowIssueCode =
  | 'ROW_RAGGED'
  | 'CELL_TOO_LONG'
  | 'CELL_CONTROL_CHARACTERS'
  | 'ROW_NO_CONTACT_DATA'
  | 'ROW_INVALID'

/**
 * One finding about a row or one of its cells.
 *
 * @example
 * ```ts
 * const issue: ImportIssue = {
 *   code: 'PHONE_INVALID', message: 'Not a valid DE number', column: 5, header: 'Telefon geschäftlich',
 *   field: 'phones.0', raw: '089 12',
 * }
 * ```
 */
export interface ImportIssue {
  /** A {@link RowIssueCode} or a normalisation code from `@contactkit/normalize` (`PHONE_INVALID`, `POSTCODE_REPAIRED`, ...). */
  code: string
  /** Explanation for people. */
  message: string
  /** 0-based column of the cell, when the issue is about one cell. */
  column?: number
  /** That column's header. */
  header?: string
  /** Path in the contact, e.g. `phones.0`, `addresses.0.postalCode`. */
  field?: string
  /** The cell as written. */
  raw?: string
}

/** @internal The column each value of a row's contact input came from. */
export interface ValueOrigins {
  /** By the field's index in SINGLE_VALUED_FIELDS. */
  scalars: (number | undefined)[]
  emails: number[]
  phones: number[]
  websites: number[]
  addresses: Partial<Record<AddressPart, number>>[]
}

/**
 * The column of the value at a contact path such as `phones.1`, `addresses.0.postalCode` or `lastName`.
 *
 * @internal
 */
export function columnOf(path: string, origins: ValueOrigins): number | undefined {
  const [head, index, part] = path.split('.')
  const at = Number(index)
  switch (head) {
    case 'emails':
      return origins.emails[at]
    case 'phones':
      return origins.phones[at]
    case 'websites':
      return origins.websites[at]
    case 'addresses': {
      const columns = origins.addresses[at]
      if (columns === undefined) return undefined
      return columns[part as AddressPart] ?? Object.values(columns)[0]
    }
    default: {
      const slot = head === undefined ? undefined : SLOT_OF.get(head)
      return slot === undefined ? undefined : origins.scalars[slot]
    }
  }
}

// Each single-valued field's place in a row's scalar values (a fixed array instead of a dictionary per row).
const SLOT_OF = new Map<string, number>(SINGLE_VALUED_FIELDS.map((field, index) => [field, index]))
const SALUTATION_SLOT = SLOT_OF.get('salutation') as number
const TITLE_SLOT = SLOT_OF.get('title') as number
// The fields that make a row a contact on their own (with an email or a phone).
const CONTACT_SLOTS = ['name', 'firstName', 'lastName', 'company'].map(
  (field) => SLOT_OF.get(field) as number,
)

/** @internal The contact input built from one row and where each value came from. */
export interface RowInput {
  input: ContactInput
  /** The column each value came from, to name it in issues. */
  origins: ValueOrigins
  issues: ImportIssue[]
  hasContactData: boolean
}

const PHONE_KINDS = new Set(['work', 'mobile', 'fax', 'home', 'other'])
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

// Whether CONTROL matches: a loop over the characters, cheaper than a regex call for the short cells of a row.
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 32 ? code !== 9 && code !== 10 && code !== 13 : code === 127) return true
  }
  return false
}
const GOOGLE_SEPARATOR = ' ::: '
const ACADEMIC = /(^|\s)(prof|dr|dipl|mag)\.?(\s|-|$)/i
const SALUTATION_WORD =
  /^(herr|frau|hr\.?|fr\.?|mr\.?|mrs\.?|ms\.?|miss|mx\.?|m\.|mme\.?|mlle\.?|monsieur|madame)$/i

/** @internal Turns a free-text kind label (`* Work`, `Mobil`, `Privat`, `Work Fax`) into a contact kind. */
export function kindFromLabel(label: string): 'work' | 'mobile' | 'fax' | 'home' | 'other' | undefined {
  const text = label
    .replace(/^\*\s*/, '')
    .trim()
    .toLowerCase()
  if (text === '') return undefined
  if (/fax/.test(text)) return 'fax'
  if (/mobil|cell|handy|portable/.test(text)) return 'mobile'
  if (/work|business|arbeit|gesch|dienst|office|büro|buro|travail|pro/.test(text)) return 'work'
  if (/home|privat|personal|domicile|perso/.test(text)) return 'home'
  return 'other'
}

const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * `31.12.2024` (German Excel's date display) → `2024-12-31`, with a time → ISO date-time in UTC; anything else
 * unchanged, for normalisation to judge.
 *
 * @internal
 */
export function germanDateToIso(value: string): string {
  const match = GERMAN_DATE.exec(value)
  if (!match) return value
  const [, day, month, year, hours, minutes, seconds] = match
  const date = `${year}-${(month as string).padStart(2, '0')}-${(day as string).padStart(2, '0')}`
  if (hours === undefined) return date
  return `${date}T${hours.padStart(2, '0')}:${minutes}:${seconds ?? '00'}Z`
}

interface AddressDraft {
  kind?: 'work' | 'home' | 'other'
  parts: Partial<Record<AddressPart, string>>
  columns: Partial<Record<AddressPart, number>>
}

// What to do with one mapped column, worked out once per mapping instead of once per cell.
type Step =
  | {
      type: 'email' | 'phone' | 'website'
      column: number
      kindColumn: number | undefined
      extensionColumn: number | undefined
      fixedKind: string | undefined
    }
  | {
      type: 'address'
      column: number
      kindColumn: number | undefined
      part: AddressPart
      fixedKind: 'work' | 'home' | 'other' | undefined
      key: string
    }
  | { type: 'custom'; column: number; key: string; birthday: boolean }
  | { type: 'social'; column: number; key: string }
  | { type: 'scalar'; column: number; slot: number; salutation: boolean; updatedAt: boolean }

const PLANS = new WeakMap<readonly ColumnMapping[], Step[]>()

function planOf(mapping: readonly ColumnMapping[]): Step[] {
  let plan = PLANS.get(mapping)
  if (plan !== undefined) return plan
  plan = []
  for (const entry of mapping) {
    const { field, column, kindColumn } = entry
    if (field === null) continue
    if (
      field === 'email' ||
      field.startsWith('email.') ||
      field === 'phone' ||
      field.startsWith('phone.') ||
      field === 'website'
    ) {
      plan.push({
        type: field === 'website' ? 'website' : field.startsWith('email') ? 'email' : 'phone',
        column,
        kindColumn,
        extensionColumn: entry.extensionColumn,
        fixedKind: field.includes('.') ? field.slice(field.indexOf('.') + 1) : undefined,
      })
    } else if (field.startsWith('address.')) {
      // `address.work.city` → kind `work`, part `city`; `address.city` → no kind.
      const pieces = field.split('.')
      plan.push({
        type: 'address',
        column,
        kindColumn,
        part: pieces[pieces.length - 1] as AddressPart,
        fixedKind: pieces.length === 3 ? (pieces[1] as 'work' | 'home' | 'other') : undefined,
        key: `${pieces.length === 3 ? pieces[1] : ''}|${entry.group ?? 0}`,
      })
    } else if (field.startsWith('custom.')) {
      plan.push({ type: 'custom', column, key: field.slice(7), birthday: field === 'custom.birthday' })
    } else if (field.startsWith('social.')) {
      plan.push({ type: 'social', column, key: field.slice(7) })
    } else {
      const slot = SLOT_OF.get(field)
      if (slot === undefined) continue
      plan.push({
        type: 'scalar',
        column,
        slot,
        salutation: field === 'salutation',
        updatedAt: field === 'updatedAt',
      })
    }
  }
  PLANS.set(mapping, plan)
  return plan
}

// A cell's value for the contact: undefined when empty or too long; control characters removed (with an issue).
function cellValue(
  cells: readonly string[],
  column: number,
  headers: readonly string[],
  maxCellLength: number,
  issues: ImportIssue[],
  controlFree: boolean,
): string | undefined {
  const raw = cells[column]
  if (raw === undefined || raw === '') return undefined
  let value = raw
  if (value.length > maxCellLength) {
    issues.push({
      code: 'CELL_TOO_LONG',
      message: `The cell has ${value.length} characters; the limit is ${maxCellLength}`,
      column,
      header: headers[column] ?? '',
    })
    return undefined
  }
  if (!controlFree && hasControl(value)) {
    value = value.replace(CONTROL, '')
    issues.push({
      code: 'CELL_CONTROL_CHARACTERS',
      message: 'Control characters (e.g. NUL) were removed',
      column,
      header: headers[column] ?? '',
      raw,
    })
  }
  value = value.trim()
  if (value.charCodeAt(0) === 39) value = restoreNeutralized(value).trim()
  return value === '' ? undefined : value
}

type EmailInput = { value: string; kind?: 'work' | 'home' | 'other' }
type PhoneInput = { value: string; kind?: 'work' | 'mobile' | 'fax' | 'home' | 'other'; extension?: string }

interface RowValues {
  origins: ValueOrigins
  emails: EmailInput[]
  phones: PhoneInput[]
  websites: string[]
}

type ListStep = Extract<Step, { type: 'email' | 'phone' | 'website' }>

// One email, phone or website of a row (trimmed, not empty), with the kind its column or label gives.
function addValue(
  step: ListStep,
  text: string,
  label: string | undefined,
  cells: readonly string[],
  values: RowValues,
): void {
  const kind = step.fixedKind ?? (label === undefined ? undefined : kindFromLabel(label))
  if (step.type === 'website') {
    values.origins.websites.push(step.column)
    values.websites.push(text)
  } else if (step.type === 'email') {
    values.origins.emails.push(step.column)
    const email: EmailInput = { value: text }
    if (kind !== undefined) email.kind = kind === 'work' || kind === 'home' ? kind : 'other'
    values.emails.push(email)
  } else {
    values.origins.phones.push(step.column)
    const phoneKind = kind !== undefined && PHONE_KINDS.has(kind) ? (kind as 'work') : undefined
    const extension = step.extensionColumn === undefined ? undefined : cells[step.extensionColumn]?.trim()
    const phone: PhoneInput = { value: text }
    if (phoneKind) phone.kind = phoneKind
    if (extension) phone.extension = extension
    values.phones.push(phone)
  }
}

/**
 * Builds a loose contact input from one row's cells through a column mapping. Google's multi-value cells
 * (`a@x.de ::: b@x.de`) become several values; kind labels in partner columns set each value's kind.
 * `controlFree`: the row's text is known to hold no control character, so the cells skip that check.
 *
 * @internal
 */
export function toContactInput(
  cells: readonly string[],
  mapping: readonly ColumnMapping[],
  headers: readonly string[],
  maxCellLength: number,
  dates?: readonly (string | undefined)[],
  controlFree = false,
): RowInput {
  const issues: ImportIssue[] = []
  const origins: ValueOrigins = { scalars: [], emails: [], phones: [], websites: [], addresses: [] }
  const values: RowValues = { origins, emails: [], phones: [], websites: [] }
  const { emails, phones, websites } = values
  let addresses: Map<string, AddressDraft> | undefined
  let custom: Record<string, unknown> | undefined
  let social: Record<string, string> | undefined
  const scalars: (string | undefined)[] = []
  for (const step of planOf(mapping)) {
    const value = cellValue(cells, step.column, headers, maxCellLength, issues, controlFree)
    if (value === undefined) continue
    switch (step.type) {
      case 'email':
      case 'phone':
      case 'website': {
        const label = step.kindColumn === undefined ? undefined : cells[step.kindColumn]
        // One value per cell is the rule; only Google's multi-value cells are split (with their labels).
        if (!value.includes(GOOGLE_SEPARATOR) && !label?.includes(GOOGLE_SEPARATOR)) {
          addValue(step, value, label, cells, values)
          break
        }
        const texts = value.split(GOOGLE_SEPARATOR)
        const labels = label?.includes(GOOGLE_SEPARATOR) ? label.split(GOOGLE_SEPARATOR) : [label]
        for (let i = 0; i < texts.length; i++) {
          const text = (texts[i] as string).trim()
          if (text !== '') addValue(step, text, labels[i] ?? labels[0], cells, values)
        }
        break
      }
      case 'address': {
        let kind = step.fixedKind
        if (kind === undefined && step.kindColumn !== undefined) {
          const label = cells[step.kindColumn]
          const fromLabel = label === undefined ? undefined : kindFromLabel(label)
          kind =
            fromLabel === 'work' || fromLabel === 'home'
              ? fromLabel
              : fromLabel === undefined
                ? undefined
                : 'other'
        }
        addresses ??= new Map()
        let draft = addresses.get(step.key)
        if (!draft) {
          draft = { parts: {}, columns: {} }
          addresses.set(step.key, draft)
        }
        if (kind) draft.kind = kind
        // Two columns for one part (Street, Street 2) are joined, as the product split them.
        const part = step.part
        draft.parts[part] = draft.parts[part] === undefined ? value : `${draft.parts[part]} ${value}`
        draft.columns[part] ??= step.column
        break
      }
      case 'custom':
        custom ??= {}
        custom[step.key] = dates?.[step.column] ?? (step.birthday ? germanDateToIso(value) : value)
        break
      case 'social':
        social ??= {}
        social[step.key] = value
        break
      default: {
        if (step.salutation && ACADEMIC.test(value)) {
          // Outlook's "Title" column holds both: `Herr Dr.` → salutation `Herr`, title `Dr.`
          const words = value.split(/\s+/)
          const salutation = words.filter((word) => SALUTATION_WORD.test(word)).join(' ')
          const title = words.filter((word) => !SALUTATION_WORD.test(word)).join(' ')
          if (salutation !== '') {
            scalars[SALUTATION_SLOT] = salutation
            origins.scalars[SALUTATION_SLOT] = step.column
          }
          if (scalars[TITLE_SLOT] === undefined) {
            scalars[TITLE_SLOT] = title
            origins.scalars[TITLE_SLOT] = step.column
          }
          break
        }
        const slot = step.slot
        const scalar = step.updatedAt ? (dates?.[step.column] ?? germanDateToIso(value)) : value
        const before = scalars[slot]
        scalars[slot] = before === undefined ? scalar : `${before} ${scalar}`
        origins.scalars[slot] = step.column
      }
    }
  }
  // Built by assignment in a fixed order (not spread from a dictionary) so every row's object has one shape.
  const input: Record<string, unknown> = {}
  for (let slot = 0; slot < scalars.length; slot++) {
    const value = scalars[slot]
    if (value !== undefined) input[SINGLE_VALUED_FIELDS[slot] as string] = value
  }
  if (emails.length > 0) input.emails = emails
  if (phones.length > 0) input.phones = phones
  if (websites.length > 0) input.websites = websites
  const addressList: NonNullable<Exclude<ContactInput['addresses'], string>> = []
  for (const draft of addresses?.values() ?? []) {
    // Google writes the address both formatted and in parts; the parts are the better input.
    const { parts } = draft
    if (
      parts.line !== undefined &&
      (parts.street !== undefined || parts.city !== undefined || parts.postalCode !== undefined)
    ) {
      delete parts.line
      delete draft.columns.line
    }
    origins.addresses.push(draft.columns)
    // The row's own object: no copy needed (`kind` comes last, as the parts' spread with it gave).
    const address: Record<string, string> = parts
    if (draft.kind) address.kind = draft.kind
    addressList.push(address)
  }
  if (addressList.length > 0) input.addresses = addressList
  if (custom !== undefined) input.custom = custom
  if (social !== undefined) input.social = social
  const hasContactData =
    emails.length > 0 || phones.length > 0 || CONTACT_SLOTS.some((slot) => scalars[slot] !== undefined)
  return { input: input as ContactInput, origins, issues, hasContactData }
}

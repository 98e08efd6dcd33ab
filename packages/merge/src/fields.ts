import {
  type Address,
  CONTACT_LIST_FIELDS,
  CONTACT_TEXT_FIELDS,
  type Email,
  type Phone,
} from '@contactkit/core'

/**
 * Single-valued text fields of a contact, in the order a merge view shows them.
 *
 * @example
 * ```ts
 * SCALAR_FIELDS.includes('lastName') // true
 * ```
 */
export const SCALAR_FIELDS = CONTACT_TEXT_FIELDS

/**
 * Multi-valued fields: each value gets its own diff entry and field path, paired by its canonical key.
 *
 * @example
 * ```ts
 * LIST_FIELDS // ['emails', 'phones', 'addresses', 'websites']
 * ```
 */
export const LIST_FIELDS = CONTACT_LIST_FIELDS

/**
 * Keyed fields: each key is a field path of its own, e.g. `social.linkedin` or `custom.customerNumber`.
 *
 * @example
 * ```ts
 * MAP_FIELDS // ['social', 'custom']
 * ```
 */
export const MAP_FIELDS = ['social', 'custom'] as const

/**
 * A single-valued text field such as `lastName` or `company`.
 *
 * @example
 * ```ts
 * const field: ScalarField = 'jobTitle'
 * ```
 */
export type ScalarField = (typeof SCALAR_FIELDS)[number]
/**
 * A multi-valued field: `emails`, `phones`, `addresses` or `websites`.
 *
 * @example
 * ```ts
 * const field: ListField = 'phones'
 * ```
 */
export type ListField = (typeof LIST_FIELDS)[number]
/**
 * A keyed field: `social` or `custom`.
 *
 * @example
 * ```ts
 * const field: MapField = 'custom'
 * ```
 */
export type MapField = (typeof MAP_FIELDS)[number]
/**
 * Any contact field that takes part in a diff or merge. `id`, `updatedAt`, `source` and `raw` are
 * record metadata and follow the surviving record instead.
 *
 * @example
 * ```ts
 * const field: MergeField = 'emails'
 * ```
 */
export type MergeField = ScalarField | ListField | MapField

/**
 * The type of one value at a path of the given field: a string for text fields, websites and social
 * profiles, an `Email`, `Phone` or `Address` (from `@contactkit/core`) for one value of a list field, and anything
 * for `custom`.
 *
 * @typeParam F - The field.
 *
 * @example
 * ```ts
 * const phone: FieldValue<'phones'> = { value: '+49891234567', kind: 'work' }
 * ```
 */
export type FieldValue<F extends MergeField> = F extends 'emails'
  ? Email
  : F extends 'phones'
    ? Phone
    : F extends 'addresses'
      ? Address
      : F extends 'custom'
        ? unknown
        : string

/** @internal Every field a merge reads, in the order of {@link fieldSlot}. */
export const MERGE_FIELDS: readonly MergeField[] = [...SCALAR_FIELDS, ...LIST_FIELDS, ...MAP_FIELDS]

/**
 * @internal Where a contact's own key belongs: its index in `SCALAR_FIELDS` (0–8), `LIST_FIELDS` (9–12, the index
 * plus {@link LIST_OFFSET}) or `MAP_FIELDS` (13–14, plus {@link MAP_OFFSET}); -1 for any other key (`id`,
 * `source`, `raw`). A switch on the key rather than a look-up in a table: property names are internalised, so
 * each case is a pointer comparison, and the caller then reads the value with the key for-in handed it, which
 * V8 loads by field index instead of through the megamorphic cache that `contact[field]` over a list of field
 * names ends in (about 120 ns a contact). A test pins it to the field lists.
 */
export function fieldSlot(key: string): number {
  switch (key) {
    case 'salutation':
      return 0
    case 'title':
      return 1
    case 'firstName':
      return 2
    case 'middleName':
      return 3
    case 'lastName':
      return 4
    case 'suffix':
      return 5
    case 'jobTitle':
      return 6
    case 'department':
      return 7
    case 'company':
      return 8
    case 'emails':
      return 9
    case 'phones':
      return 10
    case 'addresses':
      return 11
    case 'websites':
      return 12
    case 'social':
      return 13
    case 'custom':
      return 14
    default:
      return -1
  }
}

/** @internal The first {@link fieldSlot} of a list field. */
export const LIST_OFFSET = 9
/** @internal The first {@link fieldSlot} of a map field. */
export const MAP_OFFSET = 13

const SCALAR_SET: ReadonlySet<string> = new Set(SCALAR_FIELDS)
const LIST_SET: ReadonlySet<string> = new Set(LIST_FIELDS)

/** @internal Parsed field path. */
export type ParsedPath =
  | { type: 'scalar'; field: ScalarField }
  | { type: 'list'; field: ListField }
  | { type: 'value'; field: ListField; key: string }
  | { type: 'map'; field: MapField; key: string }

/** @internal */
export function isScalarField(field: string): field is ScalarField {
  return SCALAR_SET.has(field)
}

/** @internal */
export function isListField(field: string): field is ListField {
  return LIST_SET.has(field)
}

const PATH_CACHE_LIMIT = 256
// By field in an object of the four list fields rather than a Map: the field is one of four known names.
const valuePaths: Record<ListField, Map<string, string>> = {
  emails: new Map(),
  phones: new Map(),
  addresses: new Map(),
  websites: new Map(),
}

/** @internal The path of one value of a list field, e.g. `phones[+49891234567]`. */
export function valuePath(field: ListField, key: string): string {
  // One string per path for the diff and the merge of the same records (looked up by the key, whose hash
  // the key memo already computed): once it served as a property name (the caller's choices, provenance),
  // V8 need not hash and intern a fresh copy for every object it goes into.
  let paths = valuePaths[field]
  if (paths.size >= PATH_CACHE_LIMIT) {
    paths = new Map()
    valuePaths[field] = paths
  }
  let path = paths.get(key)
  if (path === undefined) {
    path = `${field}[${key}]`
    paths.set(key, path)
  }
  return path
}

/** @internal The path of one key of a map field, e.g. `social.linkedin`. */
export function mapPath(field: MapField, key: string): string {
  return `${field}.${key}`
}

/** @internal Reads a field path; `undefined` when it names no field. */
export function parsePath(path: string): ParsedPath | undefined {
  if (isScalarField(path)) return { type: 'scalar', field: path }
  if (isListField(path)) return { type: 'list', field: path }
  const bracket = path.indexOf('[')
  if (bracket > 0 && path.endsWith(']')) {
    const field = path.slice(0, bracket)
    const key = path.slice(bracket + 1, -1)
    if (isListField(field)) return key.length > 0 ? { type: 'value', field, key } : undefined
    // Otherwise a key of a map field that holds brackets (`social.[x]`), read below.
  }
  const dot = path.indexOf('.')
  if (dot > 0) {
    const field = path.slice(0, dot)
    const key = path.slice(dot + 1)
    if ((field === 'social' || field === 'custom') && key.length > 0) return { type: 'map', field, key }
  }
  return undefined
}

const LABELS: Record<MergeField, [singular: string, plural: string]> = {
  salutation: ['salutation', 'salutations'],
  title: ['academic title', 'academic titles'],
  firstName: ['first name', 'first names'],
  middleName: ['middle name', 'middle names'],
  lastName: ['last name', 'last names'],
  suffix: ['name suffix', 'name suffixes'],
  jobTitle: ['job title', 'job titles'],
  department: ['department', 'departments'],
  company: ['company', 'companies'],
  emails: ['email address', 'email addresses'],
  phones: ['phone number', 'phone numbers'],
  addresses: ['postal address', 'postal addresses'],
  websites: ['website', 'websites'],
  social: ['profile', 'profiles'],
  custom: ['custom field', 'custom fields'],
}

/** @internal A label for people, e.g. `job title` or `social profile "linkedin"`. */
export function fieldLabel(field: MergeField, key?: string, plural = false): string {
  const [singular, many] = LABELS[field]
  const label = plural ? many : singular
  if (field === 'social' && key !== undefined) return `${key} ${label}`
  if (field === 'custom' && key !== undefined) return `${label} "${key}"`
  return label
}

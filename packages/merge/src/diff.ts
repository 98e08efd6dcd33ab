import type { Contact } from '@contactkit/core'
import {
  type FieldValue,
  fieldLabel,
  LIST_FIELDS,
  type ListField,
  MAP_FIELDS,
  type MapField,
  type MergeField,
  mapPath,
  SCALAR_FIELDS,
  type ScalarField,
  valuePath,
} from './fields.js'
import {
  article,
  day,
  formDifference,
  hasPoorCasing,
  quote,
  recordTime,
  toMillis,
} from './internal/describe.js'
import { deepEqual } from './internal/json-value.js'
import { type FieldKeys, fieldKeys, type KeyOptions } from './internal/keys.js'
import { toSlots } from './internal/slots.js'

/**
 * How the incoming value at a path relates to the existing one.
 *
 * - `equal`: identical.
 * - `equivalent`: the same value in another form (`089 1234567` and `+49 89 1234567`, `MÜLLER` and `Müller`).
 * - `added`: only the incoming record has a value here.
 * - `removed`: only the existing record has a value here.
 * - `changed`: both have a value and they differ.
 *
 * @example
 * ```ts
 * const kind: DiffKind = 'equivalent'
 * ```
 */
export type DiffKind = 'equal' | 'equivalent' | 'added' | 'removed' | 'changed'

/**
 * What to do with a path: keep the CRM's value, take the incoming one, or (for a value of a
 * multi-valued field) keep both records' values side by side.
 *
 * @example
 * ```ts
 * const resolution: Resolution = 'takeIncoming'
 * ```
 */
export type Resolution = 'keepExisting' | 'takeIncoming' | 'union'

/**
 * Options of {@link diffContacts}.
 *
 * @example
 * ```ts
 * const options: DiffOptions = { defaultCountry: 'DE', includeEqual: false }
 * ```
 */
export interface DiffOptions {
  /** ISO 3166-1 alpha-2 country of phone numbers written without a country code, e.g. `'DE'`. */
  defaultCountry?: string | undefined
  /** Treat `ü` and `ue` (and `ß` and `ss`) as the same letters in names; default `true`. */
  german?: boolean | undefined
  /** Report paths whose values are identical; default `true`. */
  includeEqual?: boolean | undefined
}

/**
 * One line of a merge view: a field path, how its values relate, both values and a suggestion.
 *
 * @typeParam F - The field the path belongs to.
 *
 * @example
 * ```ts
 * const entry: DiffEntryOf<'phones'> = {
 *   path: 'phones[+49891234567]',
 *   field: 'phones',
 *   key: '+49891234567',
 *   kind: 'equivalent',
 *   incoming: { value: '+49 89 1234567' },
 *   existing: { value: '089 1234567', kind: 'work' },
 *   suggestion: 'keepExisting',
 *   reason: 'Same phone number written differently.',
 * }
 * ```
 */
export interface DiffEntryOf<F extends MergeField> {
  /** The field path: `lastName`, `phones[+49891234567]`, `social.linkedin`. Choices in {@link mergeContacts} use it. */
  path: string
  /** The contact field the path belongs to. */
  field: F
  /** The canonical key that paired the two values (list fields), or the entry's key (`social`, `custom`). */
  key?: string
  /** How the incoming value relates to the existing one. */
  kind: DiffKind
  /** The incoming record's value; `undefined` when it has none. */
  incoming: FieldValue<F> | undefined
  /** The existing (CRM) record's value; `undefined` when it has none. */
  existing: FieldValue<F> | undefined
  /** What we suggest; never replaces a filled value with an empty one. */
  suggestion: Resolution
  /** Why, for people. */
  reason: string
}

/**
 * One line of a merge view for any field; narrow it by `field`.
 *
 * @example
 * ```ts
 * function show(entry: DiffEntry) {
 *   if (entry.field === 'phones') console.log(entry.existing?.value, entry.incoming?.value)
 * }
 * ```
 */
export type DiffEntry = { [F in MergeField]: DiffEntryOf<F> }[MergeField]

/**
 * The field-by-field comparison of an incoming contact with an existing one.
 *
 * @example
 * ```ts
 * const diff: ContactDiff = diffContacts({ lastName: 'MÜLLER', emails: [], phones: [], addresses: [], websites: [] },
 *   { lastName: 'Müller', emails: [], phones: [], addresses: [], websites: [] })
 * diff.counts.equivalent // 1
 * ```
 */
export interface ContactDiff {
  /** One entry per field path, scalar fields first, then list values, then keyed fields. */
  entries: DiffEntry[]
  /** How many entries of each kind. */
  counts: Record<DiffKind, number>
  /** `true` when taking the incoming record could change the existing one (some entry is `added` or `changed`). */
  hasChanges: boolean
}

interface DiffContext {
  keys: FieldKeys
  incomingTime: number | undefined
  existingTime: number | undefined
  incomingAt: string | undefined
  existingAt: string | undefined
  incomingConfidence: number | undefined
}

// Fields where capitalisation carries meaning a person cares about; an all-caps CRM value is worth fixing.
const CASED_FIELDS: ReadonlySet<ScalarField> = new Set([
  'firstName',
  'middleName',
  'lastName',
  'jobTitle',
  'department',
  'company',
])

/**
 * Compares an incoming contact (a business card, a signature, an import row) with the existing CRM record,
 * field by field and value by value. Values of multi-valued fields are paired by their canonical key, so a
 * number written `089 1234567` and `+49 89 1234567` is one value in two forms, not a conflict.
 *
 * @param incoming - The contact that came in.
 * @param existing - The record it duplicates.
 * @param options - `defaultCountry` for phone numbers without a country code; `german` name folding; `includeEqual`.
 * @returns One entry per field path with both values, the kind of difference, a suggestion and a reason.
 * @throws {MergeError} MERGE_INVALID_INPUT when a record is not a contact (e.g. `emails` is not a list).
 * @see {@link https://github.com/contactkit/contactkit/blob/main/docs/guides/building-a-merge-view.md | Building a merge view}
 *
 * @example
 * ```ts
 * const diff = diffContacts(
 *   { lastName: 'MÜLLER', jobTitle: 'Leiterin Einkauf', emails: [], phones: [{ value: '+49 89 1234567' }], addresses: [], websites: [] },
 *   { lastName: 'Müller', emails: [], phones: [{ value: '089 1234567', kind: 'work' }], addresses: [], websites: [] },
 *   { defaultCountry: 'DE' },
 * )
 * diff.entries.map((entry) => [entry.path, entry.kind, entry.suggestion])
 * // [['lastName', 'equivalent', 'keepExisting'], ['jobTitle', 'added', 'takeIncoming'],
 * //  ['phones[+49891234567]', 'equivalent', 'keepExisting']]
 * ```
 */
export function diffContacts(incoming: Contact, existing: Contact, options: DiffOptions = {}): ContactDiff {
  const keyOptions: KeyOptions = { defaultCountry: options.defaultCountry, german: options.german }
  const keys = fieldKeys(keyOptions)
  const a = toSlots(incoming, keys)
  const b = toSlots(existing, keys)
  const incomingAt = recordTime(incoming)
  const existingAt = recordTime(existing)
  const context: DiffContext = {
    keys,
    incomingAt,
    existingAt,
    incomingTime: toMillis(incomingAt),
    existingTime: toMillis(existingAt),
    incomingConfidence: incoming.source?.confidence,
  }
  const entries: DiffEntry[] = []
  for (const field of SCALAR_FIELDS) {
    const entry = diffScalar(field, a.scalars.get(field), b.scalars.get(field), context)
    if (entry) entries.push(entry)
  }
  for (const field of LIST_FIELDS) {
    pairUp(a.lists[field], b.lists[field], (key, incomingValue, existingValue) => {
      entries.push(diffValue(field, key, incomingValue, existingValue, context))
    })
  }
  for (const field of MAP_FIELDS) {
    pairUp(a.maps[field], b.maps[field], (key, incomingValue, existingValue) => {
      entries.push(diffMapEntry(field, key, incomingValue, existingValue, context))
    })
  }
  const kept = options.includeEqual === false ? entries.filter((entry) => entry.kind !== 'equal') : entries
  const counts: Record<DiffKind, number> = { equal: 0, equivalent: 0, added: 0, removed: 0, changed: 0 }
  for (const entry of entries) counts[entry.kind]++
  return { entries: kept, counts, hasChanges: counts.added > 0 || counts.changed > 0 }
}

// Visits every key of either side: the existing record's order first, then keys only the incoming one has.
function pairUp(
  incoming: Map<string, unknown>,
  existing: Map<string, unknown>,
  visit: (key: string, incoming: unknown, existing: unknown) => void,
): void {
  for (const [key, value] of existing) visit(key, incoming.get(key), value)
  for (const [key, value] of incoming) if (!existing.has(key)) visit(key, value, undefined)
}

function entryOf<F extends MergeField>(
  field: F,
  path: string,
  key: string | undefined,
  incoming: FieldValue<F> | undefined,
  existing: FieldValue<F> | undefined,
  kind: DiffKind,
  suggestion: Resolution,
  reason: string,
): DiffEntry {
  const entry: DiffEntryOf<F> = { path, field, kind, incoming, existing, suggestion, reason }
  if (key !== undefined) entry.key = key
  return entry as unknown as DiffEntry
}

function diffScalar(
  field: ScalarField,
  incoming: string | undefined,
  existing: string | undefined,
  context: DiffContext,
): DiffEntry | undefined {
  const label = fieldLabel(field)
  if (incoming === undefined && existing === undefined) return undefined
  const make = (kind: DiffKind, suggestion: Resolution, reason: string) =>
    entryOf(field, field, undefined, incoming, existing, kind, suggestion, reason)
  if (existing === undefined) {
    return make(
      'added',
      'takeIncoming',
      `Only the incoming record has ${article(label)}; taking it fills a blank field.`,
    )
  }
  if (incoming === undefined) {
    return make(
      'removed',
      'keepExisting',
      `Only the existing record has ${article(label)}; it is kept, as an empty value never replaces a filled one.`,
    )
  }
  if (incoming === existing) {
    return make('equal', 'keepExisting', `Same ${label}.`)
  }
  if (context.keys.scalar(field, incoming) === context.keys.scalar(field, existing)) {
    const difference = formDifference(incoming, existing)
    if (CASED_FIELDS.has(field) && hasPoorCasing(existing) && !hasPoorCasing(incoming)) {
      return make(
        'equivalent',
        'takeIncoming',
        `Same ${label}, differing only in ${difference}; the incoming ${quote(incoming)} is better capitalised than ${quote(existing)}.`,
      )
    }
    return make(
      'equivalent',
      'keepExisting',
      `Same ${label}, differing only in ${difference}; the existing spelling is kept.`,
    )
  }
  const [suggestion, why] = suggestForChange(completeness(incoming, existing, context.keys), context)
  return make(
    'changed',
    suggestion,
    `The ${label} differs: ${quote(existing)} in the existing record, ${quote(incoming)} incoming; ${why}`,
  )
}

/** +1 when the incoming text extends the existing one (`A.` → `Anna`), -1 for the reverse, 0 otherwise. */
function completeness(incoming: string, existing: string, keys: FieldKeys): -1 | 0 | 1 {
  const incomingTokens = keys.fold(incoming).split(' ')
  const existingTokens = keys.fold(existing).split(' ')
  if (covers(incomingTokens, existingTokens)) return 1
  if (covers(existingTokens, incomingTokens)) return -1
  return 0
}

// `longer` covers `shorter` when it has more to say and every token of `shorter` appears in it,
// an initial standing for any token it begins (`a` covers `anna`).
function covers(longer: string[], shorter: string[]): boolean {
  if (longer.join(' ').length <= shorter.join(' ').length) return false
  return shorter.every((token) =>
    longer.some((other) => other === token || (token.length === 1 && other.startsWith(token))),
  )
}

function suggestForChange(extends_: -1 | 0 | 1, context: DiffContext): [Resolution, string] {
  if (extends_ === 1) return ['takeIncoming', 'the incoming value is more complete.']
  if (extends_ === -1) return ['keepExisting', 'the existing value is more complete.']
  if (context.incomingConfidence !== undefined && context.incomingConfidence < 0.5) {
    return ['keepExisting', `the incoming source is unsure (confidence ${context.incomingConfidence}).`]
  }
  if (
    context.incomingTime !== undefined &&
    context.existingTime !== undefined &&
    context.incomingAt !== undefined &&
    context.existingAt !== undefined &&
    context.incomingTime > context.existingTime
  ) {
    return [
      'takeIncoming',
      `the incoming value is newer (${day(context.incomingAt)}, existing record last updated ${day(context.existingAt)}).`,
    ]
  }
  return ['keepExisting', 'the existing value is kept unless you choose the incoming one.']
}

function diffValue(
  field: ListField,
  key: string,
  incoming: unknown,
  existing: unknown,
  context: DiffContext,
): DiffEntry {
  const path = valuePath(field, key)
  const label = fieldLabel(field)
  const make = (kind: DiffKind, suggestion: Resolution, reason: string) =>
    entryOf(
      field,
      path,
      key,
      incoming as FieldValue<ListField>,
      existing as FieldValue<ListField>,
      kind,
      suggestion,
      reason,
    )
  if (existing === undefined) {
    return make(
      'added',
      'union',
      `New ${label} ${quote(incoming)} from the incoming record; it is added beside the existing ones.`,
    )
  }
  if (incoming === undefined) {
    return make(
      'removed',
      'keepExisting',
      `Only the existing record has the ${label} ${quote(existing)}; it is kept.`,
    )
  }
  if (deepEqual(incoming, existing)) return make('equal', 'keepExisting', `Same ${label}.`)
  if (typeof incoming === 'string' || typeof existing === 'string') {
    return make(
      'equivalent',
      'keepExisting',
      `Same ${label} written differently: ${quote(existing)} and ${quote(incoming)}.`,
    )
  }
  const conflicts: string[] = []
  const fills: string[] = []
  const incomingObject = incoming as Record<string, unknown>
  const existingObject = existing as Record<string, unknown>
  for (const attribute of attributesOf(field)) {
    const a = incomingObject[attribute]
    const b = existingObject[attribute]
    if (a === undefined || a === '' || deepEqual(a, b)) continue
    if (b === undefined || b === '') fills.push(`${attribute} ${quote(a)}`)
    else conflicts.push(`${attribute} ${quote(b)} vs ${quote(a)} incoming`)
  }
  if (conflicts.length > 0) {
    const [suggestion, why] = suggestForChange(0, context)
    return make(
      'changed',
      suggestion,
      `Same ${label} ${quote(existing)}, but its ${conflicts.join(', ')}; ${why}`,
    )
  }
  const form = sameForm(incoming, existing) ? '' : ' written differently'
  const fill = fills.length > 0 ? `; the incoming one adds ${fills.join(', ')}, which fills a blank` : ''
  return make(
    'equivalent',
    'keepExisting',
    `Same ${label}${form}: ${quote(existing)} and ${quote(incoming)}${fill}.`,
  )
}

function sameForm(incoming: unknown, existing: unknown): boolean {
  return quote(incoming) === quote(existing)
}

// Properties that describe a value rather than identify it; a difference in them is a real change.
function attributesOf(field: ListField): readonly string[] {
  switch (field) {
    case 'emails':
      return ['kind']
    case 'phones':
      return ['kind', 'extension']
    case 'addresses':
      return ['kind', 'region']
    case 'websites':
      return []
  }
}

function diffMapEntry(
  field: MapField,
  key: string,
  incoming: unknown,
  existing: unknown,
  context: DiffContext,
): DiffEntry {
  const path = mapPath(field, key)
  const label = fieldLabel(field, key)
  const make = (kind: DiffKind, suggestion: Resolution, reason: string) =>
    entryOf(field, path, key, incoming as string, existing as string, kind, suggestion, reason)
  if (existing === undefined)
    return make(
      'added',
      'takeIncoming',
      `Only the incoming record has ${article(label)}; taking it fills a blank field.`,
    )
  if (incoming === undefined)
    return make('removed', 'keepExisting', `Only the existing record has ${article(label)}; it is kept.`)
  if (deepEqual(incoming, existing)) return make('equal', 'keepExisting', `Same ${label}.`)
  if (
    field === 'social' &&
    context.keys.social(incoming as string) === context.keys.social(existing as string)
  ) {
    return make('equivalent', 'keepExisting', `Same ${label} written differently.`)
  }
  const [suggestion, why] = suggestForChange(0, context)
  return make(
    'changed',
    suggestion,
    `The ${label} differs: ${quote(existing)} in the existing record, ${quote(incoming)} incoming; ${why}`,
  )
}

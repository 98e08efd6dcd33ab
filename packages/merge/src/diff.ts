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
  covers,
  day,
  formDifference,
  hasPoorCasing,
  quote,
  recordTime,
  toMillis,
} from './internal/describe.js'
import { deepEqual } from './internal/json-value.js'
import { type FieldKeys, fieldKeys } from './internal/keys.js'
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

// Fields where capitalisation carries meaning a person cares about; an all-caps CRM value is worth fixing.
const CASED_FIELDS: ReadonlySet<ScalarField> = new Set([
  'firstName',
  'middleName',
  'lastName',
  'jobTitle',
  'department',
  'company',
])

// What the reasons of one diff say about the two records, worked out when the first entry needs it.
class DiffContext {
  private suggestion: [Resolution, string] | undefined

  constructor(
    readonly keys: FieldKeys,
    private readonly incoming: Contact,
    private readonly existing: Contact,
  ) {}

  /** The suggestion for two values of which neither extends the other. */
  undecided(): [Resolution, string] {
    this.suggestion ??= this.decide()
    return this.suggestion
  }

  private decide(): [Resolution, string] {
    const confidence = this.incoming.source?.confidence
    if (confidence !== undefined && confidence < 0.5) {
      return ['keepExisting', `the incoming source is unsure (confidence ${confidence}).`]
    }
    const incomingAt = recordTime(this.incoming)
    const existingAt = recordTime(this.existing)
    const incomingTime = toMillis(incomingAt)
    const existingTime = toMillis(existingAt)
    if (
      incomingTime !== undefined &&
      existingTime !== undefined &&
      incomingAt !== undefined &&
      existingAt !== undefined &&
      incomingTime > existingTime
    ) {
      return [
        'takeIncoming',
        `the incoming value is newer (${day(incomingAt)}, existing record last updated ${day(existingAt)}).`,
      ]
    }
    return ['keepExisting', 'the existing value is kept unless you choose the incoming one.']
  }
}

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
  const keys = fieldKeys({ defaultCountry: options.defaultCountry, german: options.german })
  const a = toSlots(incoming, keys)
  const b = toSlots(existing, keys)
  const context = new DiffContext(keys, incoming, existing)
  const entries: DiffEntry[] = []
  for (let index = 0; index < SCALAR_FIELDS.length; index++) {
    const field = SCALAR_FIELDS[index] as ScalarField
    const entry = diffScalar(field, a.scalars[index], b.scalars[index], context)
    if (entry) entries.push(entry)
  }
  // Every key of either side: the existing record's order first, then keys only the incoming one has.
  for (const field of LIST_FIELDS) {
    const incomingValues = a.lists[field]
    const existingValues = b.lists[field]
    for (const [key, value] of existingValues) {
      entries.push(diffValue(field, key, incomingValues.get(key), value, context))
    }
    for (const [key, value] of incomingValues) {
      if (!existingValues.has(key)) entries.push(diffValue(field, key, value, undefined, context))
    }
  }
  for (const field of MAP_FIELDS) {
    const incomingValues = a.maps[field]
    const existingValues = b.maps[field]
    for (const [key, value] of existingValues) {
      entries.push(diffMapEntry(field, key, incomingValues.get(key), value, context))
    }
    for (const [key, value] of incomingValues) {
      if (!existingValues.has(key)) entries.push(diffMapEntry(field, key, value, undefined, context))
    }
  }
  const counts = countKinds(entries)
  const kept = options.includeEqual === false ? entries.filter((entry) => entry.kind !== 'equal') : entries
  return { entries: kept, counts, hasChanges: counts.added > 0 || counts.changed > 0 }
}

// Named increments: `counts[entry.kind]++` with five different names went through V8's megamorphic cache.
function countKinds(entries: readonly DiffEntry[]): Record<DiffKind, number> {
  let equal = 0
  let equivalent = 0
  let added = 0
  let removed = 0
  let changed = 0
  for (const entry of entries) {
    switch (entry.kind) {
      case 'equal':
        equal++
        break
      case 'equivalent':
        equivalent++
        break
      case 'added':
        added++
        break
      case 'removed':
        removed++
        break
      case 'changed':
        changed++
        break
    }
  }
  return { equal, equivalent, added, removed, changed }
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

// The fixed parts of the reasons for a single-valued field, made once per field.
interface ScalarTexts {
  label: string
  added: string
  removed: string
  equal: string
}

const SCALAR_TEXTS = new Map<ScalarField, ScalarTexts>(
  SCALAR_FIELDS.map((field) => {
    const label = fieldLabel(field)
    return [
      field,
      {
        label,
        added: `Only the incoming record has ${article(label)}; taking it fills a blank field.`,
        removed: `Only the existing record has ${article(label)}; it is kept, as an empty value never replaces a filled one.`,
        equal: `Same ${label}.`,
      },
    ]
  }),
)

function diffScalar(
  field: ScalarField,
  incoming: string | undefined,
  existing: string | undefined,
  context: DiffContext,
): DiffEntry | undefined {
  if (incoming === undefined && existing === undefined) return undefined
  const texts = SCALAR_TEXTS.get(field) as ScalarTexts
  if (existing === undefined) {
    return entryOf(field, field, undefined, incoming, existing, 'added', 'takeIncoming', texts.added)
  }
  if (incoming === undefined) {
    return entryOf(field, field, undefined, incoming, existing, 'removed', 'keepExisting', texts.removed)
  }
  if (incoming === existing) {
    return entryOf(field, field, undefined, incoming, existing, 'equal', 'keepExisting', texts.equal)
  }
  const label = texts.label
  if (context.keys.scalar(field, incoming) === context.keys.scalar(field, existing)) {
    const difference = formDifference(incoming, existing)
    if (CASED_FIELDS.has(field) && hasPoorCasing(existing) && !hasPoorCasing(incoming)) {
      return entryOf(
        field,
        field,
        undefined,
        incoming,
        existing,
        'equivalent',
        'takeIncoming',
        `Same ${label}, differing only in ${difference}; the incoming ${quote(incoming)} is better capitalised than ${quote(existing)}.`,
      )
    }
    return entryOf(
      field,
      field,
      undefined,
      incoming,
      existing,
      'equivalent',
      'keepExisting',
      `Same ${label}, differing only in ${difference}; the existing spelling is kept.`,
    )
  }
  const extension = completeness(incoming, existing, context.keys)
  const [suggestion, why] =
    extension === 1 ? INCOMING_MORE_COMPLETE : extension === -1 ? EXISTING_MORE_COMPLETE : context.undecided()
  return entryOf(
    field,
    field,
    undefined,
    incoming,
    existing,
    'changed',
    suggestion,
    `The ${label} differs: ${quote(existing)} in the existing record, ${quote(incoming)} incoming; ${why}`,
  )
}

const INCOMING_MORE_COMPLETE: [Resolution, string] = ['takeIncoming', 'the incoming value is more complete.']
const EXISTING_MORE_COMPLETE: [Resolution, string] = ['keepExisting', 'the existing value is more complete.']

/** +1 when the incoming text extends the existing one (`A.` → `Anna`), -1 for the reverse, 0 otherwise. */
function completeness(incoming: string, existing: string, keys: FieldKeys): -1 | 0 | 1 {
  const incomingText = keys.fold(incoming)
  const existingText = keys.fold(existing)
  // Only the longer text can have more to say.
  if (incomingText.length > existingText.length) return covers(incomingText, existingText) ? 1 : 0
  if (existingText.length > incomingText.length) return covers(existingText, incomingText) ? -1 : 0
  return 0
}

// Properties that describe a value rather than identify it; a difference in them is a real change.
const ATTRIBUTES: Record<ListField, readonly string[]> = {
  emails: ['kind'],
  phones: ['kind', 'extension'],
  addresses: ['kind', 'region'],
  websites: [],
}

const LIST_LABELS = new Map<ListField, string>(LIST_FIELDS.map((field) => [field, fieldLabel(field)]))

function diffValue(
  field: ListField,
  key: string,
  incoming: unknown,
  existing: unknown,
  context: DiffContext,
): DiffEntry {
  const path = valuePath(field, key)
  const label = LIST_LABELS.get(field) as string
  const incomingValue = incoming as FieldValue<ListField>
  const existingValue = existing as FieldValue<ListField>
  if (existing === undefined) {
    return entryOf(
      field,
      path,
      key,
      incomingValue,
      existingValue,
      'added',
      'union',
      `New ${label} ${quote(incoming)} from the incoming record; it is added beside the existing ones.`,
    )
  }
  if (incoming === undefined) {
    return entryOf(
      field,
      path,
      key,
      incomingValue,
      existingValue,
      'removed',
      'keepExisting',
      `Only the existing record has the ${label} ${quote(existing)}; it is kept.`,
    )
  }
  if (deepEqual(incoming, existing)) {
    return entryOf(field, path, key, incomingValue, existingValue, 'equal', 'keepExisting', `Same ${label}.`)
  }
  const existingText = quote(existing)
  const incomingText = quote(incoming)
  if (typeof incoming === 'string' || typeof existing === 'string') {
    return entryOf(
      field,
      path,
      key,
      incomingValue,
      existingValue,
      'equivalent',
      'keepExisting',
      `Same ${label} written differently: ${existingText} and ${incomingText}.`,
    )
  }
  let conflicts: string | undefined
  let fills: string | undefined
  const incomingObject = incoming as Record<string, unknown>
  const existingObject = existing as Record<string, unknown>
  for (const attribute of ATTRIBUTES[field]) {
    const a = incomingObject[attribute]
    const b = existingObject[attribute]
    if (a === undefined || a === '' || deepEqual(a, b)) continue
    if (b === undefined || b === '') {
      const fill = `${attribute} ${quote(a)}`
      fills = fills === undefined ? fill : `${fills}, ${fill}`
    } else {
      const conflict = `${attribute} ${quote(b)} vs ${quote(a)} incoming`
      conflicts = conflicts === undefined ? conflict : `${conflicts}, ${conflict}`
    }
  }
  if (conflicts !== undefined) {
    const [suggestion, why] = context.undecided()
    return entryOf(
      field,
      path,
      key,
      incomingValue,
      existingValue,
      'changed',
      suggestion,
      `Same ${label} ${existingText}, but its ${conflicts}; ${why}`,
    )
  }
  const form = incomingText === existingText ? '' : ' written differently'
  const fill = fills === undefined ? '' : `; the incoming one adds ${fills}, which fills a blank`
  return entryOf(
    field,
    path,
    key,
    incomingValue,
    existingValue,
    'equivalent',
    'keepExisting',
    `Same ${label}${form}: ${existingText} and ${incomingText}${fill}.`,
  )
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
  const [suggestion, why] = context.undecided()
  return make(
    'changed',
    suggestion,
    `The ${label} differs: ${quote(existing)} in the existing record, ${quote(incoming)} incoming; ${why}`,
  )
}

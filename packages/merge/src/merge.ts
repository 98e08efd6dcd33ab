import {
  AddressSchema,
  type Contact,
  EmailSchema,
  PhoneSchema,
  type Source,
  type SourceKind,
} from '@contactkit/core'
import { z } from 'zod'
import type { Resolution } from './diff.js'
import { MergeError } from './error.js'
import {
  fieldLabel,
  LIST_FIELDS,
  type ListField,
  MAP_FIELDS,
  type MapField,
  type MergeField,
  mapPath,
  parsePath,
  SCALAR_FIELDS,
  valuePath,
} from './fields.js'
import { recordTime, toMillis } from './internal/describe.js'
import { clone, isPlainObject, stableStringify } from './internal/json-value.js'
import { type FieldKeys, fieldKeys } from './internal/keys.js'
import { type ContactSlots, isBlankText, toSlots } from './internal/slots.js'
import { createJournalEntry, type MergeJournalEntry } from './journal.js'
import { type JsonPatch, toPatch } from './patch.js'

/**
 * The part a record plays in a merge: the CRM record(s) the cluster is merged into, or a record that came in.
 *
 * @example
 * ```ts
 * const role: RecordRole = 'existing'
 * ```
 */
export type RecordRole = 'existing' | 'incoming'

/**
 * A contact with what the merge needs to know about it beyond the contact itself.
 *
 * @example
 * ```ts
 * const record: MergeRecord = {
 *   id: 'card-7',
 *   role: 'incoming',
 *   contact: { lastName: 'Schäfer', emails: [], phones: [], addresses: [], websites: [] },
 *   fieldTimes: { jobTitle: '2026-11-02T09:30:00Z' },
 * }
 * ```
 */
export interface MergeRecord {
  /** The contact. */
  contact: Contact
  /** How choices and provenance name this record; default `contact.id`, else `#<position>`. */
  id?: string | undefined
  /**
   * Default: `existing` when `contact.source.kind` is `crm`, `incoming` for any other source kind, and for
   * records without a source `existing` when the contact has an `id` (it was read from a CRM), else `incoming`.
   */
  role?: RecordRole | undefined
  /** When single fields or values were last changed, by field path or field name (as CRMs with field history keep it). */
  fieldTimes?: Record<string, string> | undefined
}

/**
 * One record's value at a path, as a {@link CustomMergeRule} sees it.
 *
 * @example
 * ```ts
 * const candidate: MergeCandidate = { record: 'crm-1', role: 'existing', value: 'Müller', at: '2025-03-01T00:00:00Z', source: { kind: 'crm' } }
 * ```
 */
export interface MergeCandidate {
  /** The record's id. */
  record: string
  /** The record's role. */
  role: RecordRole
  /** The value: a string, an email/phone/address entry, or for a list field the record's whole list. */
  value: unknown
  /** When the value was last known true (field time, else `updatedAt`, else `source.at`). */
  at: string | undefined
  /** The record's provenance. */
  source: Source | undefined
}

/**
 * A survivorship rule written as code: picks one of the candidates (keeping its provenance), returns a new
 * `{ value }`, or `undefined` to leave the field empty. Candidates come in a canonical order (the surviving
 * record first), so a rule that does not look at positions is order-independent.
 *
 * @example
 * ```ts
 * // Prefer the value from a business card when there is one.
 * const preferCard: CustomMergeRule = (candidates) =>
 *   candidates.find((candidate) => candidate.source?.kind === 'businessCard') ?? candidates[0]
 * ```
 */
export type CustomMergeRule = (
  candidates: readonly MergeCandidate[],
  context: { path: string; field: MergeField },
) => MergeCandidate | { value: unknown } | undefined

/**
 * A survivorship rule for a field.
 *
 * - `existing`: the CRM record's value wins, even when it is empty.
 * - `incoming`: the newest incoming non-empty value wins; the CRM value stays when no incoming record has one.
 * - `fillBlanks`: the CRM value stays; empty CRM fields are filled from the newest incoming record (the default
 *   for single-valued fields).
 * - `newest`: the non-empty value with the latest timestamp (field time, else `updatedAt`, else `source.at`).
 * - `mostComplete`: the longest (most informative) non-empty value; for a list, the longest list.
 * - `union`: every distinct value of every record (list fields only; their default).
 * - a {@link CustomMergeRule}.
 *
 * @example
 * ```ts
 * const rule: MergeRule = 'newest'
 * ```
 */
export type MergeRule =
  | 'existing'
  | 'incoming'
  | 'fillBlanks'
  | 'newest'
  | 'mostComplete'
  | 'union'
  | CustomMergeRule

/**
 * Survivorship as code: a rule per field, a default for the rest, and optionally which record survives.
 *
 * @example
 * ```ts
 * const policy: MergePolicy = {
 *   default: 'fillBlanks',
 *   fields: { jobTitle: 'newest', phones: 'union', company: 'existing' },
 * }
 * ```
 */
export interface MergePolicy {
  /** Rule for fields not named in `fields`; default `fillBlanks` for single-valued and `union` for list fields. */
  default?: MergeRule | undefined
  /** Rules per field; `social` and `custom` rules apply to each of their keys. */
  fields?: Partial<Record<MergeField, MergeRule>> | undefined
  /**
   * Id of the record that survives (keeps its id; the patch is computed against it). Default: the existing
   * record with the most filled fields (ties broken by id, then content), so the choice never depends on order.
   */
  survivor?: string | undefined
}

/**
 * A person's decision for one field path of the diff; overrides the policy.
 *
 * - `keepExisting` / `takeIncoming`: the existing or the (newest) incoming record's value, even when that is empty.
 * - `union`: keep the value (a path of a list value) or every record's values (a list field path such as `phones`).
 * - `{ from }`: the value the named record has at the path (empty if it has none).
 * - `{ value }`: a value typed by the person; it is validated against the field.
 *
 * @example
 * ```ts
 * const choices: Record<string, MergeChoice> = {
 *   jobTitle: 'takeIncoming',
 *   'phones[+49891234567]': 'keepExisting',
 *   company: { from: 'crm-2' },
 *   department: { value: 'Einkauf' },
 * }
 * ```
 */
export type MergeChoice = Resolution | { from: string } | { value: unknown }

/**
 * Options of {@link mergeContacts}.
 *
 * @example
 * ```ts
 * const options: MergeOptions = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
 * ```
 */
export interface MergeOptions {
  /** ISO 3166-1 alpha-2 country of phone numbers written without a country code, e.g. `'DE'`. */
  defaultCountry?: string | undefined
  /** Treat `ü` and `ue` (and `ß` and `ss`) as the same letters; default `true`. */
  german?: boolean | undefined
  /** The time written into the journal entry; default the current time. */
  now?: Date | string | undefined
}

/**
 * Where the merged value at one path came from.
 *
 * @example
 * ```ts
 * const provenance: FieldProvenance = {
 *   path: 'jobTitle', field: 'jobTitle', record: 'card-7', role: 'incoming', source: 'businessCard',
 *   at: '2026-11-02T09:30:00Z', confidence: 0.92, decidedBy: 'fillBlanks',
 * }
 * ```
 */
export interface FieldProvenance {
  /** The field path of the value. */
  path: string
  /** Its field. */
  field: MergeField
  /** The input record it came from; absent for a value a person typed or a custom rule computed. */
  record?: string
  /** That record's role. */
  role?: RecordRole
  /** That record's source kind (`crm`, `businessCard`, `signature`, `import`, `visitReport`, `manual`). */
  source?: SourceKind
  /** When the value was last known true, where the record said so. */
  at?: string
  /** How sure the record's source was, where it said so. */
  confidence?: number
  /** What decided: `choice` for a person's choice, else the rule that applied. */
  decidedBy:
    | 'choice'
    | 'existing'
    | 'incoming'
    | 'fillBlanks'
    | 'newest'
    | 'mostComplete'
    | 'union'
    | 'custom'
}

/**
 * The outcome of {@link mergeContacts}.
 *
 * @example
 * ```ts
 * function save(result: MergeResult) {
 *   // send result.patch to the CRM, keep result.journal for undo
 *   return [result.contact, result.patch, result.journal] as const
 * }
 * ```
 */
export interface MergeResult {
  /** The merged contact; it keeps the surviving record's `id`, `updatedAt` and `source`. */
  contact: Contact
  /** Id of the surviving record. */
  survivor: string
  /** Ids of the other existing records, which the merged record replaces (a CRM deletes or archives them). */
  absorbed: string[]
  /** RFC 6902 patch from the surviving record to the merged contact: only the changed paths. */
  patch: JsonPatch
  /** Where each value of the merged contact came from, by field path. */
  provenance: Record<string, FieldProvenance>
  /** What {@link unmerge} needs to restore every input record exactly. Plain JSON: store it as it is. */
  journal: MergeJournalEntry
}

interface PreparedRecord {
  ref: string
  index: number
  contact: Contact
  role: RecordRole
  fieldTimes: Record<string, string> | undefined
  slots: ContactSlots
  filled: number
  json?: string
}

type RuleName = Exclude<MergeRule, CustomMergeRule>
type Decision = FieldProvenance['decidedBy']

interface Held {
  record: PreparedRecord
  value: unknown
}

interface Picked {
  record: PreparedRecord | undefined
  value: unknown
  decidedBy: Decision
}

const RULE_NAMES: ReadonlySet<string> = new Set([
  'existing',
  'incoming',
  'fillBlanks',
  'newest',
  'mostComplete',
  'union',
])

const ChoiceSchema = z.union([
  z.enum(['keepExisting', 'takeIncoming', 'union']),
  z.strictObject({ from: z.string() }),
  z.strictObject({ value: z.unknown() }),
])

const VALUE_SCHEMAS: Record<ListField, z.ZodType> = {
  emails: EmailSchema,
  phones: PhoneSchema,
  addresses: AddressSchema,
  websites: z.string(),
}

/**
 * Merges a cluster of records (one or more CRM records and any number of incoming ones) into one contact,
 * field by field, by survivorship rules, with a person's explicit choices taking precedence. The result is
 * deterministic, and for rules that do not depend on order the order of `records` does not change it.
 *
 * @param records - The cluster: contacts, or {@link MergeRecord}s naming their id, role and field times.
 * @param policy - A rule for every field (e.g. `'fillBlanks'`), or a {@link MergePolicy}.
 * @param choices - Decisions by field path, as the paths of {@link diffContacts} entries.
 * @param options - `defaultCountry`, `german` name folding, and `now` for the journal.
 * @returns The merged contact, the patch for the CRM, provenance per field path and the journal entry for undo.
 * @throws {MergeError} MERGE_UNKNOWN_PATH when a choice names a path that no record has;
 * MERGE_UNKNOWN_RECORD when a choice or the policy names a record not in the cluster;
 * MERGE_INVALID_CHOICE when a choice does not fit its path; MERGE_INVALID_POLICY when a rule does not fit its field;
 * MERGE_INVALID_INPUT when there are no records, two share an id, or a record is not a contact.
 * @see {@link https://github.com/contactkit/contactkit/blob/main/docs/guides/building-a-merge-view.md | Building a merge view}
 *
 * @example
 * ```ts
 * const crm = { id: 'crm-1', lastName: 'Müller', emails: [], phones: [{ value: '+49891234567' }], addresses: [], websites: [] }
 * const card = {
 *   lastName: 'MÜLLER', jobTitle: 'Leiterin Einkauf', source: { kind: 'businessCard' as const },
 *   emails: [{ value: 'a.mueller@muster.de' }], phones: [], addresses: [], websites: [],
 * }
 * const result = mergeContacts([crm, card], 'fillBlanks')
 * result.contact.jobTitle // 'Leiterin Einkauf'
 * result.provenance.jobTitle?.source // 'businessCard'
 * result.patch // [{ op: 'add', path: '/emails/0', ... }, { op: 'add', path: '/jobTitle', ... }]
 * ```
 */
export function mergeContacts(
  records: readonly (Contact | MergeRecord)[],
  policy: MergeRule | MergePolicy,
  choices: Readonly<Record<string, MergeChoice>> = {},
  options: MergeOptions = {},
): MergeResult {
  if (!Array.isArray(records) || records.length === 0) {
    throw new MergeError('MERGE_INVALID_INPUT', 'A merge needs at least one record.')
  }
  const keys = fieldKeys({ defaultCountry: options.defaultCountry, german: options.german })
  const prepared = prepare(records, keys)
  const resolvedPolicy = typeof policy === 'object' && policy !== null ? policy : { default: policy }
  const ranked = rank(prepared, resolvedPolicy.survivor)
  const survivor = ranked[0] as PreparedRecord
  const byRef = new Map(prepared.map((record) => [record.ref, record]))
  const checkedChoices = checkChoices(choices, ranked, byRef)
  const merger = new Merger(ranked, resolvedPolicy, checkedChoices, keys)
  const { contact, provenance } = merger.run(survivor)
  const patch = toPatch(survivor.contact, contact)
  return {
    contact,
    survivor: survivor.ref,
    absorbed: ranked
      .filter((record) => record !== survivor && record.role === 'existing')
      .map((record) => record.ref),
    patch,
    provenance,
    journal: createJournalEntry({
      at: toIso(options.now),
      survivor: survivor.ref,
      records: prepared.map((record) => ({
        ref: record.ref,
        role: record.role,
        contact: record.contact,
        ...(record.fieldTimes === undefined ? {} : { fieldTimes: record.fieldTimes }),
      })),
      merged: contact,
      choices,
    }),
  }
}

function toIso(now: Date | string | undefined): string {
  if (now === undefined) return new Date().toISOString()
  return typeof now === 'string' ? now : now.toISOString()
}

function isMergeRecord(value: Contact | MergeRecord): value is MergeRecord {
  return isPlainObject((value as { contact?: unknown }).contact)
}

function prepare(records: readonly (Contact | MergeRecord)[], keys: FieldKeys): PreparedRecord[] {
  const seen = new Set<string>()
  return records.map((input, index) => {
    if (!isPlainObject(input)) {
      throw new MergeError('MERGE_INVALID_INPUT', `Record ${index} is not a contact.`, { details: { index } })
    }
    const wrapped: MergeRecord = isMergeRecord(input as Contact | MergeRecord)
      ? (input as unknown as MergeRecord)
      : { contact: input as unknown as Contact }
    const contact = wrapped.contact
    const ref = wrapped.id ?? contact.id ?? `#${index}`
    if (seen.has(ref)) {
      throw new MergeError('MERGE_INVALID_INPUT', `Two records have the id "${ref}".`, {
        details: { record: ref },
      })
    }
    seen.add(ref)
    const sourceKind = contact.source?.kind
    const role: RecordRole =
      wrapped.role ??
      (sourceKind === 'crm'
        ? 'existing'
        : sourceKind !== undefined
          ? 'incoming'
          : contact.id !== undefined
            ? 'existing'
            : 'incoming')
    const slots = toSlots(contact, keys)
    let filled = slots.scalars.size
    for (const field of LIST_FIELDS) filled += slots.lists[field].size
    for (const field of MAP_FIELDS) filled += slots.maps[field].size
    return { ref, index, contact, role, fieldTimes: wrapped.fieldTimes, slots, filled }
  })
}

function contentOf(record: PreparedRecord): string {
  record.json ??= stableStringify(record.contact)
  return record.json
}

// A total order that depends on content, not on input position: existing before incoming, fuller before
// emptier, then by id, then by the records' canonical JSON.
function compareRecords(a: PreparedRecord, b: PreparedRecord): number {
  if (a.role !== b.role) return a.role === 'existing' ? -1 : 1
  if (a.filled !== b.filled) return b.filled - a.filled
  const idA = a.contact.id
  const idB = b.contact.id
  if (idA !== idB) {
    if (idA === undefined) return 1
    if (idB === undefined) return -1
    return idA < idB ? -1 : 1
  }
  const jsonA = contentOf(a)
  const jsonB = contentOf(b)
  if (jsonA !== jsonB) return jsonA < jsonB ? -1 : 1
  return a.index - b.index
}

function rank(records: PreparedRecord[], survivorRef: string | undefined): PreparedRecord[] {
  const ranked = [...records].sort(compareRecords)
  if (survivorRef !== undefined) {
    const chosen = ranked.find((record) => record.ref === survivorRef)
    if (chosen === undefined) {
      throw new MergeError('MERGE_UNKNOWN_RECORD', `The survivor "${survivorRef}" is not in the cluster.`, {
        details: { record: survivorRef },
      })
    }
    ranked.splice(ranked.indexOf(chosen), 1)
    ranked.unshift(chosen)
  }
  const survivor = ranked[0] as PreparedRecord
  // Without any CRM record the survivor stands in for one, so `existing` rules always have a record.
  if (!ranked.some((record) => record.role === 'existing')) survivor.role = 'existing'
  else if (survivor.role !== 'existing') survivor.role = 'existing'
  return ranked
}

type CheckedChoice = Resolution | { from: PreparedRecord } | { value: unknown }

function checkChoices(
  choices: Readonly<Record<string, MergeChoice>>,
  ranked: PreparedRecord[],
  byRef: Map<string, PreparedRecord>,
): Map<string, CheckedChoice> {
  const checked = new Map<string, CheckedChoice>()
  if (!isPlainObject(choices)) {
    throw new MergeError('MERGE_INVALID_CHOICE', 'Choices must be an object keyed by field path.')
  }
  for (const [path, choice] of Object.entries(choices)) {
    const parsedPath = parsePath(path)
    if (parsedPath === undefined || !pathExists(parsedPath, ranked)) {
      throw new MergeError('MERGE_UNKNOWN_PATH', `No record of the merge has a value at "${path}".`, {
        details: { path },
      })
    }
    const parsed = ChoiceSchema.safeParse(choice)
    if (!parsed.success) {
      throw new MergeError(
        'MERGE_INVALID_CHOICE',
        `The choice for "${path}" is not keepExisting, takeIncoming, union, { from } or { value }.`,
        {
          details: { path },
        },
      )
    }
    const value = parsed.data
    if (value === 'union' && (parsedPath.type === 'scalar' || parsedPath.type === 'map')) {
      throw new MergeError(
        'MERGE_INVALID_CHOICE',
        `"union" needs a list field or one of its values, not "${path}".`,
        {
          details: { path },
        },
      )
    }
    if (typeof value === 'object' && 'from' in value) {
      const record = byRef.get(value.from)
      if (record === undefined) {
        throw new MergeError(
          'MERGE_UNKNOWN_RECORD',
          `The choice for "${path}" names "${value.from}", which is not in the cluster.`,
          {
            details: { path, record: value.from },
          },
        )
      }
      checked.set(path, { from: record })
    } else if (typeof value === 'object') {
      checked.set(path, { value: checkTypedValue(path, parsedPath, value.value) })
    } else {
      checked.set(path, value)
    }
  }
  return checked
}

function pathExists(path: NonNullable<ReturnType<typeof parsePath>>, records: PreparedRecord[]): boolean {
  switch (path.type) {
    case 'list':
      return true
    case 'scalar':
      return records.some((record) => record.slots.scalars.has(path.field))
    case 'value':
      return records.some((record) => record.slots.lists[path.field].has(path.key))
    case 'map':
      return records.some((record) => record.slots.maps[path.field].has(path.key))
  }
}

function checkTypedValue(
  path: string,
  parsedPath: NonNullable<ReturnType<typeof parsePath>>,
  value: unknown,
): unknown {
  const fail = (expected: string) =>
    new MergeError('MERGE_INVALID_CHOICE', `The value chosen for "${path}" must be ${expected}.`, {
      details: { path },
    })
  switch (parsedPath.type) {
    case 'scalar':
      if (value !== undefined && typeof value !== 'string') throw fail('a string')
      return value
    case 'map':
      if (parsedPath.field === 'social' && value !== undefined && typeof value !== 'string')
        throw fail('a string')
      return value
    case 'value': {
      if (value === undefined) return value
      const result = VALUE_SCHEMAS[parsedPath.field].safeParse(value)
      if (!result.success) throw fail(`one ${fieldLabel(parsedPath.field)}`)
      return value
    }
    case 'list': {
      const result = z.array(VALUE_SCHEMAS[parsedPath.field]).safeParse(value)
      if (!result.success) throw fail(`a list of ${fieldLabel(parsedPath.field, undefined, true)}`)
      return value
    }
  }
}

function valueTime(record: PreparedRecord, path: string, field: MergeField): string | undefined {
  return record.fieldTimes?.[path] ?? record.fieldTimes?.[field] ?? recordTime(record.contact)
}

class Merger {
  constructor(
    private readonly ranked: PreparedRecord[],
    private readonly policy: MergePolicy,
    private readonly choices: Map<string, CheckedChoice>,
    private readonly keys: FieldKeys,
  ) {}

  run(survivor: PreparedRecord): { contact: Contact; provenance: Record<string, FieldProvenance> } {
    const provenance: Record<string, FieldProvenance> = {}
    const out: Record<string, unknown> = {}
    if (survivor.contact.id !== undefined) out.id = survivor.contact.id
    const rawSources = new Map<string, PreparedRecord>()
    for (const field of SCALAR_FIELDS) {
      const picked = this.pickSingle(field, field, (record) => record.slots.scalars.get(field))
      if (picked === undefined || isBlankText(picked.value)) continue
      out[field] = picked.value
      provenance[field] = this.provenanceOf(field, field, picked)
      if (picked.record) rawSources.set(field, picked.record)
    }
    for (const field of LIST_FIELDS) {
      out[field] = this.mergeList(field, provenance)
    }
    for (const field of MAP_FIELDS) {
      const entries = this.mergeMap(field, provenance)
      if (entries !== undefined) out[field] = entries
    }
    if (survivor.contact.updatedAt !== undefined) out.updatedAt = survivor.contact.updatedAt
    if (survivor.contact.source !== undefined) out.source = clone(survivor.contact.source)
    const raw = this.mergeRaw(survivor, rawSources, out)
    if (raw !== undefined) out.raw = raw
    return { contact: out as Contact, provenance }
  }

  private ruleFor(field: MergeField): MergeRule {
    const rule = this.policy.fields?.[field] ?? this.policy.default
    const listField = (LIST_FIELDS as readonly string[]).includes(field)
    if (rule === undefined) return listField ? 'union' : 'fillBlanks'
    if (typeof rule !== 'function' && !RULE_NAMES.has(rule)) {
      throw new MergeError('MERGE_INVALID_POLICY', `"${String(rule)}" is not a merge rule.`, {
        details: { field },
      })
    }
    if (rule === 'union' && !listField) {
      if (this.policy.fields?.[field] === undefined) return 'fillBlanks'
      throw new MergeError('MERGE_INVALID_POLICY', `"union" applies to list fields, not to ${field}.`, {
        details: { field },
      })
    }
    return rule
  }

  private holders(read: (record: PreparedRecord) => unknown): Held[] {
    const held: Held[] = []
    for (const record of this.ranked) {
      const value = read(record)
      if (value !== undefined) held.push({ record, value })
    }
    return held
  }

  private newest(held: Held[], path: string, field: MergeField): Held | undefined {
    let best: Held | undefined
    let bestTime = Number.NEGATIVE_INFINITY
    for (const candidate of held) {
      const time = toMillis(valueTime(candidate.record, path, field)) ?? Number.NEGATIVE_INFINITY
      if (best === undefined || time > bestTime) {
        best = candidate
        bestTime = time
      }
    }
    return best
  }

  private candidateOf(held: Held, path: string, field: MergeField): MergeCandidate {
    return {
      record: held.record.ref,
      role: held.record.role,
      value: held.value,
      at: valueTime(held.record, path, field),
      source: held.record.contact.source,
    }
  }

  private applyRule(
    rule: MergeRule,
    held: Held[],
    path: string,
    field: MergeField,
    score: (value: unknown) => number,
  ): Picked | undefined {
    const asPicked = (candidate: Held | undefined, decidedBy: Decision): Picked | undefined =>
      candidate === undefined ? undefined : { record: candidate.record, value: candidate.value, decidedBy }
    const existing = held.find((candidate) => candidate.record.role === 'existing')
    const incoming = held.filter((candidate) => candidate.record.role === 'incoming')
    if (typeof rule === 'function') return this.applyCustom(rule, held, path, field)
    switch (rule) {
      case 'existing':
        return asPicked(existing, rule)
      case 'incoming':
        return asPicked(this.newest(incoming, path, field) ?? existing, rule)
      case 'fillBlanks':
      case 'union':
        return asPicked(existing ?? this.newest(incoming, path, field), rule)
      case 'newest':
        return asPicked(this.newest(held, path, field), rule)
      case 'mostComplete': {
        let best: Held | undefined
        let bestScore = -1
        for (const candidate of held) {
          const value = score(candidate.value)
          if (value > bestScore) {
            best = candidate
            bestScore = value
          }
        }
        return asPicked(best, rule)
      }
    }
  }

  private applyCustom(
    rule: CustomMergeRule,
    held: Held[],
    path: string,
    field: MergeField,
  ): Picked | undefined {
    const candidates = held.map((candidate) => this.candidateOf(candidate, path, field))
    const result = rule(candidates, { path, field })
    if (result === undefined) return undefined
    const index = candidates.indexOf(result as MergeCandidate)
    if (index >= 0)
      return { record: (held[index] as Held).record, value: (held[index] as Held).value, decidedBy: 'custom' }
    if (isPlainObject(result) && 'value' in result && !('record' in result)) {
      return { record: undefined, value: clone(result.value), decidedBy: 'custom' }
    }
    const named =
      'record' in result ? held.find((candidate) => candidate.record.ref === result.record) : undefined
    if (named !== undefined) return { record: named.record, value: named.value, decidedBy: 'custom' }
    throw new MergeError(
      'MERGE_INVALID_POLICY',
      `The custom rule for "${path}" returned something that is neither a candidate nor { value }.`,
      {
        details: { path },
      },
    )
  }

  private fromChoice(
    choice: CheckedChoice,
    held: Held[],
    path: string,
    field: MergeField,
  ): Picked | undefined {
    if (choice === 'keepExisting') {
      const existing = held.find((candidate) => candidate.record.role === 'existing')
      return existing && { record: existing.record, value: existing.value, decidedBy: 'choice' }
    }
    if (choice === 'takeIncoming') {
      const incoming = this.newest(
        held.filter((candidate) => candidate.record.role === 'incoming'),
        path,
        field,
      )
      return incoming && { record: incoming.record, value: incoming.value, decidedBy: 'choice' }
    }
    if (choice === 'union') {
      const first = held[0]
      return first && { record: first.record, value: first.value, decidedBy: 'choice' }
    }
    if ('from' in choice) {
      const from = held.find((candidate) => candidate.record === choice.from)
      return from && { record: from.record, value: from.value, decidedBy: 'choice' }
    }
    return { record: undefined, value: clone(choice.value), decidedBy: 'choice' }
  }

  private pickSingle(
    path: string,
    field: MergeField,
    read: (record: PreparedRecord) => unknown,
  ): Picked | undefined {
    const held = this.holders(read)
    const choice = this.choices.get(path)
    if (choice !== undefined) return this.fromChoice(choice, held, path, field)
    if (held.length === 0) return undefined
    return this.applyRule(this.ruleFor(field), held, path, field, textScore)
  }

  private provenanceOf(path: string, field: MergeField, picked: Picked): FieldProvenance {
    const provenance: FieldProvenance = { path, field, decidedBy: picked.decidedBy }
    const record = picked.record
    if (record === undefined) return provenance
    provenance.record = record.ref
    provenance.role = record.role
    const source = record.contact.source
    if (source?.kind !== undefined) provenance.source = source.kind
    const at = valueTime(record, path, field)
    if (at !== undefined) provenance.at = at
    if (source?.confidence !== undefined) provenance.confidence = source.confidence
    return provenance
  }

  private mergeMap(
    field: MapField,
    provenance: Record<string, FieldProvenance>,
  ): Record<string, unknown> | undefined {
    const keys: string[] = []
    const seen = new Set<string>()
    for (const record of this.ranked) {
      for (const key of record.slots.maps[field].keys()) {
        if (!seen.has(key)) {
          seen.add(key)
          keys.push(key)
        }
      }
    }
    if (keys.length === 0) return undefined
    const entries: Record<string, unknown> = {}
    let any = false
    for (const key of keys) {
      const path = mapPath(field, key)
      const picked = this.pickSingle(path, field, (record) => record.slots.maps[field].get(key))
      if (
        picked === undefined ||
        picked.value === undefined ||
        (field === 'social' && isBlankText(picked.value))
      )
        continue
      Object.defineProperty(entries, key, {
        value: clone(picked.value),
        enumerable: true,
        writable: true,
        configurable: true,
      })
      provenance[path] = this.provenanceOf(path, field, picked)
      any = true
    }
    return any ? entries : undefined
  }

  private mergeList(field: ListField, provenance: Record<string, FieldProvenance>): unknown[] {
    const order: string[] = []
    const holders = new Map<string, Held[]>()
    for (const record of this.ranked) {
      for (const [key, value] of record.slots.lists[field]) {
        let held = holders.get(key)
        if (held === undefined) {
          held = []
          holders.set(key, held)
          order.push(key)
        }
        held.push({ record, value })
      }
    }
    const fieldChoice = this.choices.get(field)
    let included: Map<string, Picked>
    if (fieldChoice !== undefined && typeof fieldChoice === 'object' && 'value' in fieldChoice) {
      return this.typedList(field, fieldChoice.value as unknown[], holders, provenance)
    }
    const rule = fieldChoice === undefined ? this.ruleFor(field) : undefined
    if (typeof rule === 'function') {
      const custom = this.customList(rule, field)
      if (custom.list !== undefined) return this.typedList(field, custom.list, holders, provenance, 'custom')
      included = this.formsOf(
        order,
        holders,
        (key) => custom.keys?.has(key) ?? false,
        'union',
        field,
        'custom',
      )
    } else if (fieldChoice !== undefined) {
      included = this.formsOf(
        order,
        holders,
        this.listChoiceFilter(fieldChoice as Exclude<CheckedChoice, { value: unknown }>, holders),
        'union',
        field,
        'choice',
      )
    } else {
      const decided = rule as RuleName
      included = this.formsOf(
        order,
        holders,
        this.listRuleFilter(decided, field, holders),
        decided,
        field,
        decided,
      )
    }
    // Value-level choices override whatever the field-level rule decided.
    for (const key of order) {
      const path = valuePath(field, key)
      const choice = this.choices.get(path)
      if (choice === undefined) continue
      const picked = this.fromChoice(choice, holders.get(key) ?? [], path, field)
      if (picked === undefined || picked.value === undefined) included.delete(key)
      else included.set(key, picked)
    }
    const list: unknown[] = []
    for (const key of order) {
      const picked = included.get(key)
      if (picked === undefined) continue
      const path = valuePath(field, key)
      list.push(picked.record === undefined ? picked.value : this.filled(picked, holders.get(key) ?? []))
      provenance[path] = this.provenanceOf(path, field, picked)
    }
    return list
  }

  // Blank details of the chosen form (a phone's kind, an address's region) come from the other records that
  // hold the same value, in rank order; `raw` stays with the form it describes.
  private filled(picked: Picked, held: Held[]): unknown {
    const value = clone(picked.value)
    if (!isPlainObject(value)) return value
    for (const other of held) {
      if (other.record === picked.record || !isPlainObject(other.value)) continue
      for (const [property, detail] of Object.entries(other.value)) {
        if (property === 'raw' || detail === undefined || detail === '') continue
        if (value[property] === undefined || value[property] === '') value[property] = clone(detail)
      }
    }
    return value
  }

  private listRuleFilter(
    rule: RuleName,
    field: ListField,
    holders: Map<string, Held[]>,
  ): (key: string) => boolean {
    const heldBy = (roles: RecordRole) => (key: string) =>
      (holders.get(key) ?? []).some((held) => held.record.role === roles)
    const existingKeys = heldBy('existing')
    const incomingKeys = heldBy('incoming')
    const hasAny = (test: (key: string) => boolean) => [...holders.keys()].some(test)
    const recordKeys = (record: PreparedRecord | undefined) => (key: string) =>
      record?.slots.lists[field].has(key) ?? false
    switch (rule) {
      case 'union':
        return () => true
      case 'existing':
        return existingKeys
      case 'incoming':
        return hasAny(incomingKeys) ? incomingKeys : existingKeys
      case 'fillBlanks':
        return hasAny(existingKeys) ? existingKeys : () => true
      case 'newest': {
        const owners = this.ranked.filter((record) => record.slots.lists[field].size > 0)
        const newest = this.newest(
          owners.map((record) => ({ record, value: undefined })),
          field,
          field,
        )
        return recordKeys(newest?.record)
      }
      case 'mostComplete': {
        let best: PreparedRecord | undefined
        for (const record of this.ranked) {
          if (best === undefined || record.slots.lists[field].size > best.slots.lists[field].size)
            best = record
        }
        return recordKeys(best)
      }
    }
  }

  private listChoiceFilter(
    choice: Exclude<CheckedChoice, { value: unknown }>,
    holders: Map<string, Held[]>,
  ): (key: string) => boolean {
    const heldBy = (test: (record: PreparedRecord) => boolean) => (key: string) =>
      (holders.get(key) ?? []).some((held) => test(held.record))
    if (choice === 'union') return () => true
    if (choice === 'keepExisting') return heldBy((record) => record.role === 'existing')
    if (choice === 'takeIncoming') return heldBy((record) => record.role === 'incoming')
    return heldBy((record) => record === choice.from)
  }

  private formsOf(
    order: string[],
    holders: Map<string, Held[]>,
    include: (key: string) => boolean,
    rule: RuleName,
    field: ListField,
    decidedBy: Decision,
  ): Map<string, Picked> {
    const included = new Map<string, Picked>()
    for (const key of order) {
      if (!include(key)) continue
      const held = holders.get(key) ?? []
      const path = valuePath(field, key)
      const form =
        rule === 'incoming' || rule === 'newest'
          ? this.applyRule(rule, held, path, field, detailScore)
          : this.applyRule(
              rule === 'mostComplete' ? 'mostComplete' : 'fillBlanks',
              held,
              path,
              field,
              detailScore,
            )
      if (form !== undefined) included.set(key, { ...form, decidedBy })
    }
    return included
  }

  private customList(rule: CustomMergeRule, field: ListField): { keys?: Set<string>; list?: unknown[] } {
    const owners = this.ranked.filter((record) => record.slots.lists[field].size > 0)
    const held = owners.map((record) => ({ record, value: [...record.slots.lists[field].values()] }))
    const picked = this.applyCustom(rule, held, field, field)
    if (picked === undefined) return { keys: new Set() }
    if (picked.record !== undefined) return { keys: new Set(picked.record.slots.lists[field].keys()) }
    if (!Array.isArray(picked.value)) {
      throw new MergeError('MERGE_INVALID_POLICY', `The custom rule for ${field} must return a list.`, {
        details: { field },
      })
    }
    return { list: picked.value }
  }

  private typedList(
    field: ListField,
    values: unknown[],
    holders: Map<string, Held[]>,
    provenance: Record<string, FieldProvenance>,
    decidedBy: Decision = 'choice',
  ): unknown[] {
    const list = clone(values)
    for (const value of list) {
      const key = this.keys.value(field, value)
      const path = valuePath(field, key)
      const first = holders.get(key)?.[0]
      provenance[path] = this.provenanceOf(path, field, { record: first?.record, value, decidedBy })
    }
    return list
  }

  private mergeRaw(
    survivor: PreparedRecord,
    sources: Map<string, PreparedRecord>,
    out: Record<string, unknown>,
  ): Record<string, string> | undefined {
    const raw: Record<string, string> = {}
    let any = false
    const scalar: ReadonlySet<string> = new Set(SCALAR_FIELDS)
    const keysSeen = new Set<string>()
    for (const record of this.ranked)
      for (const key of Object.keys(record.contact.raw ?? {})) keysSeen.add(key)
    for (const key of keysSeen) {
      const from = scalar.has(key) ? (out[key] === undefined ? undefined : sources.get(key)) : survivor
      const value = from?.contact.raw?.[key]
      if (typeof value === 'string') {
        Object.defineProperty(raw, key, { value, enumerable: true, writable: true, configurable: true })
        any = true
      }
    }
    return any ? raw : undefined
  }
}

function textScore(value: unknown): number {
  if (typeof value === 'string') return value.trim().length
  return stableStringify(value).length
}

function detailScore(value: unknown): number {
  if (!isPlainObject(value)) return textScore(value)
  return Object.values(value).filter((detail) => detail !== undefined && detail !== '').length
}

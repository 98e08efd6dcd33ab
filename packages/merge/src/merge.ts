import type { Contact, Source, SourceKind } from '@contactkit/core'
import type { Resolution } from './diff.js'
import { MergeError } from './error.js'
import { MERGE_FIELDS, type MergeField } from './fields.js'
import { checkChoices } from './internal/choices.js'
import { type FieldKeys, fieldKeys } from './internal/keys.js'
import { withLazyProperties } from './internal/lazy.js'
import { Merger } from './internal/merger.js'
import { mergePair } from './internal/pair.js'
import { ProvenanceNotes } from './internal/provenance.js'
import { type PreparedRecord, prepare, rank } from './internal/records.js'
import { type MergeJournalEntry, snapshotJournal } from './journal.js'
import { type JsonPatch, toPatch, toPatchAfterPair } from './patch.js'

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
 *   for single-valued fields). For a list field this means: the CRM's values, or the incoming ones if the CRM
 *   has none; use `union` to add new values beside existing ones.
 * - `newest`: the non-empty value with the latest timestamp (field time, else `updatedAt`, else `source.at`);
 *   for a list, the values of the newest record that has any.
 * - `mostComplete`: the longest (most informative) non-empty value; for a list, the longest list.
 * - `union`: every distinct value of every record (list fields only, and their default; a policy-wide
 *   `default: 'union'` lets single-valued fields fill their blanks).
 *
 * For a value two records share (the same number in two forms), list rules keep the CRM's form and fill its
 * blank details (a phone's `kind`) from the other records.
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
 * The choices of one merge, by field path: a plain object (as it arrives as JSON from a merge view) or a `Map`.
 * A `Map` is the faster of the two when the paths are new strings (each diff brings paths such as
 * `phones[+49891234567]` that the process has not seen), as V8 need not turn each one into a property name.
 *
 * @example
 * ```ts
 * const fromJson: MergeChoices = { jobTitle: 'takeIncoming' }
 * const fromDiff: MergeChoices = new Map([['phones[+49891234567]', 'keepExisting']])
 * ```
 */
export type MergeChoices = Readonly<Record<string, MergeChoice>> | ReadonlyMap<string, MergeChoice>

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
  /** Most records one merge accepts (a cluster is one person or company); default 10,000. */
  maxRecords?: number | undefined
}

const DEFAULT_MAX_RECORDS = 10_000

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
  decidedBy: 'choice' | 'custom' | Exclude<MergeRule, CustomMergeRule>
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

/**
 * Merges a cluster of records (one or more CRM records and any number of incoming ones) into one contact,
 * field by field, by survivorship rules, with a person's explicit choices taking precedence. The result is
 * deterministic, and for rules that do not depend on order the order of `records` does not change it.
 *
 * @param records - The cluster: contacts, or {@link MergeRecord}s naming their id, role and field times.
 * @param policy - A rule for every field (e.g. `'fillBlanks'`), or a {@link MergePolicy}.
 * @param choices - Decisions by field path, as the paths of {@link diffContacts} entries: a plain object or a `Map`.
 * @param options - `defaultCountry`, `german` name folding, and `now` for the journal.
 * @returns The merged contact, the patch for the CRM, provenance per field path and the journal entry for undo.
 * @throws {MergeError} MERGE_UNKNOWN_PATH when a choice names a path that no record has;
 * MERGE_UNKNOWN_RECORD when a choice or the policy names a record not in the cluster;
 * MERGE_INVALID_CHOICE when a choice does not fit its path; MERGE_INVALID_POLICY when a rule does not fit its field;
 * MERGE_INVALID_INPUT when there are no records, two share an id, or a record is not a contact;
 * MERGE_TOO_MANY_RECORDS when there are more than `maxRecords`.
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
 * result.patch // [{ op: 'add', path: '/jobTitle', ... }, { op: 'add', path: '/emails/0', ... }]
 * ```
 */
export function mergeContacts(
  records: readonly (Contact | MergeRecord)[],
  policy: MergeRule | MergePolicy,
  choices: MergeChoices = {},
  options: MergeOptions = {},
): MergeResult {
  if (!Array.isArray(records) || records.length === 0) {
    throw new MergeError('MERGE_INVALID_INPUT', 'A merge needs at least one record.')
  }
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS
  if (records.length > maxRecords) {
    throw new MergeError(
      'MERGE_TOO_MANY_RECORDS',
      `A merge takes at most ${maxRecords} records, not ${records.length}.`,
      {
        details: { records: records.length, maxRecords },
      },
    )
  }
  const keys = fieldKeys({ defaultCountry: options.defaultCountry, german: options.german })
  const prepared = prepare(records, keys)
  const resolvedPolicy = typeof policy === 'object' && policy !== null ? policy : { default: policy }
  const ranked = rank(prepared, resolvedPolicy.survivor)
  const survivor = ranked[0] as PreparedRecord
  let notes = new ProvenanceNotes()
  const pair = mergePair(ranked, resolvedPolicy, choices, notes)
  let contact: Contact
  let patch: JsonPatch
  if (pair !== undefined) {
    contact = pair.contact
    patch = toPatchAfterPair(survivor.contact, contact, pair.appended)
  } else {
    notes = new ProvenanceNotes()
    contact = mergeGeneral(ranked, resolvedPolicy, choices, keys, notes)
    patch = toPatch(survivor.contact, contact)
  }
  // Copies of the inputs are taken now, so later edits of the records cannot reach the journal.
  const journal = snapshotJournal({
    at: toIso(options.now),
    survivor: survivor.ref,
    records: prepared,
    patch,
    choices,
  })
  // `provenance` and `journal` are built when first read (see withLazyProperties): both are objects keyed by
  // field paths the process has never seen, the costliest thing V8 does in a merge.
  return withLazyProperties<MergeResult>(
    {
      contact,
      survivor: survivor.ref,
      absorbed: absorbedBy(ranked, survivor),
      patch,
    },
    { provenance: () => notes.build(), journal },
  )
}

// The other existing records, in rank order.
function absorbedBy(ranked: readonly PreparedRecord[], survivor: PreparedRecord): string[] {
  const absorbed: string[] = []
  for (const record of ranked)
    if (record !== survivor && record.role === 'existing') absorbed.push(record.ref)
  return absorbed
}

/** @internal The general engine, for any number of records (what {@link mergePair} answers for two). */
export function mergeGeneral(
  ranked: PreparedRecord[],
  policy: MergePolicy,
  choices: MergeChoices,
  keys: FieldKeys,
  notes: ProvenanceNotes,
): Contact {
  const merger = new Merger(ranked, policy, keys)
  merger.choose(checkChoices(choices, ranked, (path) => merger.valuePathOf(path), !hasCustomRule(policy)))
  return merger.run(ranked[0] as PreparedRecord, notes)
}

// Whether the merge calls code of the caller's (which could change the choices while it runs).
function hasCustomRule(policy: MergePolicy): boolean {
  if (typeof policy.default === 'function') return true
  const fields = policy.fields
  if (fields === undefined) return false
  for (const field of MERGE_FIELDS) if (typeof fields[field] === 'function') return true
  return false
}

function toIso(now: Date | string | undefined): string {
  if (now === undefined) return new Date().toISOString()
  return typeof now === 'string' ? now : now.toISOString()
}

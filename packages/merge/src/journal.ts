import type { Contact } from '@contactkit/core'
import { z } from 'zod'
import { MergeError } from './error.js'
import { clone, keyedRecord } from './internal/json-value.js'
import type { MergeChoice, MergeChoices, RecordRole } from './merge.js'
import { applyOperations, type JsonPatch, type JsonPatchOperation, toPatch } from './patch.js'

/**
 * One input record as the journal keeps it: a deep copy taken when the merge ran.
 *
 * @example
 * ```ts
 * const entry: JournalRecord = { ref: 'crm-1', role: 'existing', contact: { lastName: 'Müller', emails: [], phones: [], addresses: [], websites: [] } }
 * ```
 */
export interface JournalRecord {
  /** The record's id in the merge. */
  ref: string
  /** Its role. */
  role: RecordRole
  /** The contact exactly as it was handed to the merge. */
  contact: Contact
  /** Field times the merge was given for it. */
  fieldTimes?: Record<string, string>
}

/**
 * What a merge changed, kept so that {@link unmerge} can restore every input record. Plain JSON: a server
 * stores it as it is (e.g. in a `jsonb` column) for as long as it offers undo.
 *
 * @example
 * ```ts
 * function keep(entry: MergeJournalEntry) {
 *   return JSON.stringify(entry) // store; later: unmerge(JSON.parse(text))
 * }
 * ```
 */
export interface MergeJournalEntry {
  /** Format version of the entry. */
  version: 1
  /** When the merge ran (ISO 8601). */
  at: string
  /** Id of the surviving record. */
  survivor: string
  /** Every input record, in input order. */
  records: JournalRecord[]
  /** The patch the merge made to the surviving record (applied to its copy in `records`, it gives the merged contact). */
  patch: JsonPatch
  /** The choices the merge applied, by field path. */
  choices: Record<string, MergeChoice>
}

/**
 * The outcome of {@link unmerge}.
 *
 * @example
 * ```ts
 * function undo(result: UnmergeResult) {
 *   // 1. apply result.revertPatch to the surviving CRM record
 *   // 2. recreate result.recreate in the CRM
 *   return [result.revertPatch, result.recreate] as const
 * }
 * ```
 */
export interface UnmergeResult {
  /** Every input record exactly as it was, in input order. */
  records: Contact[]
  /** Id of the surviving record and its contact as it was before the merge. */
  survivor: { ref: string; contact: Contact }
  /**
   * RFC 6902 patch from the merged record back to the survivor's original, with a `test` of the merged value
   * before every change: it fails (instead of overwriting) if someone edited those fields since the merge.
   */
  revertPatch: JsonPatch
  /** The other records with role `existing` (absorbed by the merge), to recreate in the CRM. */
  recreate: Contact[]
}

const ContactObjectSchema = z.custom<Contact>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'Expected a contact object',
)

const JournalSchema = z.object({
  version: z.literal(1),
  at: z.string(),
  survivor: z.string(),
  records: z
    .array(
      z.object({
        ref: z.string(),
        role: z.enum(['existing', 'incoming']),
        contact: ContactObjectSchema,
        fieldTimes: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(1),
  patch: z.array(
    z.object({ op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']), path: z.string() }).loose(),
  ),
  choices: z.record(z.string(), z.unknown()),
})

/** @internal What a merge hands to {@link snapshotJournal}. */
export interface JournalInput {
  at: string
  survivor: string
  records: readonly {
    ref: string
    role: RecordRole
    contact: Contact
    fieldTimes?: Record<string, string> | undefined
  }[]
  patch: JsonPatch
  choices: MergeChoices
}

/**
 * @internal Copies everything the entry needs now (so later edits of the inputs cannot change it) and returns
 * a function that assembles the entry. The choices stay in the form they came in until then: a `Map` becomes
 * the entry's plain object only when the entry is read.
 */
export function snapshotJournal(entry: JournalInput): () => MergeJournalEntry {
  // Copies now, the entry's objects around them when read: ref, role, contact copy, field times copy per record.
  const copies: unknown[] = []
  for (const record of entry.records) {
    copies.push(
      record.ref,
      record.role,
      clone(record.contact),
      record.fieldTimes === undefined ? undefined : clone(record.fieldTimes),
    )
  }
  const patch = clone(entry.patch)
  // A Map's paths and choices alternate in one array; resolutions are strings and need no copy.
  let choices: Record<string, MergeChoice> | unknown[]
  if (entry.choices instanceof Map) {
    const copied: unknown[] = []
    for (const [path, choice] of entry.choices) {
      copied.push(path, typeof choice === 'string' ? choice : clone(choice))
    }
    choices = copied
  } else choices = clone(entry.choices as Record<string, MergeChoice>)
  return () => ({
    version: 1,
    at: entry.at,
    survivor: entry.survivor,
    records: journalRecords(copies),
    patch,
    choices: Array.isArray(choices) ? choicesObject(choices) : choices,
  })
}

function journalRecords(copies: unknown[]): JournalRecord[] {
  const records: JournalRecord[] = []
  for (let at = 0; at < copies.length; at += 4) {
    const record: JournalRecord = {
      ref: copies[at] as string,
      role: copies[at + 1] as RecordRole,
      contact: copies[at + 2] as Contact,
    }
    const fieldTimes = copies[at + 3] as Record<string, string> | undefined
    if (fieldTimes !== undefined) record.fieldTimes = fieldTimes
    records.push(record)
  }
  return records
}

function choicesObject(entries: unknown[]): Record<string, MergeChoice> {
  // Dictionary mode from the start: the paths are new property names (see keyedRecord).
  const choices = keyedRecord<MergeChoice>()
  for (let at = 0; at < entries.length; at += 2) {
    const path = entries[at] as string
    const choice = entries[at + 1] as MergeChoice
    // defineProperty, so a path named `__proto__` stays a key (such a choice fails the merge anyway).
    if (path === '__proto__') {
      Object.defineProperty(choices, path, {
        value: choice,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else choices[path] = choice
  }
  return choices
}

/**
 * Undoes a merge from its journal entry: returns every input record exactly as it was, plus what a CRM needs
 * to get there (a guarded patch for the surviving record, the absorbed records to recreate).
 *
 * @param entry - A journal entry from {@link mergeContacts}, also after a JSON round trip through storage.
 * @returns The restored records and the CRM operations.
 * @throws {MergeError} MERGE_INVALID_JOURNAL when the entry is not one `mergeContacts` wrote.
 * @see {@link https://github.com/contactkit/contactkit/blob/main/docs/guides/building-a-merge-view.md | Building a merge view}
 *
 * @example
 * ```ts
 * const crm = { id: 'crm-1', lastName: 'Müller', emails: [], phones: [], addresses: [], websites: [] }
 * const card = { lastName: 'Müller', jobTitle: 'Leiterin Einkauf', emails: [], phones: [], addresses: [], websites: [] }
 * const { journal } = mergeContacts([crm, card], 'fillBlanks')
 * const undo = unmerge(JSON.parse(JSON.stringify(journal)))
 * undo.records // [crm, card], deep-equal to the inputs
 * undo.revertPatch // [{ op: 'test', path: '/jobTitle', value: 'Leiterin Einkauf' }, { op: 'remove', path: '/jobTitle' }]
 * ```
 */
export function unmerge(entry: MergeJournalEntry): UnmergeResult {
  const parsed = JournalSchema.safeParse(entry)
  if (!parsed.success) {
    throw new MergeError('MERGE_INVALID_JOURNAL', 'This is not a merge journal entry.', {
      details: { paths: parsed.error.issues.map((issue) => issue.path.join('.')) },
    })
  }
  const journal = parsed.data
  const survivor = journal.records.find((record) => record.ref === journal.survivor)
  if (survivor === undefined) {
    throw new MergeError(
      'MERGE_INVALID_JOURNAL',
      'The journal entry does not contain its surviving record.',
      {
        details: { survivor: journal.survivor },
      },
    )
  }
  let merged: unknown
  try {
    merged = applyOperations(survivor.contact, journal.patch as JsonPatchOperation[])
  } catch (error) {
    throw new MergeError(
      'MERGE_INVALID_JOURNAL',
      "The journal's patch does not apply to its surviving record.",
      {
        cause: error,
      },
    )
  }
  return {
    records: journal.records.map((record) => clone(record.contact)),
    survivor: { ref: survivor.ref, contact: clone(survivor.contact) },
    revertPatch: toPatch(merged as Contact, survivor.contact, { test: true }),
    recreate: journal.records
      .filter((record) => record !== survivor && record.role === 'existing')
      .map((record) => clone(record.contact)),
  }
}

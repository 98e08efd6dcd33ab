/**
 * The records of a merge: ids, roles, slots, and the canonical order every rule relies on.
 *
 * @internal
 * @packageDocumentation
 */
import type { Contact, SourceKind } from '@contactkit/core'
import { MergeError } from '../error.js'
import { LIST_FIELDS, MAP_FIELDS, type MergeField } from '../fields.js'
import type { MergeRecord, RecordRole } from '../merge.js'
import { recordTime, toMillis } from './describe.js'
import { isPlainObject, stableStringify } from './json-value.js'
import type { FieldKeys, LocalKeys } from './keys.js'
import { type ContactSlots, toSlots } from './slots.js'

/** @internal */
export interface PreparedRecord {
  ref: string
  index: number
  contact: Contact
  role: RecordRole
  fieldTimes: Record<string, string> | undefined
  slots: ContactSlots
  filled: number
  /** `updatedAt`, else `source.at`: when the record's values were last known true. */
  at: string | undefined
  /** Milliseconds of `at`. */
  time: number | undefined
  /** `source.kind` and `source.confidence` as they were when the merge ran. */
  sourceKind: SourceKind | undefined
  confidence: number | undefined
  json?: string
}

function isMergeRecord(value: object): value is MergeRecord {
  return isPlainObject((value as { contact?: unknown }).contact)
}

/** @internal Reads the inputs: ids (unique), roles, slots. */
export function prepare(records: readonly (Contact | MergeRecord)[], keys: FieldKeys): PreparedRecord[] {
  // Ids seen so far: the prepared records themselves for a few (a pair after its diff), a Set for a cluster.
  const seen = records.length > SMALL_MERGE ? new Set<string>() : undefined
  // A cluster's records repeat each other's numbers and email addresses: one key per text for the whole merge.
  const local: LocalKeys | undefined = records.length > 2 ? new Map() : undefined
  const prepared: PreparedRecord[] = []
  for (let index = 0; index < records.length; index++) {
    const input = records[index]
    if (!isPlainObject(input)) {
      throw new MergeError('MERGE_INVALID_INPUT', `Record ${index} is not a contact.`, { details: { index } })
    }
    const wrapped: MergeRecord = isMergeRecord(input) ? input : { contact: input as Contact }
    const contact = wrapped.contact
    const ref = wrapped.id ?? contact.id ?? `#${index}`
    if (seen === undefined ? prepared.some((record) => record.ref === ref) : seen.has(ref)) {
      throw new MergeError('MERGE_INVALID_INPUT', `Two records have the id "${ref}".`, {
        details: { record: ref },
      })
    }
    seen?.add(ref)
    const sourceKind = contact.source?.kind
    let role: RecordRole
    if (wrapped.role !== undefined) role = wrapped.role
    else if (sourceKind !== undefined) role = sourceKind === 'crm' ? 'existing' : 'incoming'
    else role = contact.id !== undefined ? 'existing' : 'incoming'
    const slots = toSlots(contact, keys, local)
    let filled = slots.scalarCount
    for (const field of LIST_FIELDS) filled += slots.lists[field].size
    for (const field of MAP_FIELDS) filled += slots.maps[field].size
    const at = recordTime(contact)
    prepared.push({
      ref,
      index,
      contact,
      role,
      fieldTimes: wrapped.fieldTimes,
      slots,
      filled,
      at,
      time: toMillis(at),
      sourceKind,
      confidence: contact.source?.confidence,
    })
  }
  return prepared
}

// Up to this many records, a duplicate id is looked for among the records prepared so far.
const SMALL_MERGE = 8

function contentOf(record: PreparedRecord): string {
  record.json ??= stableStringify(record.contact)
  return record.json
}

// A total order that depends on content, not on input position: existing before incoming, fuller before
// emptier, then by id, then newer before older, then by the records' canonical JSON.
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
  const timeA = a.time ?? Number.NEGATIVE_INFINITY
  const timeB = b.time ?? Number.NEGATIVE_INFINITY
  if (timeA !== timeB) return timeB - timeA
  const jsonA = contentOf(a)
  const jsonB = contentOf(b)
  if (jsonA !== jsonB) return jsonA < jsonB ? -1 : 1
  return a.index - b.index
}

/**
 * @internal The records in canonical order, the survivor first. Without any CRM record the survivor stands in
 * for one, so `existing` rules always have a record.
 */
export function rank(records: PreparedRecord[], survivorRef: string | undefined): PreparedRecord[] {
  // Two records (the merge after a diff): one comparison, no sort and its work array.
  const ranked =
    records.length === 2
      ? compareRecords(records[0] as PreparedRecord, records[1] as PreparedRecord) <= 0
        ? [records[0] as PreparedRecord, records[1] as PreparedRecord]
        : [records[1] as PreparedRecord, records[0] as PreparedRecord]
      : [...records].sort(compareRecords)
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
  ;(ranked[0] as PreparedRecord).role = 'existing'
  return ranked
}

/** @internal When a record's value at a path was last known true: field time, `updatedAt`, `source.at`. */
export function valueTime(record: PreparedRecord, path: string, field: MergeField): string | undefined {
  return record.fieldTimes?.[path] ?? record.fieldTimes?.[field] ?? recordTime(record.contact)
}

/**
 * Provenance as the merge engine writes it: one small note per field path, turned into the public
 * `Record<string, FieldProvenance>` only when a caller reads `result.provenance`. An object keyed by paths
 * such as `phones[+49891234567]` costs V8 a string-table entry per never-seen path (about 0.5 µs each), which
 * was a third of the engine's time for a merge nobody reads the provenance of.
 *
 * @internal
 * @packageDocumentation
 */
import type { MergeField } from '../fields.js'
import type { FieldProvenance } from '../merge.js'
import { keyedRecord } from './json-value.js'
import { type PreparedRecord, valueTime } from './records.js'

type Decision = FieldProvenance['decidedBy']

/** @internal */
export class ProvenanceNotes {
  // Four slots per note (path, field, record, decision), in one array: one allocation and its growth instead
  // of one per column.
  private readonly notes: unknown[] = []
  // Per-value times from `fieldTimes`, read now (the caller may edit that object after the merge); by note
  // number, only when some record has field times.
  private times: (string | undefined)[] | undefined

  /** Notes that the value at `path` came from `record` (or from no record), decided by `decidedBy`. */
  note(path: string, field: MergeField, record: PreparedRecord | undefined, decidedBy: Decision): void {
    const index = this.notes.length / 4
    this.notes.push(path, field, record, decidedBy)
    if (record?.fieldTimes !== undefined) {
      this.times ??= []
      this.times[index] = valueTime(record, path, field)
    }
  }

  /** The provenance object, in the order the paths were noted (a later note of a path replaces the earlier). */
  build(): Record<string, FieldProvenance> {
    const provenance = keyedRecord<FieldProvenance>()
    const notes = this.notes
    for (let at = 0; at < notes.length; at += 4) {
      const path = notes[at] as string
      const entry: FieldProvenance = {
        path,
        field: notes[at + 1] as MergeField,
        decidedBy: notes[at + 3] as Decision,
      }
      const record = notes[at + 2] as PreparedRecord | undefined
      if (record !== undefined) {
        entry.record = record.ref
        entry.role = record.role
        if (record.sourceKind !== undefined) entry.source = record.sourceKind
        const time = this.times?.[at / 4] ?? record.at
        if (time !== undefined) entry.at = time
        if (record.confidence !== undefined) entry.confidence = record.confidence
      }
      provenance[path] = entry
    }
    return provenance
  }
}

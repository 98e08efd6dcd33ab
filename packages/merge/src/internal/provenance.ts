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
  private readonly paths: string[] = []
  private readonly fields: MergeField[] = []
  private readonly records: (PreparedRecord | undefined)[] = []
  private readonly decisions: Decision[] = []
  // Per-value times from `fieldTimes`, read now (the caller may edit that object after the merge).
  private readonly times: (string | undefined)[] = []

  /** Notes that the value at `path` came from `record` (or from no record), decided by `decidedBy`. */
  note(path: string, field: MergeField, record: PreparedRecord | undefined, decidedBy: Decision): void {
    this.paths.push(path)
    this.fields.push(field)
    this.records.push(record)
    this.decisions.push(decidedBy)
    this.times.push(record?.fieldTimes === undefined ? undefined : valueTime(record, path, field))
  }

  /** The provenance object, in the order the paths were noted (a later note of a path replaces the earlier). */
  build(): Record<string, FieldProvenance> {
    const provenance = keyedRecord<FieldProvenance>()
    for (let index = 0; index < this.paths.length; index++) {
      const path = this.paths[index] as string
      const entry: FieldProvenance = {
        path,
        field: this.fields[index] as MergeField,
        decidedBy: this.decisions[index] as Decision,
      }
      const record = this.records[index]
      if (record !== undefined) {
        entry.record = record.ref
        entry.role = record.role
        if (record.sourceKind !== undefined) entry.source = record.sourceKind
        const at = this.times[index] ?? record.at
        if (at !== undefined) entry.at = at
        if (record.confidence !== undefined) entry.confidence = record.confidence
      }
      provenance[path] = entry
    }
    return provenance
  }
}

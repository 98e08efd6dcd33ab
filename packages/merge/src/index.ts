export {
  type ContactDiff,
  type DiffEntry,
  type DiffEntryOf,
  type DiffKind,
  type DiffOptions,
  diffContacts,
  type Resolution,
} from './diff.js'
export { isMergeError, MergeError, type MergeErrorCode } from './error.js'
export {
  type FieldValue,
  LIST_FIELDS,
  type ListField,
  MAP_FIELDS,
  type MapField,
  type MergeField,
  SCALAR_FIELDS,
  type ScalarField,
} from './fields.js'
export { type JournalRecord, type MergeJournalEntry, type UnmergeResult, unmerge } from './journal.js'
export {
  type CustomMergeRule,
  type FieldProvenance,
  type MergeCandidate,
  type MergeChoice,
  type MergeChoices,
  type MergeOptions,
  type MergePolicy,
  type MergeRecord,
  type MergeResult,
  type MergeRule,
  mergeContacts,
  type RecordRole,
} from './merge.js'
export {
  type ApplyPatchOptions,
  applyPatch,
  type FieldUpdate,
  type JsonPatch,
  type JsonPatchOperation,
  type ToPatchOptions,
  toFieldUpdate,
  toPatch,
  toPointerSegment,
} from './patch.js'

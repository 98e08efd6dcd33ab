import { type Contact, ContactSchema, toValidationIssues } from '@contactkit/core'
import { z } from 'zod'
import { MergeError } from './error.js'
import { fieldSlot, LIST_FIELDS, LIST_OFFSET, type ListField, MAP_OFFSET } from './fields.js'
import { clone, deepEqual, definedKeys, isPlainObject, type PlainObject } from './internal/json-value.js'

/**
 * One RFC 6902 JSON Patch operation. Paths are JSON Pointers (RFC 6901): `/phones/1/kind`, `/custom/a~1b`.
 *
 * @example
 * ```ts
 * const operation: JsonPatchOperation = { op: 'replace', path: '/jobTitle', value: 'Leiterin Einkauf' }
 * ```
 */
export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'move'; from: string; path: string }
  | { op: 'copy'; from: string; path: string }
  | { op: 'test'; path: string; value: unknown }

/**
 * An RFC 6902 JSON Patch: operations applied in order, all or nothing.
 *
 * @example
 * ```ts
 * const patch: JsonPatch = [{ op: 'add', path: '/phones/-', value: { value: '+491712345678', kind: 'mobile' } }]
 * ```
 */
export type JsonPatch = JsonPatchOperation[]

/**
 * Options of {@link toPatch}.
 *
 * @example
 * ```ts
 * const options: ToPatchOptions = { test: true }
 * ```
 */
export interface ToPatchOptions {
  /**
   * Put a `test` operation with the old value before every `replace` and `remove`, so the patch fails
   * (instead of overwriting) when the record changed in the meantime. Default `false`.
   */
  test?: boolean | undefined
}

// Arrays longer than this (per side, after trimming the common ends) are replaced whole instead of
// aligned, to keep the alignment's quadratic table small.
const MAX_ALIGNED = 500

/**
 * Escapes one segment of a JSON Pointer (`~` → `~0`, `/` → `~1`).
 *
 * @param segment - A property name or array index.
 * @returns The escaped segment.
 *
 * @example
 * ```ts
 * toPointerSegment('a/b~c') // 'a~1b~0c'
 * ```
 */
export function toPointerSegment(segment: string | number): string {
  const text = String(segment)
  if (!text.includes('~') && !text.includes('/')) return text
  return text.replaceAll('~', '~0').replaceAll('/', '~1')
}

/**
 * The RFC 6902 JSON Patch that turns `existing` into `merged`, with operations for the changed paths only:
 * unchanged fields produce nothing, a changed property of one phone is one `replace` of that property, a new
 * value of a list is one `add`.
 *
 * @param existing - The record as the CRM has it.
 * @param merged - The record as it should be, e.g. `mergeContacts(...).contact`.
 * @param options - `test: true` guards every `replace` and `remove` with a `test` of the old value.
 * @returns The patch; `[]` when the two are equal. `applyPatch(existing, patch)` deep-equals `merged`.
 *
 * @example
 * ```ts
 * const existing = { lastName: 'Müller', emails: [], phones: [{ value: '+49891234567' }], addresses: [], websites: [] }
 * const merged = { ...existing, jobTitle: 'Leiterin Einkauf', phones: [{ value: '+49891234567', kind: 'work' as const }] }
 * toPatch(existing, merged)
 * // [{ op: 'add', path: '/phones/0/kind', value: 'work' }, { op: 'add', path: '/jobTitle', value: 'Leiterin Einkauf' }]
 * ```
 */
export function toPatch(existing: Contact, merged: Contact, options: ToPatchOptions = {}): JsonPatch {
  const patch: JsonPatch = []
  diffInto(existing, merged, '', patch, options.test === true)
  return patch
}

/**
 * @internal `toPatch(existing, merged)` for a merge of two records, from what the two-record engine knows: per
 * list field, the index from which the merged list only adds to the existing one (-1: compare the lists), and that
 * `merged.source` is a copy of `existing.source`. The same operations in the same order, without comparing the
 * lists value by value or copying them again (a test pins both to the same patch).
 */
export function toPatchAfterPair(
  existing: Contact,
  merged: Contact,
  appended: Readonly<Record<ListField, number>>,
): JsonPatch {
  const a = existing as unknown as PlainObject
  const b = merged as unknown as PlainObject
  const patch: JsonPatch = []
  // Both are plain objects (mergeContacts takes no other records): for-in sees their own keys and reads each value
  // by the field index V8 keeps with them, rather than through the megamorphic cache of `a[key]`.
  for (const key in a) {
    if (a[key] !== undefined && b[key] === undefined)
      patch.push({ op: 'remove', path: `/${toPointerSegment(key)}` })
  }
  for (const key in b) {
    const after = b[key]
    if (after === undefined) continue
    const before = a[key]
    if (before === after || (key === 'source' && before !== undefined)) continue
    const at = `/${toPointerSegment(key)}`
    if (before === undefined) {
      patch.push({ op: 'add', path: at, value: clone(after) })
      continue
    }
    const slot = fieldSlot(key)
    const from = slot >= LIST_OFFSET && slot < MAP_OFFSET ? appended[key as ListField] : -1
    if (from < 0) {
      diffInto(before, after, at, patch, false)
      continue
    }
    const list = after as unknown[]
    for (let index = from; index < list.length; index++) {
      patch.push({ op: 'add', path: `${at}/${index}`, value: clone(list[index]) })
    }
  }
  return patch
}

function diffInto(a: unknown, b: unknown, path: string, patch: JsonPatch, test: boolean): void {
  if (a === b) return
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of Object.keys(a)) {
      const before = a[key]
      if (before !== undefined && b[key] === undefined) {
        const at = `${path}/${toPointerSegment(key)}`
        if (test) patch.push({ op: 'test', path: at, value: clone(before) })
        patch.push({ op: 'remove', path: at })
      }
    }
    for (const key of Object.keys(b)) {
      const after = b[key]
      if (after === undefined) continue
      const before = a[key]
      if (before === after) continue
      const at = `${path}/${toPointerSegment(key)}`
      if (before === undefined) patch.push({ op: 'add', path: at, value: clone(after) })
      else diffInto(before, after, at, patch, test)
    }
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffArray(a, b, path, patch, test)
    return
  }
  if (deepEqual(a, b)) return
  if (test) patch.push({ op: 'test', path, value: clone(a) })
  patch.push({ op: 'replace', path, value: clone(b) })
}

type Step = 'keep' | 'delete' | 'insert'

function diffArray(a: unknown[], b: unknown[], path: string, patch: JsonPatch, test: boolean): void {
  let start = 0
  while (start < a.length && start < b.length && deepEqual(a[start], b[start])) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && deepEqual(a[endA - 1], b[endB - 1])) {
    endA--
    endB--
  }
  // Equal lists (the common case for most fields of a merge): nothing to align.
  if (start === endA && start === endB) return
  const middleA = a.slice(start, endA)
  const middleB = b.slice(start, endB)
  if (middleA.length > MAX_ALIGNED || middleB.length > MAX_ALIGNED) {
    if (test) patch.push({ op: 'test', path, value: clone(a) })
    patch.push({ op: 'replace', path, value: clone(b) })
    return
  }
  const steps = align(middleA, middleB)
  let position = start
  let indexA = 0
  let indexB = 0
  let cursor = 0
  while (cursor < steps.length) {
    if (steps[cursor] === 'keep') {
      position++
      indexA++
      indexB++
      cursor++
      continue
    }
    let deletes = 0
    let inserts = 0
    while (cursor < steps.length && steps[cursor] !== 'keep') {
      if (steps[cursor] === 'delete') deletes++
      else inserts++
      cursor++
    }
    // A value replaced in place becomes a patch of what changed inside it, not a remove plus an add.
    const pairs = Math.min(deletes, inserts)
    for (let pair = 0; pair < pairs; pair++) {
      diffInto(middleA[indexA++], middleB[indexB++], `${path}/${position}`, patch, test)
      position++
    }
    for (let count = pairs; count < deletes; count++) {
      if (test) patch.push({ op: 'test', path: `${path}/${position}`, value: clone(middleA[indexA]) })
      patch.push({ op: 'remove', path: `${path}/${position}` })
      indexA++
    }
    for (let count = pairs; count < inserts; count++) {
      patch.push({ op: 'add', path: `${path}/${position}`, value: clone(middleB[indexB++]) })
      position++
    }
  }
}

// Longest common subsequence by deep equality, as keep/delete/insert steps.
function align(a: unknown[], b: unknown[]): Step[] {
  // Values only added or only removed: no table to fill (it would say the same).
  if (a.length === 0) return new Array<Step>(b.length).fill('insert')
  if (b.length === 0) return new Array<Step>(a.length).fill('delete')
  const width = b.length + 1
  const lengths = new Uint16Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = deepEqual(a[i], b[j])
        ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
        : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0)
    }
  }
  const steps: Step[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && deepEqual(a[i], b[j])) {
      steps.push('keep')
      i++
      j++
    } else if (
      j >= b.length ||
      (i < a.length && (lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0))
    ) {
      steps.push('delete')
      i++
    } else {
      steps.push('insert')
      j++
    }
  }
  return steps
}

const PointerSchema = z
  .string()
  .refine((value) => value === '' || value.startsWith('/'), 'a JSON Pointer starts with "/"')

const OperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: PointerSchema, value: z.unknown() }),
  z.object({ op: z.literal('remove'), path: PointerSchema }),
  z.object({ op: z.literal('replace'), path: PointerSchema, value: z.unknown() }),
  z.object({ op: z.literal('move'), from: PointerSchema, path: PointerSchema }),
  z.object({ op: z.literal('copy'), from: PointerSchema, path: PointerSchema }),
  z.object({ op: z.literal('test'), path: PointerSchema, value: z.unknown() }),
])

const PatchSchema = z.array(OperationSchema)

class PatchFailure extends Error {}

const DEFAULT_MAX_OPERATIONS = 10_000

/**
 * Options of {@link applyPatch}.
 *
 * @example
 * ```ts
 * const options: ApplyPatchOptions = { maxOperations: 500 }
 * ```
 */
export interface ApplyPatchOptions {
  /** Most operations accepted, as patches may come from clients; default 10,000. */
  maxOperations?: number | undefined
}

/**
 * Applies an RFC 6902 JSON Patch to a contact, all or nothing, without touching the input. Supports every
 * operation of the RFC (`add`, `remove`, `replace`, `move`, `copy`, `test`).
 *
 * @param existing - The record to patch; it is not modified.
 * @param patch - The operations, e.g. from {@link toPatch}; may come from an untrusted client.
 * @param options - `maxOperations` (default 10,000).
 * @returns A new contact; for a patch from `toPatch(existing, merged)` it deep-equals `merged`.
 * @throws {MergeError} MERGE_PATCH_FAILED when the patch is malformed or too long, an operation does not apply (missing path,
 * index out of range, failed `test`), or the result is not a valid contact; `details` name the operation.
 *
 * @example
 * ```ts
 * const existing = { lastName: 'Müller', emails: [], phones: [], addresses: [], websites: [] }
 * applyPatch(existing, [{ op: 'add', path: '/jobTitle', value: 'Leiterin Einkauf' }]).jobTitle // 'Leiterin Einkauf'
 * applyPatch(existing, [{ op: 'test', path: '/lastName', value: 'Meier' }]) // throws MERGE_PATCH_FAILED
 * ```
 */
export function applyPatch(
  existing: Contact,
  patch: readonly JsonPatchOperation[],
  options: ApplyPatchOptions = {},
): Contact {
  const maxOperations = options.maxOperations ?? DEFAULT_MAX_OPERATIONS
  if (Array.isArray(patch) && patch.length > maxOperations) {
    throw new MergeError(
      'MERGE_PATCH_FAILED',
      `The patch has ${patch.length} operations; at most ${maxOperations} are accepted.`,
      {
        details: { operations: patch.length, maxOperations },
      },
    )
  }
  const parsed = PatchSchema.safeParse(patch)
  if (!parsed.success) {
    throw new MergeError('MERGE_PATCH_FAILED', 'The patch is not an RFC 6902 JSON Patch.', {
      details: { issues: toValidationIssues(parsed.error) },
      cause: parsed.error,
    })
  }
  const document = applyOperations(existing, parsed.data as JsonPatchOperation[])
  const valid = ContactSchema.safeParse(document)
  if (!valid.success) {
    const issues = toValidationIssues(valid.error)
    throw new MergeError(
      'MERGE_PATCH_FAILED',
      `The patched record is not a valid contact: ${issues.map((issue) => issue.path).join(', ')}`,
      { details: { issues } },
    )
  }
  return document as Contact
}

/**
 * @internal Applies operations to a copy of `document`, without checking the patch's shape or the result's.
 * @throws {MergeError} MERGE_PATCH_FAILED naming the first operation that does not apply.
 */
export function applyOperations(document: unknown, patch: readonly JsonPatchOperation[]): unknown {
  let result: unknown = clone(document)
  patch.forEach((operation, index) => {
    try {
      result = applyOperation(result, operation)
    } catch (error) {
      if (!(error instanceof PatchFailure)) throw error
      throw new MergeError(
        'MERGE_PATCH_FAILED',
        `Patch operation ${index} (${operation.op} ${operation.path}) does not apply: ${error.message}`,
        { details: { index, op: operation.op, path: operation.path } },
      )
    }
  })
  return result
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
}

function arrayIndex(segment: string, length: number, allowEnd: boolean): number {
  if (allowEnd && segment === '-') return length
  if (!/^(0|[1-9]\d*)$/.test(segment)) throw new PatchFailure(`"${segment}" is not an array index`)
  const index = Number(segment)
  if (index > length || (!allowEnd && index === length))
    throw new PatchFailure(`index ${index} is out of range`)
  return index
}

function childOf(container: unknown, segment: string): unknown {
  if (Array.isArray(container)) return container[arrayIndex(segment, container.length, false)]
  if (isPlainObject(container) && Object.hasOwn(container, segment) && container[segment] !== undefined) {
    return container[segment]
  }
  throw new PatchFailure('the path does not exist')
}

function valueAt(document: unknown, segments: string[]): unknown {
  let current = document
  for (const segment of segments) current = childOf(current, segment)
  return current
}

function setKey(target: PlainObject, key: string, value: unknown): void {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
    throw new PatchFailure(`"${key}" may not be written`)
  }
  target[key] = value
}

function add(document: unknown, segments: string[], value: unknown): unknown {
  if (segments.length === 0) return value
  const parent = valueAt(document, segments.slice(0, -1))
  const last = segments[segments.length - 1] as string
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value)
  else if (isPlainObject(parent)) setKey(parent, last, value)
  else throw new PatchFailure('the parent is not an object or array')
  return document
}

function remove(document: unknown, segments: string[]): unknown {
  if (segments.length === 0) throw new PatchFailure('the whole document cannot be removed')
  const parent = valueAt(document, segments.slice(0, -1))
  const last = segments[segments.length - 1] as string
  childOf(parent, last)
  if (Array.isArray(parent)) parent.splice(Number(last), 1)
  else delete (parent as PlainObject)[last]
  return document
}

function applyOperation(document: unknown, operation: JsonPatchOperation): unknown {
  const segments = parsePointer(operation.path)
  switch (operation.op) {
    case 'add':
      return add(document, segments, clone(operation.value))
    case 'remove':
      return remove(document, segments)
    case 'replace':
      valueAt(document, segments)
      return add(
        remove(document, segments.length === 0 ? ['(root)'] : segments),
        segments,
        clone(operation.value),
      )
    case 'move': {
      if (operation.path.startsWith(`${operation.from}/`))
        throw new PatchFailure('a value cannot be moved into itself')
      const from = parsePointer(operation.from)
      const value = valueAt(document, from)
      if (operation.from === operation.path) return document
      return add(remove(document, from), segments, value)
    }
    case 'copy':
      return add(document, segments, clone(valueAt(document, parsePointer(operation.from))))
    case 'test':
      if (!deepEqual(valueAt(document, segments), operation.value)) throw new PatchFailure('the test failed')
      return document
  }
}

/**
 * A flat map of changed fields for CRM APIs that take partial updates: top-level field names, and
 * `social.<key>`, `custom.<key>`, `raw.<key>` for keyed fields. A cleared field maps to `null`; a changed
 * list maps to its whole new list.
 *
 * @example
 * ```ts
 * const update: FieldUpdate = { jobTitle: 'Leiterin Einkauf', department: null, 'custom.customerNumber': 'K-1042' }
 * ```
 */
export type FieldUpdate = Record<string, unknown>

const KEYED_FIELDS: ReadonlySet<string> = new Set(['social', 'custom', 'raw'])
const LIST_SET: ReadonlySet<string> = new Set(LIST_FIELDS)

/**
 * The changed fields of a merge as one flat partial update, for CRM APIs that update records field by field
 * (Salesforce, HubSpot, Dynamics). Only fields whose value differs appear.
 *
 * @param existing - The record as the CRM has it.
 * @param merged - The record as it should be.
 * @returns Field name (or `social.x`, `custom.x`, `raw.x`) → new value; `null` for a cleared field.
 *
 * @example
 * ```ts
 * const existing = { lastName: 'Müller', department: 'Vertrieb', emails: [], phones: [], addresses: [], websites: [] }
 * toFieldUpdate(existing, { lastName: 'Müller', jobTitle: 'Leiterin Einkauf', emails: [], phones: [], addresses: [], websites: [] })
 * // { department: null, jobTitle: 'Leiterin Einkauf' }
 * ```
 */
export function toFieldUpdate(existing: Contact, merged: Contact): FieldUpdate {
  const before = existing as unknown as PlainObject
  const after = merged as unknown as PlainObject
  const update: FieldUpdate = {}
  const fields = new Set([...definedKeys(before), ...definedKeys(after)])
  for (const field of fields) {
    const a = before[field]
    const b = after[field]
    if (
      KEYED_FIELDS.has(field) &&
      (a === undefined || isPlainObject(a)) &&
      (b === undefined || isPlainObject(b))
    ) {
      const entriesA = (a ?? {}) as PlainObject
      const entriesB = (b ?? {}) as PlainObject
      for (const key of new Set([...definedKeys(entriesA), ...definedKeys(entriesB)])) {
        if (!deepEqual(entriesA[key], entriesB[key])) update[`${field}.${key}`] = clone(entriesB[key] ?? null)
      }
    } else if (LIST_SET.has(field)) {
      if (!deepEqual(a ?? [], b ?? [])) update[field] = clone(b ?? [])
    } else if (!deepEqual(a, b)) {
      update[field] = clone(b ?? null)
    }
  }
  return update
}

/**
 * Validation of a person's choices against the records of a merge.
 *
 * @internal
 * @packageDocumentation
 */
import { AddressSchema, EmailSchema, PhoneSchema } from '@contactkit/core'
import { z } from 'zod'
import type { Resolution } from '../diff.js'
import { MergeError } from '../error.js'
import { fieldLabel, type ListField, type ParsedPath, parsePath } from '../fields.js'
import type { MergeChoice, MergeChoices } from '../merge.js'
import { isPlainObject } from './json-value.js'
import type { PreparedRecord } from './records.js'
import { SCALAR_INDEX } from './slots.js'

/** @internal A choice with its record resolved. */
export type CheckedChoice = Resolution | { from: PreparedRecord } | { value: unknown }

const VALUE_SCHEMAS: Record<ListField, z.ZodType> = {
  emails: EmailSchema,
  phones: PhoneSchema,
  addresses: AddressSchema,
  websites: z.string(),
}

// Choices arrive from a merge view over HTTP: only these exact shapes are accepted. (A hand check rather
// than a schema, as it runs for every path of every merge.)
function readChoice(choice: unknown): MergeChoice | undefined {
  if (choice === 'keepExisting' || choice === 'takeIncoming' || choice === 'union') return choice
  if (!isPlainObject(choice)) return undefined
  const keys = Object.keys(choice)
  if (keys.length !== 1) return undefined
  if (keys[0] === 'from' && typeof choice.from === 'string') return { from: choice.from }
  if (keys[0] === 'value') return { value: choice.value }
  return undefined
}

function pathExists(path: ParsedPath, records: PreparedRecord[]): boolean {
  switch (path.type) {
    case 'list':
      return true
    case 'scalar':
      return records.some(
        (record) => record.slots.scalars[SCALAR_INDEX.get(path.field) as number] !== undefined,
      )
    case 'value':
      return records.some((record) => record.slots.lists[path.field].has(path.key))
    case 'map':
      return records.some((record) => record.slots.maps[path.field].has(path.key))
  }
}

function checkTypedValue(path: string, parsedPath: ParsedPath, value: unknown): unknown {
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
    case 'value':
      if (value !== undefined && !VALUE_SCHEMAS[parsedPath.field].safeParse(value).success) {
        throw fail(`one ${fieldLabel(parsedPath.field)}`)
      }
      return value
    case 'list':
      if (!z.array(VALUE_SCHEMAS[parsedPath.field]).safeParse(value).success) {
        throw fail(`a list of ${fieldLabel(parsedPath.field, undefined, true)}`)
      }
      return value
  }
}

/** @internal Checks every choice and resolves the records it names. */
export function checkChoices(
  choices: MergeChoices,
  records: PreparedRecord[],
  // The parsed form of a path naming a value some record has, if the caller knows it (no parse needed).
  knownValuePath: (path: string) => ParsedPath | undefined = () => undefined,
  // Whether a `Map` of choices that are all plain resolutions may serve as the checked choices themselves
  // (nothing can change it while the merge runs: no custom rule is called).
  shareMap = false,
): ReadonlyMap<string, CheckedChoice> {
  // Built only when needed: a `Map` whose choices are all plain resolutions is its own checked form.
  let checked: Map<string, CheckedChoice> | undefined
  let entries: Iterable<[unknown, unknown]>
  const isMap = choices instanceof Map
  if (isMap) entries = choices
  else if (isPlainObject(choices)) entries = Object.entries(choices)
  else {
    throw new MergeError('MERGE_INVALID_CHOICE', 'Choices must be an object or a Map keyed by field path.')
  }
  let byRef: Map<string, PreparedRecord> | undefined
  for (const [path, choice] of entries) {
    if (typeof path !== 'string') {
      throw new MergeError('MERGE_UNKNOWN_PATH', `No record of the merge has a value at "${String(path)}".`, {
        details: { path: String(path) },
      })
    }
    const known = knownValuePath(path)
    const parsedPath = known ?? parsePath(path)
    if (parsedPath === undefined || (known === undefined && !pathExists(parsedPath, records))) {
      throw new MergeError('MERGE_UNKNOWN_PATH', `No record of the merge has a value at "${path}".`, {
        details: { path },
      })
    }
    const value = readChoice(choice)
    if (value === undefined) {
      throw new MergeError(
        'MERGE_INVALID_CHOICE',
        `The choice for "${path}" is not keepExisting, takeIncoming, union, { from } or { value }.`,
        { details: { path } },
      )
    }
    if (value === 'union' && (parsedPath.type === 'scalar' || parsedPath.type === 'map')) {
      throw new MergeError(
        'MERGE_INVALID_CHOICE',
        `"union" needs a list field or one of its values, not "${path}".`,
        {
          details: { path },
        },
      )
    }
    if (typeof value === 'string') {
      checked?.set(path, value)
      continue
    }
    if (checked === undefined) {
      // The resolutions before this path, in their order.
      checked = new Map()
      for (const [earlier, resolution] of entries as Iterable<[string, CheckedChoice]>) {
        if (earlier === path) break
        checked.set(earlier, resolution)
      }
    }
    if ('from' in value) {
      byRef ??= new Map(records.map((record) => [record.ref, record]))
      const record = byRef.get(value.from)
      if (record === undefined) {
        throw new MergeError(
          'MERGE_UNKNOWN_RECORD',
          `The choice for "${path}" names "${value.from}", which is not in the cluster.`,
          { details: { path, record: value.from } },
        )
      }
      checked.set(path, { from: record })
    } else {
      checked.set(path, { value: checkTypedValue(path, parsedPath, value.value) })
    }
  }
  if (checked !== undefined) return checked
  if (isMap && shareMap) return choices as ReadonlyMap<string, CheckedChoice>
  checked = new Map()
  for (const [path, resolution] of entries as Iterable<[string, CheckedChoice]>) checked.set(path, resolution)
  return checked
}

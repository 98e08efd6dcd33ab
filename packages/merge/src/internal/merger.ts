/**
 * The survivorship engine: applies rules and choices path by path over records in canonical order.
 *
 * @internal
 * @packageDocumentation
 */
import type { Contact } from '@contactkit/core'
import { MergeError } from '../error.js'
import {
  isListField,
  LIST_FIELDS,
  type ListField,
  MAP_FIELDS,
  type MapField,
  type MergeField,
  mapPath,
  type ParsedPath,
  SCALAR_FIELDS,
  valuePath,
} from '../fields.js'
import type {
  CustomMergeRule,
  FieldProvenance,
  MergeCandidate,
  MergePolicy,
  MergeRule,
  RecordRole,
} from '../merge.js'
import type { CheckedChoice } from './choices.js'
import { toMillis } from './describe.js'
import { clone, isPlainObject, stableStringify } from './json-value.js'
import type { FieldKeys } from './keys.js'
import type { ProvenanceNotes } from './provenance.js'
import { type PreparedRecord, valueTime } from './records.js'
import { isBlankText } from './slots.js'

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

/** One distinct value of a list field (by canonical key) and the records holding it, in rank order. */
interface ListSlot {
  key: string
  path: string
  parsed: ParsedPath
  held: Held[]
  existing: boolean
  incoming: boolean
  /** Whether the field's rule (or field-level choice) keeps this value. */
  include: boolean
}

/** @internal The names of the built-in rules. */
export const RULE_NAMES: ReadonlySet<string> = new Set([
  'existing',
  'incoming',
  'fillBlanks',
  'newest',
  'mostComplete',
  'union',
])

function firstExisting(held: Held[]): Held | undefined {
  for (const candidate of held) if (candidate.record.role === 'existing') return candidate
  return undefined
}

/** @internal How much a single value says (the `mostComplete` score of a scalar or keyed value). */
export function textScore(value: unknown): number {
  if (typeof value === 'string') return value.trim().length
  return stableStringify(value).length
}

/** @internal How many details a list value has (the `mostComplete` score of a list value). */
export function detailScore(value: unknown): number {
  if (!isPlainObject(value)) return textScore(value)
  let score = 0
  for (const key in value) if (value[key] !== undefined && value[key] !== '') score++
  return score
}

/** @internal Sets an own enumerable property, also for the key `__proto__`. */
export function defineEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, so a key named `__proto__` stays a key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** @internal */
export class Merger {
  private readonly rules = new Map<MergeField, MergeRule>()
  // By field path; a value of a list field is looked up by its slot's path, the same text as the choice's.
  private choices: ReadonlyMap<string, CheckedChoice> = new Map()
  private slotsOfLists: Map<ListField, ListSlot[]> | undefined
  private slotsByPath: Map<string, ListSlot> | undefined

  constructor(
    private readonly ranked: PreparedRecord[],
    private readonly policy: MergePolicy,
    private readonly keys: FieldKeys,
  ) {}

  /**
   * The field and key of a path that names a value some record has (`phones[+49891234567]`), found without
   * parsing the path: choices use the paths of the diff, which are the paths of these values.
   */
  valuePathOf(path: string): ParsedPath | undefined {
    if (this.slotsByPath === undefined) {
      this.slotsByPath = new Map()
      for (const field of LIST_FIELDS)
        for (const slot of this.listSlots(field)) this.slotsByPath.set(slot.path, slot)
    }
    return this.slotsByPath.get(path)?.parsed
  }

  /** Sets the checked choices the next run applies. */
  choose(choices: ReadonlyMap<string, CheckedChoice>): void {
    this.choices = choices
  }

  run(survivor: PreparedRecord, provenance: ProvenanceNotes): Contact {
    const out: Record<string, unknown> = {}
    if (survivor.contact.id !== undefined) out.id = survivor.contact.id
    const rawSources = new Map<string, PreparedRecord>()
    for (let index = 0; index < SCALAR_FIELDS.length; index++) {
      const field = SCALAR_FIELDS[index] as (typeof SCALAR_FIELDS)[number]
      let held: Held[] | undefined
      for (const record of this.ranked) {
        const value = record.slots.scalars[index]
        if (value === undefined) continue
        if (held === undefined) held = [{ record, value }]
        else held.push({ record, value })
      }
      // No record has the field and no choice names it: nothing to pick (what pickSingle would find).
      if (held === undefined && !this.choices.has(field)) continue
      const picked = this.pickSingle(field, field, held ?? [])
      if (picked === undefined || isBlankText(picked.value)) continue
      out[field] = picked.value
      provenance.note(field, field, picked.record, picked.decidedBy)
      if (picked.record) rawSources.set(field, picked.record)
    }
    for (const field of LIST_FIELDS) out[field] = this.mergeList(field, provenance)
    for (const field of MAP_FIELDS) {
      const entries = this.mergeMap(field, provenance)
      if (entries !== undefined) out[field] = entries
    }
    if (survivor.contact.updatedAt !== undefined) out.updatedAt = survivor.contact.updatedAt
    if (survivor.contact.source !== undefined) out.source = clone(survivor.contact.source)
    const raw = mergeRaw(this.ranked, survivor, rawSources, out)
    if (raw !== undefined) out.raw = raw
    return out as Contact
  }

  private ruleFor(field: MergeField): MergeRule {
    let rule = this.rules.get(field)
    if (rule === undefined) {
      rule = this.resolveRule(field)
      this.rules.set(field, rule)
    }
    return rule
  }

  private resolveRule(field: MergeField): MergeRule {
    const own = this.policy.fields?.[field]
    const rule = own ?? this.policy.default
    const listField = isListField(field)
    if (rule === undefined) return listField ? 'union' : 'fillBlanks'
    if (typeof rule !== 'function' && !RULE_NAMES.has(rule)) {
      throw new MergeError('MERGE_INVALID_POLICY', `"${String(rule)}" is not a merge rule.`, {
        details: { field },
      })
    }
    if (rule === 'union' && !listField) {
      // A policy-wide `union` means "keep everything": single-valued fields then fill their blanks.
      if (own === undefined) return 'fillBlanks'
      throw new MergeError('MERGE_INVALID_POLICY', `"union" applies to list fields, not to ${field}.`, {
        details: { field },
      })
    }
    return rule
  }

  private newest(held: Held[], path: string, field: MergeField, role?: RecordRole): Held | undefined {
    let best: Held | undefined
    let bestTime = Number.NEGATIVE_INFINITY
    for (const candidate of held) {
      if (role !== undefined && candidate.record.role !== role) continue
      const record = candidate.record
      const time =
        (record.fieldTimes === undefined ? record.time : toMillis(valueTime(record, path, field))) ??
        Number.NEGATIVE_INFINITY
      if (best === undefined || time > bestTime) {
        best = candidate
        bestTime = time
      }
    }
    return best
  }

  private applyRule(
    rule: MergeRule,
    held: Held[],
    path: string,
    field: MergeField,
    score: (value: unknown) => number,
  ): Picked | undefined {
    if (typeof rule === 'function') return this.applyCustom(rule, held, path, field)
    let chosen: Held | undefined
    switch (rule) {
      case 'existing':
        chosen = firstExisting(held)
        break
      case 'incoming':
        chosen = this.newest(held, path, field, 'incoming') ?? firstExisting(held)
        break
      case 'fillBlanks':
      case 'union':
        chosen = firstExisting(held) ?? this.newest(held, path, field, 'incoming')
        break
      case 'newest':
        chosen = this.newest(held, path, field)
        break
      case 'mostComplete': {
        let bestScore = -1
        for (const candidate of held) {
          const value = score(candidate.value)
          if (value > bestScore) {
            chosen = candidate
            bestScore = value
          }
        }
        break
      }
    }
    return chosen === undefined ? undefined : { record: chosen.record, value: chosen.value, decidedBy: rule }
  }

  private applyCustom(
    rule: CustomMergeRule,
    held: Held[],
    path: string,
    field: MergeField,
  ): Picked | undefined {
    const candidates: MergeCandidate[] = held.map((candidate) => ({
      record: candidate.record.ref,
      role: candidate.record.role,
      value: candidate.value,
      at: valueTime(candidate.record, path, field),
      source: candidate.record.contact.source,
    }))
    const result = rule(candidates, { path, field })
    if (result === undefined) return undefined
    const index = candidates.indexOf(result as MergeCandidate)
    const same = held[index]
    if (same !== undefined) return { record: same.record, value: same.value, decidedBy: 'custom' }
    if (isPlainObject(result) && 'value' in result && !('record' in result)) {
      return { record: undefined, value: clone(result.value), decidedBy: 'custom' }
    }
    const named =
      'record' in result ? held.find((candidate) => candidate.record.ref === result.record) : undefined
    if (named !== undefined) return { record: named.record, value: named.value, decidedBy: 'custom' }
    throw new MergeError(
      'MERGE_INVALID_POLICY',
      `The custom rule for "${path}" returned something that is neither a candidate nor { value }.`,
      { details: { path } },
    )
  }

  private fromChoice(
    choice: CheckedChoice,
    held: Held[],
    path: string,
    field: MergeField,
  ): Picked | undefined {
    let chosen: Held | undefined
    if (choice === 'keepExisting') chosen = firstExisting(held)
    else if (choice === 'takeIncoming') chosen = this.newest(held, path, field, 'incoming')
    else if (choice === 'union') chosen = held[0]
    else if ('from' in choice) chosen = held.find((candidate) => candidate.record === choice.from)
    else return { record: undefined, value: clone(choice.value), decidedBy: 'choice' }
    return chosen && { record: chosen.record, value: chosen.value, decidedBy: 'choice' }
  }

  private pickSingle(path: string, field: MergeField, held: Held[]): Picked | undefined {
    const choice = this.choices.get(path)
    if (choice !== undefined) return this.fromChoice(choice, held, path, field)
    if (held.length === 0) return undefined
    return this.applyRule(this.ruleFor(field), held, path, field, textScore)
  }

  private mergeMap(field: MapField, provenance: ProvenanceNotes): Record<string, unknown> | undefined {
    const byKey = new Map<string, Held[]>()
    for (const record of this.ranked) {
      for (const [key, value] of record.slots.maps[field]) {
        const held = byKey.get(key)
        if (held === undefined) byKey.set(key, [{ record, value }])
        else held.push({ record, value })
      }
    }
    if (byKey.size === 0) return undefined
    const entries: Record<string, unknown> = {}
    let any = false
    for (const [key, held] of byKey) {
      const path = mapPath(field, key)
      const picked = this.pickSingle(path, field, held)
      if (picked === undefined || picked.value === undefined) continue
      if (field === 'social' && isBlankText(picked.value)) continue
      defineEntry(entries, key, clone(picked.value))
      provenance.note(path, field, picked.record, picked.decidedBy)
      any = true
    }
    return any ? entries : undefined
  }

  private listSlots(field: ListField): ListSlot[] {
    this.slotsOfLists ??= new Map()
    let slots = this.slotsOfLists.get(field)
    if (slots === undefined) {
      slots = this.buildListSlots(field)
      this.slotsOfLists.set(field, slots)
    }
    return slots
  }

  private buildListSlots(field: ListField): ListSlot[] {
    const slots: ListSlot[] = []
    let byKey: Map<string, ListSlot> | undefined
    for (const record of this.ranked) {
      const values = record.slots.lists[field]
      if (values.size === 0) continue
      const existing = record.role === 'existing'
      byKey ??= new Map()
      for (const [key, value] of values) {
        let slot = byKey.get(key)
        if (slot === undefined) {
          const path = valuePath(field, key)
          slot = {
            key,
            path,
            parsed: { type: 'value', field, key },
            held: [],
            existing: false,
            incoming: false,
            include: false,
          }
          byKey.set(key, slot)
          slots.push(slot)
        }
        slot.held.push({ record, value })
        if (existing) slot.existing = true
        else slot.incoming = true
      }
    }
    return slots
  }

  private mergeList(field: ListField, provenance: ProvenanceNotes): unknown[] {
    const slots = this.listSlots(field)
    const choices = this.choices.size > 0 ? this.choices : undefined
    const fieldChoice = choices?.get(field)
    if (fieldChoice !== undefined && typeof fieldChoice === 'object' && 'value' in fieldChoice) {
      return this.typedList(field, fieldChoice.value as unknown[], slots, provenance, 'choice')
    }
    let formRule: RuleName = 'fillBlanks'
    let decidedBy: Decision
    if (fieldChoice !== undefined) {
      decidedBy = 'choice'
      for (const slot of slots) {
        if (fieldChoice === 'union') slot.include = true
        else if (fieldChoice === 'keepExisting') slot.include = slot.existing
        else if (fieldChoice === 'takeIncoming') slot.include = slot.incoming
        else slot.include = slot.held.some((held) => held.record === fieldChoice.from)
      }
    } else {
      const rule = this.ruleFor(field)
      if (typeof rule === 'function') {
        const custom = this.customList(rule, field, slots, provenance)
        if (custom !== undefined) return custom
        decidedBy = 'custom'
      } else {
        this.markIncluded(rule, field, slots)
        decidedBy = rule
        if (rule === 'incoming' || rule === 'newest' || rule === 'mostComplete') formRule = rule
      }
    }
    const list: unknown[] = []
    for (const slot of slots) {
      // A value-level choice overrides whatever the field-level rule decided.
      const choice = choices?.get(slot.path)
      let picked: Picked | undefined
      if (choice !== undefined) picked = this.fromChoice(choice, slot.held, slot.path, field)
      else if (slot.include) {
        picked = this.applyRule(formRule, slot.held, slot.path, field, detailScore)
        if (picked !== undefined) picked.decidedBy = decidedBy
      }
      if (picked === undefined || picked.value === undefined) continue
      list.push(
        picked.record === undefined ? picked.value : filledValue(picked.record, picked.value, slot.held),
      )
      provenance.note(slot.path, field, picked.record, picked.decidedBy)
    }
    return list
  }

  private markIncluded(rule: RuleName, field: ListField, slots: ListSlot[]): void {
    switch (rule) {
      case 'union':
        for (const slot of slots) slot.include = true
        return
      case 'existing':
        for (const slot of slots) slot.include = slot.existing
        return
      case 'incoming': {
        const anyIncoming = slots.some((slot) => slot.incoming)
        for (const slot of slots) slot.include = anyIncoming ? slot.incoming : slot.existing
        return
      }
      case 'fillBlanks': {
        const anyExisting = slots.some((slot) => slot.existing)
        for (const slot of slots) slot.include = anyExisting ? slot.existing : true
        return
      }
      case 'newest': {
        const owners: Held[] = []
        for (const record of this.ranked)
          if (record.slots.lists[field].size > 0) owners.push({ record, value: undefined })
        const newest = this.newest(owners, field, field)?.record
        for (const slot of slots) slot.include = newest?.slots.lists[field].has(slot.key) ?? false
        return
      }
      case 'mostComplete': {
        let best: PreparedRecord | undefined
        for (const record of this.ranked) {
          if (best === undefined || record.slots.lists[field].size > best.slots.lists[field].size)
            best = record
        }
        for (const slot of slots) slot.include = best?.slots.lists[field].has(slot.key) ?? false
        return
      }
    }
  }

  // Marks the slots a custom rule keeps, or returns the list it computed.
  private customList(
    rule: CustomMergeRule,
    field: ListField,
    slots: ListSlot[],
    provenance: ProvenanceNotes,
  ): unknown[] | undefined {
    const owners: Held[] = []
    for (const record of this.ranked) {
      if (record.slots.lists[field].size > 0)
        owners.push({ record, value: [...record.slots.lists[field].values()] })
    }
    const picked = this.applyCustom(rule, owners, field, field)
    if (picked === undefined) return undefined
    const chosen = picked.record
    if (chosen !== undefined) {
      for (const slot of slots) slot.include = chosen.slots.lists[field].has(slot.key)
      return undefined
    }
    if (!Array.isArray(picked.value)) {
      throw new MergeError('MERGE_INVALID_POLICY', `The custom rule for ${field} must return a list.`, {
        details: { field },
      })
    }
    return this.typedList(field, picked.value, slots, provenance, 'custom')
  }

  // A list a person typed or a custom rule computed: taken as it is; provenance names the first record that
  // holds each value, if any does.
  private typedList(
    field: ListField,
    values: unknown[],
    slots: ListSlot[],
    provenance: ProvenanceNotes,
    decidedBy: Decision,
  ): unknown[] {
    const list = clone(values)
    for (const value of list) {
      const key = this.keys.value(field, value)
      const path = valuePath(field, key)
      const first = slots.find((slot) => slot.key === key)?.held[0]
      provenance.note(path, field, first?.record, decidedBy)
    }
    return list
  }
}

/**
 * @internal A copy of the chosen form of a list value whose blank details (a phone's kind, an address's region)
 * come from the other records that hold the same value, in rank order; `raw` stays with the form it describes.
 */
export function filledValue(
  record: PreparedRecord,
  picked: unknown,
  held: readonly { record: PreparedRecord; value: unknown }[],
): unknown {
  const value = clone(picked)
  if (held.length < 2 || !isPlainObject(value)) return value
  for (const other of held) if (other.record !== record) fillBlanksFrom(value, other.value)
  return value
}

/** @internal Fills the blank details of `value` (a copy of the chosen form) from `other`'s, except `raw`; `true` when it filled any. */
export function fillBlanksFrom(value: Record<string, unknown>, other: unknown): boolean {
  if (!isPlainObject(other)) return false
  let filled = false
  for (const property in other) {
    const detail = other[property]
    if (property === 'raw' || detail === undefined || detail === '') continue
    if (value[property] === undefined || value[property] === '') {
      value[property] = clone(detail)
      filled = true
    }
  }
  return filled
}

/** @internal `raw` keeps what a person typed for a scalar value; it travels with the value it describes. */
export function mergeRaw(
  ranked: readonly PreparedRecord[],
  survivor: PreparedRecord,
  sources: Map<string, PreparedRecord> | undefined,
  out: Record<string, unknown>,
): Record<string, string> | undefined {
  let raw: Record<string, string> | undefined
  const seen = new Set<string>()
  for (const record of ranked) {
    const typed = record.contact.raw
    if (typed === undefined) continue
    for (const key of Object.keys(typed)) {
      if (seen.has(key)) continue
      seen.add(key)
      const scalar = (SCALAR_FIELDS as readonly string[]).includes(key)
      const from = scalar ? (out[key] === undefined ? undefined : sources?.get(key)) : survivor
      const value = from?.contact.raw?.[key]
      if (typeof value === 'string') {
        raw ??= {}
        defineEntry(raw, key, value)
      }
    }
  }
  return raw
}

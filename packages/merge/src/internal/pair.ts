/**
 * The merge of exactly two records (a CRM record and what came in), as a merge view does it after a diff:
 * the same rules and choices as the {@link Merger}, worked out for two candidates per path without its
 * per-path candidate lists, slot objects, path index and checked-choices map. Candidates are the survivor
 * (rank 0, always `existing`) and the other record; "held" means the record has a value at the path.
 *
 * It takes only what it can decide without the general engine: built-in rules, and choices that are plain
 * resolutions or `{ from }`. For anything else (a custom rule, a rule name that is not one, a typed
 * `{ value }`, a choice naming a path no record has, `union` on a single-valued path) it answers `undefined`
 * and the caller runs the general engine, which gives the same result or the same error. A property test pins
 * both to the same output.
 *
 * @internal
 * @packageDocumentation
 */
import type { Contact } from '@contactkit/core'
import {
  LIST_FIELDS,
  type ListField,
  MAP_FIELDS,
  type MapField,
  MERGE_FIELDS,
  type MergeField,
  mapPath,
  SCALAR_FIELDS,
  valuePath,
} from '../fields.js'
import type { FieldProvenance, MergeChoices, MergePolicy } from '../merge.js'
import { toMillis } from './describe.js'
import { clone, isPlainObject } from './json-value.js'
import { defineEntry, detailScore, fillBlanksFrom, mergeRaw, RULE_NAMES, textScore } from './merger.js'
import type { ProvenanceNotes } from './provenance.js'
import { type PreparedRecord, valueTime } from './records.js'
import { isBlankText } from './slots.js'

type RuleName = 'existing' | 'incoming' | 'fillBlanks' | 'newest' | 'mostComplete' | 'union'
type Decision = FieldProvenance['decidedBy']
/** A choice as the pair engine reads it: a resolution, or the record a `{ from }` names. */
type PairChoice = 'keepExisting' | 'takeIncoming' | 'union' | PreparedRecord

// Which candidate a rule or choice picks.
const NONE = -1
const SURVIVOR = 0
const OTHER = 1
type Pick = typeof NONE | typeof SURVIVOR | typeof OTHER

const LIST_SET: ReadonlySet<string> = new Set(LIST_FIELDS)

// What mergeValue put into the list: nothing, the survivor's value as it was (a copy), or anything else.
const PUSHED_NONE = 0
const PUSHED_KEPT = 1
const PUSHED_OTHER = 2
type Pushed = typeof PUSHED_NONE | typeof PUSHED_KEPT | typeof PUSHED_OTHER

// Whether every rule the policy names is a built-in one the general engine would accept where it applies.
function hasPlainRules(policy: MergePolicy): boolean {
  const fallback = policy.default
  if (fallback !== undefined && (typeof fallback !== 'string' || !RULE_NAMES.has(fallback))) return false
  const fields = policy.fields
  if (fields === undefined) return true
  for (const field of MERGE_FIELDS) {
    const rule = fields[field]
    if (rule === undefined) continue
    if (typeof rule !== 'string' || !RULE_NAMES.has(rule)) return false
    if (rule === 'union' && !LIST_SET.has(field)) return false
  }
  return true
}

// The general engine's rule for a field, for a policy hasPlainRules accepted.
function ruleOf(policy: MergePolicy, field: MergeField, list: boolean): RuleName {
  const rule = (policy.fields?.[field] ?? policy.default) as RuleName | undefined
  if (rule === undefined) return list ? 'union' : 'fillBlanks'
  // A policy-wide `union` means "keep everything": single-valued fields then fill their blanks.
  return rule === 'union' && !list ? 'fillBlanks' : rule
}

class PairMerge {
  readonly survivor: PreparedRecord
  readonly other: PreparedRecord
  private readonly otherExisting: boolean
  /** How many choices a path of this merge consumed; any other choice names no path of it. */
  matched = 0
  readonly appended: AppendedFrom = { emails: -1, phones: -1, addresses: -1, websites: -1 }

  constructor(
    ranked: readonly PreparedRecord[],
    private readonly policy: MergePolicy,
    private readonly choices: ReadonlyMap<unknown, unknown> | undefined,
  ) {
    this.survivor = ranked[0] as PreparedRecord
    this.other = ranked[1] as PreparedRecord
    this.otherExisting = this.other.role === 'existing'
  }

  /** The choice at `path` if there is one this engine can apply; throws Fallback for any other. */
  choiceAt(path: string, single: boolean): PairChoice | undefined {
    if (this.choices === undefined) return undefined
    const choice = this.choices.get(path)
    if (choice === undefined) return undefined
    this.matched++
    if (choice === 'keepExisting' || choice === 'takeIncoming') return choice
    if (choice === 'union') {
      if (single) throw FALLBACK
      return choice
    }
    if (isPlainObject(choice)) {
      const keys = Object.keys(choice)
      if (keys.length === 1 && keys[0] === 'from') {
        const from = choice.from
        if (from === this.survivor.ref) return this.survivor
        if (from === this.other.ref) return this.other
      }
    }
    throw FALLBACK
  }

  private time(record: PreparedRecord, path: string, field: MergeField): number {
    return (
      (record.fieldTimes === undefined ? record.time : toMillis(valueTime(record, path, field))) ??
      Number.NEGATIVE_INFINITY
    )
  }

  // The survivor is `existing`; the other record is either.
  private firstExisting(survivorHeld: boolean, otherHeld: boolean): Pick {
    if (survivorHeld) return SURVIVOR
    return otherHeld && this.otherExisting ? OTHER : NONE
  }

  private newestIncoming(otherHeld: boolean): Pick {
    return otherHeld && !this.otherExisting ? OTHER : NONE
  }

  private newest(survivorHeld: boolean, otherHeld: boolean, path: string, field: MergeField): Pick {
    if (!otherHeld) return survivorHeld ? SURVIVOR : NONE
    if (!survivorHeld) return OTHER
    // Ties go to the survivor, as the first candidate of the general engine keeps its place.
    return this.time(this.other, path, field) > this.time(this.survivor, path, field) ? OTHER : SURVIVOR
  }

  pickRule(
    rule: RuleName,
    survivorValue: unknown,
    otherValue: unknown,
    path: string,
    field: MergeField,
    score: (value: unknown) => number,
  ): Pick {
    const survivorHeld = survivorValue !== undefined
    const otherHeld = otherValue !== undefined
    switch (rule) {
      case 'existing':
        return this.firstExisting(survivorHeld, otherHeld)
      case 'incoming': {
        const incoming = this.newestIncoming(otherHeld)
        return incoming === NONE ? this.firstExisting(survivorHeld, otherHeld) : incoming
      }
      case 'fillBlanks':
      case 'union': {
        const existing = this.firstExisting(survivorHeld, otherHeld)
        return existing === NONE ? this.newestIncoming(otherHeld) : existing
      }
      case 'newest':
        return this.newest(survivorHeld, otherHeld, path, field)
      case 'mostComplete':
        if (!otherHeld) return survivorHeld ? SURVIVOR : NONE
        if (!survivorHeld) return OTHER
        return score(otherValue) > score(survivorValue) ? OTHER : SURVIVOR
    }
  }

  pickChoice(choice: PairChoice, survivorHeld: boolean, otherHeld: boolean): Pick {
    if (choice === 'keepExisting') return this.firstExisting(survivorHeld, otherHeld)
    if (choice === 'takeIncoming') return this.newestIncoming(otherHeld)
    if (choice === 'union') return survivorHeld ? SURVIVOR : otherHeld ? OTHER : NONE
    if (choice === this.survivor) return survivorHeld ? SURVIVOR : NONE
    return otherHeld ? OTHER : NONE
  }

  recordOf(pick: Pick): PreparedRecord {
    return pick === SURVIVOR ? this.survivor : this.other
  }

  /** The merged contact, or throws Fallback. */
  run(provenance: ProvenanceNotes): Contact {
    const survivor = this.survivor
    const other = this.other
    const out: Record<string, unknown> = {}
    if (survivor.contact.id !== undefined) out.id = survivor.contact.id
    const anyRaw = survivor.contact.raw !== undefined || other.contact.raw !== undefined
    const rawSources = anyRaw ? new Map<string, PreparedRecord>() : undefined
    for (let index = 0; index < SCALAR_FIELDS.length; index++) {
      const field = SCALAR_FIELDS[index] as (typeof SCALAR_FIELDS)[number]
      const survivorValue = survivor.slots.scalars[index]
      const otherValue = other.slots.scalars[index]
      const choice = this.choiceAt(field, true)
      const survivorHeld = survivorValue !== undefined
      const otherHeld = otherValue !== undefined
      let pick: Pick
      let decidedBy: Decision
      if (choice !== undefined) {
        // A choice on a field no record has names no path of the merge.
        if (!survivorHeld && !otherHeld) throw FALLBACK
        pick = this.pickChoice(choice, survivorHeld, otherHeld)
        decidedBy = 'choice'
      } else {
        if (!survivorHeld && !otherHeld) continue
        decidedBy = ruleOf(this.policy, field, false)
        pick = this.pickRule(decidedBy, survivorValue, otherValue, field, field, textScore)
      }
      if (pick === NONE) continue
      const record = this.recordOf(pick)
      out[field] = pick === SURVIVOR ? survivorValue : otherValue
      provenance.note(field, field, record, decidedBy)
      rawSources?.set(field, record)
    }
    for (const field of LIST_FIELDS) out[field] = this.mergeList(field, provenance)
    for (const field of MAP_FIELDS) {
      const entries = this.mergeMap(field, provenance)
      if (entries !== undefined) out[field] = entries
    }
    if (survivor.contact.updatedAt !== undefined) out.updatedAt = survivor.contact.updatedAt
    if (survivor.contact.source !== undefined) out.source = clone(survivor.contact.source)
    if (anyRaw) {
      const raw = mergeRaw([survivor, other], survivor, rawSources, out)
      if (raw !== undefined) out.raw = raw
    }
    return out as Contact
  }

  private mergeList(field: ListField, provenance: ProvenanceNotes): unknown[] {
    const survivorValues = this.survivor.slots.lists[field]
    const otherValues = this.other.slots.lists[field]
    const fieldChoice = this.choiceAt(field, false)
    const otherExisting = this.otherExisting
    // What the field's rule (or a field-level choice) keeps, per slot: by whether each record holds the value.
    let rule: RuleName = 'fillBlanks'
    let decidedBy: Decision
    // Keep a value held by the survivor, by the other record, by both.
    let keepSurvivor: boolean
    let keepOther: boolean
    let keepBoth: boolean
    if (fieldChoice !== undefined) {
      decidedBy = 'choice'
      if (fieldChoice === 'union') keepSurvivor = keepOther = keepBoth = true
      else if (fieldChoice === 'keepExisting') {
        keepSurvivor = keepBoth = true
        keepOther = otherExisting
      } else if (fieldChoice === 'takeIncoming') {
        keepSurvivor = false
        keepOther = keepBoth = !otherExisting
      } else {
        keepSurvivor = fieldChoice === this.survivor
        keepOther = !keepSurvivor
        keepBoth = true
      }
    } else {
      const fieldRule = ruleOf(this.policy, field, true)
      decidedBy = fieldRule
      if (fieldRule === 'incoming' || fieldRule === 'newest' || fieldRule === 'mostComplete') rule = fieldRule
      const survivorAny = survivorValues.size > 0
      const otherAny = otherValues.size > 0
      switch (fieldRule) {
        case 'union':
          keepSurvivor = keepOther = keepBoth = true
          break
        case 'existing':
          keepSurvivor = keepBoth = true
          keepOther = otherExisting
          break
        case 'incoming': {
          // Some slot is held by an incoming record when the other record is incoming and has values.
          const anyIncoming = !otherExisting && otherAny
          keepSurvivor = !anyIncoming
          keepOther = anyIncoming || otherExisting
          keepBoth = true
          break
        }
        case 'fillBlanks': {
          const anyExisting = survivorAny || (otherExisting && otherAny)
          keepSurvivor = keepBoth = true
          keepOther = anyExisting ? otherExisting : true
          break
        }
        case 'newest': {
          // The newest record that has any value of the field; ties go to the survivor.
          let newest: PreparedRecord | undefined
          if (survivorAny && otherAny) {
            newest =
              this.time(this.other, field, field) > this.time(this.survivor, field, field)
                ? this.other
                : this.survivor
          } else if (survivorAny) newest = this.survivor
          else if (otherAny) newest = this.other
          keepSurvivor = newest === this.survivor
          keepOther = newest === this.other
          keepBoth = newest !== undefined
          break
        }
        case 'mostComplete': {
          const best = otherValues.size > survivorValues.size ? this.other : this.survivor
          keepSurvivor = best === this.survivor
          keepOther = !keepSurvivor
          keepBoth = true
          break
        }
      }
    }
    const list: unknown[] = []
    // The survivor's list as it was is the start of the merged one while every value is kept unchanged; its
    // slots are then the list itself (no blank or repeated value was left out).
    const written: unknown = this.survivor.contact[field]
    let aligned = Array.isArray(written) && written.length === survivorValues.size
    for (const [key, survivorValue] of survivorValues) {
      const otherValue = otherValues.size > 0 ? otherValues.get(key) : undefined
      const pushed = this.mergeValue(
        field,
        key,
        survivorValue,
        otherValue,
        otherValue === undefined ? keepSurvivor : keepBoth,
        rule,
        decidedBy,
        list,
        provenance,
      )
      if (pushed !== PUSHED_KEPT) aligned = false
    }
    if (aligned) this.appended[field] = list.length
    for (const [key, otherValue] of otherValues) {
      if (survivorValues.size > 0 && survivorValues.has(key)) continue
      this.mergeValue(field, key, undefined, otherValue, keepOther, rule, decidedBy, list, provenance)
    }
    return list
  }

  private mergeValue(
    field: ListField,
    key: string,
    survivorValue: unknown,
    otherValue: unknown,
    include: boolean,
    rule: RuleName,
    decidedBy: Decision,
    list: unknown[],
    provenance: ProvenanceNotes,
  ): Pushed {
    const path = valuePath(field, key)
    const survivorHeld = survivorValue !== undefined
    const otherHeld = otherValue !== undefined
    const choice = this.choiceAt(path, false)
    let pick: Pick
    if (choice !== undefined) {
      pick = this.pickChoice(choice, survivorHeld, otherHeld)
      decidedBy = 'choice'
    } else if (include) pick = this.pickRule(rule, survivorValue, otherValue, path, field, detailScore)
    else return PUSHED_NONE
    if (pick === NONE) return PUSHED_NONE
    const record = this.recordOf(pick)
    const value = pick === SURVIVOR ? survivorValue : otherValue
    const other = pick === SURVIVOR ? otherValue : survivorValue
    const copy = clone(value)
    // A value both records hold: the copy takes the other record's details where it has none.
    const filled = other !== undefined && isPlainObject(copy) && fillBlanksFrom(copy, other)
    list.push(copy)
    provenance.note(path, field, record, decidedBy)
    return pick === SURVIVOR && !filled ? PUSHED_KEPT : PUSHED_OTHER
  }

  private mergeMap(field: MapField, provenance: ProvenanceNotes): Record<string, unknown> | undefined {
    const survivorValues = this.survivor.slots.maps[field]
    const otherValues = this.other.slots.maps[field]
    if (survivorValues.size === 0 && otherValues.size === 0) return undefined
    const rule = ruleOf(this.policy, field, false)
    const entries: Record<string, unknown> = {}
    let any = false
    const add = (key: string, survivorValue: unknown, otherValue: unknown) => {
      const path = mapPath(field, key)
      const choice = this.choiceAt(path, true)
      const survivorHeld = survivorValue !== undefined
      const otherHeld = otherValue !== undefined
      const pick =
        choice === undefined
          ? this.pickRule(rule, survivorValue, otherValue, path, field, textScore)
          : this.pickChoice(choice, survivorHeld, otherHeld)
      if (pick === NONE) return
      const value = pick === SURVIVOR ? survivorValue : otherValue
      if (field === 'social' && isBlankText(value)) return
      defineEntry(entries, key, clone(value))
      provenance.note(path, field, this.recordOf(pick), choice === undefined ? rule : 'choice')
      any = true
    }
    for (const [key, survivorValue] of survivorValues) add(key, survivorValue, otherValues.get(key))
    for (const [key, otherValue] of otherValues) if (!survivorValues.has(key)) add(key, undefined, otherValue)
    return any ? entries : undefined
  }
}

/** Thrown inside the pair engine when the general one must decide; never leaves this module. */
const FALLBACK = Symbol('fallback')

/**
 * @internal Per list field, where the merged list starts to differ from the survivor's: the merged list is the
 * survivor's list (every value, unchanged, in order) followed by the values from this index on, all new; -1 when
 * it is not that simple. `toPatchAfterPair` writes those additions without comparing the lists again.
 */
export type AppendedFrom = Record<ListField, number>

/** @internal What {@link mergePair} answers: the merged contact, and how its lists extend the survivor's. */
export interface PairMerged {
  contact: Contact
  appended: AppendedFrom
}

/**
 * @internal The merged contact of two ranked records, or `undefined` when the general engine must run (see
 * the module comment). The notes it wrote are then not to be used.
 */
export function mergePair(
  ranked: readonly PreparedRecord[],
  policy: MergePolicy,
  choices: MergeChoices,
  notes: ProvenanceNotes,
): PairMerged | undefined {
  if (ranked.length !== 2 || !hasPlainRules(policy)) return undefined
  let map: ReadonlyMap<unknown, unknown> | undefined
  if (choices instanceof Map) map = choices.size > 0 ? choices : undefined
  else if (isPlainObject(choices)) {
    const paths = Object.keys(choices)
    if (paths.length > 0) {
      // A path holding `undefined` stays unmatched below, and the general engine rejects it.
      const fromObject = new Map<string, unknown>()
      for (const path of paths) fromObject.set(path, choices[path])
      map = fromObject
    }
  } else return undefined
  const engine = new PairMerge(ranked, policy, map)
  let contact: Contact
  try {
    contact = engine.run(notes)
  } catch {
    // FALLBACK, or an error the general engine may report differently (or after a choice error it finds
    // first): it decides.
    return undefined
  }
  // Every choice must have named a path of this merge; otherwise the general engine reports which did not.
  if (map !== undefined && engine.matched !== map.size) return undefined
  return { contact, appended: engine.appended }
}

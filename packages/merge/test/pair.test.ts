// The two-record engine (src/internal/pair.ts) must merge exactly as the general N-way engine: same contact,
// same provenance, in the same order. Both run here on the same ranked records; the test also checks that the
// pair engine answered, so it cannot pass by always handing over to the general one.
import type { Contact } from '@contactkit/core'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { typicalPair } from '../bench/data.js'
import {
  diffContacts,
  type MergeChoice,
  type MergePolicy,
  type MergeRecord,
  type MergeRule,
  mergeContacts,
} from '../src/index.js'
import { fieldKeys } from '../src/internal/keys.js'
import { mergePair } from '../src/internal/pair.js'
import { ProvenanceNotes } from '../src/internal/provenance.js'
import { prepare, rank } from '../src/internal/records.js'
import { type MergeChoices, mergeGeneral } from '../src/merge.js'
import { toPatch, toPatchAfterPair } from '../src/patch.js'
import { contactArbitrary } from './arbitraries.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const keys = fieldKeys({ defaultCountry: 'DE' })

// Lists whose patch the pair engine wrote without comparing them (so the patch check is not vacuous).
let appendedLists = 0

function bothEngines(records: (Contact | MergeRecord)[], policy: MergePolicy, choices: MergeChoices) {
  const general = new ProvenanceNotes()
  const pair = new ProvenanceNotes()
  // Each engine gets its own preparation: rank() settles the survivor's role on the prepared record.
  const rankedForGeneral = rank(prepare(records, keys), policy.survivor)
  const fromGeneral = mergeGeneral(rankedForGeneral, policy, choices, keys, general)
  const rankedForPair = rank(prepare(records, keys), policy.survivor)
  const fromPair = mergePair(rankedForPair, policy, choices, pair)
  // The pair engine's patch is written from what it knows about the lists; it must be toPatch's, op for op.
  const survivorOf = (ranked: typeof rankedForPair) => (ranked[0] as (typeof ranked)[number]).contact
  if (fromPair !== undefined)
    for (const from of Object.values(fromPair.appended)) if (from > 0) appendedLists++
  return {
    general: JSON.stringify([
      fromGeneral,
      general.build(),
      toPatch(survivorOf(rankedForGeneral), fromGeneral),
    ]),
    pair:
      fromPair === undefined
        ? undefined
        : JSON.stringify([
            fromPair.contact,
            pair.build(),
            toPatchAfterPair(survivorOf(rankedForPair), fromPair.contact, fromPair.appended),
          ]),
  }
}

const singleRule = fc.constantFrom<MergeRule>('existing', 'incoming', 'fillBlanks', 'newest', 'mostComplete')
const rule = fc.oneof(singleRule, fc.constant<MergeRule>('union'))
// `union` named for a single-valued field is an invalid policy, which only the general engine reports.
const policy: fc.Arbitrary<MergePolicy> = fc.record(
  {
    default: rule,
    fields: fc.record(
      {
        phones: rule,
        emails: rule,
        addresses: rule,
        websites: rule,
        jobTitle: singleRule,
        social: singleRule,
        custom: singleRule,
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
)
// The other record plays either role; sometimes it has no source, sometimes no id.
const pair = fc
  .tuple(contactArbitrary, contactArbitrary, fc.constantFrom('businessCard', 'crm', 'none'), fc.boolean())
  .map(([incoming, existing, kind, withId]) => {
    const { id: _id, source: _source, ...card } = incoming
    const other: Contact = { ...card }
    if (withId) other.id = 'card-1'
    if (kind !== 'none') other.source = { kind: kind as 'crm' | 'businessCard', at: '2026-11-02T09:30:00Z' }
    return { existing: { ...existing, id: 'crm-1', source: { kind: 'crm' as const } }, incoming: other }
  })
const choiceKind = fc.constantFrom(
  'suggestion',
  'keepExisting',
  'takeIncoming',
  'union',
  'fromCrm',
  'fromOther',
)

function choicesFor(
  existing: Contact,
  incoming: Contact,
  other: string,
  kinds: string[],
  listChoices: (MergeChoice | undefined)[],
): [string, MergeChoice][] {
  const diff = diffContacts(incoming, existing, options)
  const entries = diff.entries.map((entry, index): [string, MergeChoice] => {
    const kind = kinds[index] ?? 'suggestion'
    const single = !['emails', 'phones', 'addresses', 'websites'].includes(entry.field)
    if (kind === 'keepExisting' || kind === 'takeIncoming') return [entry.path, kind]
    if (kind === 'union' && !single) return [entry.path, 'union']
    if (kind === 'fromCrm') return [entry.path, { from: 'crm-1' }]
    if (kind === 'fromOther') return [entry.path, { from: other }]
    return [entry.path, entry.suggestion]
  })
  ;(['phones', 'emails', 'addresses', 'websites'] as const).forEach((field, index) => {
    const choice = listChoices[index]
    if (choice !== undefined) entries.push([field, choice])
  })
  return entries
}

describe('the two-record engine', () => {
  test.prop(
    [
      pair,
      policy,
      fc.array(choiceKind, { maxLength: 40 }),
      fc.array(fc.option(choiceKind), { maxLength: 4 }),
      fc.constantFrom('ranked', 'crm', 'other'),
    ],
    { numRuns: Number(process.env.PAIR_RUNS ?? 400) },
  )(
    'merges generated pairs as the general engine does, with any rules and choices',
    (records, rules, kinds, lists, survivor) => {
      const { existing, incoming } = records
      for (const [order, position] of [
        [[existing, incoming], 1],
        [[incoming, existing], 0],
      ] as const) {
        // A record without an id is named by its position.
        const other = incoming.id ?? `#${position}`
        const listChoices = lists.map((kind): MergeChoice | undefined => {
          if (kind === null || kind === 'suggestion') return undefined
          if (kind === 'fromCrm') return { from: 'crm-1' }
          if (kind === 'fromOther') return { from: other }
          return kind as MergeChoice
        })
        const entries = choicesFor(existing, incoming, other, kinds, listChoices)
        // The survivor by rank, or named: the other record may survive and then stands for the existing one.
        const policy =
          survivor === 'ranked' ? rules : { ...rules, survivor: survivor === 'crm' ? 'crm-1' : other }
        for (const choices of [new Map(entries), Object.fromEntries(entries)]) {
          const { general, pair: fromPair } = bothEngines([...order], policy, choices)
          expect(fromPair).toBeDefined()
          expect(fromPair).toBe(general)
        }
      }
    },
  )

  const time = fc
    .date({
      min: new Date('2024-01-01T00:00:00Z'),
      max: new Date('2027-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString())
  test.prop([
    pair,
    policy,
    fc.constantFrom<'existing' | 'incoming' | undefined>('existing', 'incoming', undefined),
    fc.dictionary(
      fc.constantFrom('jobTitle', 'lastName', 'phones', 'emails', 'company', 'social', 'custom'),
      time,
    ),
    fc.dictionary(fc.constantFrom('jobTitle', 'lastName', 'phones', 'emails'), time),
  ])(
    'merges records with roles and field times as the general engine does',
    ({ existing, incoming }, rules, role, incomingTimes, existingTimes) => {
      // Field times by value path too: the first phone of each record.
      const phoneTimes = (contact: Contact, at: string) => {
        const diff = diffContacts(contact, contact, options)
        const path = diff.entries.find((entry) => entry.field === 'phones')?.path
        return path === undefined ? {} : { [path]: at }
      }
      const records: MergeRecord[] = [
        {
          contact: existing,
          fieldTimes: { ...existingTimes, ...phoneTimes(existing, '2026-06-01T00:00:00Z') },
        },
        {
          contact: incoming,
          id: 'card-9',
          role,
          fieldTimes: { ...incomingTimes, ...phoneTimes(incoming, '2025-06-01T00:00:00Z') },
        },
      ]
      const diff = diffContacts(incoming, existing, options)
      const choices = new Map(diff.entries.slice(0, 3).map((entry) => [entry.path, entry.suggestion]))
      for (const order of [records, [...records].reverse()]) {
        const { general, pair: fromPair } = bothEngines(order, rules, choices)
        expect(fromPair).toBeDefined()
        expect(fromPair).toBe(general)
      }
    },
  )

  it('merges the benchmark pairs as the general engine does', () => {
    const before = appendedLists
    for (let index = 0; index < 300; index++) {
      const { existing, incoming } = JSON.parse(JSON.stringify(typicalPair(index))) as {
        existing: Contact
        incoming: Contact
      }
      const diff = diffContacts(incoming, existing, options)
      const choices = new Map<string, MergeChoice>()
      for (const entry of diff.entries) if (entry.kind !== 'equal') choices.set(entry.path, entry.suggestion)
      for (const rule of ['fillBlanks', 'union', 'newest', 'incoming', 'mostComplete', 'existing'] as const) {
        const { general, pair: fromPair } = bothEngines([existing, incoming], { default: rule }, choices)
        expect(fromPair).toBe(general)
      }
    }
    expect(appendedLists - before).toBeGreaterThan(1000)
  })

  it('hands a German business card and its CRM record the same merge, patch and journal either way', () => {
    const crm: Contact = {
      id: 'crm-7',
      lastName: 'MÜLLER',
      firstName: 'Anna',
      emails: [{ value: 'anna.mueller@muster.de', kind: 'work' }],
      phones: [{ value: '+49891234567', kind: 'work' }],
      addresses: [{ street: 'Musterstraße', houseNumber: '5', postalCode: '80331', city: 'München' }],
      websites: ['https://www.muster.de/'],
      source: { kind: 'crm' },
    }
    const card: Contact = {
      lastName: 'Müller',
      firstName: 'Anna',
      jobTitle: 'Leiterin Einkauf',
      emails: [{ value: 'Anna.Mueller@Muster.de' }, { value: 'einkauf@muster.de' }],
      phones: [{ value: '089 1234567' }, { value: '+49 (0)171 2345678', kind: 'mobile' }],
      addresses: [
        { street: 'Musterstr.', houseNumber: '5', postalCode: '80331', city: 'München', region: 'BY' },
      ],
      websites: ['muster.de'],
      source: { kind: 'businessCard', at: '2026-11-02T09:30:00Z', confidence: 0.9 },
    }
    const result = mergeContacts([crm, card], 'fillBlanks', { lastName: 'takeIncoming' }, options)
    expect(result.contact.lastName).toBe('Müller')
    expect(result.contact.jobTitle).toBe('Leiterin Einkauf')
    expect(result.contact.phones).toEqual([{ value: '+49891234567', kind: 'work' }])
    expect(result.contact.addresses).toEqual([
      { street: 'Musterstraße', houseNumber: '5', postalCode: '80331', city: 'München', region: 'BY' },
    ])
    expect(result.provenance.lastName?.source).toBe('businessCard')
    const { general, pair: fromPair } = bothEngines(
      [crm, card],
      { default: 'fillBlanks' },
      {
        lastName: 'takeIncoming',
      },
    )
    expect(fromPair).toBe(general)
  })

  it('leaves choices it cannot apply to the general engine, which reports them', () => {
    const crm: Contact = {
      id: 'crm-1',
      lastName: 'Müller',
      emails: [],
      phones: [],
      addresses: [],
      websites: [],
    }
    const card: Contact = { lastName: 'Muller', emails: [], phones: [], addresses: [], websites: [] }
    const ranked = () => rank(prepare([crm, card], keys), undefined)
    const notes = new ProvenanceNotes()
    expect(mergePair(ranked(), {}, { jobTitle: 'takeIncoming' }, notes)).toBeUndefined()
    expect(mergePair(ranked(), {}, { lastName: 'union' }, notes)).toBeUndefined()
    expect(mergePair(ranked(), {}, { lastName: { value: 'Meier' } }, notes)).toBeUndefined()
    expect(mergePair(ranked(), {}, { lastName: { from: 'nobody' } }, notes)).toBeUndefined()
    expect(mergePair(ranked(), { default: () => undefined }, {}, notes)).toBeUndefined()
    expect(() => mergeContacts([crm, card], {}, { jobTitle: 'takeIncoming' })).toThrow(
      expect.objectContaining({ code: 'MERGE_UNKNOWN_PATH' }),
    )
    expect(() => mergeContacts([crm, card], {}, { lastName: 'union' })).toThrow(
      expect.objectContaining({ code: 'MERGE_INVALID_CHOICE' }),
    )
    expect(mergeContacts([crm, card], {}, { lastName: { value: 'Meier' } }).contact.lastName).toBe('Meier')
  })
})

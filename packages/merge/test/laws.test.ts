import { ContactSchema } from '@contactkit/core'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import {
  applyPatch,
  diffContacts,
  type MergeChoice,
  type MergeRule,
  mergeContacts,
  toPatch,
  unmerge,
} from '../src/index.js'
import { clusterArbitrary, contactArbitrary } from './arbitraries.js'

const orderIndependentRule = fc.constantFrom<MergeRule>(
  'existing',
  'incoming',
  'fillBlanks',
  'newest',
  'mostComplete',
  'union',
)
const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }

describe('arbitraries', () => {
  test.prop([contactArbitrary])('produce valid contacts', (contact) => {
    expect(ContactSchema.safeParse(contact).success).toBe(true)
  })
})

describe('toPatch / applyPatch', () => {
  test.prop([contactArbitrary, contactArbitrary])('applyPatch(a, toPatch(a, b)) reproduces b', (a, b) => {
    expect(applyPatch(a, toPatch(a, b))).toEqual(b)
  })

  test.prop([contactArbitrary, contactArbitrary])(
    'a patch guarded by tests applies to the record it was made for',
    (a, b) => {
      expect(applyPatch(a, toPatch(a, b, { test: true }))).toEqual(b)
    },
  )

  test.prop([contactArbitrary])('an unchanged record gives an empty patch', (a) => {
    expect(toPatch(a, structuredClone(a))).toEqual([])
  })

  test.prop([contactArbitrary, contactArbitrary])('touches only the fields that differ', (a, b) => {
    const touched = new Set(toPatch(a, b).map((operation) => operation.path.split('/')[1]))
    for (const field of touched) {
      expect(a[field as keyof typeof a]).not.toEqual(b[field as keyof typeof b])
    }
  })

  test.prop([contactArbitrary, contactArbitrary])('does not modify its input', (a, b) => {
    const before = structuredClone(a)
    applyPatch(a, toPatch(a, b))
    expect(a).toEqual(before)
  })
})

describe('mergeContacts', () => {
  test.prop([
    clusterArbitrary.chain((records) =>
      fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length })),
    ),
    orderIndependentRule,
    orderIndependentRule,
  ])(
    'gives the same contact and provenance whatever the order of the records',
    ([records, shuffled], scalarRule, listRule) => {
      const policy = {
        default: scalarRule === 'union' ? 'fillBlanks' : scalarRule,
        fields: { emails: listRule, phones: listRule, addresses: listRule, websites: listRule },
      } as const
      const a = mergeContacts(records, policy, {}, options)
      const b = mergeContacts(shuffled, policy, {}, options)
      expect(b.contact).toEqual(a.contact)
      if (records.every((record) => record.id !== undefined)) expect(b.provenance).toEqual(a.provenance)
    },
  )

  test.prop([clusterArbitrary])(
    'returns a valid contact whose patch reproduces it from the survivor',
    (records) => {
      const result = mergeContacts(records, 'fillBlanks', {}, options)
      expect(ContactSchema.safeParse(result.contact).success).toBe(true)
      const survivor = result.journal.records.find((record) => record.ref === result.survivor)?.contact
      expect(survivor).toBeDefined()
      if (survivor) expect(applyPatch(survivor, result.patch)).toEqual(result.contact)
    },
  )

  test.prop([contactArbitrary])(
    'merging a record with a copy of itself changes nothing but duplicates and blanks',
    (contact) => {
      const once = mergeContacts([contact], 'fillBlanks', {}, options).contact
      const twice = mergeContacts(
        [
          { id: 'a', contact, role: 'existing' },
          { id: 'b', contact: structuredClone(contact), role: 'incoming' },
        ],
        { default: 'fillBlanks', survivor: 'a' },
        {},
        options,
      ).contact
      expect(twice).toEqual(once)
    },
  )
})

describe('unmerge', () => {
  test.prop([clusterArbitrary, orderIndependentRule])(
    'restores every input record exactly, also after JSON storage',
    (records, rule) => {
      const before = structuredClone(records)
      const { journal, contact } = mergeContacts(
        records,
        { default: rule === 'union' ? 'fillBlanks' : rule },
        {},
        options,
      )
      const restored = unmerge(JSON.parse(JSON.stringify(journal)))
      expect(restored.records).toEqual(before)
      expect(applyPatch(contact, restored.revertPatch)).toEqual(restored.survivor.contact)
    },
  )
})

describe('diffContacts', () => {
  test.prop([contactArbitrary, contactArbitrary])(
    'never suggests replacing a filled value with an empty one',
    (incoming, existing) => {
      for (const entry of diffContacts(incoming, existing).entries) {
        if (entry.kind === 'removed') expect(entry.suggestion).toBe('keepExisting')
      }
    },
  )

  test.prop([contactArbitrary])('finds nothing but equal values between a record and its copy', (contact) => {
    const { entries, hasChanges } = diffContacts(structuredClone(contact), contact)
    expect(entries.every((entry) => entry.kind === 'equal')).toBe(true)
    expect(hasChanges).toBe(false)
  })

  test.prop([contactArbitrary, contactArbitrary])(
    'is symmetric: swapping the records swaps added and removed',
    (a, b) => {
      const swap = { added: 'removed', removed: 'added' } as Record<string, string>
      const forward = diffContacts(a, b).entries.map(
        (entry) => `${entry.path} ${swap[entry.kind] ?? entry.kind}`,
      )
      const backward = diffContacts(b, a).entries.map((entry) => `${entry.path} ${entry.kind}`)
      expect(backward.sort()).toEqual(forward.sort())
    },
  )

  test.prop([contactArbitrary, contactArbitrary])(
    'taking every suggestion keeps every value the existing record had',
    (incoming, existingContact) => {
      const existing = { ...existingContact, id: 'crm-1', source: { kind: 'crm' as const } }
      const card = { ...incoming, id: 'card-1', source: { kind: 'businessCard' as const } }
      const diff = diffContacts(card, existing, options)
      const choices = Object.fromEntries(diff.entries.map((entry) => [entry.path, entry.suggestion]))
      const merged = mergeContacts([existing, card], 'fillBlanks', choices, options)
      for (const entry of diff.entries) {
        if (entry.existing !== undefined) expect(merged.provenance[entry.path], entry.path).toBeDefined()
      }
    },
  )
})

// The fast paths of this package (slots reused between calls, choices in a Map, provenance and journal built
// when first read) must give what the plain way gives.
describe('fast paths', () => {
  const pair = fc.tuple(contactArbitrary, contactArbitrary).map(([incoming, existing]) => ({
    existing: { ...existing, id: 'crm-1', source: { kind: 'crm' as const } },
    incoming: { ...incoming, id: 'card-1', source: { kind: 'businessCard' as const } },
  }))

  test.prop([pair, fc.constantFrom<MergeRule>('fillBlanks', 'union', 'newest', 'incoming')])(
    'choices in a Map merge exactly as the same choices in a plain object',
    ({ existing, incoming }, rule) => {
      const diff = diffContacts(incoming, existing, options)
      const entries = diff.entries.map((entry) => [entry.path, entry.suggestion] as const)
      const fromObject = mergeContacts([existing, incoming], rule, Object.fromEntries(entries), options)
      const fromMap = mergeContacts([existing, incoming], rule, new Map(entries), options)
      expect(JSON.stringify(fromMap)).toBe(JSON.stringify(fromObject))
    },
  )

  test.prop([
    pair,
    fc.array(fc.constantFrom('suggestion', 'fromCrm', 'fromCard', 'typed'), { maxLength: 40 }),
    fc.constantFrom<MergeRule>('fillBlanks', 'union', 'newest'),
  ])(
    'a Map mixing resolutions, { from } and { value } merges as the same plain object, and later edits of it change nothing',
    ({ existing, incoming }, kinds, rule) => {
      const diff = diffContacts(incoming, existing, options)
      const entries = diff.entries.map((entry, index): [string, MergeChoice] => {
        const kind = kinds[index] ?? 'suggestion'
        if (kind === 'fromCrm') return [entry.path, { from: 'crm-1' }]
        if (kind === 'fromCard') return [entry.path, { from: 'card-1' }]
        if (kind === 'typed') return [entry.path, { value: undefined }]
        return [entry.path, entry.suggestion]
      })
      const fromObject = mergeContacts([existing, incoming], rule, Object.fromEntries(entries), options)
      const choices = new Map(entries)
      const fromMap = mergeContacts([existing, incoming], rule, choices, options)
      choices.clear()
      expect(JSON.stringify(fromMap)).toBe(JSON.stringify(fromObject))
    },
  )

  test.prop([pair])(
    'a second diff of the same objects equals a diff of fresh copies',
    ({ existing, incoming }) => {
      const first = diffContacts(incoming, existing, options)
      const again = diffContacts(incoming, existing, options)
      const fresh = diffContacts(structuredClone(incoming), structuredClone(existing), options)
      expect(again).toEqual(first)
      expect(again).toEqual(fresh)
    },
  )

  test.prop([fc.array(pair, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 30 })])(
    'records read in any order, more than the slot cache holds, diff as fresh copies do',
    (pairs, order) => {
      for (const at of order) {
        const { existing, incoming } = pairs[at % pairs.length] as (typeof pairs)[number]
        expect(diffContacts(incoming, existing, options)).toEqual(
          diffContacts(structuredClone(incoming), structuredClone(existing), options),
        )
      }
    },
  )

  test.prop([pair, fc.constantFrom('+49 89 7654321', 'info@beispiel.de', '', 'Lindenstr. 9')])(
    'a record edited in place after its diff is read again by the next diff and merge',
    ({ existing, incoming }, text) => {
      diffContacts(incoming, existing, options)
      mergeContacts([existing, incoming], 'union', {}, options)
      const [phone] = existing.phones
      if (phone) phone.value = text
      const [email] = incoming.emails
      if (email) email.value = text
      const [address] = existing.addresses
      if (address) address.street = text
      incoming.lastName = text
      // Keys removed and added since: the next read sees another set of fields.
      delete existing.title
      delete incoming.middleName
      existing.department = 'Einkauf'
      expect(diffContacts(incoming, existing, options)).toEqual(
        diffContacts(structuredClone(incoming), structuredClone(existing), options),
      )
      expect(JSON.stringify(mergeContacts([existing, incoming], 'union', {}, options))).toBe(
        JSON.stringify(
          mergeContacts([structuredClone(existing), structuredClone(incoming)], 'union', {}, options),
        ),
      )
    },
  )

  test.prop([clusterArbitrary])(
    'provenance and journal read after the inputs changed are those of the merge',
    (records) => {
      const now = mergeContacts(records, 'union', {}, options)
      const expected = JSON.stringify([now.provenance, now.journal])
      const later = mergeContacts(records, 'union', {}, options)
      for (const record of records) {
        record.lastName = 'Geändert'
        record.phones.push({ value: '+49 30 1234567' })
        if (record.source) record.source = { kind: 'manual', at: '2027-01-01T00:00:00Z', confidence: 0 }
        record.updatedAt = '2027-01-01T00:00:00Z'
      }
      expect(JSON.stringify([later.provenance, later.journal])).toBe(expected)
    },
  )
})

import type { Contact, Phone } from '@contactkit/core'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { businessCard, crmRecord, empty } from '../test/fixtures/contacts.js'
import { diffContacts } from './diff.js'

const options = { defaultCountry: 'DE' }

function entry(diff: ReturnType<typeof diffContacts>, path: string) {
  const found = diff.entries.find((candidate) => candidate.path === path)
  if (!found) throw new Error(`no entry ${path} in ${diff.entries.map((e) => e.path).join(', ')}`)
  return found
}

describe('diffContacts', () => {
  it('calls a name that differs only in letter case equivalent and prefers proper capitalisation', () => {
    const diff = diffContacts({ ...empty, lastName: 'Müller' }, { ...empty, lastName: 'MÜLLER' })
    expect(entry(diff, 'lastName')).toMatchObject({
      kind: 'equivalent',
      suggestion: 'takeIncoming',
      incoming: 'Müller',
      existing: 'MÜLLER',
    })
    expect(entry(diff, 'lastName').reason).toContain('letter case')
  })

  it('keeps the existing spelling of an equivalent name that is already well written', () => {
    const diff = diffContacts({ ...empty, lastName: 'MUELLER' }, { ...empty, lastName: 'Müller' })
    expect(entry(diff, 'lastName')).toMatchObject({ kind: 'equivalent', suggestion: 'keepExisting' })
  })

  it('treats ü and ue alike only with German folding', () => {
    const german = diffContacts({ ...empty, lastName: 'Mueller' }, { ...empty, lastName: 'Müller' })
    const plain = diffContacts(
      { ...empty, lastName: 'Mueller' },
      { ...empty, lastName: 'Müller' },
      { german: false },
    )
    expect(entry(german, 'lastName').kind).toBe('equivalent')
    expect(entry(plain, 'lastName').kind).toBe('changed')
  })

  it.each([
    ['+49 89 1234567', '089 1234567'],
    ['+49 (0)89 1234567', '089/123 45 67'],
    ['0049 89 1234567', '+49891234567'],
  ])('pairs the phone numbers %s and %s as one number (default country DE)', (incoming, existing) => {
    const diff = diffContacts(
      { ...empty, phones: [{ value: incoming }] },
      { ...empty, phones: [{ value: existing }] },
      options,
    )
    expect(diff.entries).toEqual([
      expect.objectContaining({
        path: 'phones[+49891234567]',
        kind: 'equivalent',
        suggestion: 'keepExisting',
      }),
    ])
  })

  it('keeps values without digits apart instead of pairing them on an empty key', () => {
    const diff = diffContacts(
      { ...empty, phones: [{ value: 'n/a' }] },
      { ...empty, phones: [{ value: 'unbekannt' }] },
      options,
    )
    expect(diff.entries.map((e) => e.kind)).toEqual(['removed', 'added'])
  })

  it('keeps numbers with different extensions apart', () => {
    const diff = diffContacts(
      { ...empty, phones: [{ value: '+49891234567', extension: '12' }] },
      { ...empty, phones: [{ value: '+49891234567' }] },
      options,
    )
    expect(diff.entries.map((e) => [e.path, e.kind])).toEqual([
      ['phones[+49891234567]', 'removed'],
      ['phones[+49891234567;ext=12]', 'added'],
    ])
  })

  it('calls Musterstr. 5 and Musterstraße 5 one address and fills the missing country', () => {
    const diff = diffContacts(businessCard, crmRecord, options)
    const address = entry(diff, 'addresses[DE|80331|musterstrasse|5]')
    expect(address.kind).toBe('equivalent')
    expect(address.reason).toContain('written differently')
  })

  it('compares companies by name and legal form', () => {
    const same = diffContacts(
      { ...empty, company: 'Muster Gesellschaft mit beschränkter Haftung' },
      { ...empty, company: 'Muster GmbH' },
    )
    const other = diffContacts(
      { ...empty, company: 'Muster GmbH & Co. KG' },
      { ...empty, company: 'Muster GmbH' },
    )
    expect(entry(same, 'company').kind).toBe('equivalent')
    expect(entry(other, 'company').kind).toBe('changed')
  })

  it('shows a company going into liquidation as a change, not a spelling', () => {
    const liquidation = diffContacts(
      { ...empty, company: 'Nordlicht Logistik GmbH i.L.' },
      { ...empty, company: 'Nordlicht Logistik GmbH' },
    )
    expect(entry(liquidation, 'company')).toMatchObject({ kind: 'changed', suggestion: 'takeIncoming' })
    const spelling = diffContacts(
      { ...empty, company: 'NORDLICHT LOGISTIK GMBH I. L.' },
      { ...empty, company: 'Nordlicht Logistik GmbH i.L.' },
    )
    expect(entry(spelling, 'company').kind).toBe('equivalent')
  })

  it('treats http, https and www forms of a website as one', () => {
    const diff = diffContacts(businessCard, crmRecord, options)
    expect(entry(diff, 'websites[muster.de]')).toMatchObject({
      kind: 'equivalent',
      existing: 'https://www.muster.de/',
      incoming: 'muster.de',
    })
  })

  it('throws MERGE_INVALID_INPUT for a default country that is no ISO code', () => {
    expect(() => diffContacts(empty, empty, { defaultCountry: 'Deutschland' })).toThrow(
      expect.objectContaining({ code: 'MERGE_INVALID_INPUT' }),
    )
  })

  it('treats email addresses that differ only in case as equivalent', () => {
    const diff = diffContacts(businessCard, crmRecord, options)
    expect(entry(diff, 'emails[a.mueller@muster.de]')).toMatchObject({
      kind: 'equivalent',
      existing: { value: 'A.Mueller@Muster.de', kind: 'work' },
      incoming: { value: 'a.mueller@muster.de' },
      suggestion: 'keepExisting',
    })
  })

  it('reports a field only the incoming record has as added, suggesting to take it', () => {
    const diff = diffContacts(businessCard, crmRecord, options)
    expect(entry(diff, 'title')).toMatchObject({
      kind: 'added',
      incoming: 'Prof. Dr.',
      suggestion: 'takeIncoming',
    })
  })

  it('never suggests emptying a field the incoming record lacks', () => {
    const diff = diffContacts(businessCard, crmRecord, options)
    expect(entry(diff, 'department')).toMatchObject({
      kind: 'removed',
      existing: 'Einkauf',
      suggestion: 'keepExisting',
    })
    expect(entry(diff, 'phones[+491712345678]')).toMatchObject({
      kind: 'removed',
      suggestion: 'keepExisting',
    })
    expect(entry(diff, 'custom.customerNumber')).toMatchObject({
      kind: 'removed',
      suggestion: 'keepExisting',
    })
  })

  it('suggests the incoming value when it completes an initial', () => {
    const diff = diffContacts(businessCard, crmRecord, options)
    expect(entry(diff, 'firstName')).toMatchObject({ kind: 'changed', suggestion: 'takeIncoming' })
    expect(entry(diff, 'firstName').reason).toContain('more complete')
  })

  it('suggests the newer value of a real conflict and says why', () => {
    const diff = diffContacts({ ...businessCard, jobTitle: 'Head of Procurement' }, crmRecord, options)
    const jobTitle = entry(diff, 'jobTitle')
    expect(jobTitle).toMatchObject({ kind: 'changed', suggestion: 'takeIncoming' })
    expect(jobTitle.reason).toBe(
      'The job title differs: "Einkauf" in the existing record, "Head of Procurement" incoming; the incoming value is newer (2026-11-02, existing record last updated 2025-03-01).',
    )
  })

  it('keeps the existing value when the incoming source is unsure', () => {
    const unsure = {
      ...businessCard,
      jobTitle: 'Head of Procurement',
      source: { kind: 'signature' as const, confidence: 0.3 },
    }
    expect(entry(diffContacts(unsure, crmRecord, options), 'jobTitle').suggestion).toBe('keepExisting')
  })

  it('reports a new value of a list field as added with the union suggestion', () => {
    const diff = diffContacts(
      { ...empty, emails: [{ value: 'anna@muster.de' }, { value: 'a.mueller@gmx.de', kind: 'home' }] },
      { ...empty, emails: [{ value: 'anna@muster.de' }] },
    )
    expect(entry(diff, 'emails[a.mueller@gmx.de]')).toMatchObject({ kind: 'added', suggestion: 'union' })
    expect(diff.counts).toEqual({ equal: 1, equivalent: 0, added: 1, removed: 0, changed: 0 })
    expect(diff.hasChanges).toBe(true)
  })

  it('flags a conflicting detail of the same value as changed', () => {
    const diff = diffContacts(
      { ...empty, emails: [{ value: 'anna@muster.de', kind: 'home' }] },
      { ...empty, emails: [{ value: 'Anna@Muster.de', kind: 'work' }] },
    )
    const email = entry(diff, 'emails[anna@muster.de]')
    expect(email.kind).toBe('changed')
    expect(email.reason).toContain('kind "work" vs "home" incoming')
  })

  it('compares custom fields by value and social profiles by URL', () => {
    const diff = diffContacts(
      { ...empty, social: { linkedin: 'linkedin.com/in/anna-mueller' }, custom: { tier: { level: 2 } } },
      {
        ...empty,
        social: { linkedin: 'https://www.linkedin.com/in/anna-mueller/' },
        custom: { tier: { level: 3 } },
      },
    )
    expect(entry(diff, 'social.linkedin').kind).toBe('equivalent')
    expect(entry(diff, 'custom.tier')).toMatchObject({
      kind: 'changed',
      existing: { level: 3 },
      incoming: { level: 2 },
    })
  })

  it('omits equal entries on request but still counts them', () => {
    const diff = diffContacts(
      { ...empty, company: 'Beispiel AG' },
      { ...empty, company: 'Beispiel AG' },
      { includeEqual: false },
    )
    expect(diff.entries).toEqual([])
    expect(diff.counts.equal).toBe(1)
  })

  it('ignores blank values and values of whitespace only', () => {
    const diff = diffContacts({ ...empty, jobTitle: '   ', emails: [{ value: '' }] }, empty)
    expect(diff.entries).toEqual([])
  })

  it('throws MERGE_INVALID_INPUT for a record whose list is not a list', () => {
    expect(() => diffContacts({ ...empty, emails: 'anna@muster.de' } as never, empty)).toThrow(
      expect.objectContaining({ code: 'MERGE_INVALID_INPUT' }),
    )
  })
})

describe('DiffEntry', () => {
  it('narrows the values by field', () => {
    const diff = diffContacts(businessCard, crmRecord, options)
    for (const item of diff.entries) {
      if (item.field === 'phones') expectTypeOf(item.existing).toEqualTypeOf<Phone | undefined>()
      if (item.field === 'lastName') expectTypeOf(item.incoming).toEqualTypeOf<string | undefined>()
      if (item.field === 'custom') expectTypeOf(item.incoming).toEqualTypeOf<unknown>()
    }
    expect(diff.entries.length).toBeGreaterThan(0)
  })

  it('sees edits made to a record in place between two diffs of the same object', () => {
    const existing: Contact = {
      ...empty,
      lastName: 'Müller',
      phones: [{ value: '+49 89 1234567', kind: 'work' }],
      addresses: [{ street: 'Musterstraße', houseNumber: '5', postalCode: '80331', city: 'München' }],
    }
    const incoming: Contact = {
      ...empty,
      lastName: 'MÜLLER',
      phones: [{ value: '089 1234567' }],
      addresses: [{ street: 'Musterstr.', houseNumber: '5', postalCode: '80331', city: 'München' }],
    }
    expect(entry(diffContacts(incoming, existing, options), 'phones[+49891234567]').kind).toBe('equivalent')
    ;(existing.phones[0] as Phone).value = '+49 89 7654321'
    ;(existing.addresses[0] as { houseNumber?: string }).houseNumber = '7'
    existing.lastName = 'Schäfer'
    incoming.phones.push({ value: '+49 171 2345678', kind: 'mobile' })
    const after = diffContacts(incoming, existing, options)
    expect(entry(after, 'phones[+49891234567]').kind).toBe('added')
    expect(entry(after, 'phones[+49897654321]').kind).toBe('removed')
    expect(entry(after, 'phones[+491712345678]').kind).toBe('added')
    expect(entry(after, 'lastName').kind).toBe('changed')
    expect(after.entries.filter((item) => item.field === 'addresses').map((item) => item.kind)).toEqual([
      'removed',
      'added',
    ])
  })
})

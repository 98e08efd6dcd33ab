import type { Contact } from '@contactkit/core'
import { describe, expect, it } from 'vitest'
import { businessCard, crmRecord, empty, signatureRecord } from '../test/fixtures/contacts.js'
import { isMergeError } from './error.js'
import { type CustomMergeRule, type MergeChoice, mergeContacts } from './merge.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return isMergeError(error) ? error.code : `not a MergeError: ${String(error)}`
  }
  return undefined
}

describe('mergeContacts', () => {
  it('fills blanks of the CRM record from a business card and keeps what the CRM has', () => {
    const { contact, survivor, patch } = mergeContacts([crmRecord, businessCard], 'fillBlanks', {}, options)
    expect(survivor).toBe('crm-4711')
    expect(contact).toMatchObject({
      id: 'crm-4711',
      title: 'Prof. Dr.',
      firstName: 'A.',
      lastName: 'MÜLLER',
      jobTitle: 'Einkauf',
      department: 'Einkauf',
      custom: { customerNumber: 'K-1042' },
      updatedAt: crmRecord.updatedAt,
      source: crmRecord.source,
    })
    expect(patch).toEqual([{ op: 'add', path: '/title', value: 'Prof. Dr.' }])
  })

  it('lets explicit choices override the policy', () => {
    const { contact, provenance } = mergeContacts(
      [crmRecord, businessCard],
      'fillBlanks',
      {
        firstName: 'takeIncoming',
        lastName: { from: '#1' },
        jobTitle: { value: 'Leiterin Einkauf & Logistik' },
      },
      options,
    )
    expect(contact).toMatchObject({
      firstName: 'Anna',
      lastName: 'Müller',
      jobTitle: 'Leiterin Einkauf & Logistik',
    })
    expect(provenance.firstName).toMatchObject({ record: '#1', decidedBy: 'choice', source: 'businessCard' })
    expect(provenance.jobTitle).toEqual({ path: 'jobTitle', field: 'jobTitle', decidedBy: 'choice' })
  })

  it('records provenance with source kind, timestamp and confidence', () => {
    const { provenance } = mergeContacts([crmRecord, businessCard], 'fillBlanks', {}, options)
    expect(provenance.title).toEqual({
      path: 'title',
      field: 'title',
      record: '#1',
      role: 'incoming',
      source: 'businessCard',
      at: '2026-11-02T09:30:00Z',
      confidence: 0.92,
      decidedBy: 'fillBlanks',
    })
    expect(provenance.department).toMatchObject({ record: 'crm-4711', role: 'existing', source: 'crm' })
    expect(provenance['custom.customerNumber']).toMatchObject({ record: 'crm-4711' })
  })

  it('applies per-field rules: newest, incoming, existing, mostComplete', () => {
    const { contact, provenance } = mergeContacts(
      [crmRecord, businessCard, signatureRecord],
      { default: 'existing', fields: { jobTitle: 'newest', firstName: 'mostComplete', title: 'incoming' } },
      {},
      options,
    )
    expect(contact.jobTitle).toBe('Head of Procurement')
    expect(provenance.jobTitle).toMatchObject({ source: 'signature', at: '2026-11-20T14:00:00Z' })
    expect(contact.firstName).toBe('Anna')
    expect(contact.title).toBe('Prof. Dr.')
    expect(contact.lastName).toBe('MÜLLER')
  })

  it('keeps the existing value under the existing rule even when it is empty', () => {
    const { contact } = mergeContacts([crmRecord, businessCard], { default: 'existing' }, {}, options)
    expect(contact.title).toBeUndefined()
  })

  it('uses per-field timestamps for the newest rule', () => {
    const { contact, provenance } = mergeContacts(
      [
        { contact: crmRecord, fieldTimes: { jobTitle: '2026-11-25T08:00:00Z' } },
        { contact: signatureRecord },
      ],
      { fields: { jobTitle: 'newest' } },
      {},
      options,
    )
    expect(contact.jobTitle).toBe('Einkauf')
    expect(provenance.jobTitle?.at).toBe('2026-11-25T08:00:00Z')
  })

  it('merges a whole cluster: several CRM duplicates and incoming records', () => {
    const duplicate: Contact = {
      ...empty,
      id: 'crm-0815',
      firstName: 'Anna',
      lastName: 'Müller',
      phones: [{ value: '+4989987654', kind: 'fax' }],
      source: { kind: 'crm' },
    }
    const result = mergeContacts(
      [duplicate, businessCard, crmRecord, signatureRecord],
      'fillBlanks',
      {},
      options,
    )
    expect(result.survivor).toBe('crm-4711')
    expect(result.absorbed).toEqual(['crm-0815'])
    expect(result.contact.phones.map((phone) => phone.value)).toEqual(
      expect.arrayContaining(['+49891234567', '+491712345678', '+4989987654']),
    )
  })

  it('honours an explicit survivor', () => {
    const other: Contact = { ...empty, id: 'crm-0815', lastName: 'Müller', source: { kind: 'crm' } }
    const result = mergeContacts([crmRecord, other], { survivor: 'crm-0815' }, {}, options)
    expect(result.survivor).toBe('crm-0815')
    expect(result.contact.id).toBe('crm-0815')
    expect(result.contact.lastName).toBe('Müller')
    expect(result.contact.jobTitle).toBe('Einkauf')
  })

  it('keeps both forms of nothing: the union rule adds new values and keeps existing ones', () => {
    const { contact, provenance } = mergeContacts(
      [
        { ...empty, id: 'crm-1', emails: [{ value: 'anna@muster.de', kind: 'work' }] },
        { ...empty, emails: [{ value: 'ANNA@muster.de' }, { value: 'anna.mueller@gmx.de', kind: 'home' }] },
      ],
      { fields: { emails: 'union' } },
      {},
      options,
    )
    expect(contact.emails).toEqual([
      { value: 'anna@muster.de', kind: 'work' },
      { value: 'anna.mueller@gmx.de', kind: 'home' },
    ])
    expect(provenance['emails[anna.mueller@gmx.de]']?.record).toBe('#1')
  })

  it('fills a missing detail of a value from another record holding the same value', () => {
    const { contact } = mergeContacts(
      [
        { ...empty, id: 'crm-1', emails: [{ value: 'anna@muster.de' }] },
        { ...empty, emails: [{ value: 'Anna@Muster.de', kind: 'work', raw: 'Anna@Muster.de ' }] },
      ],
      'union',
      {},
      options,
    )
    expect(contact.emails).toEqual([{ value: 'anna@muster.de', kind: 'work' }])
  })

  it('drops a value when the choice for its path names a record without it', () => {
    const { contact } = mergeContacts(
      [crmRecord, businessCard],
      'fillBlanks',
      { 'phones[+491712345678]': 'takeIncoming', 'emails[a.mueller@muster.de]': { from: '#1' } },
      options,
    )
    expect(contact.phones.map((phone) => phone.value)).not.toContain('+491712345678')
    expect(contact.emails).toEqual([{ value: 'a.mueller@muster.de', kind: 'work' }])
  })

  it('takes a whole list from one record with a field-level choice', () => {
    const { contact } = mergeContacts(
      [crmRecord, signatureRecord],
      'union',
      { emails: { from: '#1' } },
      options,
    )
    expect(contact.emails).toEqual([{ value: 'anna.mueller@muster.de', kind: 'work' }])
  })

  it('runs a custom rule and keeps the provenance of the candidate it picks', () => {
    const preferCard: CustomMergeRule = (candidates) =>
      candidates.find((candidate) => candidate.source?.kind === 'businessCard') ?? candidates[0]
    const upperCompany: CustomMergeRule = (candidates) =>
      candidates[0] && { value: String(candidates[0].value).toUpperCase() }
    const { contact, provenance } = mergeContacts(
      [crmRecord, businessCard, signatureRecord],
      { default: preferCard, fields: { company: upperCompany } },
      {},
      options,
    )
    expect(contact.jobTitle).toBe('Leiterin Einkauf')
    expect(provenance.jobTitle).toMatchObject({ source: 'businessCard', decidedBy: 'custom' })
    expect(contact.company).toBe('MUSTER GMBH & CO. KG')
    expect(provenance.company).toEqual({ path: 'company', field: 'company', decidedBy: 'custom' })
  })

  it('carries the typed form of a value with the record it came from', () => {
    const crm = { ...empty, id: 'crm-1', lastName: 'Muller', raw: { lastName: 'MULLER' } }
    const card = { ...empty, lastName: 'Schäfer', raw: { lastName: 'SCHÄFER' } }
    const { contact } = mergeContacts([crm, card], 'fillBlanks', { lastName: 'takeIncoming' }, options)
    expect(contact).toMatchObject({ lastName: 'Schäfer', raw: { lastName: 'SCHÄFER' } })
  })

  it.each([
    ['a path no record has', { jobTitle: 'keepExisting', nickname: 'keepExisting' }, 'MERGE_UNKNOWN_PATH'],
    ['a value no record has', { 'emails[nobody@muster.de]': 'union' }, 'MERGE_UNKNOWN_PATH'],
    ['a record not in the cluster', { jobTitle: { from: 'crm-9999' } }, 'MERGE_UNKNOWN_RECORD'],
    ['union on a single-valued field', { jobTitle: 'union' }, 'MERGE_INVALID_CHOICE'],
    ['an unknown resolution', { jobTitle: 'overwrite' }, 'MERGE_INVALID_CHOICE'],
    ['a phone that is no phone', { 'phones[+49891234567]': { value: 42 } }, 'MERGE_INVALID_CHOICE'],
  ])('throws for a choice naming %s', (_, choices, code) => {
    expect(
      codeOf(() => mergeContacts([crmRecord, businessCard], 'fillBlanks', choices as never, options)),
    ).toBe(code)
  })

  it.each([
    ['no records', [], 'fillBlanks', 'MERGE_INVALID_INPUT'],
    ['two records with one id', [crmRecord, crmRecord], 'fillBlanks', 'MERGE_INVALID_INPUT'],
    ['an unknown survivor', [crmRecord], { survivor: 'crm-1' }, 'MERGE_UNKNOWN_RECORD'],
    [
      'union for a single-valued field',
      [crmRecord],
      { fields: { jobTitle: 'union' } },
      'MERGE_INVALID_POLICY',
    ],
    ['an unknown rule', [crmRecord], 'latest', 'MERGE_INVALID_POLICY'],
    [
      'more records than allowed',
      Array.from({ length: 10_001 }, () => empty),
      'fillBlanks',
      'MERGE_TOO_MANY_RECORDS',
    ],
  ])('throws for %s', (_, records, policy, code) => {
    expect(codeOf(() => mergeContacts(records as Contact[], policy as never, {}, options))).toBe(code)
  })
})

describe('mergeContacts with CRM nulls', () => {
  it('treats null fields of a CRM record as empty', () => {
    const crm = { ...empty, id: 'crm-1', jobTitle: null, social: null } as unknown as Contact
    const { contact } = mergeContacts(
      [crm, { ...empty, jobTitle: 'Leiterin Einkauf' }],
      'fillBlanks',
      {},
      options,
    )
    expect(contact.jobTitle).toBe('Leiterin Einkauf')
    expect(contact.social).toBeUndefined()
  })
})

describe('mergeContacts with choices in a Map', () => {
  it('merges as with the same choices in a plain object, and journals them as an object', () => {
    const choices = {
      firstName: 'takeIncoming',
      'phones[+491712345678]': 'takeIncoming',
      lastName: { from: '#1' },
      jobTitle: { value: 'Leiterin Einkauf & Logistik' },
    } as const
    const fromObject = mergeContacts([crmRecord, businessCard], 'fillBlanks', choices, options)
    const fromMap = mergeContacts(
      [crmRecord, businessCard],
      'fillBlanks',
      new Map(Object.entries(choices)),
      options,
    )
    expect(fromMap).toEqual(fromObject)
    expect(fromMap.contact.phones.map((phone) => phone.value)).not.toContain('+491712345678')
    expect(JSON.parse(JSON.stringify(fromMap.journal)).choices).toEqual(choices)
  })

  it('keeps the journal free of later edits to the Map and its values', () => {
    const typed = { value: 'Leiterin Einkauf' }
    const choices = new Map<string, MergeChoice>([['jobTitle', typed]])
    const result = mergeContacts([crmRecord, businessCard], 'fillBlanks', choices, options)
    choices.set('firstName', 'takeIncoming')
    typed.value = 'Changed'
    expect(result.journal.choices).toEqual({ jobTitle: { value: 'Leiterin Einkauf' } })
  })

  it.each([
    ['a path no record has', new Map([['nickname', 'keepExisting']]), 'MERGE_UNKNOWN_PATH'],
    ['a key that is not a path', new Map([[42, 'keepExisting']]), 'MERGE_UNKNOWN_PATH'],
    ['union on a single-valued field', new Map([['jobTitle', 'union']]), 'MERGE_INVALID_CHOICE'],
  ])('throws for a Map naming %s', (_, choices, code) => {
    expect(
      codeOf(() => mergeContacts([crmRecord, businessCard], 'fillBlanks', choices as never, options)),
    ).toBe(code)
  })

  it('throws MERGE_INVALID_CHOICE for choices that are neither an object nor a Map', () => {
    expect(
      codeOf(() => mergeContacts([crmRecord, businessCard], 'fillBlanks', ['jobTitle'] as never, options)),
    ).toBe('MERGE_INVALID_CHOICE')
  })
})

describe('the merge result', () => {
  const merge = () =>
    mergeContacts([crmRecord, businessCard], 'fillBlanks', { jobTitle: 'takeIncoming' }, options)

  it('has provenance and journal as own enumerable properties, in a fixed order', () => {
    const result = merge()
    expect(Object.keys(result)).toEqual(['contact', 'survivor', 'absorbed', 'patch', 'provenance', 'journal'])
    const copy = { ...result }
    expect(copy.provenance.jobTitle).toMatchObject({ record: '#1', decidedBy: 'choice' })
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(copy)))
    expect(structuredClone(result).journal.survivor).toBe('crm-4711')
  })

  it('gives the same object on every read and takes assignments', () => {
    const result = merge()
    expect(result.provenance).toBe(result.provenance)
    expect(result.journal).toBe(result.journal)
    result.provenance = {}
    expect(result.provenance).toEqual({})
    expect(Object.getOwnPropertyDescriptor(result, 'provenance')).toMatchObject({ value: {}, writable: true })
  })

  it('answers reads of a frozen result', () => {
    const result = Object.freeze(merge())
    expect(result.provenance.jobTitle?.record).toBe('#1')
    expect(result.provenance).toBe(result.provenance)
    expect(result.journal.choices).toEqual({ jobTitle: 'takeIncoming' })
  })

  it('records provenance as the records were at the merge, not as they were edited since', () => {
    const card = structuredClone(businessCard)
    const result = mergeContacts([crmRecord, card], 'fillBlanks', {}, options)
    if (card.source) {
      card.source.kind = 'import'
      card.source.at = '2027-01-01T00:00:00Z'
      card.source.confidence = 0.1
    }
    expect(result.provenance.title).toMatchObject({
      source: 'businessCard',
      at: '2026-11-02T09:30:00Z',
      confidence: 0.92,
    })
  })
})

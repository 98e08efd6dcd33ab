import { describe, expect, it } from 'vitest'
import { contact } from '../test/helpers.js'
import { createMatcher } from './matcher.js'
import { generateContacts } from './synthetic.js'

const huber = contact({
  id: 'crm-1',
  firstName: 'Josef',
  lastName: 'Huber',
  company: 'Huber Bau GmbH & Co. KG',
  emails: [{ value: 'j.huber@huber-bau.de' }],
  addresses: [{ street: 'Lerchenfeldstraße', houseNumber: '5', postalCode: '80538', city: 'München' }],
})
const schaefer = contact({
  id: 'crm-2',
  firstName: 'Käthe',
  lastName: 'Schäfer',
  company: 'Schäfer Logistik AG',
  phones: [{ value: '+4930123456', kind: 'work' }],
})

describe('createIndex', () => {
  it('finds a business card in the CRM by nickname and company, best first', () => {
    const index = createMatcher().createIndex()
    index.add(huber)
    index.add(schaefer)
    const card = contact({
      firstName: 'Sepp',
      lastName: 'Huber',
      company: 'Huber Bau GmbH',
      emails: [{ value: 'J.Huber@Huber-Bau.de' }],
    })
    const [best, ...rest] = index.query(card)
    expect(best).toMatchObject({ id: 'crm-1', verdict: 'duplicate' })
    expect(best?.contact).toBe(huber)
    expect(rest).toEqual([])
    expect(index.size).toBe(2)
  })

  it('does not return a contact as its own duplicate', () => {
    const index = createMatcher().createIndex()
    index.add(huber)
    expect(index.query(huber)).toEqual([])
  })

  it('forgets removed contacts and sees updated ones', () => {
    const index = createMatcher().createIndex()
    index.add(huber)
    index.add(schaefer)
    expect(index.remove('crm-1')).toBe(true)
    expect(index.remove('crm-1')).toBe(false)
    expect(index.has('crm-1')).toBe(false)
    expect(index.query({ ...huber, id: 'card' })).toEqual([])
    index.update({ ...schaefer, emails: [{ value: 'k.schaefer@schaefer-logistik.de' }] })
    const found = index.query(
      contact({ lastName: 'Schaefer', emails: [{ value: 'k.schaefer@schaefer-logistik.de' }] }),
    )
    expect(found[0]?.id).toBe('crm-2')
    expect(index.size).toBe(1)
  })

  it('rejects a second contact with the same id and contacts without id', () => {
    const index = createMatcher().createIndex()
    index.add(huber)
    expect(() => index.add(huber)).toThrow(expect.objectContaining({ code: 'MATCH_DUPLICATE_ID' }))
    expect(() => index.add(contact({ lastName: 'Ohne Id' }))).toThrow(
      expect.objectContaining({ code: 'MATCH_INVALID_CONTACT' }),
    )
  })

  it('finds the original of most corrupted duplicates in a synthetic base', () => {
    const { contacts, entityOf } = generateContacts({ count: 3000, seed: 5 })
    const index = createMatcher().createIndex()
    const firstOf = new Map<string, string>()
    const queries = []
    for (const record of contacts) {
      const entity = entityOf.get(record.id as string) as string
      if (firstOf.has(entity)) queries.push(record)
      else {
        firstOf.set(entity, record.id as string)
        index.add(record)
      }
    }
    let hits = 0
    for (const query of queries) {
      const [best] = index.query(query, { limit: 1 })
      if (best && entityOf.get(best.id) === entityOf.get(query.id as string)) hits++
    }
    expect(hits / queries.length).toBeGreaterThan(0.95)
  })

  it('answers after adds, removals and updates as an index built from the surviving contacts', () => {
    const { contacts } = generateContacts({ count: 600, seed: 9 })
    const matcher = createMatcher()
    const churned = matcher.createIndex()
    for (const record of contacts) churned.add(record)
    const survivors = new Map(contacts.map((record) => [record.id as string, record]))
    contacts.forEach((record, i) => {
      if (i % 3 === 0) {
        churned.remove(record.id as string)
        survivors.delete(record.id as string)
      } else if (i % 5 === 0) {
        // A changed email and phone: the old keys must stop finding the contact.
        const changed = { ...record, emails: [{ value: `moved-${i}@example.org` }], phones: [] }
        churned.update(changed)
        survivors.set(record.id as string, changed)
      }
    })
    const fresh = matcher.createIndex()
    for (const record of survivors.values()) fresh.add(record)
    expect(churned.size).toBe(fresh.size)
    const answer = (index: typeof fresh, query: (typeof contacts)[number]) =>
      index
        .query({ ...query, id: `q-${query.id}` }, { limit: 50 })
        .map((match) => `${match.id} ${match.weight.toFixed(9)}`)
        .sort()
    let found = 0
    for (const query of contacts) {
      const expected = answer(fresh, query)
      expect(answer(churned, query)).toEqual(expected)
      found += expected.length
    }
    expect(found).toBeGreaterThan(300)
  })
})

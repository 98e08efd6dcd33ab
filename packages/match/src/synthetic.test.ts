import { describe, expect, it } from 'vitest'
import { generateContactStream, generateContacts } from './synthetic.js'

describe('generateContacts', () => {
  it('is reproducible for one seed and differs for another', () => {
    expect(generateContacts({ count: 200, seed: 7 })).toEqual(generateContacts({ count: 200, seed: 7 }))
    expect(generateContacts({ count: 200, seed: 7 }).contacts).not.toEqual(
      generateContacts({ count: 200, seed: 8 }).contacts,
    )
  })

  it('makes German data with umlauts, ß, legal forms and E.164 phones, and about the asked duplicate share', () => {
    const { contacts, entityOf } = generateContacts({ count: 3000, seed: 1, duplicateShare: 0.3 })
    const text = JSON.stringify(contacts)
    expect(text).toMatch(/[äöü]/)
    expect(text).toMatch(/ß/)
    expect(text).toMatch(/GmbH & Co\. KG/)
    expect(contacts.flatMap((c) => c.phones).every((phone) => /^\+\d+$/.test(phone.value))).toBe(true)
    expect(contacts.flatMap((c) => c.phones).some((phone) => phone.raw?.startsWith('0049'))).toBe(true)
    const entities = new Set(entityOf.values())
    const share = 1 - entities.size / contacts.length
    expect(share).toBeGreaterThan(0.25)
    expect(share).toBeLessThan(0.35)
  })

  it('writes phones as found with canonical: false', () => {
    const { contacts } = generateContacts({ count: 500, seed: 1, canonical: false })
    const forms = contacts.flatMap((c) => c.phones).map((phone) => phone.value)
    expect(forms.some((value) => value.startsWith('+49 '))).toBe(true)
    expect(forms.some((value) => value.startsWith('0049 (0)'))).toBe(true)
    expect(forms.some((value) => /^0[1-9]/.test(value))).toBe(true)
  })

  it('rejects a bad count', () => {
    expect(() => generateContacts({ count: 0 })).toThrow(
      expect.objectContaining({ code: 'MATCH_INVALID_CONFIG' }),
    )
  })

  it('streams the same contacts in the same order as generateContacts, with the same options', () => {
    const options = { count: 1500, seed: 5, germanShare: 0.8, canonical: false }
    expect([...generateContactStream(options)]).toEqual(generateContacts(options).contacts)
    // The first records do not depend on the count: a stream's prefix is a smaller run.
    const prefix = [...generateContactStream({ count: 300, seed: 5, germanShare: 0.8, canonical: false })]
    expect(prefix).toEqual(generateContacts(options).contacts.slice(0, 300))
  })

  it('checks the options of a stream before it is read', () => {
    expect(() => generateContactStream({ count: 10, duplicateShare: 1 })).toThrow(
      expect.objectContaining({ code: 'MATCH_INVALID_CONFIG' }),
    )
  })
})

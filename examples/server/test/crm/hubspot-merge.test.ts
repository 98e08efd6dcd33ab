import { toFieldUpdate } from '@contactkit/merge'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHubSpotConnector } from '../../src/crm/hubspot/connector.js'
import { type FakeHubSpot, MemoryVault, startFakeHubSpot } from './fake-hubspot.js'

// The merge flow: the user's choices become a merged contact, @contactkit/merge's toFieldUpdate turns the difference
// into a flat field update, and the connector writes it as one minimal PATCH.

let fake: FakeHubSpot
beforeEach(async () => {
  fake = await startFakeHubSpot({
    clientId: 'cid',
    clientSecret: 'secret',
    refreshToken: 'refresh',
    customProperties: ['kundennummer', 'abteilung'],
  })
})
afterEach(() => fake.close())

function connect() {
  const vault = new MemoryVault({ refreshToken: 'refresh' })
  return createHubSpotConnector({
    clientId: 'cid',
    clientSecret: 'secret',
    vault,
    baseUrl: fake.baseUrl,
    now: () => fake.now,
    sleep: async () => {},
    defaultCountry: 'DE',
    countryLocale: 'de',
    customProperties: ['kundennummer'],
    fieldProperties: { department: 'abteilung' },
  })
}

describe('HubSpot connector with @contactkit/merge', () => {
  it('writes the field update of a merge as one minimal PATCH', async () => {
    const id = fake.addContact({
      salutation: 'Herr',
      firstname: 'Klaus',
      lastname: 'Meier',
      email: 'k.meier@meier-gmbh.de',
      phone: '089 1234567',
      company: 'Meier GmbH',
      address: 'Hauptstraße 4',
      zip: '80331',
      city: 'München',
      country: 'Deutschland',
    })
    const crm = connect()
    const existing = await crm.get(id)
    if (existing === undefined) throw new Error('seeded contact missing')
    const merged = {
      ...existing.contact,
      title: 'Dipl.-Ing.',
      department: 'Einkauf',
      phones: [
        ...existing.contact.phones,
        { value: '+491712345678', kind: 'mobile' as const, raw: '0171 2345678' },
      ],
      custom: { kundennummer: 'K-1042' },
    }
    const update = toFieldUpdate(existing.contact, merged)
    const record = await crm.update(id, update)

    const patch = fake.apiRequests().find((request) => request.method === 'PATCH')
    expect(patch?.body).toEqual({
      properties: {
        salutation: 'Herr Dipl.-Ing.',
        abteilung: 'Einkauf',
        phone: '089 1234567',
        mobilephone: '0171 2345678',
        fax: '',
        kundennummer: 'K-1042',
      },
    })
    const { updatedAt: _before, ...expected } = merged
    const { updatedAt: _after, ...written } = record.contact
    expect(written).toEqual(expected)
    expect(fake.contacts.get(id)?.properties).toMatchObject({ kundennummer: 'K-1042', city: 'München' })
  })

  it('names a merged value HubSpot cannot hold instead of dropping it', async () => {
    const id = fake.addContact({
      firstname: 'Sarah',
      lastname: 'Smith',
      email: 'sarah.smith@northwind.co.uk',
    })
    const crm = connect()
    const existing = await crm.get(id)
    if (existing === undefined) throw new Error('seeded contact missing')
    const merged = { ...existing.contact, social: { linkedin: 'https://www.linkedin.com/in/sarah-smith' } }
    await expect(crm.update(id, toFieldUpdate(existing.contact, merged))).rejects.toMatchObject({
      code: 'HUBSPOT_UNMAPPED_FIELDS',
      details: { fields: ['social.linkedin'] },
    })
    expect(fake.apiRequests().some((request) => request.method === 'PATCH')).toBe(false)
  })
})

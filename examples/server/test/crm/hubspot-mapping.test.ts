import { type Contact, parseContact } from '@contactkit/core'
import { normalizeAddress } from '@contactkit/normalize'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { toCountryCode, toCountryName } from '../../src/crm/hubspot/country.js'
import { fromHubSpotContact, toCreateProperties, toUpdateProperties } from '../../src/crm/hubspot/mapping.js'
import { joinSalutation, splitSalutation } from '../../src/crm/hubspot/salutation.js'
import { joinStreet } from '../../src/crm/hubspot/street.js'

const schaefer = {
  id: '1001',
  properties: {
    hs_object_id: '1001',
    salutation: 'Frau Prof. Dr.',
    firstname: 'Anna',
    lastname: 'Schäfer',
    email: 'Anna.Schaefer@Muster-GmbH.de',
    hs_additional_emails: 'a.schaefer@gmx.de;anna.schaefer@muster-gmbh.de',
    phone: '+49 (0)89 1234567-12',
    mobilephone: '0171 2345678',
    fax: '089 1234567-99',
    company: 'Muster GmbH & Co. KG',
    jobtitle: 'Leiterin Einkauf',
    address: 'Leopoldstraße 12a',
    city: 'München',
    zip: '80802',
    state: 'Bayern',
    country: 'Deutschland',
    website: 'https://www.muster-gmbh.de',
    lastmodifieddate: '2026-11-02T09:30:00.123Z',
    createdate: '2025-01-15T08:00:00.000Z',
  },
}

describe('fromHubSpotContact', () => {
  it('reads a German contact into the canonical model', () => {
    const record = fromHubSpotContact(schaefer, { defaultCountry: 'DE' })
    expect(record.id).toBe('1001')
    expect(record.updatedAt).toBe('2026-11-02T09:30:00.123Z')
    expect(record.contact).toMatchObject({
      id: '1001',
      salutation: 'Frau',
      title: 'Prof. Dr.',
      firstName: 'Anna',
      lastName: 'Schäfer',
      company: 'Muster GmbH & Co. KG',
      jobTitle: 'Leiterin Einkauf',
      websites: ['https://www.muster-gmbh.de'],
      source: { kind: 'crm', id: '1001' },
    })
    expect(record.contact.emails).toEqual([
      { value: 'Anna.Schaefer@muster-gmbh.de', raw: 'Anna.Schaefer@Muster-GmbH.de' },
      { value: 'a.schaefer@gmx.de' },
    ])
    // German direct-dial numbers ("-12") are part of the number (@contactkit/normalize's reading).
    expect(record.contact.phones).toEqual([
      { value: '+4989123456712', raw: '+49 (0)89 1234567-12', kind: 'work' },
      { value: '+491712345678', raw: '0171 2345678', kind: 'mobile' },
      { value: '+4989123456799', raw: '089 1234567-99', kind: 'fax' },
    ])
    expect(record.contact.addresses).toEqual([
      {
        street: 'Leopoldstraße',
        houseNumber: '12a',
        postalCode: '80802',
        city: 'München',
        region: 'Bayern',
        country: 'DE',
      },
    ])
  })

  it('reads an English contact with a number-first street and null properties', () => {
    const record = fromHubSpotContact({
      id: '2002',
      properties: {
        salutation: 'Mr',
        firstname: 'James',
        lastname: "O'Brien",
        email: 'james.obrien@acme.co.uk',
        phone: '+44 20 7946 0958 ext. 204',
        mobilephone: null,
        address: '221B Baker Street',
        city: 'London',
        zip: 'NW1 6XE',
        country: 'United Kingdom',
        lastmodifieddate: '1762077600000',
      },
    })
    expect(record.contact).toMatchObject({ salutation: 'Mr', firstName: 'James', lastName: "O'Brien" })
    expect(record.contact.title).toBeUndefined()
    expect(record.contact.phones).toEqual([
      { value: '+442079460958', extension: '204', raw: '+44 20 7946 0958 ext. 204', kind: 'work' },
    ])
    expect(record.contact.addresses[0]).toEqual({
      street: 'Baker Street',
      houseNumber: '221b',
      postalCode: 'NW1 6XE',
      city: 'London',
      country: 'GB',
    })
    expect(record.updatedAt).toBe(new Date(1762077600000).toISOString())
  })

  it('keeps an unrecognised country as written instead of dropping it', () => {
    const record = fromHubSpotContact({
      id: '3003',
      properties: {
        lastname: 'Huber',
        address: 'Hauptplatz 1',
        zip: '8010',
        city: 'Graz',
        country: 'Steiermark-Land',
      },
    })
    expect(record.contact.addresses[0]?.country).toBeUndefined()
    expect(record.contact.addresses[0]?.raw).toBe('Hauptplatz 1, 8010 Graz, Steiermark-Land')
  })
})

describe('toCreateProperties', () => {
  it('writes a canonical contact as HubSpot properties', () => {
    const contact = parseContact({
      salutation: 'Herr',
      title: 'Dipl.-Ing.',
      firstName: 'Klaus',
      middleName: 'Peter',
      lastName: 'Meier',
      company: 'Meier GmbH',
      emails: [{ value: 'k.meier@meier-gmbh.de' }],
      phones: [
        { value: '+49891234567', kind: 'work', extension: '12' },
        { value: '+491712345678', kind: 'mobile', raw: '0171 2345678' },
      ],
      addresses: [
        { street: 'Hauptstraße', houseNumber: '4', postalCode: '80331', city: 'München', country: 'DE' },
      ],
    })
    expect(toCreateProperties(contact)).toEqual({
      properties: {
        salutation: 'Herr Dipl.-Ing.',
        firstname: 'Klaus Peter',
        lastname: 'Meier',
        company: 'Meier GmbH',
        email: 'k.meier@meier-gmbh.de',
        phone: '+49891234567 ext. 12',
        mobilephone: '0171 2345678',
        address: 'Hauptstraße 4',
        zip: '80331',
        city: 'München',
        country: 'Germany',
      },
      unmapped: [],
    })
    expect(toCreateProperties(contact, { countryLocale: 'de' }).properties.country).toBe('Deutschland')
  })

  it('names the values HubSpot cannot hold', () => {
    const contact = parseContact({
      lastName: 'Schmidt',
      department: 'Einkauf',
      emails: [{ value: 'schmidt@firma.de' }, { value: 'privat@web.de' }],
      addresses: [{ city: 'Köln' }, { city: 'Bonn' }],
      websites: ['https://firma.de', 'https://shop.firma.de'],
    })
    expect(toCreateProperties(contact).unmapped).toEqual([
      'department',
      'emails.1',
      'addresses.1',
      'websites.1',
    ])
    expect(
      toCreateProperties(contact, { fieldProperties: { department: 'abteilung' } }).properties.abteilung,
    ).toBe('Einkauf')
  })
})

describe('toUpdateProperties', () => {
  const current = fromHubSpotContact(schaefer, { defaultCountry: 'DE' }).contact

  it('rewrites only the properties of the updated fields and clears with an empty string', () => {
    const { properties, unmapped } = toUpdateProperties(
      { jobTitle: 'Geschäftsführerin', websites: null },
      current,
    )
    expect(properties).toEqual({ jobtitle: 'Geschäftsführerin', website: '' })
    expect(unmapped).toEqual([])
  })

  it('keeps the title when only the form of address changes (one shared property)', () => {
    expect(
      toUpdateProperties({ salutation: 'Frau' }, { ...current, salutation: undefined } as Contact).properties,
    ).toEqual({
      salutation: 'Frau Prof. Dr.',
    })
  })

  it('rewrites all phone slots when the phones change', () => {
    const { properties } = toUpdateProperties({ phones: [{ value: '+4940123456', kind: 'work' }] }, current)
    expect(properties).toEqual({ phone: '+4940123456', mobilephone: '', fax: '' })
  })

  it('accepts secondary emails HubSpot already holds and names new ones', () => {
    const emails = [{ value: 'anna.schaefer@muster-gmbh.de' }, { value: 'a.schaefer@gmx.de' }]
    expect(toUpdateProperties({ emails }, current)).toEqual({
      properties: { email: 'anna.schaefer@muster-gmbh.de' },
      unmapped: [],
    })
    const more = [...emails, { value: 'anna@schaefer-privat.de' }]
    expect(toUpdateProperties({ emails: more }, current).unmapped).toEqual(['emails.2'])
  })

  it('names fields it does not know', () => {
    expect(toUpdateProperties({ shoeSize: 39 }, current).unmapped).toEqual(['shoeSize'])
  })
})

describe('salutation, street, country and phone text', () => {
  it.each([
    ['Herr Dr.', { salutation: 'Herr', title: 'Dr.' }],
    ['Frau', { salutation: 'Frau' }],
    ['Prof. Dr. med.', { title: 'Prof. Dr. med.' }],
    ['Mrs. ', { salutation: 'Mrs.' }],
  ])('splits %j', (text, expected) => {
    expect(splitSalutation(text)).toEqual(expected)
  })

  it.each([
    ['Musterstraße', '5', 'DE', 'Musterstraße 5'],
    ['Am Alten Markt', '12-14', 'DE', 'Am Alten Markt 12-14'],
    ['Downing Street', '10', 'GB', '10 Downing Street'],
    ['Rue de la Paix', '12', 'FR', '12 Rue de la Paix'],
    ['Postfach', undefined, 'DE', 'Postfach'],
  ])('writes the street line of %j %j in the order of %s', (street, houseNumber, country, line) => {
    expect(joinStreet(street, houseNumber, country)).toBe(line)
  })

  it.each([
    ['Deutschland', 'DE'],
    ['GERMANY', 'DE'],
    ['de', 'DE'],
    ['Österreich', 'AT'],
    ['Schweiz', 'CH'],
    ['U.K.', 'GB'],
    ['USA', 'US'],
    ['Alemania', 'DE'],
    ['Duitsland', 'DE'],
    ['Niemcy', 'DE'],
    ['Svizzera', 'CH'],
    ['Atlantis', undefined],
  ])('reads the free-text country %j as %j', (country, code) => {
    const record = fromHubSpotContact({ id: '1', properties: { city: 'Ort', country } })
    expect(record.contact.addresses[0]?.country).toBe(code)
  })

  it('keeps phone text that is no number as written', () => {
    const record = fromHubSpotContact({
      id: '4004',
      properties: { lastname: 'Berger', phone: 'Zentrale: bitte anfragen' },
    })
    expect(record.contact.phones).toEqual([{ value: 'Zentrale: bitte anfragen', kind: 'work' }])
  })

  const word = fc.stringMatching(/^[A-ZÄÖÜ][a-zäöüß]{1,12}$/)
  test.prop([
    fc.constantFrom('Herr', 'Frau', 'Mr', 'Ms'),
    fc.option(fc.constantFrom('Dr.', 'Prof. Dr.', 'Dipl.-Ing.'), { nil: undefined }),
  ])('salutation and title survive the shared property', (salutation, title) => {
    expect(splitSalutation(joinSalutation(salutation, title))).toEqual(
      title === undefined ? { salutation } : { salutation, title },
    )
  })

  test.prop([
    word,
    fc.stringMatching(/^[1-9]\d{0,3}[a-z]?$/),
    fc.constantFrom('DE', 'AT', 'GB', 'US', undefined),
  ])('street and house number survive the street line', (street, houseNumber, country) => {
    const read = normalizeAddress({
      street: joinStreet(`${street}straße`, houseNumber, country),
      city: 'Ulm',
    })
    expect({ street: read.street, houseNumber: read.houseNumber }).toEqual({
      street: `${street}straße`,
      houseNumber,
    })
  })

  it('reads codes and names as the code an address may hold, and nothing for groupings or private codes', () => {
    expect(toCountryCode('uk')).toBe('GB')
    expect(toCountryCode('DD')).toBe('DE')
    expect(toCountryCode('Kosovo')).toBe('XK')
    expect(toCountryCode('xk')).toBe('XK')
    expect(toCountryCode('Niemcy')).toBe('DE')
    for (const text of ['EU', 'QU', 'UN', 'ZZ', 'XX', 'AA', 'Europa'])
      expect(toCountryCode(text), text).toBeUndefined()
  })

  test.prop([
    fc.constantFrom('DE', 'AT', 'CH', 'LI', 'GB', 'US', 'FR', 'NL', 'BE', 'PL', 'IT', 'ES', 'CZ', 'DK'),
    fc.constantFrom('en', 'de', 'fr', 'it', 'es', 'nl'),
  ])('country names written to HubSpot read back as the same code', (code, locale) => {
    expect(toCountryCode(toCountryName(code, locale))).toBe(code)
    const contact = parseContact({ lastName: 'Weiß', addresses: [{ city: 'Ulm', country: code }] })
    const { properties } = toCreateProperties(contact, { countryLocale: locale })
    expect(fromHubSpotContact({ id: '1', properties }).contact.addresses[0]?.country).toBe(code)
  })
})

describe('write then read', () => {
  const name = fc.constantFrom('Jürgen', 'Anna', 'Özlem', 'Sarah', 'Klaus-Peter', 'Émilie', 'Grete', 'Björn')
  const surname = fc.constantFrom(
    'Müller',
    'Schäfer',
    'Yılmaz',
    'Smith',
    "O'Brien",
    'Groß',
    'von der Heide',
    'Nguyễn',
  )
  const mobile = fc.stringMatching(/^1[5-7]\d{8}$/)
  test.prop([
    name,
    surname,
    fc.option(fc.constantFrom('Herr', 'Frau', 'Ms'), { nil: undefined }),
    fc.option(fc.constantFrom('Dr.', 'Prof. Dr.'), { nil: undefined }),
    fc.constantFrom('muster.de', 'beispiel-gmbh.de', 'northwind.co.uk'),
    mobile,
  ])(
    'a contact HubSpot can hold reads back unchanged',
    (firstName, lastName, salutation, title, domain, digits) => {
      const contact = parseContact({
        ...(salutation === undefined ? {} : { salutation }),
        ...(title === undefined ? {} : { title }),
        firstName,
        lastName,
        company: 'Muster GmbH & Co. KG',
        emails: [{ value: `kontakt@${domain}` }],
        phones: [{ value: `+49${digits}`, kind: 'mobile' }],
        addresses: [
          { street: 'Hauptstraße', houseNumber: '4a', postalCode: '80331', city: 'München', country: 'DE' },
        ],
        websites: [`https://www.${domain}`],
      })
      const { properties, unmapped } = toCreateProperties(contact, { countryLocale: 'de' })
      expect(unmapped).toEqual([])
      const { id: _id, source: _source, ...read } = fromHubSpotContact({ id: '5005', properties }).contact
      expect(read).toEqual(contact)
    },
  )
})

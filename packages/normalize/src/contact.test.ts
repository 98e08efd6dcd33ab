import { ContactSchema } from '@contactkit/core'
import { describe, expect, it } from 'vitest'
import { normalizeContact } from './contact.js'
import { isNormalizeError } from './error.js'

describe('normalizeContact', () => {
  it('normalises a typical German contact and keeps what was typed', () => {
    const { contact, issues, country } = normalizeContact(
      {
        name: 'Herr Prof. Dr. Hans-Peter MÜLLER',
        company: 'Muster GmbH & Co KG',
        emails: '"H. Müller" <H.Mueller@Muster.DE>',
        phones: 'Tel. 089/123 45-67, Fax 089 1234568',
        addresses: 'Hauptstr. 4, D-80331 München',
      },
      { defaultCountry: 'DE' },
    )
    expect(issues).toEqual([])
    expect(country).toBe('DE')
    expect(contact).toMatchObject({
      salutation: 'Herr',
      title: 'Prof. Dr.',
      firstName: 'Hans-Peter',
      lastName: 'Müller',
      company: 'Muster GmbH & Co. KG',
      emails: [{ value: 'H.Mueller@muster.de', raw: '"H. Müller" <H.Mueller@Muster.DE>' }],
      phones: [
        { value: '+49891234567', raw: 'Tel. 089/123 45-67' },
        { value: '+49891234568', kind: 'fax', raw: 'Fax 089 1234568' },
      ],
      addresses: [
        { street: 'Hauptstr.', houseNumber: '4', postalCode: '80331', city: 'München', country: 'DE' },
      ],
      raw: { name: 'Herr Prof. Dr. Hans-Peter MÜLLER', company: 'Muster GmbH & Co KG' },
    })
    expect(ContactSchema.safeParse(contact).success).toBe(true)
  })

  it('splits a cell with several email addresses and keeps each one once', () => {
    const { contact, issues } = normalizeContact({
      emails: ['"Schmidt, Anna" <Anna@Muster.de>; b.meier@muster.de, anna@muster.de'],
    })
    expect(issues).toEqual([])
    expect(contact.emails).toEqual([
      { value: 'Anna@muster.de', raw: '"Schmidt, Anna" <Anna@Muster.de>' },
      { value: 'b.meier@muster.de' },
      { value: 'anna@muster.de' },
    ])
  })

  it('keeps the same phone number once and takes over the kind it lacked', () => {
    const { contact } = normalizeContact(
      { phones: ['089 1234567; Fax 089 1234568', 'Mobil 0171 2345678', '+49 89 1234567'] },
      { defaultCountry: 'DE' },
    )
    expect(contact.phones.map((phone) => [phone.value, phone.kind])).toEqual([
      ['+49891234567', undefined],
      ['+49891234568', 'fax'],
      ['+491712345678', 'mobile'],
    ])
  })

  it('keeps a changed website as typed in raw under its path', () => {
    const { contact } = normalizeContact({
      websites: ['http://www.muster.de/?utm_source=x', 'https://muster.de'],
    })
    expect(contact.websites).toEqual(['http://muster.de', 'https://muster.de'])
    expect(contact.raw).toEqual({ 'websites.0': 'http://www.muster.de/?utm_source=x' })
  })

  it('reads phones in the country of the contact’s own address', () => {
    const { contact, country } = normalizeContact(
      { phones: '01 5134567', addresses: { city: 'Wien', postalCode: '1010', country: 'Österreich' } },
      { defaultCountry: 'DE' },
    )
    expect(country).toBe('AT')
    expect(contact.phones[0]?.value).toBe('+4315134567')
  })

  it('restores the 0 or + a spreadsheet dropped from a phone stored as a number', () => {
    const { contact, issues } = normalizeContact(
      { phones: [891234567, 49891234568, { value: 1712345678, kind: 'mobile' }] },
      { defaultCountry: 'DE' },
    )
    expect(contact.phones).toEqual([
      { value: '+49891234567', raw: '891234567' },
      { value: '+49891234568', raw: '49891234568' },
      { value: '+491712345678', kind: 'mobile', raw: '1712345678' },
    ])
    // 49891234568 already reads as a German number with its country code; the others lost their 0.
    expect(issues.map((issue) => [issue.field, issue.code])).toEqual([
      ['phones.0', 'PHONE_REPAIRED'],
      ['phones.2', 'PHONE_REPAIRED'],
    ])
  })

  it('keeps a guessed foreign number as written and reports it', () => {
    const { contact, issues } = normalizeContact({ phones: '212-555-0123' }, { defaultCountry: 'DE' })
    expect(contact.phones).toEqual([{ value: '212-555-0123' }])
    expect(issues).toEqual([
      expect.objectContaining({ field: 'phones.0', raw: '212-555-0123', code: 'PHONE_COUNTRY_GUESSED' }),
    ])
  })

  it('reports invalid values with field, raw value and code', () => {
    const { issues } = normalizeContact(
      {
        emails: ['anna@', 'ok@muster.de'],
        addresses: { postalCode: '803', city: 'München', country: 'Deutschland' },
      },
      { defaultCountry: 'DE' },
    )
    expect(issues.map((issue) => [issue.field, issue.raw, issue.code])).toEqual([
      ['addresses.0.postalCode', '803, München, Deutschland', 'POSTCODE_INVALID'],
      ['emails.0', 'anna@', 'EMAIL_INVALID'],
    ])
  })

  it('throws NORMALIZE_INVALID_INPUT for input that is not a contact', () => {
    let caught: unknown
    try {
      normalizeContact({ emails: [42] } as never)
    } catch (error) {
      caught = error
    }
    expect(isNormalizeError(caught) && caught.code).toBe('NORMALIZE_INVALID_INPUT')
  })
})

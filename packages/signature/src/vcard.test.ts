import { describe, expect, it } from 'vitest'
import { parseVCard } from './vcard.js'

describe('parseVCard', () => {
  it('reads a vCard 3.0 with folded lines, ORG with department, typed phones and an address', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Schäfer;Anna;;Dr.;',
      'FN:Dr. Anna Schäfer',
      'ORG:Beispiel Maschinenbau GmbH & Co. KG;Vertrieb',
      'TITLE:Leiterin Vertrieb',
      'TEL;TYPE=WORK,VOICE:+49 89 1234567-12',
      'TEL;TYPE=CELL:+49 171 2345678',
      'TEL;TYPE=WORK,FAX:+49 89 1234567-99',
      'EMAIL;TYPE=INTERNET,WORK:anna.schaefer@beispiel-maschinenbau.de',
      'ADR;TYPE=WORK:;;Industriestraße 12;München;;80331;Deutschland',
      'URL:https://www.beispiel-maschinenbau.de',
      'X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/anna-schaefer',
      'NOTE:Messe München 2025\\, Halle B1',
      'END:VCARD',
    ].join('\r\n')
    const { contact, version } = parseVCard(card)
    expect(version).toBe('3.0')
    expect(contact).toMatchObject({
      title: 'Dr.',
      firstName: 'Anna',
      lastName: 'Schäfer',
      company: 'Beispiel Maschinenbau GmbH & Co. KG',
      department: 'Vertrieb',
      jobTitle: 'Leiterin Vertrieb',
      emails: [{ value: 'anna.schaefer@beispiel-maschinenbau.de', kind: 'work' }],
      addresses: [
        {
          street: 'Industriestraße',
          houseNumber: '12',
          postalCode: '80331',
          city: 'München',
          country: 'DE',
          kind: 'work',
        },
      ],
    })
    expect(contact.phones).toEqual([
      { value: '+4989123456712', kind: 'work' },
      { value: '+491712345678', kind: 'mobile' },
      { value: '+4989123456799', kind: 'fax' },
    ])
    expect(contact.social).toEqual({ linkedin: expect.stringContaining('linkedin.com/in/anna-schaefer') })
  })

  it('decodes vCard 2.1 quoted-printable values in UTF-8 and ISO-8859-1', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen',
      'ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:B=E4ckerei M=FCller =',
      'GmbH',
      'TEL;WORK;VOICE:0711 123456',
      'TEL;CELL:0171 2345678',
      'END:VCARD',
    ].join('\r\n')
    const { contact, version } = parseVCard(card, { defaultCountry: 'DE' })
    expect(version).toBe('2.1')
    expect(contact.lastName).toBe('Müller')
    expect(contact.firstName).toBe('Jürgen')
    expect(contact.company).toBe('Bäckerei Müller GmbH')
    expect(contact.phones).toEqual([
      { value: '+49711123456', kind: 'work' },
      { value: '+491712345678', kind: 'mobile' },
    ])
  })

  it('reads vCard 4.0 tel: URIs and a MECARD', () => {
    const v4 =
      'BEGIN:VCARD\nVERSION:4.0\nFN:John Smith\nTEL;VALUE=uri;TYPE="voice,cell":tel:+44-7700-900123\nEND:VCARD'
    const parsed = parseVCard(v4)
    expect(parsed.version).toBe('4.0')
    expect(parsed.contact).toMatchObject({
      firstName: 'John',
      lastName: 'Smith',
      phones: [{ value: '+447700900123', kind: 'mobile' }],
    })
    const mecard = parseVCard(
      'MECARD:N:Mustermann,Max;TEL:+49891234567;EMAIL:max@beispiel.de;ORG:Beispiel GmbH;URL:https\\://beispiel.de;;',
    )
    expect(mecard.version).toBe('MECARD')
    expect(mecard.contact).toMatchObject({
      firstName: 'Max',
      lastName: 'Mustermann',
      company: 'Beispiel GmbH',
      emails: [{ value: 'max@beispiel.de' }],
    })
  })

  it('throws SIGNATURE_INVALID_VCARD for text without a card', () => {
    expect(() => parseVCard('Hallo Welt')).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INVALID_VCARD' }),
    )
  })
})

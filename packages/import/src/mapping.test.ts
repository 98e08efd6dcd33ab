import { describe, expect, it } from 'vitest'
import { resolveMapping, suggestMapping } from './mapping.js'

const fieldsOf = (headers: string[], rows: string[][] = []) =>
  Object.fromEntries(suggestMapping(headers, rows).map((s) => [s.header, s.field]))

describe('suggestMapping', () => {
  it('maps a German Excel header by synonyms', () => {
    expect(
      fieldsOf([
        'Anrede',
        'Titel',
        'Vorname',
        'Nachname',
        'Firma',
        'Straße',
        'PLZ',
        'Ort',
        'Telefon geschäftlich',
        'Mobiltelefon',
        'E-Mail',
        'Bemerkung',
      ]),
    ).toEqual({
      Anrede: 'salutation',
      Titel: 'title',
      Vorname: 'firstName',
      Nachname: 'lastName',
      Firma: 'company',
      Straße: 'address.street',
      PLZ: 'address.postalCode',
      Ort: 'address.city',
      'Telefon geschäftlich': 'phone.work',
      Mobiltelefon: 'phone.mobile',
      'E-Mail': 'email',
      Bemerkung: 'custom.notes',
    })
  })

  it('maps French headers', () => {
    expect(
      fieldsOf(['Prénom', 'Nom', 'Société', 'Code postal', 'Ville', 'Téléphone portable', 'Courriel']),
    ).toEqual({
      Prénom: 'firstName',
      Nom: 'lastName',
      Société: 'company',
      'Code postal': 'address.postalCode',
      Ville: 'address.city',
      'Téléphone portable': 'phone.mobile',
      Courriel: 'email',
    })
  })

  it('recognises the Outlook English export, where "Title" is the salutation', () => {
    const suggestions = suggestMapping([
      'Title',
      'First Name',
      'Last Name',
      'Company',
      'Job Title',
      'Business Street',
      'Business City',
      'Business Postal Code',
      'Mobile Phone',
      'E-mail Address',
    ])
    expect(suggestions[0]).toMatchObject({
      field: 'salutation',
      reason: 'known-format',
      format: 'outlook-en',
    })
    expect(suggestions.map((s) => s.field)).toContain('address.work.postalCode')
  })

  it('recognises the German Outlook export, where "Ort" is the office location, not the city', () => {
    const suggestions = suggestMapping([
      'Anrede',
      'Vorname',
      'Nachname',
      'Firma',
      'Position',
      'Straße geschäftlich',
      'Ort geschäftlich',
      'Postleitzahl geschäftlich',
      'E-Mail-Adresse',
      'Ort',
    ])
    expect(suggestions.every((s) => s.format === 'outlook-de' || s.field === null)).toBe(true)
    expect(suggestions.find((s) => s.header === 'Ort')?.field).toBeNull()
    expect(suggestions.find((s) => s.header === 'Ort geschäftlich')?.field).toBe('address.work.city')
  })

  it('recognises Salesforce API names, where "Title" is the job title', () => {
    const fields = fieldsOf([
      'Id',
      'Salutation',
      'FirstName',
      'LastName',
      'Title',
      'Email',
      'Phone',
      'MailingPostalCode',
    ])
    expect(fields).toMatchObject({
      Title: 'jobTitle',
      MailingPostalCode: 'address.work.postalCode',
      Id: 'id',
    })
  })

  it('recognises HubSpot internal names', () => {
    expect(
      fieldsOf(['hs_object_id', 'firstname', 'lastname', 'email', 'mobilephone', 'zip', 'jobtitle']),
    ).toMatchObject({
      mobilephone: 'phone.mobile',
      zip: 'address.postalCode',
    })
  })

  it('pairs Google value columns with their label columns and groups address parts', () => {
    const headers = [
      'First Name',
      'Last Name',
      'Organization Name',
      'E-mail 1 - Label',
      'E-mail 1 - Value',
      'Phone 1 - Label',
      'Phone 1 - Value',
      'Address 2 - Label',
      'Address 2 - City',
    ]
    const suggestions = suggestMapping(headers)
    expect(suggestions[4]).toMatchObject({ field: 'email', kindColumn: 3, format: 'google' })
    expect(suggestions[6]).toMatchObject({ field: 'phone', kindColumn: 5 })
    expect(suggestions[8]).toMatchObject({ field: 'address.city', group: 2, kindColumn: 7 })
    expect(suggestions[3]?.field).toBeNull()
  })

  it('tolerates typos by edit distance, with a lower confidence', () => {
    const [suggestion] = suggestMapping(['Nachnahme'])
    expect(suggestion).toMatchObject({ field: 'lastName', reason: 'fuzzy' })
    expect(suggestion?.confidence).toBeLessThan(0.9)
  })

  it('lets sample values decide for an unknown or misleading header', () => {
    const rows = [
      ['Klaus', 'k.meier@meier-gmbh.de', '01067'],
      ['Petra', 'p.schulz@schulz-kg.de', '80331'],
    ]
    const suggestions = suggestMapping(['Vorname', 'Telefon', 'Feld 3'], rows)
    expect(suggestions[1]).toMatchObject({ field: 'email', reason: 'sample' })
    expect(suggestions[2]).toMatchObject({ field: 'address.postalCode', reason: 'sample' })
  })

  it('does not take a column of dates for phone numbers', () => {
    expect(suggestMapping(['Letzter Kontakt'], [['31.12.2024'], ['02.01.2025']])[0]?.field).toBeNull()
  })

  it('gives a single-valued field to its most likely column only', () => {
    const suggestions = suggestMapping(['Vorname', 'Vornamen'])
    expect(suggestions.map((s) => s.field)).toEqual(['firstName', null])
  })

  it('returns field null with confidence 0 for a column nothing fits', () => {
    expect(suggestMapping(['Umsatz 2024'])[0]).toMatchObject({ field: null, confidence: 0, reason: 'none' })
  })
})

describe('resolveMapping', () => {
  it('turns a saved header-keyed mapping into column mappings', () => {
    expect(
      resolveMapping({ 'Kd.-Nr.': 'id', Vorname: 'firstName', Bemerkung: null }, [
        'Vorname',
        'Kd.-Nr.',
        'Bemerkung',
        'X',
      ]),
    ).toEqual([
      { column: 0, field: 'firstName' },
      { column: 1, field: 'id' },
      { column: 2, field: null },
    ])
  })

  it('rejects an unknown field with IMPORT_INVALID_OPTIONS', () => {
    expect(() => resolveMapping([{ column: 0, field: 'fax' as never }], ['Fax'])).toThrow(
      expect.objectContaining({ code: 'IMPORT_INVALID_OPTIONS' }),
    )
  })
})

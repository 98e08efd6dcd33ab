import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  AddressSchema,
  CONTACT_LIST_FIELDS,
  CONTACT_TEXT_FIELDS,
  type Contact,
  ContactInputSchema,
  ContactSchema,
  EmailSchema,
  PhoneKindSchema,
  PhoneSchema,
  parseContact,
  safeParseContact,
  safeParseContactInput,
} from './contact.js'
import { isContactKitError } from './error.js'

// The field names DESIGN.md fixes as the contract other packages and outside tests rely on.
const DESIGN_FIELDS = [
  'id',
  'salutation',
  'title',
  'firstName',
  'middleName',
  'lastName',
  'suffix',
  'jobTitle',
  'department',
  'company',
  'emails',
  'phones',
  'addresses',
  'websites',
  'social',
  'custom',
  'updatedAt',
]

describe('the design contract', () => {
  it.each([
    ['ContactSchema', Object.keys(ContactSchema.shape)],
    ['ContactInputSchema', Object.keys(ContactInputSchema.shape)],
  ])('%s has every field DESIGN.md names', (_, keys) => {
    expect(keys).toEqual(expect.arrayContaining(DESIGN_FIELDS))
  })
  it('has the phone kinds and address parts DESIGN.md names', () => {
    expect(PhoneKindSchema.options).toEqual(['work', 'mobile', 'fax', 'home', 'other'])
    expect(Object.keys(PhoneSchema.shape)).toEqual(expect.arrayContaining(['value', 'kind', 'extension']))
    expect(Object.keys(EmailSchema.shape)).toEqual(expect.arrayContaining(['value', 'kind']))
    expect(Object.keys(AddressSchema.shape)).toEqual(
      expect.arrayContaining(['street', 'houseNumber', 'postalCode', 'city', 'region', 'country', 'kind']),
    )
  })
})

describe('ContactSchema', () => {
  it('accepts a German B2B contact and fills empty lists', () => {
    const contact = ContactSchema.parse({
      salutation: 'Frau',
      title: 'Prof. Dr.',
      firstName: 'Anna',
      lastName: 'Schäfer',
      jobTitle: 'Leiterin Einkauf',
      company: 'Muster GmbH & Co. KG',
      emails: [{ value: 'anna.schaefer@muster.de', kind: 'work' }],
      addresses: [
        { street: 'Musterstraße', houseNumber: '5', postalCode: '80331', city: 'München', country: 'DE' },
      ],
      updatedAt: '2026-11-02T09:30:00+01:00',
    })
    expect(contact.phones).toEqual([])
    expect(contact.websites).toEqual([])
    expect(contact.addresses[0]?.city).toBe('München')
  })

  it('rejects a country that is not an ISO alpha-2 code', () => {
    const result = ContactSchema.safeParse({ addresses: [{ country: 'Deutschland' }] })
    expect(result.success).toBe(false)
  })

  it('rejects an unknown phone kind', () => {
    expect(ContactSchema.safeParse({ phones: [{ value: '+49891234567', kind: 'pager' }] }).success).toBe(
      false,
    )
  })

  it('infers arrays for multi-valued fields', () => {
    expectTypeOf<Contact['emails']>().toEqualTypeOf<
      { value: string; kind?: 'work' | 'home' | 'other'; raw?: string }[]
    >()
  })
})

describe('ContactInputSchema', () => {
  it('accepts loose input: single values, lists, numbers, a full name and an address line', () => {
    const input = ContactInputSchema.parse({
      name: 'Herr Dipl.-Ing. Klaus Meier',
      emails: 'k.meier@meier-gmbh.de',
      phones: ['+49 (0)89 1234567', { value: 1712345678, kind: 'mobile' }],
      addresses: [
        'Hauptstr. 4, D-80331 München',
        { street: 'Q 7, 12', postalCode: 68161, city: 'Mannheim', country: 'Deutschland' },
      ],
      websites: 'www.meier-gmbh.de',
      updatedAt: new Date('2026-01-02T03:04:05Z'),
    })
    expect(input.phones).toEqual(['+49 (0)89 1234567', { value: '1712345678', kind: 'mobile' }])
    expect(input.addresses).toContainEqual({
      street: 'Q 7, 12',
      postalCode: '68161',
      city: 'Mannheim',
      country: 'Deutschland',
    })
    expect(input.updatedAt).toBe('2026-01-02T03:04:05.000Z')
  })
})

describe('parseContact', () => {
  it('returns the contact', () => {
    expect(parseContact({ lastName: 'Müller' })).toMatchObject({ lastName: 'Müller', emails: [] })
  })

  it('throws CORE_INVALID_INPUT listing every invalid path', () => {
    let caught: unknown
    try {
      parseContact({ firstName: 7, emails: [{ value: 1 }] })
    } catch (error) {
      caught = error
    }
    expect(isContactKitError(caught)).toBe(true)
    expect(caught).toMatchObject({
      code: 'CORE_INVALID_INPUT',
      message: 'Invalid contact: firstName, emails.0.value',
    })
    expect((caught as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path)).toEqual(
      ['firstName', 'emails.0.value'],
    )
  })
})

describe('safeParseContact', () => {
  it('returns a failure instead of throwing', () => {
    const result = safeParseContact('not an object')
    expect(result.success).toBe(false)
    if (!result.success) expect(result.error.code).toBe('CORE_INVALID_INPUT')
  })
})

describe('safeParseContactInput', () => {
  it('names the invalid path of a loose input', () => {
    const result = safeParseContactInput({ emails: 42 })
    expect(result.success).toBe(false)
    if (!result.success) expect(result.error.message).toBe('Invalid contact input: emails')
  })
})

describe('CONTACT_TEXT_FIELDS and CONTACT_LIST_FIELDS', () => {
  it('name every field of the schema except ids, maps and metadata, each once', () => {
    const listed = [...CONTACT_TEXT_FIELDS, ...CONTACT_LIST_FIELDS]
    const schemaFields = Object.keys(ContactSchema.shape).filter(
      (key) => !['id', 'social', 'custom', 'updatedAt', 'source', 'raw'].includes(key),
    )
    expect(new Set(listed).size).toBe(listed.length)
    expect([...listed].sort()).toEqual(schemaFields.sort())
  })
  it('lists fields whose parsed values are strings and arrays', () => {
    const contact = ContactSchema.parse({})
    for (const field of CONTACT_LIST_FIELDS) expect(contact[field]).toEqual([])
    expectTypeOf<Contact[(typeof CONTACT_TEXT_FIELDS)[number]]>().toEqualTypeOf<string | undefined>()
  })
})

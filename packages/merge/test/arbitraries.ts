// fast-check arbitraries for contacts: realistic German and English values mixed with arbitrary text, so
// properties meet both the formatting variants the package must recognise and inputs nobody thought of.
import type { Contact } from '@contactkit/core'
import { fc } from '@fast-check/vitest'

const word = fc.oneof(
  fc.constantFrom(
    'Müller',
    'MÜLLER',
    'Mueller',
    'Schäfer',
    'Groß',
    'O’Brien',
    'Anna',
    'A.',
    'Hans-Peter',
    'Jürgen',
  ),
  fc.string({ maxLength: 12 }),
)
const title = fc.constantFrom('Prof. Dr.', 'Dr.', 'Dipl.-Ing.', 'Dr. med.')
const company = fc.constantFrom(
  'Muster GmbH & Co. KG',
  'MUSTER GMBH & CO. KG',
  'Beispiel AG',
  'Acme Ltd.',
  'Schäfer & Söhne OHG',
)
const isoTime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString())

const email = fc.record(
  {
    value: fc.oneof(
      fc.constantFrom(
        'anna.mueller@muster.de',
        'Anna.Mueller@Muster.de',
        'info@beispiel.de',
        'j.gross@acme.co.uk',
      ),
      fc.emailAddress(),
    ),
    kind: fc.constantFrom('work', 'home', 'other'),
    raw: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ['value'] },
)

const phone = fc.record(
  {
    value: fc.oneof(
      fc.constantFrom(
        '+49891234567',
        '+49 89 1234567',
        '089 1234567',
        '+49 (0)89 1234567',
        '+491712345678',
        '+44 20 7946 0958',
      ),
      fc.stringMatching(/^\+?[0-9 ]{3,15}$/),
    ),
    kind: fc.constantFrom('work', 'mobile', 'fax', 'home', 'other'),
    extension: fc.constantFrom('12', '0', '345'),
    raw: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ['value'] },
)

const address = fc.record(
  {
    street: fc.oneof(
      fc.constantFrom('Musterstraße', 'Musterstr.', 'Hauptstr.', 'Baker Street'),
      fc.string({ maxLength: 10 }),
    ),
    houseNumber: fc.constantFrom('5', '4a', '12-14'),
    postalCode: fc.constantFrom('80331', '10115', 'NW1 6XE'),
    city: fc.constantFrom('München', 'Muenchen', 'Berlin', 'London'),
    region: fc.constantFrom('Bayern', 'BY'),
    country: fc.constantFrom('DE', 'AT', 'GB'),
    kind: fc.constantFrom('work', 'home', 'other'),
  },
  { requiredKeys: [] },
)

const website = fc.oneof(
  fc.constantFrom('https://www.muster.de/', 'muster.de', 'www.beispiel.de'),
  fc.webUrl(),
)

const jsonLeaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null))
const customValue = fc.oneof(
  jsonLeaf,
  fc.array(jsonLeaf, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), jsonLeaf, { maxKeys: 3 }),
)
const key = fc
  .oneof(
    fc.constantFrom('linkedin', 'xing', 'customerNumber', 'a/b', 'tilde~key'),
    fc.string({ minLength: 1, maxLength: 6 }),
  )
  .filter((text) => text !== '__proto__')

const source = fc.record(
  {
    kind: fc.constantFrom('crm', 'businessCard', 'signature', 'import', 'visitReport', 'manual'),
    id: fc.string({ maxLength: 6 }),
    at: isoTime,
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: ['kind'] },
)

/** A contact that passes `ContactSchema`, with optional fields present or absent at random. */
export const contactArbitrary: fc.Arbitrary<Contact> = fc
  .record(
    {
      id: fc.constantFrom('crm-1', 'crm-2', '0031x00000AbCdE'),
      salutation: fc.constantFrom('Frau', 'Herr', 'Mr', 'Ms'),
      title,
      firstName: word,
      middleName: word,
      lastName: word,
      suffix: fc.constantFrom('Jr.', 'III'),
      jobTitle: fc.oneof(
        fc.constantFrom('Leiterin Einkauf', 'Head of Procurement', 'Geschäftsführer'),
        fc.string({ maxLength: 10 }),
      ),
      department: fc.constantFrom('Einkauf', 'Vertrieb', 'IT'),
      company,
      emails: fc.array(email, { maxLength: 3 }),
      phones: fc.array(phone, { maxLength: 3 }),
      addresses: fc.array(address, { maxLength: 2 }),
      websites: fc.array(website, { maxLength: 2 }),
      social: fc.dictionary(key, fc.string({ maxLength: 10 }), { maxKeys: 2 }),
      custom: fc.dictionary(key, customValue, { maxKeys: 2 }),
      updatedAt: isoTime,
      source,
      raw: fc.dictionary(
        fc.constantFrom('firstName', 'lastName', 'company', 'notes'),
        fc.string({ maxLength: 8 }),
        { maxKeys: 2 },
      ),
    },
    { requiredKeys: ['emails', 'phones', 'addresses', 'websites'] },
  )
  .map((contact) => contact as Contact)

/** A cluster of 1-5 contacts, each with its own id or none. */
export const clusterArbitrary: fc.Arbitrary<Contact[]> = fc
  .array(fc.tuple(contactArbitrary, fc.boolean()), { minLength: 1, maxLength: 5 })
  .map((entries) =>
    entries.map(([contact, withId], index) => {
      const { id: _id, ...rest } = contact
      return withId ? { ...rest, id: `rec-${index}` } : rest
    }),
  )

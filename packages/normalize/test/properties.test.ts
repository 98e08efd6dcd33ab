import { ContactSchema } from '@contactkit/core'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { splitEmails } from '../src/email.js'
import {
  companyKey,
  emailKey,
  normalizeAddress,
  normalizeCompany,
  normalizeContact,
  normalizeEmail,
  normalizePhone,
  normalizePhones,
  normalizeUrl,
  parseName,
  phoneKey,
  splitPhones,
} from '../src/index.js'
import { cleanText } from '../src/internal/text.js'
import { ADDRESS_CASES } from './fixtures/addresses.js'
import { COMPANY_CASES } from './fixtures/companies.js'
import { EMAIL_CASES } from './fixtures/emails.js'
import { NAME_CASES } from './fixtures/names.js'
import { PHONE_CASES } from './fixtures/phones.js'

// Any text, including lone surrogates, control characters and the characters our parsers look for.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom(
      ...'+0123456789()/-.,;:@<>"\' äöüßÄÖÜ&xX\n\t\u00A0\u200B\uD800',
      'Dr.',
      'GmbH',
      'von',
      'Str.',
      'Tel.',
    ),
    maxLength: 40,
  }),
)
const realistic = <T>(values: T[]) => fc.constantFrom(...values)
const names = realistic(NAME_CASES.map((item) => item.input))
const phones = realistic(PHONE_CASES.map((item) => item.input))
const emails = realistic(EMAIL_CASES.map((item) => item.input))
const addressLines = realistic(
  ADDRESS_CASES.map((item) => item.input).filter((input) => typeof input === 'string'),
)
const companies = realistic(COMPANY_CASES.map((item) => item.input))
const websites = realistic([
  'www.muster.de',
  'https://Muster-GmbH.de/kontakt/?utm_source=x',
  'muster.co.uk',
  'not a url',
])
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
const textOr = (arbitrary: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: anyText })

const contactInput = fc
  .record({
    name: maybe(textOr(names)),
    lastName: maybe(textOr(realistic(['MÜLLER', 'von der Leyen', 'o’brien']))),
    title: maybe(textOr(realistic(['prof. dr.', 'Dipl.-Ing.']))),
    salutation: maybe(textOr(realistic(['hr.', 'Frau', 'MRS']))),
    company: maybe(textOr(companies)),
    jobTitle: maybe(anyText),
    emails: maybe(fc.array(textOr(emails), { maxLength: 3 })),
    phones: maybe(fc.array(textOr(phones), { maxLength: 3 })),
    addresses: maybe(fc.array(textOr(addressLines), { maxLength: 2 })),
    websites: maybe(fc.array(textOr(websites), { maxLength: 2 })),
  })
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)))
const countries = fc.constantFrom(undefined, 'DE', 'AT', 'CH', 'GB', 'US')

describe('normalizeContact laws', () => {
  test.prop([contactInput, countries], { numRuns: 300 })(
    'is idempotent: normalising its result changes nothing',
    (input, defaultCountry) => {
      const once = normalizeContact(input, { defaultCountry })
      const twice = normalizeContact(once.contact, { defaultCountry })
      expect(twice.contact).toEqual(once.contact)
    },
  )

  it.each([
    // Found by the law above (seed 928445579): a quote, a space and another quote at the end.
    ['+\'\t"'],
    ['"Muster GmbH" \''],
  ])('is idempotent for the company %j', (company) => {
    const once = normalizeContact({ company })
    expect(normalizeContact(once.contact).contact).toEqual(once.contact)
  })

  it.each([
    // Found by the law above (seed -1807972386): the number at both ends of a street.
    ['5\tü5', undefined],
    ['5 Hauptstraße 5', 'DE'],
    ['12 Main Street 12', 'US'],
  ])('is idempotent for the address line %j', (line, defaultCountry) => {
    const once = normalizeContact({ addresses: [line] }, { defaultCountry })
    expect(normalizeContact(once.contact, { defaultCountry }).contact).toEqual(once.contact)
  })

  test.prop([contactInput, countries], { numRuns: 300 })(
    'yields a valid Contact and never throws',
    (input, defaultCountry) => {
      const { contact, issues } = normalizeContact(input, { defaultCountry })
      expect(ContactSchema.safeParse(contact).success).toBe(true)
      for (const issue of issues) expect(typeof issue.raw).toBe('string')
    },
  )

  test.prop([
    fc.dictionary(
      fc.constantFrom('name', 'company', 'firstName', 'lastName', 'title', 'salutation', 'jobTitle'),
      anyText,
    ),
  ])('does not throw on arbitrary text in any text field', (input) => {
    expect(() => normalizeContact(input, { defaultCountry: 'DE' })).not.toThrow()
  })

  test.prop([contactInput])('keeps every typed email and phone reachable as a value or a raw', (input) => {
    const { contact, country } = normalizeContact(input, { defaultCountry: 'DE' })
    const kept = [
      ...contact.phones.flatMap((phone) => [phone.value, phone.raw]),
      ...contact.emails.flatMap((email) => [email.value, email.raw]),
    ]
    const reachable = (text: string) => kept.some((value) => value?.includes(cleanText(text)))
    for (const cell of (input.emails as string[] | undefined) ?? []) {
      for (const piece of splitEmails(cell)) {
        const address = normalizeEmail(piece).address
        if (cleanText(piece))
          expect(reachable(piece) || (address !== undefined && kept.includes(address))).toBe(true)
      }
    }
    for (const cell of (input.phones as string[] | undefined) ?? []) {
      for (const piece of splitPhones(cell)) {
        // A second spelling of a number already kept is merged into it (same E.164 in the contact's country).
        const phone = normalizePhone(piece, { defaultCountry: country })
        expect(reachable(piece) || (phone.e164 !== undefined && kept.includes(phone.e164))).toBe(true)
      }
    }
  })
})

describe('value normalisers', () => {
  test.prop([anyText])('never throw on arbitrary text', (text) => {
    expect(() => {
      parseName(text)
      parseName(text, { locale: 'tr' })
      normalizePhone(text, { defaultCountry: 'DE' })
      normalizePhones(text, { defaultCountry: 'DE' })
      normalizeEmail(text)
      normalizeAddress(text, { defaultCountry: 'DE' })
      normalizeCompany(text)
      normalizeUrl(text)
      phoneKey(text, 'DE')
      emailKey(text)
      companyKey(text)
    }).not.toThrow()
  })

  test.prop([textOr(phones)])('normalizePhone is idempotent on its E.164 form', (text) => {
    const phone = normalizePhone(text, { defaultCountry: 'DE' })
    if (phone.valid && phone.e164) expect(normalizePhone(phone.e164).e164).toBe(phone.e164)
  })

  test.prop([textOr(emails)])('normalizeEmail is idempotent on its address', (text) => {
    const email = normalizeEmail(text)
    if (email.valid && email.address) {
      expect(normalizeEmail(email.address).address).toBe(email.address)
      expect(emailKey(email.address)).toBe(email.matchKey)
    }
  })

  test.prop([textOr(companies)])(
    'normalizeCompany is idempotent on its display name and keeps the key',
    (text) => {
      const company = normalizeCompany(text)
      expect(normalizeCompany(company.name).name).toBe(company.name)
      expect(normalizeCompany(company.name).key).toBe(company.key)
    },
  )

  test.prop([textOr(websites)])('normalizeUrl is idempotent on its URL', (text) => {
    const site = normalizeUrl(text)
    if (site.url) expect(normalizeUrl(site.url).url).toBe(site.url)
  })

  test.prop([textOr(addressLines)])('normalizeAddress is idempotent on its parts', (text) => {
    const once = normalizeAddress(text, { defaultCountry: 'DE' })
    const { raw: _raw, issues: _issues, ...parts } = once
    const twice = normalizeAddress(
      {
        street: parts.street,
        houseNumber: parts.houseNumber,
        postalCode: parts.postalCode,
        city: parts.city,
        region: parts.region,
        country: parts.country,
      },
      { defaultCountry: 'DE' },
    )
    expect({ ...twice, raw: '', issues: [] }).toEqual({ ...once, raw: '', issues: [] })
  })

  const streetName = fc
    .tuple(
      fc.constantFrom('Haupt', 'Bahnhof', 'Goethe', 'Müller', 'Schiller', 'Kaiser-Wilhelm-', 'Lindenhof'),
      fc.constantFrom('straße', 'str.', 'weg', 'platz', 'allee', 'gasse', 'ring'),
    )
    .map(([stem, kind]) => stem + kind)
  const houseNumber = fc
    .tuple(fc.integer({ min: 1, max: 299 }), fc.constantFrom('', 'a', 'b'))
    .map(([n, suffix]) => `${n}${suffix}`)
  const locality = fc.tuple(
    fc.integer({ min: 1067, max: 99998 }).map((n) => String(n).padStart(5, '0')),
    fc.constantFrom('München', 'Köln', 'Frankfurt am Main', 'Düsseldorf', 'Lübeck', 'Halle (Saale)'),
  )
  test.prop([streetName, houseNumber, locality, fc.constantFrom('', 'Deutschland', 'Germany')])(
    'reads a German line the same street first, locality first and country first',
    (street, number, [postcode, city], country) => {
      const parts = (text: string) => {
        const { raw: _raw, ...rest } = normalizeAddress(text)
        return rest
      }
      const streetFirst = parts(`${street} ${number}, ${postcode} ${city}${country ? `, ${country}` : ''}`)
      expect(streetFirst.street).toBe(street)
      expect(streetFirst.postalCode).toBe(postcode)
      expect(parts(`${postcode} ${city}, ${street} ${number}${country ? `, ${country}` : ''}`)).toEqual(
        streetFirst,
      )
      if (country) expect(parts(`${country}, ${postcode} ${city}, ${street} ${number}`)).toEqual(streetFirst)
    },
  )
})

// normalizeContact remembers the readings of companies, salutations, titles and name parts; a remembered reading
// must be exactly the reading, first call or later, whatever the locale.
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { readCompany } from '../src/company.js'
import { normalizeAddress, normalizeContact } from '../src/index.js'
import { companyName, namePartOf, salutationOf, titleOf } from '../src/internal/field-memo.js'
import { SALUTATIONS, TITLES } from '../src/internal/name-data.js'
import { cleanText } from '../src/internal/text.js'
import { canonicalSalutation, canonicalTitle, repairNamePart } from '../src/name.js'
import { COMPANY_CASES } from './fixtures/companies.js'
import { NAME_CASES } from './fixtures/names.js'

const words = NAME_CASES.flatMap((item) => item.input.split(' '))
const text = fc.oneof(
  fc.constantFrom(...words, ...Object.keys(SALUTATIONS), ...Object.values(TITLES), 'Prof. Dr.', 'dipl.-ing.'),
  fc.constantFrom(...COMPANY_CASES.map((item) => item.input)),
  fc.string({
    unit: fc.constantFrom(..."aäöüßAÖÜ .-'", 'von', 'de', 'MC', 'Dr.', 'GmbH', ' \u00A0'),
    maxLength: 30,
  }),
  fc.string({ unit: 'binary', maxLength: 20 }),
)
const locale = fc.constantFrom(undefined, 'de', 'de-DE', 'DE-at', 'nl-NL', 'fr', 'tr-TR', '')

describe('remembered field readings', () => {
  test.prop([text, locale, fc.boolean()], { numRuns: 2000 })(
    'equal the readings they stand for, on the first call and from memory',
    (value, lang, surname) => {
      for (let call = 0; call < 2; call++) {
        expect(companyName(value)).toBe(readCompany(value).name)
        expect(salutationOf(value)).toBe(canonicalSalutation(value)?.canonical ?? cleanText(value))
        expect(titleOf(value)).toBe(canonicalTitle(value) ?? cleanText(value))
        expect(namePartOf(value, lang, surname)).toBe(repairNamePart(value, { locale: lang }, surname))
      }
    },
  )

  it('keep surnames and given names apart, and languages apart', () => {
    // A lower-case particle stays lower-case only in a surname.
    expect(namePartOf('von der Heide', 'de', true)).toBe('von der Heide')
    expect(namePartOf('von der Heide', 'de', false)).toBe(
      repairNamePart('von der Heide', { locale: 'de' }, false),
    )
    expect(namePartOf('van den berg', 'nl', true)).toBe(
      repairNamePart('van den berg', { locale: 'nl' }, true),
    )
    expect(namePartOf('van den berg', 'de', true)).toBe(
      repairNamePart('van den berg', { locale: 'de' }, true),
    )
  })

  it('give the same contacts for rows of a German export read twice (memory cold, then warm)', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      salutation: i % 2 === 0 ? 'Herr' : 'frau',
      ...(i % 4 === 2 ? { title: 'Dr.' } : i % 4 === 3 ? { title: 'prof. dr.' } : {}),
      firstName: ['Jürgen', 'anna', 'Klaus-Peter', 'ZOË'][i % 4] as string,
      lastName: ['Weiß', 'von der Heide', 'GROSS-ÖZTÜRK', 'müller'][i % 4] as string,
      company: ['Muster GmbH & Co KG', 'Firma Müller & Söhne gmbh', '"Vogel Logistik" OHG'][i % 3] as string,
      addresses: [
        {
          street: `Königsallee ${i + 1}`,
          postalCode: i % 5 === 0 ? '1067' : '40212',
          city: 'Düsseldorf',
          country: 'Deutschland',
        },
      ],
      phones: [{ value: `0211 ${100000 + i}`, kind: 'work' as const }],
      emails: [`anna.${i}@example-firma.de`],
    }))
    const cold = rows.map((row) => normalizeContact(row, { defaultCountry: 'DE' }))
    const warm = rows.map((row) => normalizeContact(row, { defaultCountry: 'DE' }))
    expect(JSON.stringify(warm)).toBe(JSON.stringify(cold))
    expect(cold[1]?.contact).toMatchObject({
      salutation: 'Frau',
      firstName: 'Anna',
      lastName: 'von der Heide',
    })
    expect(cold[3]?.contact).toMatchObject({ title: 'Prof. Dr.', company: 'Muster GmbH & Co. KG' })
    expect(cold[1]?.contact.company).toBe('Müller & Söhne GmbH')
  })
})

describe('the raw text of an address given in parts', () => {
  const part = fc.option(fc.oneof(fc.constant(''), fc.string({ maxLength: 12 })), { nil: undefined })
  test.prop([part, part, part, part, part, part, part])(
    'joins the given, non-empty parts with ", " in a fixed order',
    (line, street, houseNumber, postalCode, city, region, country) => {
      const parts = { line, street, houseNumber, postalCode, city, region, country }
      const given = Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined))
      const expected = [line, street, houseNumber, postalCode, city, region, country]
        .filter((value) => value !== undefined && String(value).length > 0)
        .join(', ')
      expect(normalizeAddress(given).raw).toBe(expected)
    },
  )
})

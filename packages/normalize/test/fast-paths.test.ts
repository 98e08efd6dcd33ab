// The key functions' fast paths and memos must give exactly what the general algorithm gives (test/reference),
// on canonical values (what a normalised contact holds) and on raw, messy and arbitrary ones, on the first call
// (computed) and on the second (from the memo).
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { splitLegalForm } from '../src/company.js'
import {
  addressKey,
  companyKey,
  emailKey,
  NormalizeError,
  nameKey,
  normalizeAddress,
  normalizeCompany,
  normalizeUrl,
  phoneKey,
  streetKey,
} from '../src/index.js'
import { Memo } from '../src/internal/memo.js'
import { ADDRESS_CASES } from './fixtures/addresses.js'
import { COMPANY_CASES } from './fixtures/companies.js'
import { EMAIL_CASES } from './fixtures/emails.js'
import { NAME_CASES } from './fixtures/names.js'
import { PHONE_CASES } from './fixtures/phones.js'
import { referenceSplitLegalForm } from './reference/company.js'
import {
  referenceAddressKey,
  referenceEmailKey,
  referenceNameKey,
  referenceNormalizeCompany,
  referenceNormalizeUrl,
  referencePhoneKey,
  referenceStreetKey,
} from './reference/keys.js'

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'+0123456789()/-.,;:@ xX#äöüß\u00A0\t'), maxLength: 30 }),
)
const countries = fc.constantFrom(undefined, 'DE', 'AT', 'CH', 'GB', 'US', 'FR', 'IT')

// Calls twice: the first answer is computed (or read from an earlier test's memo), the second read from the memo.
function twice<T>(call: () => T, expected: T): void {
  expect(call()).toStrictEqual(expected)
  expect(call()).toStrictEqual(expected)
}

describe('phoneKey', () => {
  const callingCodes = fc.constantFrom('49', '43', '41', '44', '1', '33', '39', '31', '7', '352', '420', '86')
  const e164 = fc
    .tuple(callingCodes, fc.stringMatching(/^[0-9]{2,13}$/))
    .map(([code, rest]) => `+${code}${rest}`)
  const realistic = fc.constantFrom(
    ...PHONE_CASES.map((item) => item.input),
    ...PHONE_CASES.flatMap((item) => (item.expected.e164 ? [item.expected.e164] : [])),
  )
  const same = (value: string, country: string | undefined) => {
    const expected = referencePhoneKey(value, country)
    twice(() => phoneKey(value, country), expected)
    // Without the memo: worked out every time, the same answer.
    expect(phoneKey(value, country, { cache: false })).toBe(expected)
  }

  it.each([
    ['+49891234567', 'DE', '+49891234567'],
    ['+490891234567', 'DE', '+49891234567'],
    ['+12125550123', 'DE', '+12125550123'],
    ['+442079460958', undefined, '+442079460958'],
    ['+4912', 'DE', '4912'],
    ['089/123 45-67', 'DE', '+49891234567'],
    ['089/123 45-67', undefined, '0891234567'],
  ])('keys %j (default %s) as %j like the general path', (value, country, key) => {
    expect(phoneKey(value, country)).toBe(key)
    same(value, country)
  })

  it('still checks the country without the memo', () => {
    expect(() => phoneKey('089 1234567', 'Germany', { cache: false })).toThrow(NormalizeError)
    expect(phoneKey('+49 (0)171 2345678', 'DE', { cache: false })).toBe('+491712345678')
  })

  it('keeps the countries apart in its memo', () => {
    expect(phoneKey('089 1234567', 'DE')).toBe('+49891234567')
    expect(phoneKey('089 1234567', 'AT')).toBe(referencePhoneKey('089 1234567', 'AT'))
    expect(phoneKey('089 1234567')).toBe('0891234567')
  })

  it('still throws on a bad country when the value is remembered', () => {
    phoneKey('+49891234567', 'DE')
    expect(() => phoneKey('+49891234567', 'Germany')).toThrow(/ISO 3166-1/)
  })

  test.prop([e164, countries], { numRuns: 600 })('agrees on E.164 values', same)
  test.prop([realistic, countries], { numRuns: 300 })('agrees on the phone table', same)
  test.prop([junk, countries], { numRuns: 300 })('agrees on junk', same)

  // Numbers as people write them: a prefix, digit groups and separators, sometimes a group in brackets,
  // double or edge spaces, a stray letter or `#`; each form the one-pass check must tell apart.
  const separator = fc.constantFrom(
    ' ',
    '/',
    '-',
    '.',
    ' - ',
    ' / ',
    '  ',
    '',
    '\t',
    '\u00A0',
    ' x',
    '#',
    ',',
  )
  const written = fc
    .tuple(
      fc.constantFrom('', '+', '+49 ', '0', '0049 ', '+49 (0)', '(0', ' ', '+ 49 ', '(089) ', '()'),
      fc.array(fc.tuple(fc.stringMatching(/^[0-9]{1,5}$/), separator), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('', ' ', ')', '(12)', '(1234567)', ' ext. 12'),
    )
    .map(
      ([prefix, groups, end]) =>
        `${prefix}${groups.map(([digits, between]) => digits + between).join('')}${end}`,
    )
  test.prop([written, countries], { numRuns: 800 })('agrees on numbers written with separators', same)
})

describe('emailKey', () => {
  const local = fc.stringMatching(/^[a-zA-Z0-9_%+-]{1,12}(?:\.[a-zA-Z0-9_%+-]{1,8}){0,2}$/)
  const label = fc.oneof(
    fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/),
    fc.constantFrom(
      '-a',
      'a-',
      'xn--mller-kva',
      'xn--zz',
      'A',
      '1',
      'münchen',
      'x'.repeat(64),
      'x'.repeat(63),
    ),
  )
  const tld = fc.constantFrom('de', 'com', 'co', 'uk', 'DE', '1', '123', 'x', 'museum', 'xn--p1ai', 'c0m')
  const domain = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
    .map(([labels, top]) => [...labels, top].join('.'))
  const providers = fc.constantFrom('gmail.com', 'googlemail.com', 'GMAIL.com', 'gmx.de', 'muster.de')
  const address = fc.tuple(local, fc.oneof(domain, providers)).map(([name, host]) => `${name}@${host}`)
  const canonical = address.map((text) => text.toLowerCase())
  const long = fc
    .tuple(fc.integer({ min: 60, max: 70 }), fc.integer({ min: 180, max: 260 }))
    .map(([localLength, domainLength]) => {
      const host = `${'d'.repeat(domainLength - 3)}.de`.replace(/(.{60})/g, '$1.')
      return `${'a'.repeat(localLength)}@${host}`
    })
  const realistic = fc.constantFrom(
    ...EMAIL_CASES.map((item) => item.input),
    ...EMAIL_CASES.flatMap((item) => (item.expected.address ? [item.expected.address] : [])),
    ...EMAIL_CASES.flatMap((item) => (item.expected.matchKey ? [item.expected.matchKey] : [])),
  )
  const same = (value: string) => {
    const expected = referenceEmailKey(value)
    twice(() => emailKey(value), expected)
    expect(emailKey(value, { cache: false })).toBe(expected)
  }

  it.each([
    ['anna.schmidt@muster.de', 'anna.schmidt@muster.de'],
    ['Anna.Schmidt+crm@Muster.DE', 'anna.schmidt@muster.de'],
    ['a.n.n.a@googlemail.com', 'anna@gmail.com'],
    ['info@xn--mller-kva.de', 'info@xn--mller-kva.de'],
    ['anna@-muster.de', undefined],
    ['anna@muster.123', undefined],
    ['keine Angabe', undefined],
  ])('keys %j as %j like the general path', (value, key) => {
    expect(emailKey(value)).toBe(key)
    same(value)
  })

  test.prop([canonical], { numRuns: 800 })('agrees on lower-case addresses', same)
  test.prop([address], { numRuns: 500 })('agrees on addresses as typed', same)
  test.prop([long], { numRuns: 200 })('agrees at the RFC 5321 length limits', same)
  test.prop([realistic], { numRuns: 300 })('agrees on the email table and its results', same)
  test.prop([junk], { numRuns: 300 })('agrees on junk', same)
})

describe('companyKey and normalizeCompany', () => {
  const words = fc.constantFrom(
    'Muster',
    'Müller',
    '&',
    'Söhne',
    'und',
    'Beispiel',
    'Nordlicht',
    'The',
    'Acme',
    'GmbH',
    'gmbh',
    'G.m.b.H.',
    '& Co. KG',
    'AG',
    'UG (haftungsbeschränkt)',
    'Ltd',
    'Inc.',
    'e.K.',
    'S.à r.l.',
    'Firma',
    '"',
    '-',
  )
  const generated = fc.array(words, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '))
  const realistic = fc.constantFrom(
    ...COMPANY_CASES.map((item) => item.input),
    ...COMPANY_CASES.map((item) => item.name),
  )
  const same = (value: string, country: string | undefined) => {
    const expected = referenceNormalizeCompany(value, country)
    twice(() => normalizeCompany(value, { country }), expected)
    twice(() => companyKey(value), expected.key)
  }

  it('hands out a new result each call, so changing one changes no later one', () => {
    const first = normalizeCompany('Muster GmbH & Co. KG')
    first.legalFormCountries?.push('XX')
    first.name = 'changed'
    expect(normalizeCompany('Muster GmbH & Co. KG')).toStrictEqual(
      referenceNormalizeCompany('Muster GmbH & Co. KG'),
    )
  })

  it('picks the country per call, not per remembered name', () => {
    expect(normalizeCompany('Muster GmbH', { country: 'AT' }).legalFormCountries).toEqual(['AT'])
    expect(normalizeCompany('Muster GmbH').legalFormCountries).toEqual(['DE', 'AT', 'CH', 'LI'])
  })

  test.prop([realistic, countries], { numRuns: 300 })('agrees on the company table and its names', same)
  test.prop([generated, countries], { numRuns: 500 })('agrees on generated names', same)
  test.prop([junk], { numRuns: 300 })('agrees on junk', (value) => same(value, undefined))
})

describe('streetKey and addressKey', () => {
  const streetWords = fc.constantFrom(
    'Haupt',
    'Hauptstraße',
    'Hauptstr.',
    'Hauptstr',
    'HAUPTSTRASSE',
    'Haupt-Straße',
    'str.',
    'Str',
    'Am',
    'Markt',
    'Marktpl.',
    'pl.',
    'Lindeng.',
    'Main',
    'St',
    'St.',
    'Rd.',
    'Ave',
    'Blvd',
    'Ln',
    'Dr',
    'Ct.',
    'Sq',
    'Hwy',
    'bd',
    'av.',
    'Bd.',
    '12th',
    'Goethestraße',
    'Ærø',
  )
  const street = fc.array(streetWords, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '))
  const parts = fc.record(
    {
      street: fc.oneof(street, junk),
      houseNumber: fc.constantFrom('4', '4a', '4 A', '12-14', '½', 'Ⅻ'),
      postalCode: fc.constantFrom('80331', ' 1010 ', 'sw1a 1aa', ''),
      city: fc.constantFrom('München', 'Köln', 'ZÜRICH', 'Łódź', ''),
      country: fc.constantFrom('DE', 'AT', 'GB'),
    },
    { requiredKeys: [] },
  )
  const lines = fc.constantFrom(
    ...ADDRESS_CASES.map((item) => item.input).filter((input): input is string => typeof input === 'string'),
  )

  it.each([
    ['Hauptstr.', 'hauptstrasse'],
    ['Haupt-Straße', 'hauptstrasse'],
    ['12th Ave', '12thavenue'],
    ['Am Markt', 'ammarkt'],
  ])('keys the street %j as %j like the general path', (value, key) => {
    expect(streetKey(value)).toBe(key)
    twice(() => streetKey(value), referenceStreetKey(value))
  })

  test.prop([street], { numRuns: 800 })('streetKey agrees on generated streets', (value) =>
    twice(() => streetKey(value), referenceStreetKey(value)),
  )
  test.prop([junk], { numRuns: 300 })('streetKey agrees on junk', (value) =>
    twice(() => streetKey(value), referenceStreetKey(value)),
  )
  test.prop([parts], { numRuns: 500 })('addressKey agrees on address parts', (value) =>
    twice(() => addressKey(value), referenceAddressKey(value)),
  )
  test.prop([lines, countries], { numRuns: 300 })(
    'addressKey agrees on normalised table addresses',
    (line, country) => {
      const address = normalizeAddress(line, { defaultCountry: country })
      twice(() => addressKey(address), referenceAddressKey(address))
    },
  )
})

describe('nameKey', () => {
  const names = fc.constantFrom(...NAME_CASES.map((item) => item.input))
  test.prop([names], { numRuns: 300 })('agrees on the name table', (value) => {
    expect(nameKey(value)).toBe(referenceNameKey(value))
  })
  test.prop([junk], { numRuns: 300 })('agrees on junk', (value) => {
    expect(nameKey(value)).toBe(referenceNameKey(value))
  })
})

describe('normalizeUrl', () => {
  const host = fc.constantFrom(
    'muster.de',
    'www.Muster-GmbH.de',
    'shop.muster.co.uk',
    'WWW2.beispiel.de.',
    'müller.de',
    'xn--mller-kva.de',
    '127.0.0.1',
    'localhost',
    'a..b.de',
    'muster.de:8080',
    'muster.de:443',
    'blogspot.com',
  )
  const path = fc.constantFrom('', '/', '/kontakt', '/Kontakt/', '/a/../b', '/%7Euser', '/a b', '//')
  const query = fc.constantFrom('', '?', '?utm_source=x', '?b=2&a=1', '?utm_medium=y&id=5', '?q=%20x', '#top')
  const scheme = fc.constantFrom('', 'https://', 'http://', 'HTTP://', 'ftp://', 'mailto:', '//')
  const url = fc
    .tuple(scheme, host, path, query)
    .map(([start, name, rest, search]) => `${start}${name}${rest}${search}`)
  const same = (value: string) => twice(() => normalizeUrl(value), referenceNormalizeUrl(value))

  it('hands out a new result each call', () => {
    const first = normalizeUrl('www.muster.de')
    first.url = 'changed'
    expect(normalizeUrl('www.muster.de').url).toBe('https://muster.de')
  })

  test.prop([url], { numRuns: 800 })('agrees on generated URLs', same)
  test.prop([url.map((value) => referenceNormalizeUrl(value).url ?? value)], { numRuns: 300 })(
    'agrees on canonical URLs',
    same,
  )
  test.prop([junk], { numRuns: 300 })('agrees on junk', same)
})

describe('Memo', () => {
  it('holds at most its limit and keeps the values in use', () => {
    const memo = new Memo<number>(4, 5)
    memo.set('a', 1)
    memo.set('b', 2)
    memo.set('c', 3)
    expect(memo.get('a')).toBe(1)
    memo.set('d', 4)
    memo.set('e', 5)
    expect(memo.size).toBeLessThanOrEqual(4)
    expect(memo.get('a')).toBe(1)
    expect(memo.get('b')).toBeUndefined()
    expect(memo.get('e')).toBe(5)
  })

  it('skips keys longer than its key limit', () => {
    const memo = new Memo<number>(4, 5)
    memo.set('longer than five', 9)
    expect(memo.get('longer than five')).toBeUndefined()
    expect(memo.size).toBe(0)
  })

  it('stays at its default bound of 2048 entries', () => {
    const memo = new Memo<string>()
    for (let index = 0; index < 5_000; index++) memo.set(String(index), 'x')
    expect(memo.size).toBeLessThanOrEqual(2048)
    expect(memo.get('4999')).toBe('x')
    expect(memo.get('0')).toBeUndefined()
  })
})

describe('splitLegalForm', () => {
  const words = fc.constantFrom(
    'Muster',
    'Söhne',
    '&',
    'und',
    'GmbH',
    'G.m.b.H.',
    'Gesellschaft',
    'mit',
    'beschränkter',
    'Haftung',
    'mbH',
    'Co.',
    'Co',
    'KG',
    'UG',
    '(haftungsbeschränkt)',
    'AG',
    'S.à',
    'r.l.',
    'S.',
    'a',
    'r',
    'l',
    'Ltd',
    'Limited',
    'PartG',
    'mbB',
    'e.',
    'K.',
    'e.K.',
    'B.V.',
    'SAS',
    'S.a.s.',
    'G-m-b-H',
    'G.',
    'm.',
    'b.',
    'H.',
    'Co-KG',
    'A/S',
    '-',
    ',',
  )
  const names = fc.array(words, { minLength: 1, maxLength: 9 }).map((parts) => parts.join(' '))
  const table = fc.constantFrom(...COMPANY_CASES.map((item) => item.input))

  test.prop([fc.oneof(names, table)], { numRuns: 3000 })('finds what the unpruned search finds', (text) => {
    expect(splitLegalForm(text)).toStrictEqual(referenceSplitLegalForm(text))
  })
})

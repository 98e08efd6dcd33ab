import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { normalizeCompany, normalizeContact, parseName } from '../src/index.js'

const PEOPLE = [
  'Anna Schmidt',
  'Dr. Jürgen Weiß',
  'Prof. Dr. rer. nat. Ute Kraus',
  'Schmidt, Anna',
  'Hans-Peter von der Heide',
  'Özlem Yılmaz',
]
const COMPANIES = [
  'Muster GmbH',
  'Weiß & Söhne GmbH & Co KG',
  'Beispiel AG',
  'Nordlicht Logistik UG (haftungsbeschränkt)',
  'ACME Ltd.',
  'Schäfer OHG',
]
// How mail programs and CRMs join the two in a display name.
const FORMS: ((person: string, company: string) => string)[] = [
  (person, company) => `${person} (${company})`,
  (person, company) => `${person} [${company}]`,
  (person, company) => `${person} | ${company}`,
  (person, company) => `${person} @ ${company}`,
  (person, company) => `${person} - ${company}`,
  (person, company) => `${person} – ${company}`,
  (person, company) => `${person} / ${company}`,
]

describe('parseName with a company after the person', () => {
  test.prop([fc.constantFrom(...PEOPLE), fc.constantFrom(...COMPANIES), fc.constantFrom(...FORMS)], {
    numRuns: 500,
  })('reads the person as without it, and the company in its display form', (person, company, form) => {
    const alone = parseName(person)
    const { raw, company: found, ...parts } = parseName(form(person, company))
    const { raw: _raw, ...expected } = alone
    expect(parts).toEqual(expected)
    expect(found).toBe(normalizeCompany(company).name)
  })

  it('takes a comma part only when it is a company, so Last, First and suffixes stay', () => {
    expect(parseName('Anna Schmidt, Beispiel AG')).toMatchObject({
      firstName: 'Anna',
      lastName: 'Schmidt',
      company: 'Beispiel AG',
    })
    expect(parseName('Schmidt, Anna')).toEqual({
      raw: 'Schmidt, Anna',
      firstName: 'Anna',
      lastName: 'Schmidt',
    })
    expect(parseName('John Smith, Jr.')).toEqual({
      raw: 'John Smith, Jr.',
      firstName: 'John',
      lastName: 'Smith',
      suffix: 'Jr.',
    })
  })

  it('drops what follows a bar even without a legal form, but reports no company for it', () => {
    expect(parseName('Anna Schmidt | Standort Hamburg')).toEqual({
      raw: 'Anna Schmidt | Standort Hamburg',
      firstName: 'Anna',
      lastName: 'Schmidt',
    })
    expect(parseName('Anna Schmidt | Vertrieb | Muster GmbH').company).toBe('Muster GmbH')
  })

  it('keeps a nickname in parentheses', () => {
    expect(parseName('Robert (Bob) Smith')).toMatchObject({
      nickname: 'Bob',
      firstName: 'Robert',
      lastName: 'Smith',
    })
  })
})

describe('normalizeContact with a company in the name', () => {
  it('fills the company from the name when the input has none', () => {
    const { contact } = normalizeContact({
      name: 'Dr. Anna Schmidt (Muster GmbH & Co KG)',
      emails: 'anna@muster.de',
    })
    expect(contact).toMatchObject({
      title: 'Dr.',
      firstName: 'Anna',
      lastName: 'Schmidt',
      company: 'Muster GmbH & Co. KG',
    })
    expect(contact.raw?.name).toBe('Dr. Anna Schmidt (Muster GmbH & Co KG)')
  })

  it('keeps the company the input gives', () => {
    const { contact } = normalizeContact({ name: 'Anna Schmidt (Muster GmbH)', company: 'Beispiel AG' })
    expect(contact.company).toBe('Beispiel AG')
  })
})

const DEPARTMENTS = [
  'Vertrieb',
  'Einkauf Nord',
  'IT',
  'Kundenservice',
  'Qualitätssicherung',
  'Sales',
  'ABC-Vertrieb',
  'Außendienst Süd',
  'Aussendienst',
]
const JOB_TITLES = [
  'Geschäftsführerin',
  'GESCHAEFTSFUEHRER',
  'Head of Sales',
  'Leitung Einkauf',
  'Vertriebsleiter',
  'CEO',
  'VP Marketing',
  'Prokurist',
]
const AFFILIATION_FORMS = FORMS.filter((form) => !form('a', 'b').includes('@'))

describe('parseName with a department or job title after the person', () => {
  test.prop(
    [fc.constantFrom(...PEOPLE), fc.constantFrom(...DEPARTMENTS), fc.constantFrom(...AFFILIATION_FORMS)],
    {
      numRuns: 300,
    },
  )('reads the person as without it, and the department as written', (person, department, form) => {
    const { raw: _raw, ...expected } = parseName(person)
    const { raw, department: found, ...parts } = parseName(form(person, department))
    expect(parts).toEqual(expected)
    expect(found).toBe(department)
  })

  test.prop(
    [fc.constantFrom(...PEOPLE), fc.constantFrom(...JOB_TITLES), fc.constantFrom(...AFFILIATION_FORMS)],
    {
      numRuns: 300,
    },
  )('reads the person as without it, and the job title as written', (person, jobTitle, form) => {
    const { raw: _raw, ...expected } = parseName(person)
    const { raw, jobTitle: found, ...parts } = parseName(form(person, jobTitle))
    expect(parts).toEqual(expected)
    expect(found).toBe(jobTitle)
  })

  it('takes no bracketed department or note for a nickname', () => {
    expect(parseName('Hans Müller (Vertrieb)')).toEqual({
      raw: 'Hans Müller (Vertrieb)',
      department: 'Vertrieb',
      firstName: 'Hans',
      lastName: 'Müller',
    })
    expect(parseName('Peter Meier (extern)')).toEqual({
      raw: 'Peter Meier (extern)',
      firstName: 'Peter',
      lastName: 'Meier',
    })
    // A name in brackets is still a nickname, and a code alone is no department.
    expect(parseName('Robert Smith (Bob)').nickname).toBe('Bob')
    expect(parseName('Hans Müller (ABC)').nickname).toBe('ABC')
  })

  it('reads a company, a department and a job title together', () => {
    expect(parseName('Dr. Anna Schmidt (Einkauf) | Geschäftsführerin | Muster GmbH & Co KG')).toEqual({
      raw: 'Dr. Anna Schmidt (Einkauf) | Geschäftsführerin | Muster GmbH & Co KG',
      company: 'Muster GmbH & Co. KG',
      jobTitle: 'Geschäftsführerin',
      department: 'Einkauf',
      title: 'Dr.',
      firstName: 'Anna',
      lastName: 'Schmidt',
    })
  })

  it('keeps Last, First: a comma part is a department only after a whole name', () => {
    expect(parseName('Anna Schmidt, Vertrieb').department).toBe('Vertrieb')
    expect(parseName('Schmidt, Vertrieb')).toEqual({
      raw: 'Schmidt, Vertrieb',
      firstName: 'Vertrieb',
      lastName: 'Schmidt',
    })
  })
})

describe('parseName with a dash written with spaces', () => {
  it.each([
    ['Anna Müller - Schmidt', { firstName: 'Anna', lastName: 'Müller-Schmidt' }],
    ['Dr. Anna Müller – Schmidt', { title: 'Dr.', firstName: 'Anna', lastName: 'Müller-Schmidt' }],
    ['Müller - Schmidt, Anna', { firstName: 'Anna', lastName: 'Müller-Schmidt' }],
    ['Hans-Peter - Müller', { firstName: 'Hans-Peter', lastName: 'Müller' }],
    [
      'Anna Müller - Schmidt - Vertrieb',
      { firstName: 'Anna', lastName: 'Müller-Schmidt', department: 'Vertrieb' },
    ],
  ])('reads %j as a double name, not a middle name with a dash', (input, expected) => {
    expect(parseName(input)).toEqual({ raw: input, ...expected })
  })
})

describe('parseName with a company after a spaced dash, as display names write it', () => {
  it.each([
    ['Jens Weber - SAP', { firstName: 'Jens', lastName: 'Weber', company: 'SAP' }],
    ['Anna Müller – IBM', { firstName: 'Anna', lastName: 'Müller', company: 'IBM' }],
    ['Dr. Anna Schmidt - B&O', { title: 'Dr.', firstName: 'Anna', lastName: 'Schmidt', company: 'B&O' }],
    ['Anna Schmidt - 3M', { firstName: 'Anna', lastName: 'Schmidt', company: '3M' }],
    ['Petra Lange - Lange Logistik', { firstName: 'Petra', lastName: 'Lange', company: 'Lange Logistik' }],
    [
      'Anna Schmidt / Muster Consulting',
      { firstName: 'Anna', lastName: 'Schmidt', company: 'Muster Consulting' },
    ],
    ['Müller, Hans - SAP', { firstName: 'Hans', lastName: 'Müller', company: 'SAP' }],
  ])('reads %j with the company apart from the name', (input, expected) => {
    expect(parseName(input)).toEqual({ raw: input, ...expected })
  })

  it("drops the person's initials (an office's sign for them) and keeps them in raw", () => {
    expect(parseName('Hans Müller - HM')).toEqual({
      raw: 'Hans Müller - HM',
      firstName: 'Hans',
      lastName: 'Müller',
    })
    expect(parseName('Hans Peter Müller - HPM')).toMatchObject({ middleName: 'Peter', lastName: 'Müller' })
    expect(parseName('Hans Peter Müller - HPM').company).toBeUndefined()
  })

  it('keeps double names, and reads nothing as a company where every word is in capitals', () => {
    expect(parseName('Hans Müller - Schmidt').lastName).toBe('Müller-Schmidt')
    expect(parseName('JENS WEBER - SAP')).toEqual({
      raw: 'JENS WEBER - SAP',
      firstName: 'Jens',
      lastName: 'Weber-Sap',
    })
    expect(parseName('Anna Schmidt - von Berg').company).toBeUndefined()
    expect(parseName('Anna Schmidt - 2000').company).toBeUndefined()
  })

  it("fills the contact's company only when the input has none", () => {
    const { contact } = normalizeContact({ name: 'Jens Weber - SAP', emails: 'j.weber@sap.com' })
    expect(contact).toMatchObject({ firstName: 'Jens', lastName: 'Weber', company: 'SAP' })
    expect(normalizeContact({ name: 'Jens Weber - SAP', company: 'SAP SE' }).contact.company).toBe('SAP SE')
  })
})

describe('normalizeContact with a department or job title in the name', () => {
  it('fills them from the name when the input has none, and keeps those it has', () => {
    const { contact } = normalizeContact({ name: 'Hans Müller (Vertrieb)', emails: 'h.mueller@muster.de' })
    expect(contact).toMatchObject({ firstName: 'Hans', lastName: 'Müller', department: 'Vertrieb' })
    expect(contact.raw?.name).toBe('Hans Müller (Vertrieb)')
    const typed = normalizeContact({ name: 'Anna Schmidt | Geschäftsführerin', jobTitle: 'CEO' }).contact
    expect(typed.jobTitle).toBe('CEO')
  })
})

describe('parseName with parts in several places', () => {
  it('peels a department after a company after the person', () => {
    expect(parseName('Hans Müller - Muster GmbH - Vertrieb')).toEqual({
      raw: 'Hans Müller - Muster GmbH - Vertrieb',
      company: 'Muster GmbH',
      department: 'Vertrieb',
      firstName: 'Hans',
      lastName: 'Müller',
    })
    expect(parseName('Herr Hans Müller (Einkauf), Muster GmbH')).toMatchObject({
      salutation: 'Herr',
      company: 'Muster GmbH',
      department: 'Einkauf',
      lastName: 'Müller',
    })
    expect(parseName('Prof. Dr. Hans Müller (Vorsitzender)')).toMatchObject({
      title: 'Prof. Dr.',
      jobTitle: 'Vorsitzender',
      lastName: 'Müller',
    })
    expect(parseName('Prof. Dr. Hans Müller (Vorsitzender)').nickname).toBeUndefined()
  })
})

describe('parseName of a mail sender as written', () => {
  it.each([
    ['"Müller, Hans" <h.mueller@muster.de>', { firstName: 'Hans', lastName: 'Müller' }],
    ['Hans Müller <h.mueller@muster.de>', { firstName: 'Hans', lastName: 'Müller' }],
    ["'Anna Schmidt' <anna@muster.de>", { firstName: 'Anna', lastName: 'Schmidt' }],
    ['Robert "Bob" Smith <bob@example.com>', { nickname: 'Bob', firstName: 'Robert', lastName: 'Smith' }],
    [
      'Anna Schmidt (Muster GmbH) <anna@muster.de>',
      { company: 'Muster GmbH', firstName: 'Anna', lastName: 'Schmidt' },
    ],
    ['<h.mueller@muster.de>', {}],
    ['"" <a@muster.de>', {}],
  ])('reads %j without the address', (input, expected) => {
    expect(parseName(input)).toEqual({ raw: input, ...expected })
  })
})

describe('normalizeContact with parts in the name columns', () => {
  it('keeps a department written after a last name apart, and the column as written in raw', () => {
    const { contact } = normalizeContact({
      firstName: 'Anna',
      lastName: 'Schmidt (Einkauf)',
      company: 'Beispiel AG',
    })
    expect(contact).toMatchObject({ firstName: 'Anna', lastName: 'Schmidt', department: 'Einkauf' })
    expect(contact.raw?.lastName).toBe('Schmidt (Einkauf)')
    // The input's own department wins.
    const own = normalizeContact({ lastName: 'Schmidt (Einkauf)', department: 'Vertrieb' }).contact
    expect(own.department).toBe('Vertrieb')
    expect(own.lastName).toBe('Schmidt')
  })

  it('reads Last, First in the first-name column when there is no last name', () => {
    const { contact } = normalizeContact({ firstName: 'Weiß, Jürgen', lastName: '' })
    expect(contact).toMatchObject({ firstName: 'Jürgen', lastName: 'Weiß' })
    expect(contact.raw?.firstName).toBe('Weiß, Jürgen')
    expect(contact.raw?.lastName).toBeUndefined()
    const titled = normalizeContact({ firstName: 'Weiß, Dr. Jürgen' }).contact
    expect(titled).toMatchObject({ title: 'Dr.', firstName: 'Jürgen', lastName: 'Weiß' })
    // With a last name of its own, the column stays as written.
    expect(normalizeContact({ firstName: 'Hans, Peter', lastName: 'Meier' }).contact.firstName).toBe(
      'Hans, Peter',
    )
  })
})

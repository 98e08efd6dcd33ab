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
    expect(parseName('Anna Schmidt | Vertrieb')).toEqual({
      raw: 'Anna Schmidt | Vertrieb',
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

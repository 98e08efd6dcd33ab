import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { contact } from '../test/helpers.js'
import { isMatchError } from './error.js'
import { createMatcher } from './matcher.js'
import { generateContacts } from './synthetic.js'

/** The code of the typed error `run` throws, `untyped` for another error, `none` when it does not throw. */
function codeOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    return isMatchError(error) ? error.code : 'untyped'
  }
  return 'none'
}

const josefCrm = contact({
  id: 'crm-1',
  title: 'Dr.',
  firstName: 'Josef',
  lastName: 'Huber',
  company: 'Huber Bau GmbH & Co. KG',
  emails: [{ value: 'j.huber@huber-bau.de' }],
  phones: [{ value: '+49891234567', extension: '12' }],
  addresses: [
    { street: 'Lerchenfeldstraße', houseNumber: '5', postalCode: '80538', city: 'München', country: 'DE' },
  ],
})
const seppCard = contact({
  id: 'card-7',
  firstName: 'Sepp',
  lastName: 'Huber',
  company: 'Huber Bau GmbH',
  emails: [{ value: 'J.Huber@huber-bau.de' }],
  phones: [{ value: '+49891234567' }],
  addresses: [{ street: 'Lerchenfeldstr.', houseNumber: '5', postalCode: '80538', city: 'Muenchen' }],
})
const otherPerson = contact({
  id: 'crm-2',
  firstName: 'Katharina',
  lastName: 'Schäfer',
  company: 'Schäfer Logistik AG',
  emails: [{ value: 'k.schaefer@schaefer-logistik.de' }],
  phones: [{ value: '+49301234567' }],
  addresses: [{ street: 'Hauptstraße', houseNumber: '1', postalCode: '10115', city: 'Berlin' }],
})

describe('createMatcher().compare', () => {
  const matcher = createMatcher()

  it('returns duplicate for a business card of a CRM contact written with a nickname', () => {
    const result = matcher.compare(seppCard, josefCrm)
    expect(result.verdict).toBe('duplicate')
    expect(result.probability).toBeGreaterThan(0.99)
    const levels = Object.fromEntries(result.fields.map((field) => [field.field, field.level]))
    expect(levels).toMatchObject({
      prior: 'prior',
      firstName: 'variant',
      lastName: 'exact',
      company: 'exact',
      email: 'exact',
      phone: 'sameNumber',
      street: 'exact',
      postalCode: 'exact',
      city: 'exact',
    })
  })

  it('returns distinct for two different people', () => {
    const result = matcher.compare(seppCard, otherPerson)
    expect(result.verdict).toBe('distinct')
    expect(result.probability).toBeLessThan(0.01)
  })

  it('explains each field with a reason naming the level', () => {
    const result = matcher.compare(seppCard, josefCrm)
    const firstName = result.fields.find((field) => field.field === 'firstName')
    expect(firstName?.reason).toContain('nickname')
    expect(firstName?.reason).toContain('"Sepp" / "Josef"')
    expect(result.fields[0]?.reason).toMatch(/^prior: .* 1 in 100,000 pairs/)
  })

  it('treats missing values as neutral (weight 0)', () => {
    const result = matcher.compare(
      contact({ firstName: 'Anna', lastName: 'Schmidt' }),
      contact({ firstName: 'Anna', lastName: 'Schmidt', company: 'Muster GmbH' }),
    )
    const company = result.fields.find((field) => field.field === 'company')
    expect(company).toMatchObject({ level: 'missing', weight: 0 })
  })

  const name = fc.constantFrom(
    'Jürgen',
    'Juergen',
    'Hans',
    'Johannes',
    'J.',
    'Müller',
    'Mueller',
    'Meier',
    'Mayr',
    'Smith',
    'Schmidt',
    '',
  )
  const email = fc.constantFrom('a@muster.de', 'A@Muster.de', 'b@muster.de', 'x@gmx.de', '')
  const arbitraryContact = fc
    .record({
      first: name,
      last: name,
      company: fc.constantFrom('', 'BMW AG', 'Bayerische Motoren Werke AG', 'Muster GmbH'),
      email,
    })
    .map((v) =>
      contact({
        ...(v.first ? { firstName: v.first } : {}),
        ...(v.last ? { lastName: v.last } : {}),
        ...(v.company ? { company: v.company } : {}),
        emails: v.email ? [{ value: v.email }] : [],
      }),
    )

  test.prop([arbitraryContact, arbitraryContact])(
    'has field weights that add up to the total weight',
    (a, b) => {
      const result = matcher.compare(a, b)
      const sum = result.fields.reduce((total, field) => total + field.weight, 0)
      expect(sum).toBeCloseTo(result.weight, 9)
      expect(result.probability).toBeCloseTo(1 / (1 + 2 ** -result.weight), 12)
    },
  )

  test.prop([arbitraryContact, arbitraryContact])('is symmetric', (a, b) => {
    expect(matcher.compare(a, b).weight).toBeCloseTo(matcher.compare(b, a).weight, 9)
  })

  it('throws MATCH_INVALID_CONTACT for a non-object', () => {
    expect(() => matcher.compare(null as never, seppCard)).toThrow(
      expect.objectContaining({ code: 'MATCH_INVALID_CONTACT' }),
    )
  })
})

describe('createMatcher config errors', () => {
  it.each([
    [{ fields: [{ field: 'shoeSize' }] }, 'MATCH_UNKNOWN_FIELD'],
    [{ thresholds: { duplicate: 0.5, possible: 0.9 } }, 'MATCH_THRESHOLDS_ORDER'],
    [{ thresholds: { duplicate: 1.5 } }, 'MATCH_THRESHOLDS_ORDER'],
    [
      {
        customFields: [
          {
            field: 'custom.x',
            comparator: { kind: 'broken', levels: [], prepare: () => 1, compare: () => 0 },
          },
        ],
      },
      'MATCH_NO_LEVELS',
    ],
    [{ customFields: [{ field: 'custom.x', comparator: 'soundex' as never }] }, 'MATCH_INVALID_CONFIG'],
    [{ customFields: [{ field: 'custom.x', m: [0.9] }] }, 'MATCH_INVALID_CONFIG'],
    [{ customFields: [{ field: 'custom.x', u: [0, 1] }] }, 'MATCH_INVALID_CONFIG'],
    [{ prior: 2 }, 'MATCH_INVALID_CONFIG'],
    [{ fields: [{ field: 'lastName' }, { field: 'lastName' }] }, 'MATCH_INVALID_CONFIG'],
  ])('rejects %j with %s', (config, code) => {
    try {
      createMatcher(config as never)
      expect.unreachable()
    } catch (error) {
      expect(isMatchError(error)).toBe(true)
      expect((error as { code: string }).code).toBe(code)
    }
  })

  it('scores a custom field with a chosen comparator', () => {
    const matcher = createMatcher({
      customFields: [{ field: 'custom.customerNumber', comparator: 'levenshtein' }],
    })
    const a = contact({ lastName: 'Huber', custom: { customerNumber: 'K-10023' } })
    const b = contact({ lastName: 'Huber', custom: { customerNumber: 'K-10028' } })
    const part = matcher.compare(a, b).fields.find((field) => field.field === 'custom.customerNumber')
    expect(part?.level).toBe('edit1')
    expect(part?.weight).toBeGreaterThan(0)
  })
})

describe('address parts as fields', () => {
  it('compares the region of the first address with the exact comparator', () => {
    const matcher = createMatcher({ fields: [{ field: 'region' }] })
    const bavaria = contact({ addresses: [{ region: 'Bayern', city: 'München' }] })
    const result = matcher.compare(bavaria, contact({ addresses: [{ region: 'BAYERN' }] }))
    expect(result.fields[1]).toMatchObject({ field: 'region', level: 'exact' })
    expect(matcher.compare(bavaria, contact({ addresses: [{ region: 'Hessen' }] })).fields[1]?.level).toBe(
      'different',
    )
  })
})

describe('blockingKeys', () => {
  it('returns email, phone, phonetic name, company and street keys', () => {
    const keys = createMatcher().blockingKeys(josefCrm)
    expect(keys).toContain('email:j.huber@huber-bau.de')
    expect(keys).toContain('phone:49891234567')
    expect(keys.some((key) => key.startsWith('name:k') && key.endsWith(':j'))).toBe(true)
    expect(keys).toContain('company:huber bau:muenchen')
    expect(keys).toContain('street:80538:lerc')
  })

  it('gives swapped first and last names a common key', () => {
    const matcher = createMatcher()
    const normal = matcher.blockingKeys(contact({ firstName: 'Hans', lastName: 'Oberhuber' }))
    const swapped = matcher.blockingKeys(contact({ firstName: 'Oberhuber', lastName: 'Hans' }))
    expect(normal.some((key) => swapped.includes(key))).toBe(true)
  })
})

describe('createMatcher().compareMany', () => {
  const matcher = createMatcher()
  const { contacts } = generateContacts({ count: 400, seed: 23 })

  it('gives compare() of every candidate, in order, and leaves out pairs below minVerdict', () => {
    const candidates = [josefCrm, otherPerson, seppCard]
    expect(matcher.compareMany(seppCard, candidates)).toEqual(
      candidates.map((candidate) => matcher.compare(seppCard, candidate)),
    )
    const possible = matcher.compareMany(seppCard, candidates, { minVerdict: 'possible' })
    expect(possible[0]).toEqual(matcher.compare(seppCard, josefCrm))
    expect(possible[1]).toBeUndefined()
    expect(possible[2]?.verdict).toBe('duplicate')
  })

  test.prop([
    fc.nat(399),
    fc.uniqueArray(fc.nat(399), { maxLength: 12 }),
    fc.constantFrom('distinct', 'possible', 'duplicate'),
  ])(
    'agrees with compare() pair by pair on generated German and English contacts',
    (probe, picks, minVerdict) => {
      const a = contacts[probe] as (typeof contacts)[number]
      const candidates = picks.map((pick) => contacts[pick] as (typeof contacts)[number])
      const rank = { distinct: 0, possible: 1, duplicate: 2 } as const
      const results = matcher.compareMany(a, candidates, { minVerdict })
      expect(results).toHaveLength(candidates.length)
      candidates.forEach((candidate, i) => {
        const single = matcher.compare(a, candidate)
        expect(results[i]).toEqual(rank[single.verdict] >= rank[minVerdict] ? single : undefined)
      })
    },
  )

  it('refuses a candidate list that is not an array and an unknown minVerdict with typed errors', () => {
    expect(codeOf(() => matcher.compareMany(seppCard, josefCrm as never))).toBe('MATCH_INVALID_CONTACT')
    expect(codeOf(() => matcher.compareMany(seppCard, [josefCrm], { minVerdict: 'maybe' as never }))).toBe(
      'MATCH_INVALID_CONFIG',
    )
  })
})

describe('createMatcher().prepare', () => {
  const { contacts } = generateContacts({ count: 300, seed: 31 })

  test.prop([
    fc.nat(299),
    fc.uniqueArray(fc.nat(299), { maxLength: 10 }),
    fc.array(fc.boolean(), { maxLength: 10 }),
  ])(
    'gives compare() and compareMany() the same results as the contacts themselves, prepared or not',
    (probe, picks, preparedFlags) => {
      const matcher = createMatcher()
      const a = contacts[probe] as (typeof contacts)[number]
      const candidates = picks.map((pick) => contacts[pick] as (typeof contacts)[number])
      const mixed = candidates.map((candidate, i) =>
        preparedFlags[i] ? matcher.prepare(candidate) : candidate,
      )
      const preparedA = matcher.prepare(a)
      expect(preparedA.contact).toBe(a)
      expect(matcher.compareMany(preparedA, mixed, { minVerdict: 'possible' })).toEqual(
        matcher.compareMany(a, candidates, { minVerdict: 'possible' }),
      )
      for (const [i, candidate] of candidates.entries()) {
        expect(matcher.compare(preparedA, mixed[i] as never)).toEqual(matcher.compare(a, candidate))
      }
      expect(matcher.blockingKeys(preparedA)).toEqual(matcher.blockingKeys(a))
    },
  )

  it('prepares again for a model that changed (train) or belongs to another matcher', () => {
    const matcher = createMatcher()
    const prepared = [josefCrm, seppCard].map((record) => matcher.prepare(record))
    const [josef, sepp] = prepared as [ReturnType<typeof matcher.prepare>, ReturnType<typeof matcher.prepare>]
    matcher.train(contacts)
    expect(matcher.compare(sepp, josef)).toEqual(matcher.compare(seppCard, josefCrm))
    // A matcher that ignores phone numbers must not score with features that include them.
    const namesOnly = createMatcher({
      fields: [{ field: 'firstName' }, { field: 'lastName' }, { field: 'company' }],
    })
    expect(namesOnly.compare(sepp, josef)).toEqual(namesOnly.compare(seppCard, josefCrm))
    expect(namesOnly.compare(sepp, josef).fields.map((field) => field.field)).not.toContain('phone')
  })

  it('refuses what is not a contact with MATCH_INVALID_CONTACT', () => {
    const matcher = createMatcher()
    expect(codeOf(() => matcher.prepare(null as never))).toBe('MATCH_INVALID_CONTACT')
    expect(codeOf(() => matcher.prepare([] as never))).toBe('MATCH_INVALID_CONTACT')
    expect(codeOf(() => matcher.compareMany(matcher.prepare(seppCard), [42 as never]))).toBe(
      'MATCH_INVALID_CONTACT',
    )
  })
})

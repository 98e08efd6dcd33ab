import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { Comparator } from './comparator.js'
import { dateComparator, exactComparator, tokenSetComparator } from './comparator.js'
import {
  cityComparator,
  companyComparator,
  emailComparator,
  phoneComparator,
  postalCodeComparator,
  streetComparator,
} from './contact-comparators.js'
import { givenNameComparator, surnameComparator } from './name-comparators.js'
import { areNameVariants } from './nicknames/nicknames.js'
import { jaroWinkler } from './similarity/jaro-winkler.js'
import { tokenSetSimilarity } from './similarity/token-set.js'

function levelName<F>(comparator: Comparator<F>, a: unknown, b: unknown): string {
  const featureA = comparator.prepare(a)
  const featureB = comparator.prepare(b)
  if (featureA === undefined || featureB === undefined) return 'missing'
  return comparator.levels[comparator.compare(featureA, featureB)]?.name as string
}

describe('givenNameComparator', () => {
  const names = givenNameComparator()
  it.each([
    ['Jürgen', 'Juergen', 'exact'],
    ['Sepp', 'Josef', 'variant'],
    ['Hans', 'Johannes', 'variant'],
    ['Kathi', 'Katharina', 'variant'],
    ['Steffi', 'Stefanie', 'variant'],
    ['Bill', 'William', 'variant'],
    ['Hans-Peter', 'Hans', 'variant'],
    ['Gabriele', 'Gabriela', 'similar'],
    ['J.', 'Jan', 'initial'],
    ['K.', 'Jan', 'different'],
    ['Hans', 'Peter', 'different'],
    ['', 'Peter', 'missing'],
  ])('%s vs %s is %s', (a, b, expected) => {
    expect(levelName(names, a, b)).toBe(expected)
  })
})

describe('surnameComparator', () => {
  const surnames = surnameComparator()
  it.each([
    ['Müller', 'Mueller', 'exact'],
    ['Groß', 'Gross', 'exact'],
    ['Meier', 'Mayr', 'phonetic'],
    ['Schmidt', 'Schmitt', 'similar'],
    ['Müller-Lüdenscheidt', 'Müller', 'partial'],
    ['Huber', 'Schneider', 'different'],
  ])('%s vs %s is %s', (a, b, expected) => {
    expect(levelName(surnames, a, b)).toBe(expected)
  })
})

describe('companyComparator', () => {
  const companies = companyComparator()
  it.each([
    ['Müller & Söhne GmbH & Co. KG', 'Mueller und Soehne GmbH', 'exact'],
    ['BMW AG', 'Bayerische Motoren Werke AG', 'acronym'],
    ['Huber Bau Holding GmbH', 'Huber Bau GmbH', 'exact'],
    ['Siemens Healthineers AG', 'Siemens Healthineers Deutschland GmbH', 'sameWords'],
    ['Schäfer Logistik AG', 'Huber Bau GmbH', 'different'],
  ])('%s vs %s is %s', (a, b, expected) => {
    expect(levelName(companies, a, b)).toBe(expected)
  })

  // Token weights: common trade and place words count a fifth, so the distinctive words decide. Without the
  // weights, the rows marked "unweighted" come out stronger. A typo in the distinctive word (Müller / Möller,
  // Thompson / Thomson) stays sameWords: the spelling of the distinctive words is compared, not only their weight.
  it.each([
    ['Krones AG', 'Krones', 'exact'],
    ['Müller Maschinenbau GmbH', 'Schmidt Maschinenbau GmbH', 'different'],
    ['Deutsche Bank AG', 'Deutsche Bahn AG', 'different'], // unweighted: similar
    ['Bauer Logistik GmbH', 'Baumann Logistik GmbH', 'different'], // unweighted: similar
    ['Software AG', 'Weber Software AG', 'different'], // unweighted: sameWords
    ['Schneider Druck GmbH', 'Schubert Druck GmbH', 'different'],
    ['Brandt Engineering Ltd', 'Bradley Engineering Ltd', 'different'], // unweighted: similar
    ['Müller Maschinenbau GmbH', 'Möller Maschinenbau GmbH', 'sameWords'],
    ['Thompson Logistics Ltd', 'Thomson Logistics Ltd', 'sameWords'],
    ['Baker Consulting Ltd', 'Parker Consulting Ltd', 'different'],
    ['Weber Software Solutions GmbH', 'Weber Software GmbH', 'sameWords'],
    ['Hartmann Consulting Services Ltd', 'Hartmann Consulting Ltd', 'sameWords'],
    ['Fischer Medizintechnik GmbH', 'Fischer Medizintechnik Deutschland GmbH', 'sameWords'],
    ['Krones Maschinenbau GmbH', 'Krones Maschinenbua GmbH', 'similar'], // a typo in the trade word
  ])('weighted: %s vs %s is %s', (a, b, expected) => {
    expect(levelName(companies, a, b)).toBe(expected)
  })

  it('keeps the distinctive words of a name apart from its trade words', () => {
    expect(companies.prepare('Müller & Söhne Maschinenbau GmbH & Co. KG')).toMatchObject({
      key: 'mueller soehne maschinenbau',
      core: 'mueller soehne',
    })
    expect(companies.prepare('Deutsche Logistik AG')?.core).toBe('')
    // Most names have no common word; then the core is the key itself.
    const krones = companies.prepare('Krones AG')
    expect(krones?.core).toBe(krones?.key)
  })

  // Surnames, several with the same first letter, so the whole names often look alike beside a long trade word.
  const SURNAMES = [
    'Müller',
    'Meier',
    'Schmidt',
    'Schneider',
    'Schubert',
    'Bauer',
    'Baumann',
    'Becker',
    'Brandt',
    'Thompson',
    'Taylor',
    'Baker',
    'Bradley',
    'Weber',
    'Wagner',
  ]
  const TRADES = [
    'Maschinenbau',
    'Logistik',
    'Bau',
    'Elektrotechnik',
    'Consulting',
    'Logistics',
    'Software',
    'Engineering',
  ]
  const LEGAL = ['GmbH', 'AG', 'GmbH & Co. KG', 'Ltd', '']

  test.prop([
    fc.constantFrom(...SURNAMES),
    fc.constantFrom(...SURNAMES),
    fc.subarray(TRADES, { minLength: 1, maxLength: 2 }),
    fc.constantFrom(...LEGAL),
    fc.constantFrom(...LEGAL),
  ])(
    'two firms that share only trade words disagree unless their names are spelled alike; the level is symmetric',
    (x, y, trades, formA, formB) => {
      const a = companies.prepare(`${x} ${trades.join(' ')} ${formA}`)
      const b = companies.prepare(`${y} ${trades.join(' ')} ${formB}`)
      if (!a || !b) throw new Error('a company name with a distinctive word is never empty')
      fc.pre(jaroWinkler(companies.prepare(x)?.key ?? '', companies.prepare(y)?.key ?? '') < 0.88)
      const level = companies.compare(a, b)
      expect(companies.levels[level]?.name).toBe('different')
      expect(companies.compare(b, a)).toBe(level)
    },
  )

  test.prop([
    fc.constantFrom(...SURNAMES),
    fc.subarray(TRADES, { minLength: 1, maxLength: 2 }),
    fc.constantFrom(...TRADES),
    fc.constantFrom(...LEGAL),
  ])('an extra trade word leaves a firm at sameWords or better', (name, trades, extra, form) => {
    const a = companies.prepare(`${name} ${trades.join(' ')} ${form}`)
    const b = companies.prepare(`${name} ${[...trades, extra].join(' ')} ${form}`)
    if (!a || !b) throw new Error('a company name with a distinctive word is never empty')
    expect(companies.compare(a, b)).toBeLessThanOrEqual(2)
  })
})

describe('emailComparator', () => {
  const emails = emailComparator()
  it.each([
    [['Anna.Schmidt+crm@Muster.de'], ['anna.schmidt@muster.de'], 'exact'],
    [['anna.schmidt@gmx.de'], ['anna.schmidt@muster.de'], 'sameLocal'],
    [['anna.schmidt@muster.de'], ['anna.schmidt@other.de'], 'different'],
    [['a.schmidt@muster.de'], ['b.huber@muster.de'], 'sameDomain'],
    [['a.schmidt@gmx.de'], ['b.huber@gmx.de'], 'different'],
    [['info@muster.de'], ['info@gmx.de'], 'different'],
    [['kein-email'], ['a@b.de'], 'missing'],
  ])('%j vs %j is %s', (a, b, expected) => {
    expect(levelName(emails, a, b)).toBe(expected)
  })
})

describe('phoneComparator', () => {
  const phones = phoneComparator()
  it.each([
    [[{ value: '+49891234567', extension: '12' }], [{ value: '+49891234567', extension: '12' }], 'exact'],
    [[{ value: '+49891234567', extension: '12' }], [{ value: '+49891234567' }], 'sameNumber'],
    [[{ value: '089 1234567', country: 'DE' }], [{ value: '+49 (0)89 1234567' }], 'exact'],
    [[{ value: '0049 89 1234567' }], ['+49891234567'], 'exact'],
    [[{ value: '+43891234567' }], [{ value: '+49891234567' }], 'sameLastDigits'],
    [[{ value: '+49891234567' }], [{ value: '+49301111111' }], 'different'],
  ])('%j vs %j is %s', (a, b, expected) => {
    expect(levelName(phones, a, b)).toBe(expected)
  })
})

describe('address comparators', () => {
  it('treats Musterstraße 5 and Musterstr. 5 as the same street and number', () => {
    expect(
      levelName(
        streetComparator(),
        [{ street: 'Musterstraße', houseNumber: '5' }],
        [{ street: 'Musterstr.', houseNumber: '5' }],
      ),
    ).toBe('exact')
    expect(
      levelName(
        streetComparator(),
        [{ street: 'Musterstraße', houseNumber: '5' }],
        [{ street: 'Musterstraße', houseNumber: '7' }],
      ),
    ).toBe('sameStreet')
  })
  it('compares postal codes and cities over all addresses', () => {
    expect(
      levelName(
        postalCodeComparator(),
        [{ postalCode: '80331' }],
        [{ postalCode: '10115' }, { postalCode: '80331' }],
      ),
    ).toBe('exact')
    expect(levelName(postalCodeComparator(), [{ postalCode: '80331' }], [{ postalCode: '80333' }])).toBe(
      'sameRegion',
    )
    expect(levelName(cityComparator(), [{ city: 'München' }], [{ city: 'Muenchen' }])).toBe('exact')
    expect(levelName(cityComparator(), [{ city: 'Nürnberg' }], [{ city: 'Nuernburg' }])).toBe('similar')
  })
})

describe('generic comparators', () => {
  it('compares dates written in different formats', () => {
    expect(levelName(dateComparator(), '1980-03-12', '12.03.1980')).toBe('exact')
    expect(levelName(dateComparator(), '19800312', '19801203')).toBe('onePart')
    expect(levelName(dateComparator(), '1980-03-12', '1980-07-01')).toBe('sameYear')
    expect(levelName(dateComparator(), 'unbekannt', '1980-07-01')).toBe('missing')
  })
  it('compares word sets regardless of order', () => {
    expect(levelName(tokenSetComparator(), 'Schmidt Hans', 'Hans Schmidt')).toBe('sameWords')
    expect(levelName(exactComparator(), 'DE-123', 'de 123')).toBe('exact')
  })
})

describe('similarity laws', () => {
  test.prop([fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })])(
    'Jaro-Winkler is symmetric and in [0, 1]',
    (a, b) => {
      const ab = jaroWinkler(a, b)
      expect(ab).toBeCloseTo(jaroWinkler(b, a), 12)
      expect(ab).toBeGreaterThanOrEqual(0)
      expect(ab).toBeLessThanOrEqual(1)
    },
  )
  test.prop([
    fc.array(fc.constantFrom('hans', 'peter', 'müller', 'gmbh', 'bau'), { maxLength: 5 }),
    fc.array(fc.constantFrom('hans', 'peter', 'müller', 'gmbh', 'bau'), { maxLength: 5 }),
  ])('token set similarity is symmetric and ignores order', (a, b) => {
    expect(tokenSetSimilarity(a, b)).toBeCloseTo(tokenSetSimilarity(b, a), 12)
    expect(tokenSetSimilarity(a, b)).toBeCloseTo(tokenSetSimilarity([...a].reverse(), b), 12)
  })
  it('knows German and English name variants in both directions', () => {
    expect(areNameVariants('Uli', 'Ulrich')).toBe(true)
    expect(areNameVariants('Fritz', 'Friedrich')).toBe(true)
    expect(areNameVariants('Ulrich', 'Uli')).toBe(true)
    expect(areNameVariants('Peggy', 'Margaret')).toBe(true)
    expect(areNameVariants('Hans', 'Peter')).toBe(false)
  })
})

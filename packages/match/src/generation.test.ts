import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { contact } from '../test/helpers.js'
import { createMatcher } from './matcher.js'
import { generationComparator } from './name-comparators.js'
import { generateContacts } from './synthetic.js'

const generations = generationComparator()

function levelOf(a: string, b: string): string {
  const featureA = generations.prepare(a)
  const featureB = generations.prepare(b)
  if (featureA === undefined || featureB === undefined) return 'missing'
  return generations.levels[generations.compare(featureA, featureB)]?.name as string
}

describe('generationComparator', () => {
  it.each([
    ['jun.', 'Jr.', 'exact'],
    ['Junior', 'jr', 'exact'],
    ['sen.', 'Sr.', 'exact'],
    ['Senior', 'SEN.', 'exact'],
    ['III', 'iii', 'exact'],
    ['Jr., PhD', 'jun.', 'exact'],
    ['Jr.', 'Sr.', 'different'],
    ['jun.', 'sen.', 'different'],
    ['II', 'III', 'different'],
    ['Jr.', 'III', 'different'],
    ['PhD', 'Jr.', 'missing'],
    ['MBA', 'M.Sc.', 'missing'],
    ['Jr. III', 'Jr.', 'missing'],
    ['', 'Sr.', 'missing'],
  ])('%s / %s: %s', (a, b, level) => {
    expect(levelOf(a, b)).toBe(level)
  })

  test.prop([fc.string(), fc.string()])('is symmetric and gives a known level or none', (a, b) => {
    expect(levelOf(a, b)).toBe(levelOf(b, a))
    expect(['exact', 'different', 'missing']).toContain(levelOf(a, b))
  })

  test.prop([
    fc.constantFrom('jr', 'jun', 'junior', 'sr', 'sen', 'senior', 'ii', 'iii', 'iv'),
    fc.constantFrom('', '.', '..'),
    fc.boolean(),
    fc.constantFrom('PhD', 'MBA', 'Esq.', 'M.Sc.'),
  ])('reads a mark in any case, with dots, beside post-nominals', (mark, dots, upper, postNominal) => {
    const written = `${upper ? mark.toUpperCase() : mark}${dots}`
    expect(generations.prepare(`${written}, ${postNominal}`)).toBe(generations.prepare(mark))
    expect(levelOf(written, mark)).toBe('exact')
  })
})

// Father and son in a family firm: the same name, company, address, switchboard number and shared mailbox.
const family = {
  firstName: 'Hans',
  lastName: 'Meier',
  company: 'Meier Metallbau GmbH & Co. KG',
  emails: [{ value: 'info@meier-metallbau.de' }],
  phones: [{ value: '+49 89 1234567' }],
  addresses: [
    { street: 'Hauptstraße', houseNumber: '5', postalCode: '80331', city: 'München', country: 'DE' },
  ],
}
const father = contact({ ...family, id: 'crm-1', suffix: 'sen.' })
const son = contact({ ...family, id: 'crm-2', suffix: 'jun.' })

describe('a generation in the default matcher', () => {
  const matcher = createMatcher()

  it('keeps father and son apart although everything else agrees', () => {
    const comparison = matcher.compare(father, son)
    expect(comparison.verdict).toBe('distinct')
    const suffix = comparison.fields.find((field) => field.field === 'suffix')
    expect(suffix).toMatchObject({ level: 'different' })
    expect(suffix?.weight).toBeLessThan(-190)
    expect(suffix?.reason).toContain('"sen." / "jun."')
  })

  it('still finds the son on a business card written Jr., and without any mark', () => {
    const card = contact({ ...family, suffix: 'Jr.', phones: [{ value: '089 1234567' }] })
    expect(matcher.compare(card, son)).toMatchObject({ verdict: 'duplicate' })
    expect(matcher.compare(card, father).verdict).toBe('distinct')
    // A mark on one side only says nothing: a person decides whether `Hans Meier` is the father or the son.
    const unmarked = contact({ ...family })
    expect(matcher.compare(unmarked, son).verdict).toBe('duplicate')
    expect(matcher.compare(unmarked, son).fields.find((field) => field.field === 'suffix')).toMatchObject({
      level: 'missing',
      weight: 0,
    })
  })

  it('reads a short mark at the end of an unparsed last name, not a surname Junior', () => {
    const crmFather = contact({ ...family, lastName: 'Meier sen.' })
    const crmSon = contact({ ...family, lastName: 'Meier jun.' })
    expect(matcher.compare(crmFather, crmSon).verdict).toBe('distinct')
    expect(matcher.compare(crmFather, father).verdict).toBe('duplicate')
    const surname = contact({ ...family, firstName: 'Carlos', lastName: 'da Silva Junior' })
    const withMark = contact({ ...family, firstName: 'Carlos', lastName: 'da Silva Junior', suffix: 'Sr.' })
    expect(matcher.compare(surname, withMark).verdict).toBe('duplicate')
  })

  it('decides alike in a bulk run, in the live index and in compareMany', async () => {
    const card = contact({ ...family, id: 'card-1', suffix: 'Jr.' })
    const result = await matcher.findDuplicates([father, son, card])
    const pairs = result.pairs.map((pair) => [pair.a, pair.b].sort().join('+'))
    expect(pairs).toEqual(['card-1+crm-2'])

    const index = matcher.createIndex()
    index.add(father)
    index.add(son)
    expect(index.query(card).map((match) => [match.id, match.verdict])).toEqual([['crm-2', 'duplicate']])

    const many = matcher.compareMany(card, [father, son])
    expect(many.map((comparison) => comparison?.verdict)).toEqual(['distinct', 'duplicate'])
  })

  it('keeps its fixed probabilities through training', () => {
    const { contacts } = generateContacts({ count: 1500, seed: 5 })
    const trained = createMatcher()
    const before = trained.parameters().find((field) => field.field === 'suffix')
    trained.train([...contacts, father, son, contact({ ...family, id: 'crm-3', suffix: 'Jr.' })], { seed: 2 })
    const after = trained.parameters()
    expect(after.find((field) => field.field === 'suffix')).toEqual(before)
    expect(after.find((field) => field.field === 'lastName')).not.toEqual(
      createMatcher()
        .parameters()
        .find((field) => field.field === 'lastName'),
    )
    expect(trained.compare(father, son).verdict).toBe('distinct')
  })
})

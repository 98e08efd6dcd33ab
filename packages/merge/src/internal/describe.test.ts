import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  covers,
  formDifference,
  formDifferenceByUnicode,
  hasPoorCasing,
  hasPoorCasingByPattern,
} from './describe.js'

// The plain definition the in-place scan replaced: split both texts into tokens at single spaces.
function coversBySplitting(longer: string, shorter: string): boolean {
  const longerTokens = longer.split(' ')
  return shorter
    .split(' ')
    .every((token) =>
      longerTokens.some((other) => other === token || (token.length === 1 && other.startsWith(token))),
    )
}

// Folded names and titles: a few short words, initials, and the odd empty token from doubled spaces.
const token = fc.oneof(
  fc.constantFrom('a', 'anna', 'an', 'maria', 'm', 'mueller', 'prof', 'dr', '', 'j', 'jo'),
  fc.string({ maxLength: 4 }),
)
const text = fc.array(token, { minLength: 1, maxLength: 5 }).map((tokens) => tokens.join(' '))

describe('covers', () => {
  it('lets an initial stand for a longer token and needs every token', () => {
    expect(covers('anna maria mueller', 'a mueller')).toBe(true)
    expect(covers('anna mueller', 'a m')).toBe(true)
    expect(covers('anna mueller', 'anna schmidt')).toBe(false)
    expect(covers('anna', 'an')).toBe(false)
  })

  test.prop([text, text])('agrees with the definition by splitting into tokens', (longer, shorter) => {
    expect(covers(longer, shorter)).toBe(coversBySplitting(longer, shorter))
  })
})

describe('hasPoorCasing', () => {
  it('finds names written all in capitals or all in small letters', () => {
    expect(hasPoorCasing('MÜLLER')).toBe(true)
    expect(hasPoorCasing('müller-lüdenscheidt')).toBe(true)
    expect(hasPoorCasing('Müller')).toBe(false)
    expect(hasPoorCasing('GROẞ')).toBe(true)
    expect(hasPoorCasing('Ó Briain')).toBe(false)
    expect(hasPoorCasing('A.')).toBe(false)
  })

  // Latin-1 letters and signs (× and ÷ are not letters), the letters around them, and other scripts.
  const character = fc.oneof(
    fc.integer({ min: 0x20, max: 0x17f }).map((code) => String.fromCharCode(code)),
    fc.constantFrom('ẞ', 'ǅ', 'ª', 'º', 'µ', 'Ω', 'я', 'Я', '中', 'ʰ', '’', '-', ' '),
  )
  test.prop([fc.array(character, { maxLength: 12 }).map((chars) => chars.join(''))])(
    'agrees with the Unicode letter patterns',
    (text) => {
      expect(hasPoorCasing(text)).toBe(hasPoorCasingByPattern(text))
    },
  )
})

describe('formDifference', () => {
  it('names what two forms of one value differ in', () => {
    expect(formDifference('MÜLLER', 'Müller')).toBe('letter case')
    expect(formDifference('Anna  Maria', 'Anna Maria')).toBe('spacing')
    expect(formDifference('GROSS', 'Groß')).toBe('letter case')
    expect(formDifference('Mueller', 'Müller')).toMatch(/^spelling/)
  })

  // Names as exports write them: Latin-1 letters in either case, ß, spaces (doubled, at the ends), and beyond.
  const form = fc.string({
    unit: fc.constantFrom(...'aAmMüÜöÖßsSéÉ -.\u00A0\u1E9E\u00AD\tÿ'),
    maxLength: 8,
  })
  test.prop([form, form], { numRuns: 2000 })('agrees with the Unicode clean-up and case folding', (a, b) => {
    expect(formDifference(a, b)).toBe(formDifferenceByUnicode(a, b))
  })
})

import { foldText } from '@contactkit/core'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { fold } from './fold.js'

const latin1 = Array.from({ length: 0x100 - 0xa0 }, (_, index) => String.fromCharCode(0xa0 + index))
const ascii = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index))
const folded = fc.stringMatching(/^[a-z0-9]{1,8}(?: [a-z0-9]{1,8}){0,4}$/)
const asciiText = fc.string({ unit: fc.constantFrom(...ascii), maxLength: 40 })
const latin1Text = fc.string({
  unit: fc.constantFrom(...ascii, ...latin1, 'ä', 'ö', 'ü', 'ß', 'Ä'),
  maxLength: 40,
})
// Characters just outside the fast paths: other Latin letters, combining marks, special spaces, controls.
const mixedText = fc.string({
  unit: fc.constantFrom(
    ...'aZ09 .-&äöüßÄÖÜé',
    'ł',
    'ẞ',
    'İ',
    'ı',
    '\u0308',
    '\u00A0',
    '\u2009',
    '\t',
    '\n',
    '\u200B',
    'ﬁ',
    '①',
    'Ⅻ',
    'ς',
    '\uD800',
    '€',
    '™',
  ),
  maxLength: 30,
})
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }))
const words = fc.constantFrom(
  'Müller-Lüdenscheidt',
  'MUELLER LUEDENSCHEIDT',
  'Schmidt & Söhne',
  'Groß',
  'Ærø',
  'Þórr',
  "O'Brien",
  'Hauptstr. 4a',
  '  leading  and  trailing  ',
  'Zoë Saldaña',
  '×÷',
  'Łukasz Yılmaz',
)

function same(text: string): void {
  expect(fold(text, true)).toBe(foldText(text, { german: true }))
  expect(fold(text, false)).toBe(foldText(text))
}

describe('fold', () => {
  it.each([
    ['Müller-Lüdenscheidt', 'mueller luedenscheidt'],
    ['Schmidt & Söhne GmbH', 'schmidt soehne gmbh'],
    ['Groß', 'gross'],
    ['mueller', 'mueller'],
    ['  Hauptstr. 4a ', 'hauptstr 4a'],
  ])('folds %j to %j like foldText', (text, expected) => {
    expect(fold(text, true)).toBe(expected)
    same(text)
  })

  it('drops the marks without German transliteration', () => {
    expect(fold('Müller', false)).toBe('muller')
  })

  test.prop([folded], { numRuns: 300 })('keeps folded text as it is', (text) => {
    expect(fold(text, true)).toBe(text)
    same(text)
  })
  test.prop([asciiText], { numRuns: 500 })('agrees with foldText on printable ASCII', same)
  test.prop([latin1Text], { numRuns: 800 })('agrees with foldText on ASCII and Latin-1', same)
  test.prop([mixedText], { numRuns: 800 })('agrees with foldText on text beyond Latin-1', same)
  test.prop([anyText], { numRuns: 500 })('agrees with foldText on any text', same)
  test.prop([fc.array(words, { maxLength: 4 }).map((parts) => parts.join(' '))])(
    'agrees with foldText on realistic names',
    same,
  )
})

import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { splitSegments } from './address-pattern.js'
import {
  isDelimiterLine,
  isNameLike,
  isRuleOnlyLine,
  lineFeatures,
  PARTICLES,
  TITLE_TOKENS,
} from './line-features.js'
import { senderKeys } from './sender.js'

// The plain definitions the speed-ups of isNameLike, splitSegments and the delimiter/rule tests must agree with.

function referenceIsNameLike(text: string): boolean {
  text = text.replace(/^(?:i\. ?A\.|i\. ?V\.|ppa\.) /, '')
  if (text.length < 2 || text.length > 60) return false
  const bare = text.replace(/^(?:i\. ?A\.|i\. ?V\.|ppa\.) /, '')
  if (/[\d@:/?!;]/.test(bare)) return false
  const tokens = bare
    .replace(/[,()"“”„]/g, ' ')
    .split(' ')
    .filter((token) => token.length > 0)
  let nameWords = 0
  for (const token of tokens) {
    const folded = token.toLowerCase().replace(/[.,'’-]/g, '')
    if (folded === '') continue
    if (TITLE_TOKENS.has(folded) || TITLE_TOKENS.has(folded.replace(/ /g, ''))) continue
    if (PARTICLES.has(token.toLowerCase())) continue
    const first = token.replace(/^[^\p{L}]+/u, '')[0]
    if (first === undefined) continue
    if (first === first.toLowerCase()) return false
    nameWords++
  }
  return nameWords >= 1 && nameWords <= 5
}

function referenceSplitSegments(line: string): string[] {
  const segments: string[] = []
  let start = 0
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string
    const isDash = (ch === '-' || ch === '–' || ch === '—') && line[i - 1] === ' ' && line[i + 1] === ' '
    if (',·|•;\t'.includes(ch) || isDash) {
      segments.push(line.slice(start, i))
      start = i + 1
    }
  }
  segments.push(line.slice(start))
  return segments
    .map((segment) => segment.replace(/\u00a0/g, ' ').replace(/[ \t]+/g, ' '))
    .map((segment) => segment.replace(/^ /, '').replace(/ $/, ''))
    .filter((segment) => segment.length > 0)
}

const nameToken = fc.oneof(
  fc.constantFrom(
    'Anna',
    'Schäfer',
    'Dr.',
    'Prof.',
    'von',
    'de',
    'la',
    'Ölmann',
    'Éric',
    'o’Neil',
    'MBA',
    'Ing.',
  ),
  fc.constantFrom(
    'GmbH',
    'sales',
    'Tel.',
    '(Vertrieb)',
    '"Jo"',
    '„Sepp“',
    '-',
    '&',
    'i.',
    'A.',
    'ppa.',
    'ℌans',
  ),
  fc.constantFrom('𝐀nna', '·Max', '1st', 'x@y', 'ß', 'İlker', 'ǅemal', '—', '...Ben'),
  fc.string({ maxLength: 6 }),
)
const separated = fc
  .array(
    fc.tuple(
      nameToken,
      fc.constantFrom(' ', '  ', ', ', ' | ', ' - ', ' – ', '\t', '·', '\u00a0', ';', '-', ' • '),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.map(([token, separator]) => token + separator).join(''))

describe('fast paths', () => {
  test.prop([separated], { numRuns: 3000 })('isNameLike agrees with its plain definition', (text) => {
    expect(isNameLike(text)).toBe(referenceIsNameLike(text))
  })

  test.prop([fc.oneof(separated, fc.string({ unit: 'binary', maxLength: 40 }))], { numRuns: 3000 })(
    'splitSegments agrees with its plain definition',
    (line) => {
      expect(splitSegments(line)).toEqual(referenceSplitSegments(line))
    },
  )

  const keys = senderKeys(undefined)
  test.prop(
    [
      fc.oneof(
        fc.constantFrom(
          '--',
          '-- ',
          ' -- ',
          '—',
          '-- --',
          '---',
          '___',
          '= = =',
          '~~~',
          '***',
          '-_-',
          '-- x',
        ),
        fc.string({ unit: fc.constantFrom('-', '_', '=', '*', '~', ' ', '—', 'x'), maxLength: 12 }),
      ),
    ],
    { numRuns: 2000 },
  )('the delimiter and rule tests agree with the line classification', (line) => {
    const features = lineFeatures(line, keys)
    expect(isDelimiterLine(line)).toBe(features.delimiter)
    expect(isRuleOnlyLine(line)).toBe(features.rule)
  })

  it('reads names with titles, particles and signing prefixes', () => {
    expect(isNameLike('i. A. Dr. Anna von Schäfer')).toBe(true)
    expect(isNameLike('ppa. Éric de la Tour')).toBe(true)
    expect(isNameLike('Anna schäfer')).toBe(false)
    expect(isNameLike('Tel.: 089 123')).toBe(false)
    expect(isNameLike('Eins Zwei Drei Vier Fünf Sechs')).toBe(false)
  })
})

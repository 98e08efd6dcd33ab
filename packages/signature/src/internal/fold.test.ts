import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { foldedWords, foldLine, SPECIAL_FOLDS } from './fold.js'

// The plain definition foldLine is an optimised version of: character by character, every character that is
// not a letter or digit after folding is a separator, runs of separators become one space.

function referenceFold(text: string): string {
  const words: string[] = []
  let word = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    const code = ch.charCodeAt(0)
    const asciiWord = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90)
    const letter = code >= 0xc0 && (ch.toLowerCase() !== ch.toUpperCase() || /\p{L}|\p{N}/u.test(ch))
    if (asciiWord) word += ch.toLowerCase()
    else if (letter)
      word += SPECIAL_FOLDS[ch.toLowerCase()] ?? ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
    else {
      if (word !== '') words.push(word)
      word = ''
    }
  }
  if (word !== '') words.push(word)
  return words.join(' ')
}

describe('foldLine', () => {
  it('folds German, French and English signature lines', () => {
    expect(foldLine('Mit freundlichen Grüßen')).toBe('mit freundlichen grussen')
    expect(foldLine('  Tel.: +49 (0)89 1234567-12 ')).toBe('tel 49 0 89 1234567 12')
    expect(foldLine('Müller & Söhne GmbH & Co. KG')).toBe('muller sohne gmbh co kg')
    expect(foldLine('Directeur Général — Société Générale')).toBe('directeur general societe generale')
    expect(foldLine('--- ***')).toBe('')
  })

  test.prop([fc.string({ unit: 'binary', maxLength: 60 })], { numRuns: 2000 })(
    'agrees with the character-by-character definition',
    (text) => {
      expect(foldLine(text)).toBe(referenceFold(text))
    },
  )

  test.prop([
    fc.array(
      fc.constantFrom(
        'Grüße',
        'GmbH',
        ' ',
        '.',
        '-',
        'Straße',
        'İstanbul',
        'ÆØÅ',
        'x',
        '1',
        '\u00a0',
        'Ω',
        '²',
      ),
      {
        maxLength: 12,
      },
    ),
  ])('agrees with the definition on mixed Latin lines', (parts) => {
    const text = parts.join('')
    expect(foldLine(text)).toBe(referenceFold(text))
  })
})

describe('foldedWords', () => {
  it('cuts the folded words of a signature line', () => {
    expect(foldedWords('  Tel.: +49 (0)89 1234567-12 ')).toEqual(['tel', '49', '0', '89', '1234567', '12'])
    expect(foldedWords('Geschäftsführer · Müller & Söhne GmbH')).toEqual([
      'geschaftsfuhrer',
      'muller',
      'sohne',
      'gmbh',
    ])
    expect(foldedWords('--- ***')).toEqual([])
  })

  test.prop([fc.string({ unit: 'binary', maxLength: 60 })], { numRuns: 2000 })(
    'are the words of foldLine',
    (text) => {
      const folded = referenceFold(text)
      expect(foldedWords(text)).toEqual(folded === '' ? [] : folded.split(' '))
    },
  )
})

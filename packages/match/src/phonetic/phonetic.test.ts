import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { colognePhonetic } from './cologne.js'
import { doubleMetaphone } from './double-metaphone.js'

describe('colognePhonetic', () => {
  it.each([
    ['Müller-Lüdenscheidt', '65752682'],
    ['Wikipedia', '3412'],
    ['Breschnew', '17863'],
    ['Meier', '67'],
    ['Mayr', '67'],
    ['Schmidt', '862'],
    ['Schmitt', '862'],
    ['Xaver', '4837'],
    ['Christoph', '47823'],
    ['', ''],
  ])('encodes %s as %s', (name, expected) => {
    expect(colognePhonetic(name)).toBe(expected)
  })

  it('gives Meier, Maier, Mayer and Meyer one code', () => {
    const codes = new Set(['Meier', 'Maier', 'Mayer', 'Meyer'].map(colognePhonetic))
    expect(codes.size).toBe(1)
  })

  it('treats ß as s and umlauts as their base vowel', () => {
    expect(colognePhonetic('Groß')).toBe(colognePhonetic('Gross'))
    expect(colognePhonetic('Köhler')).toBe(colognePhonetic('Kohler'))
  })

  test.prop([fc.string()])('returns only digits and ignores case', (text) => {
    const encoded = colognePhonetic(text)
    expect(encoded).toMatch(/^\d*$/)
    expect(colognePhonetic(text.toUpperCase())).toBe(colognePhonetic(text.toLowerCase()))
  })
})

describe('doubleMetaphone', () => {
  it('gives Smith and Schmidt a shared key', () => {
    const [smithPrimary, smithAlternate] = doubleMetaphone('Smith')
    const [schmidtPrimary, schmidtAlternate] = doubleMetaphone('Schmidt')
    const keys = new Set([schmidtPrimary, schmidtAlternate])
    expect(keys.has(smithPrimary) || keys.has(smithAlternate)).toBe(true)
  })

  it('encodes Catherine and Kathryn alike', () => {
    expect(doubleMetaphone('Catherine')[0]).toBe(doubleMetaphone('Kathryn')[0])
  })

  it('returns empty keys for text without letters', () => {
    expect(doubleMetaphone('42 -')).toEqual(['', ''])
  })
})

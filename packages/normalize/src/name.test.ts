import { describe, expect, it } from 'vitest'
import { nameKey, parseName } from './name.js'

describe('parseName', () => {
  it('keeps Prof. Dr. med. out of the first name', () => {
    expect(parseName('Prof. Dr. med. Anna Schmidt')).toEqual({
      raw: 'Prof. Dr. med. Anna Schmidt',
      title: 'Prof. Dr. med.',
      firstName: 'Anna',
      lastName: 'Schmidt',
    })
  })

  it('reads Herr as salutation with gender, not as first name', () => {
    expect(parseName('Herr Dipl.-Ing. Klaus Meier')).toMatchObject({
      salutation: 'Herr',
      gender: 'male',
      title: 'Dipl.-Ing.',
      firstName: 'Klaus',
      lastName: 'Meier',
    })
  })

  it('gives no gender for Mx.', () => {
    expect(parseName('Mx. Alex Taylor').gender).toBeUndefined()
  })

  it('reads Last, First with particles and repairs capitals', () => {
    expect(parseName('GUTTENBERG, KARL-THEODOR FREIHERR VON UND ZU')).toMatchObject({
      firstName: 'Karl-Theodor',
      lastName: 'Freiherr von und zu Guttenberg',
    })
  })

  it('repairs lower case without breaking Mc, Mac and O’', () => {
    expect(parseName('john mcdonald').lastName).toBe('McDonald')
    expect(parseName('douglas macarthur').lastName).toBe('MacArthur')
    expect(parseName("PATRICK O'BRIEN").lastName).toBe("O'Brien")
  })
})

describe('nameKey', () => {
  it('agrees on umlaut spellings', () => {
    expect(nameKey('Müller-Lüdenscheidt')).toBe(nameKey('MUELLER LUEDENSCHEIDT'))
  })
})

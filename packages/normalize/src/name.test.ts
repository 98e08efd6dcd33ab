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

  it('moves a nobility rank written before the given name into the last name', () => {
    expect(parseName('Freifrau Marie von Stein')).toEqual({
      raw: 'Freifrau Marie von Stein',
      firstName: 'Marie',
      lastName: 'Freifrau von Stein',
    })
    expect(parseName('Frau Gräfin Anna Maria von Bernstorff')).toMatchObject({
      salutation: 'Frau',
      firstName: 'Anna',
      middleName: 'Maria',
      lastName: 'Gräfin von Bernstorff',
    })
    expect(parseName('GRAF OTTO LAMBSDORFF')).toMatchObject({
      firstName: 'Otto',
      lastName: 'Graf Lambsdorff',
    })
    // A rank that is the surname stays one; so do two words and Mac.
    expect(parseName('Steffi Graf')).toMatchObject({ firstName: 'Steffi', lastName: 'Graf' })
    expect(parseName('Graf, Steffi')).toMatchObject({ firstName: 'Steffi', lastName: 'Graf' })
    expect(parseName('Mac Miller Jones')).toMatchObject({
      firstName: 'Mac',
      middleName: 'Miller',
      lastName: 'Jones',
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

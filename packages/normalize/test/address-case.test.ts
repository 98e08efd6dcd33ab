import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { normalizeAddress, streetKey } from '../src/index.js'
import { hasUniformCase, placeNameCase } from '../src/internal/address-case.js'
import { fold } from '../src/internal/fold.js'

// Place-name words in capitals, with the small words, abbreviations, numbers and separators the rules look at.
const placeName = fc
  .array(
    fc.constantFrom(
      'HAUPTSTRASSE',
      'MÜNCHEN',
      'AM',
      'DER',
      'A.',
      'M.',
      'UPON',
      'DE',
      'LA',
      "O'CONNELL",
      "D'ALENE",
      'IJMUIDEN',
      'MCALLEN',
      'II',
      '17.',
      'B27',
      '5TH',
      'NW',
      'Q',
      'STR.',
      'SAINT',
    ),
    { minLength: 1, maxLength: 5 },
  )
  .chain((words) =>
    fc
      .array(fc.constantFrom(' ', '-', ' (', ') '), { minLength: words.length, maxLength: words.length })
      .map((separators) =>
        words.map((word, index) => (index === 0 ? word : `${separators[index]}${word}`)).join(''),
      ),
  )
const country = fc.constantFrom('DE', 'AT', 'CH', 'GB', 'US', 'FR', 'NL', undefined)

describe('placeNameCase', () => {
  test.prop([placeName, country])('keeps the key, and a second pass changes nothing', (text, code) => {
    const once = placeNameCase(text, code)
    expect(streetKey(once)).toBe(streetKey(text))
    expect(fold(once)).toBe(fold(text))
    expect(placeNameCase(once, code)).toBe(once)
  })

  test.prop([placeName, country])('gives the same text for capitals and small letters', (text, code) => {
    // `ß` has no capital in common use, and `IJ`/`Mc`/`O'` are capitals either way: compare the small forms.
    const fromCapitals = placeNameCase(text, code)
    const fromSmall = placeNameCase(text.toLowerCase(), code)
    expect(fromSmall.toLowerCase()).toBe(fromCapitals.toLowerCase())
  })

  test.prop([fc.string({ maxLength: 40 }), country])('keeps mixed case as written', (text, code) => {
    if (!hasUniformCase(text)) expect(placeNameCase(text, code)).toBe(text)
  })

  it.each([
    ['FRANKFURT A. M.', 'DE', 'Frankfurt a. M.'],
    ['BAD HOMBURG V. D. HÖHE', 'DE', 'Bad Homburg v. d. Höhe'],
    ['ROTHENBURG OB DER TAUBER', 'DE', 'Rothenburg ob der Tauber'],
    ['NEUSTADT AN DER WEINSTRASSE', 'DE', 'Neustadt an der Weinstraße'],
    ['STRATFORD-UPON-AVON', 'GB', 'Stratford-upon-Avon'],
    ["KING'S LYNN", 'GB', "King's Lynn"],
    ["COEUR D'ALENE", 'US', "Coeur d'Alene"],
    ["O'CONNELL STREET", 'IE', "O'Connell Street"],
    ['ALPHEN AAN DEN RIJN', 'NL', 'Alphen aan den Rijn'],
    ['DEN HAAG', 'NL', 'Den Haag'],
    ['mcallen', 'US', 'McAllen'],
    ['LUDWIG-II-STRASSE', 'DE', 'Ludwig-II-Straße'],
    ['VON-DER-TANN-STRASSE', 'DE', 'Von-der-Tann-Straße'],
    ['AN DER B27', 'DE', 'An der B27'],
    ['5TH AVENUE', 'US', '5th Avenue'],
    ['GROSSE BLEICHEN', 'DE', 'Grosse Bleichen'],
    ['BAHNHOFSTRASSE', 'CH', 'Bahnhofstrasse'],
    ['Am alten Markt', 'DE', 'Am alten Markt'],
    ['Q 7', 'DE', 'Q 7'],
    ['A', 'DE', 'A'],
  ])('%s (%s) → %s', (text, code, expected) => {
    expect(placeNameCase(text, code)).toBe(expected)
  })
})

describe('normalizeAddress letter case', () => {
  it('re-cases a street and city in capitals, as an old ERP export writes them', () => {
    const address = normalizeAddress('HAUPTSTRASSE 5, 80331 MÜNCHEN', { defaultCountry: 'DE' })
    expect(address).toMatchObject({ street: 'Hauptstraße', city: 'München', streetKey: 'hauptstrasse' })
    expect(address.raw).toBe('HAUPTSTRASSE 5, 80331 MÜNCHEN')
    // Without a country `STRASSE` may be Swiss: its `ss` stays.
    expect(normalizeAddress('HAUPTSTRASSE 5, 80331 MÜNCHEN').street).toBe('Hauptstrasse')
  })
})

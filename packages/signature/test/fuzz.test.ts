import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { isSignatureError } from '../src/error.js'
import { extractSignature, htmlToText, parseBusinessCard, parseSignature, parseVCard } from '../src/index.js'

const MB = 1_048_576
const big = { maxInputLength: 2 * MB }

// Inputs built to hit every scanner's worst case: long runs without the closing character each loop looks for.
const adversarial: [string, string][] = [
  ['one long line of letters', 'a'.repeat(MB)],
  ['at signs', 'a@'.repeat(MB / 2)],
  ['www prefixes', 'www.'.repeat(MB / 4)],
  ['phone-like run', '+49 (0)89 '.repeat(MB / 10)],
  ['quoted lines', '> x\n'.repeat(MB / 4)],
  ['header keys', 'From: a\n\n\n'.repeat(MB / 10)],
  ['closing formulas', 'Best regards\n'.repeat(MB / 13)],
  ['street lines', 'Musterstraße 12 · 80331 München\n'.repeat(MB / 32)],
  ['hyphenated lines', 'ab-\n'.repeat(MB / 4)],
  ['blank lines', '\n'.repeat(MB)],
  ['ampersands', '&'.repeat(MB)],
  ['unclosed attribute quotes', '<a x="'.repeat(MB / 6)],
  ['deep nesting', '<div>'.repeat(MB / 5)],
  ['mismatched closing tags', `${'<div>'.repeat(300)}${'</span>'.repeat(MB / 7)}`],
  ['register words', 'Geschäftsführer: Amtsgericht HRB DE '.repeat(MB / 36)],
  ['OCR lookalikes', 'O l I 0 1 '.repeat(MB / 10)],
]

function run(fn: () => unknown): void {
  try {
    fn()
  } catch (error) {
    // A typed error is fine; anything else is a crash.
    if (!isSignatureError(error)) throw error
  }
}

describe('1 MB adversarial input', () => {
  it.each(adversarial)('is handled without hanging: %s', { timeout: 30_000 }, (_name, input) => {
    run(() => extractSignature({ text: input }, big))
    run(() => extractSignature({ html: input }, big))
    run(() => htmlToText(input))
    run(() => parseSignature(input, big))
    run(() => parseBusinessCard(input, big))
    run(() =>
      parseVCard(`BEGIN:VCARD\nN;ENCODING=QUOTED-PRINTABLE:${input.replace(/\n/g, '=\n')}\nEND:VCARD`, big),
    )
    run(() => parseVCard(`MECARD:N:${input};;`, big))
  })

  it('caps the input size by default', () => {
    expect(() => extractSignature({ text: 'a'.repeat(MB + 1) })).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INPUT_TOO_LARGE' }),
    )
    expect(() => parseSignature('a'.repeat(65_537))).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INPUT_TOO_LARGE' }),
    )
  })
})

const lineArbitrary = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    'Mit freundlichen Grüßen',
    'Best regards,',
    '-- ',
    '> quoted',
    'Max Mustermann',
    'Tel. +49 89 1234567',
    'Von: a',
    'Betreff: b',
    '',
  ),
)

describe('extractSignature laws', () => {
  test.prop([fc.array(lineArbitrary, { maxLength: 40 })])(
    'returns a line range inside the text and never throws',
    (lines) => {
      const text = lines.join('\n')
      const result = extractSignature({ text })
      if (result.signature !== undefined) {
        expect(result.signature.startLine).toBeGreaterThanOrEqual(0)
        expect(result.signature.endLine).toBeGreaterThanOrEqual(result.signature.startLine)
        expect(result.signature.endLine).toBeLessThan(lines.length)
        expect(result.signature.text).toBe(
          lines.slice(result.signature.startLine, result.signature.endLine + 1).join('\n'),
        )
        expect(result.confidence).toBeGreaterThan(0)
      } else {
        expect(result.confidence).toBe(0)
      }
    },
  )

  test.prop([
    fc.array(fc.stringMatching(/^[A-Za-zÄÖÜäöüß0-9 .,@+-]{1,30}$/), { minLength: 1, maxLength: 10 }),
  ])('renders one <div> per line back to the same lines', (lines) => {
    const html = lines.map((line) => `<div>${line.replace(/&/g, '&amp;')}</div>`).join('')
    const expected = lines.map((line) => line.trim().replace(/ +/g, ' ')).filter((line) => line !== '')
    expect(
      htmlToText(html)
        .split('\n')
        .filter((line) => line !== ''),
    ).toEqual(expected)
  })
})

describe('statelessness', () => {
  const signatures = fc.array(lineArbitrary, { minLength: 1, maxLength: 12 }).map((lines) => lines.join('\n'))

  test.prop([signatures, signatures])(
    'gives the same result for a text whatever was parsed before',
    (first, second) => {
      const before = parseSignature(first, { from: { name: 'Max Mustermann' } })
      parseSignature(second)
      extractSignature({ text: second })
      expect(parseSignature(first, { from: { name: 'Max Mustermann' } })).toEqual(before)
    },
  )
})

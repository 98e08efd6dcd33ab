import { describe, expect, it } from 'vitest'
import { type ExtractSignatureOptions, extractSignature } from './extract-signature.js'

// Plainly valid arguments skip the zod schemas; these tests pin that every invalid one still fails the same
// way and every valid spelling is still accepted.

const text = 'Hallo Herr Weber,\n\nanbei das Angebot.\n\nViele Grüße\nAnna Schäfer\nTel. +49 89 1234567'

describe('extractSignature arguments', () => {
  it.each<[string, unknown]>([
    ['maxInputLength 0', { maxInputLength: 0 }],
    ['maxInputLength -5', { maxInputLength: -5 }],
    ['maxInputLength 1.5', { maxInputLength: 1.5 }],
    ['maxInputLength NaN', { maxInputLength: Number.NaN }],
    ['maxInputLength Infinity', { maxInputLength: Number.POSITIVE_INFINITY }],
    ['scanLength as a string', { scanLength: '100' }],
    ['maxSignatureLines 0', { maxSignatureLines: 0 }],
    ['maxSignatureLines 201', { maxSignatureLines: 201 }],
    ['parse as a string', { parse: 'yes' }],
    ['defaultCountry in lower case', { defaultCountry: 'de' }],
    ['defaultCountry of three letters', { defaultCountry: 'DEU' }],
    ['options null', null],
    ['options an array', []],
  ])('rejects the option %s with SIGNATURE_INVALID_INPUT', (_, options) => {
    expect(() => extractSignature({ text }, options as ExtractSignatureOptions)).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INVALID_INPUT' }),
    )
  })

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'Viele Grüße'],
    ['an array', [text]],
    ['text and html not strings', { text: 1, html: 2 }],
    ['a string text but a numeric html', { text, html: 5 }],
    ['from null', { text, from: null }],
    ['from a string', { text, from: 'anna@beispiel.de' }],
    ['a sender name of 1001 characters', { text, from: { name: 'A'.repeat(1001) } }],
    ['a numeric sender address', { text, from: { address: 42 } }],
  ])('rejects the input %s with SIGNATURE_INVALID_INPUT', (_, input) => {
    expect(() => extractSignature(input as { text: string })).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INVALID_INPUT' }),
    )
  })

  it('names the first invalid path in the message, never the value given', () => {
    const secret = 'anna.vertraulich@beispiel.de'
    expect(() => extractSignature({ text, from: { address: 42 } } as never)).toThrowError(
      'Invalid input: from.address: expected string, received number.',
    )
    expect(() =>
      extractSignature({ text, html: 5, from: { name: secret.repeat(40) } } as never),
    ).toThrowError(expect.objectContaining({ message: expect.not.stringContaining('vertraulich') }))
    expect(() => extractSignature({ text }, { defaultCountry: 'de' })).toThrowError(
      /^Invalid options: defaultCountry: /,
    )
  })

  it('accepts undefined option values, unknown option keys and a sender name of 1000 characters', () => {
    const plain = extractSignature({ text })
    expect(plain.signature?.startLine).toBe(4)
    const options = {
      maxInputLength: undefined,
      parse: undefined,
      colour: 'blue',
    } as unknown as ExtractSignatureOptions
    expect(extractSignature({ text }, options)).toEqual(plain)
    expect(extractSignature({ text, from: { name: 'A'.repeat(1000) } }).signature).toEqual(plain.signature)
  })

  it('applies every valid option', () => {
    const result = extractSignature(
      { text, from: { name: 'Anna Schäfer', address: 'anna@beispiel.de' } },
      { maxInputLength: 10_000, scanLength: 1000, maxSignatureLines: 5, parse: true, defaultCountry: 'DE' },
    )
    expect(result.belongsToSender).toBe(true)
    expect(result.contact?.phones[0]?.value).toBe('+49891234567')
    expect(() => extractSignature({ text }, { maxInputLength: 10 })).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INPUT_TOO_LARGE' }),
    )
    expect(extractSignature({ text }, { parse: false }).contact).toBeUndefined()
    // Two lines at most: the block below the formula has two, so it is found; with one it is not.
    expect(extractSignature({ text }, { maxSignatureLines: 2 }).signature?.startLine).toBe(4)
    expect(extractSignature({ text }, { maxSignatureLines: 1 }).signature).toBeUndefined()
  })
})

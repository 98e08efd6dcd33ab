import { describe, expect, it } from 'vitest'
import { codeOfSync as codeOf } from '../test/error-codes.js'
import { parseTokenHeader } from './token.js'

describe('parseTokenHeader', () => {
  it('reads version, key id and iterations without a key', () => {
    expect(parseTokenHeader('ck1.2026-01.10000.AAECAwQF')).toEqual({
      version: 1,
      keyId: '2026-01',
      iterations: 10_000,
    })
  })

  it.each([
    ['ck2.k.1000.AAAA', 'SEAL_UNSUPPORTED_VERSION'],
    ['ck0.k.1000.AAAA', 'SEAL_UNSUPPORTED_VERSION'],
    ['xx1.k.1000.AAAA', 'SEAL_MALFORMED'],
    ['ck1..1000.AAAA', 'SEAL_MALFORMED'],
    ['ck1.schlüssel.1000.AAAA', 'SEAL_MALFORMED'],
    ['ck1.k.-1.AAAA', 'SEAL_MALFORMED'],
    ['ck1.k.1e3.AAAA', 'SEAL_MALFORMED'],
    ['ck1.k.1000.AA AA', 'SEAL_MALFORMED'],
    ['ck1.k.1000.AAAA.extra', 'SEAL_MALFORMED'],
    ['Fe26.2*id*salt*iv*data**salt*mac', 'SEAL_MALFORMED'],
  ])('refuses %s with %s', (token, code) => {
    expect(codeOf(() => parseTokenHeader(token))).toBe(code)
  })
})

import { isContactKitError } from '@contactkit/core'
import { describe, expect, it } from 'vitest'
import { isSealError, SealError } from './error.js'

describe('SealError', () => {
  it('is a ContactKitError with a stable code and a serialisable shape', () => {
    const error = new SealError(
      'SEAL_UNKNOWN_KEY',
      'The token was sealed with key "2025-07", not in the keyring.',
      {
        details: { keyId: '2025-07' },
      },
    )
    expect(isContactKitError(error)).toBe(true)
    expect(JSON.parse(JSON.stringify(error))).toMatchInlineSnapshot(`
      {
        "code": "SEAL_UNKNOWN_KEY",
        "details": {
          "keyId": "2025-07",
        },
        "message": "The token was sealed with key "2025-07", not in the keyring.",
        "name": "SealError",
      }
    `)
  })
})

describe('isSealError', () => {
  it('recognises a SealError from another copy of the package by its name and code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'SealError', code: 'SEAL_INTEGRITY' })
    expect(isSealError(foreign)).toBe(true)
    expect(isSealError(new Error('SEAL_INTEGRITY'))).toBe(false)
    expect(isSealError({ name: 'SealError', code: 'SEAL_INTEGRITY' })).toBe(false)
  })
})

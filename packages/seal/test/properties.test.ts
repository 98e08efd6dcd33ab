import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { createSealer } from '../src/sealer.js'
import { parseTokenHeader } from '../src/token.js'
import { codeOf as failure } from './error-codes.js'
import { TEST_ITERATIONS, testSecret } from './keys.js'

const sealer = createSealer({
  keys: { k1: testSecret('k1'), k2: testSecret('k2') },
  currentKeyId: 'k1',
  iterations: TEST_ITERATIONS,
})
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
const unicode = fc.string({ unit: 'binary', maxLength: 200 })
const context = fc.option(fc.string({ unit: 'binary', maxLength: 60 }), { nil: undefined })
const opts = (ctx: string | undefined) => (ctx === undefined ? {} : { context: ctx })

/** Whether a changed token still names a readable version, a key of the ring and an allowed iteration count. */
function readableHeader(token: string): boolean {
  try {
    const header = parseTokenHeader(token)
    return sealer.keyIds.includes(header.keyId) && header.iterations <= 1_000_000
  } catch {
    return false
  }
}

describe('seal and unseal laws', () => {
  test.prop([unicode, context])('round-trip any Unicode string under any context', async (text, ctx) => {
    expect(await sealer.unseal(await sealer.seal(text, opts(ctx)), opts(ctx))).toBe(text)
  })

  test.prop([fc.uint8Array({ maxLength: 300 }), context])('round-trip any bytes', async (bytes, ctx) => {
    expect(await sealer.unsealBytes(await sealer.seal(bytes, opts(ctx)), opts(ctx))).toEqual(
      Buffer.from(bytes),
    )
  })

  test.prop([unicode, fc.nat(), fc.integer({ min: 1, max: 255 })])(
    'fail with SEAL_INTEGRITY when any byte of the payload is flipped',
    async (text, at, mask) => {
      const token = await sealer.seal(text, { context: 'org:42/mailbox:7/imap-password' })
      const dot = token.lastIndexOf('.')
      const payload = Buffer.from(token.slice(dot + 1), 'base64url')
      const index = at % payload.length
      payload[index] = (payload[index] as number) ^ mask
      const changed = token.slice(0, dot + 1) + payload.toString('base64url')
      expect(await failure(sealer.unseal(changed, { context: 'org:42/mailbox:7/imap-password' }))).toBe(
        'SEAL_INTEGRITY',
      )
    },
  )

  test.prop([unicode, fc.nat(), fc.nat()])(
    'never accept a token with any character replaced; SEAL_INTEGRITY whenever the header still reads',
    async (text, at, pick) => {
      const token = await sealer.seal(text, { context: 'org:42/crm/oauth-refresh-token' })
      const index = at % token.length
      const original = token[index] as string
      const candidates = TOKEN_ALPHABET.replace(original, '')
      const changed = token.slice(0, index) + candidates[pick % candidates.length] + token.slice(index + 1)
      const code = await failure(sealer.unseal(changed, { context: 'org:42/crm/oauth-refresh-token' }))
      if (readableHeader(changed) && changed.split('.').length === 4) expect(code).toBe('SEAL_INTEGRITY')
      else expect(['SEAL_MALFORMED', 'SEAL_UNKNOWN_KEY', 'SEAL_UNSUPPORTED_VERSION']).toContain(code)
    },
  )
})

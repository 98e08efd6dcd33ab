import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { codeOf, codeOfSync } from '../test/error-codes.js'
import { TEST_ITERATIONS, testSecret } from '../test/keys.js'
import { isSealError } from './error.js'
import { createSealer, DEFAULT_ITERATIONS, type SealerOptions } from './sealer.js'

const K2025 = testSecret('2025-07')
const K2026 = testSecret('2026-01')
const IMAP = 'org:42/mailbox:7/imap-password'
const PASSWORD = 'Grüße-aus-München!2026 §ß'

function sealer(overrides: Partial<SealerOptions> = {}) {
  return createSealer({
    keys: { '2025-07': K2025, '2026-01': K2026 },
    currentKeyId: '2026-01',
    iterations: TEST_ITERATIONS,
    ...overrides,
  })
}

describe('createSealer', () => {
  it('refuses a secret shorter than 32 bytes with SEAL_WEAK_SECRET', () => {
    const short = K2026.subarray(0, 31)
    expect(codeOfSync(() => createSealer({ keys: { k: short }, currentKeyId: 'k' }))).toBe('SEAL_WEAK_SECRET')
    expect(codeOfSync(() => createSealer({ keys: { k: short.toString('hex') }, currentKeyId: 'k' }))).toBe(
      'SEAL_WEAK_SECRET',
    )
  })

  it('accepts a short secret only when the caller opts in explicitly', async () => {
    const weak = createSealer({
      keys: { k: Buffer.from('kurz') },
      currentKeyId: 'k',
      iterations: TEST_ITERATIONS,
      dangerouslyAllowShortSecrets: true,
    })
    expect(await weak.unseal(await weak.seal(PASSWORD))).toBe(PASSWORD)
  })

  it('reads the same secret as bytes, hex, base64 and base64url, with or without prefix', async () => {
    const forms = [
      K2026,
      new Uint8Array(K2026),
      K2026.toString('hex'),
      `hex:${K2026.toString('hex').toUpperCase()}`,
      K2026.toString('base64'),
      `base64:${K2026.toString('base64')}`,
      K2026.toString('base64url'),
      `base64url:${K2026.toString('base64url')}`,
    ]
    const token = await sealer().seal(PASSWORD, { context: IMAP })
    for (const form of forms) {
      const other = createSealer({ keys: { '2026-01': form }, currentKeyId: '2026-01' })
      expect(await other.unseal(token, { context: IMAP })).toBe(PASSWORD)
    }
  })

  it('refuses a secret that is neither hex nor base64, without echoing it', () => {
    const passphrase = 'Korrekt Pferd Batterie Heftklammer und noch mehr Wörter'
    try {
      createSealer({ keys: { k: passphrase }, currentKeyId: 'k' })
      expect.unreachable()
    } catch (error) {
      expect(isSealError(error) && error.code).toBe('SEAL_INVALID_INPUT')
      expect(JSON.stringify(error) + String(error)).not.toContain('Pferd')
    }
  })

  it('names a keyring entry by its id, and never echoes a secret given as a key id by mistake', () => {
    const errorOf = (keys: Record<string, unknown>) => {
      try {
        createSealer({ keys, currentKeyId: Object.keys(keys)[0] } as unknown as SealerOptions)
      } catch (error) {
        if (isSealError(error)) return error
        throw error
      }
      throw new Error('no error')
    }
    const weak = errorOf({ '2026-01': K2026.subarray(0, 16) })
    expect([weak.code, weak.message, weak.details]).toEqual([
      'SEAL_WEAK_SECRET',
      'Secret of key "2026-01" has 16 bytes; at least 32 random bytes are required.',
      { keyId: '2026-01', bytes: 16, minimum: 32 },
    ])
    // SEAL_KEYS parsed the wrong way round: secrets as ids, ids as secrets.
    for (const secret of [K2026.toString('base64'), K2026.toString('base64url'), K2026.toString('hex')]) {
      const error = errorOf({ [secret]: '2026-01' })
      expect(error.code).toBe('SEAL_INVALID_INPUT')
      for (const shown of [JSON.stringify(error), String(error), inspect(error)])
        expect(shown).not.toContain(secret.slice(0, 16))
    }
  })

  it.each([
    ['an empty keyring', { keys: {}, currentKeyId: 'k' }],
    ['a current key outside the keyring', { keys: { a: K2026 }, currentKeyId: 'b' }],
    ['a key id with a dot', { keys: { 'a.b': K2026 }, currentKeyId: 'a.b' }],
    ['zero iterations', { keys: { a: K2026 }, currentKeyId: 'a', iterations: 0 }],
    ['fractional iterations', { keys: { a: K2026 }, currentKeyId: 'a', iterations: 1.5 }],
    [
      'iterations above maxIterations',
      { keys: { a: K2026 }, currentKeyId: 'a', iterations: 10, maxIterations: 5 },
    ],
    [
      'a maxIterations below the default iteration count',
      { keys: { a: K2026 }, currentKeyId: 'a', maxIterations: DEFAULT_ITERATIONS - 1 },
    ],
    [
      'iterations above the hard ceiling',
      { keys: { a: K2026 }, currentKeyId: 'a', iterations: 1_000_000_000 },
    ],
    ['a cache of zero entries', { keys: { a: K2026 }, currentKeyId: 'a', cache: { maxEntries: 0 } }],
    ['a secret of the wrong type', { keys: { a: 42 }, currentKeyId: 'a' }],
  ])('refuses %s with SEAL_INVALID_INPUT', (_, options) => {
    expect(codeOfSync(() => createSealer(options as unknown as SealerOptions))).toBe('SEAL_INVALID_INPUT')
  })

  it('never shows a secret in toJSON, JSON.stringify, util.inspect, keys or errors', async () => {
    const hex = K2026.toString('hex')
    const b64 = K2026.toString('base64')
    const instance = createSealer({
      keys: { '2026-01': b64 },
      currentKeyId: '2026-01',
      iterations: TEST_ITERATIONS,
    })
    const shown = [
      JSON.stringify(instance),
      inspect(instance, { depth: 10, showHidden: true }),
      String(Object.values(instance)),
      JSON.stringify(instance.toJSON()),
    ]
    const token = await instance.seal(PASSWORD, { context: IMAP })
    for (const attempt of [instance.unseal(token, { context: 'org:43' }), instance.unseal(`${token}x`)]) {
      try {
        await attempt
      } catch (error) {
        shown.push(JSON.stringify(error), String(error), inspect(error, { depth: 10 }))
      }
    }
    for (const text of shown) {
      expect(text).not.toContain(hex)
      expect(text).not.toContain(b64)
      expect(text).not.toContain(K2026.toString('base64url'))
      expect(text).not.toContain(PASSWORD)
    }
    expect(instance.toJSON()).toEqual({
      currentKeyId: '2026-01',
      keyIds: ['2026-01'],
      iterations: TEST_ITERATIONS,
      cacheEntries: 1000,
    })
    expect(inspect(instance)).toContain('2026-01')
  })

  it('keeps its own copy of a secret given as bytes', async () => {
    const bytes = Buffer.from(K2026)
    const instance = createSealer({ keys: { k: bytes }, currentKeyId: 'k', iterations: TEST_ITERATIONS })
    const token = await instance.seal(PASSWORD)
    bytes.fill(0)
    expect(await instance.unseal(token)).toBe(PASSWORD)
  })

  it('uses the documented default iteration count', async () => {
    const instance = createSealer({ keys: { k: K2026 }, currentKeyId: 'k' })
    expect(instance.iterations).toBe(DEFAULT_ITERATIONS)
    expect(await instance.seal('x')).toMatch(new RegExp(`^ck1\\.k\\.${DEFAULT_ITERATIONS}\\.`))
  })
})

describe('seal and unseal', () => {
  it('round-trips a German IMAP password bound to its mailbox', async () => {
    const { seal, unseal } = sealer()
    const token = await seal(PASSWORD, { context: IMAP })
    expect(token).toMatch(/^ck1\.2026-01\.1000\.[A-Za-z0-9_-]+$/)
    expect(encodeURIComponent(token)).toBe(token)
    expect(token).not.toContain('München')
    expect(await unseal(token, { context: IMAP })).toBe(PASSWORD)
  })

  it('gives a different token each time, thanks to a fresh salt and IV', async () => {
    const { seal } = sealer()
    const tokens = await Promise.all([seal(PASSWORD), seal(PASSWORD), seal(PASSWORD)])
    expect(new Set(tokens).size).toBe(3)
  })

  it('round-trips bytes, an empty string and a 4 KiB OAuth refresh token', async () => {
    const { seal, unseal, unsealBytes } = sealer()
    const bytes = Uint8Array.from([0, 255, 0xc3, 0x28, 10, 13])
    expect(await unsealBytes(await seal(bytes))).toEqual(Buffer.from(bytes))
    expect(await unseal(await seal(''))).toBe('')
    const refresh = `1//09${'Ab3-_x'.repeat(680)}`
    expect(
      await unseal(await seal(refresh, { context: 'org:42/crm:hubspot/oauth-refresh-token' }), {
        context: 'org:42/crm:hubspot/oauth-refresh-token',
      }),
    ).toBe(refresh)
  })

  it('refuses to unseal non-UTF-8 bytes as text with SEAL_NOT_TEXT', async () => {
    const { seal, unseal } = sealer()
    expect(await codeOf(unseal(await seal(Uint8Array.from([0xff, 0xfe, 0xfd]))))).toBe('SEAL_NOT_TEXT')
  })

  it.each([
    ['another mailbox', 'org:42/mailbox:8/imap-password'],
    ['another organisation', 'org:43/mailbox:7/imap-password'],
    ['another field of the same mailbox', 'org:42/mailbox:7/smtp-password'],
    ['no context at all', undefined],
  ])('fails with SEAL_INTEGRITY when unsealed for %s', async (_, context) => {
    const { seal, unseal } = sealer()
    const token = await seal(PASSWORD, { context: IMAP })
    expect(await codeOf(unseal(token, context === undefined ? {} : { context }))).toBe('SEAL_INTEGRITY')
  })

  it('refuses a context passed as a bare string instead of an options object', async () => {
    const { seal, unseal } = sealer()
    const token = await seal(PASSWORD, { context: IMAP })
    expect(await codeOf(seal(PASSWORD, IMAP as never))).toBe('SEAL_INVALID_INPUT')
    expect(await codeOf(unseal(token, IMAP as never))).toBe('SEAL_INVALID_INPUT')
  })

  it('treats an omitted context and an empty one as the same', async () => {
    const { seal, unseal } = sealer()
    expect(await unseal(await seal(PASSWORD), { context: '' })).toBe(PASSWORD)
  })

  it('fails with SEAL_INTEGRITY under the right key id but a different secret', async () => {
    const token = await sealer().seal(PASSWORD, { context: IMAP })
    const impostor = sealer({ keys: { '2026-01': testSecret('someone else') } })
    expect(await codeOf(impostor.unseal(token, { context: IMAP }))).toBe('SEAL_INTEGRITY')
  })

  it('fails with SEAL_INTEGRITY when the header is changed to another valid key or iteration count', async () => {
    const { seal, unseal } = sealer({ keys: { '2025-07': K2026, '2026-01': K2026 } })
    const token = await seal(PASSWORD)
    expect(await codeOf(unseal(token.replace('.2026-01.', '.2025-07.')))).toBe('SEAL_INTEGRITY')
    expect(await codeOf(unseal(token.replace('.1000.', '.1001.')))).toBe('SEAL_INTEGRITY')
  })

  it('fails with SEAL_INTEGRITY for every truncation inside the payload', async () => {
    const { seal, unseal } = sealer()
    const token = await seal('Prof. Dr. Anna Schäfer', { context: IMAP })
    const payloadStart = token.lastIndexOf('.') + 1
    for (let end = payloadStart; end < token.length; end++) {
      expect(await codeOf(unseal(token.slice(0, end), { context: IMAP }))).toBe('SEAL_INTEGRITY')
    }
  })

  it('fails with SEAL_UNKNOWN_KEY for a retired key id', async () => {
    const token = await sealer({ currentKeyId: '2025-07' }).seal(PASSWORD)
    const rotated = sealer({ keys: { '2026-01': K2026 } })
    expect(await codeOf(rotated.unseal(token))).toBe('SEAL_UNKNOWN_KEY')
  })

  it('fails with SEAL_UNSUPPORTED_VERSION for a later format version', async () => {
    const token = await sealer().seal(PASSWORD)
    expect(await codeOf(sealer().unseal(token.replace(/^ck1\./, 'ck2.')))).toBe('SEAL_UNSUPPORTED_VERSION')
  })

  it.each([
    ['a number', 42],
    ['an empty string', ''],
    ['a plaintext password stored by mistake', 'Sommer2026!'],
    ['three segments', 'ck1.2026-01.AAAA'],
    ['a non-numeric iteration count', 'ck1.2026-01.tausend.AAAA'],
    ['a zero-padded iteration count', 'ck1.2026-01.01000.AAAA'],
    ['standard base64 in the payload', 'ck1.2026-01.1000.AA+/AA=='],
    ['an @hapi/iron token', 'Fe26.2**salt*iv*data**salt*mac'],
    ['an iteration count above the limit', 'ck1.2026-01.5000000.AAAA'],
  ])('fails with SEAL_MALFORMED for %s', async (_, token) => {
    expect(await codeOf(sealer().unseal(token as string))).toBe('SEAL_MALFORMED')
  })

  it('fails with SEAL_MALFORMED for a token longer than the plaintext limit allows', async () => {
    const big = await sealer().seal('x'.repeat(2000))
    expect(await codeOf(sealer({ maxPlaintextBytes: 100 }).unseal(big))).toBe('SEAL_MALFORMED')
  })

  it.each([
    ['a lone surrogate', '\uD800abc'],
    ['a number', 42],
    ['null', null],
  ])('refuses to seal %s with SEAL_INVALID_INPUT', async (_, plaintext) => {
    expect(await codeOf(sealer().seal(plaintext as string))).toBe('SEAL_INVALID_INPUT')
  })

  it('refuses a plaintext above maxPlaintextBytes and a context that is not a string', async () => {
    expect(await codeOf(sealer({ maxPlaintextBytes: 8 }).seal('Müller GmbH'))).toBe('SEAL_INVALID_INPUT')
    expect(await codeOf(sealer().seal('x', { context: 42 as unknown as string }))).toBe('SEAL_INVALID_INPUT')
  })
})

describe('needsReseal and reseal', () => {
  it('flags tokens of an old key or with fewer iterations than configured', async () => {
    const old = await sealer({ currentKeyId: '2025-07' }).seal(PASSWORD)
    const weak = await sealer({ iterations: 500 }).seal(PASSWORD)
    const fresh = await sealer().seal(PASSWORD)
    const current = sealer()
    expect(current.needsReseal(old)).toBe(true)
    expect(current.needsReseal(weak)).toBe(true)
    expect(current.needsReseal(fresh)).toBe(false)
    expect(sealer({ iterations: 200 }).needsReseal(fresh)).toBe(false)
  })

  it('throws SEAL_UNKNOWN_KEY or SEAL_MALFORMED for tokens it cannot judge', async () => {
    const token = await sealer({ currentKeyId: '2025-07' }).seal(PASSWORD)
    expect(codeOfSync(() => sealer({ keys: { '2026-01': K2026 } }).needsReseal(token))).toBe(
      'SEAL_UNKNOWN_KEY',
    )
    expect(codeOfSync(() => sealer().needsReseal('geheim'))).toBe('SEAL_MALFORMED')
  })

  it('reseals under the current key, keeping the context binding and the bytes', async () => {
    const old = await sealer({ currentKeyId: '2025-07', iterations: 500 }).seal(PASSWORD, { context: IMAP })
    const current = sealer()
    const fresh = await current.reseal(old, { context: IMAP })
    expect(fresh.startsWith('ck1.2026-01.1000.')).toBe(true)
    expect(current.needsReseal(fresh)).toBe(false)
    expect(await current.unseal(fresh, { context: IMAP })).toBe(PASSWORD)
    expect(await codeOf(current.unseal(fresh, { context: 'org:42/mailbox:8/imap-password' }))).toBe(
      'SEAL_INTEGRITY',
    )
    const bytes = Uint8Array.from([0xff, 0, 0x80])
    const resealedBytes = await current.reseal(await sealer({ currentKeyId: '2025-07' }).seal(bytes))
    expect(await current.unsealBytes(resealedBytes)).toEqual(Buffer.from(bytes))
  })

  it('refuses to reseal with the wrong context', async () => {
    const old = await sealer({ currentKeyId: '2025-07' }).seal(PASSWORD, { context: IMAP })
    expect(await codeOf(sealer().reseal(old, { context: 'org:1' }))).toBe('SEAL_INTEGRITY')
  })
})

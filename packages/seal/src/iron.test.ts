import { inspect } from 'node:util'
import { fc, test } from '@fast-check/vitest'
import Iron from '@hapi/iron'
import { describe, expect, it } from 'vitest'
import { codeOf } from '../test/error-codes.js'
import { testSecret } from '../test/keys.js'
import { IRON_DEFAULTS, sealIron, unsealIron } from './iron.js'
import { createSealer } from './sealer.js'

// The real @hapi/iron is the oracle: tokens cross in both directions.
const PASSWORD = 'Passwort-für-Müller-GmbH-&-Co.-KG-2026-geheim'
const OTHER = 'ein-ganz-anderes-Passwort-mit-mindestens-32-Zeichen'
const RAW = testSecret('iron raw key')
const CONTACT = {
  title: 'Prof. Dr.',
  firstName: 'Anna',
  lastName: 'Schäfer',
  company: 'Muster GmbH & Co. KG',
  phones: [{ value: '+49 (0)89 123456-0', kind: 'work' }],
  emails: [{ value: 'anna.schaefer@muster.de' }],
}

const passwordCases = [
  ['a password string', PASSWORD, PASSWORD],
  ['an id and a secret', { id: 'v2', secret: PASSWORD }, { v2: PASSWORD }],
  [
    'separate encryption and integrity passwords',
    { id: 'split', encryption: PASSWORD, integrity: OTHER },
    {
      split: { encryption: PASSWORD, integrity: OTHER },
    },
  ],
  ['a raw 32-byte key', RAW, RAW],
  ['a table entry named default', PASSWORD, { default: PASSWORD }],
] as const

describe('unsealIron', () => {
  it.each(passwordCases)(
    'reads a token @hapi/iron sealed with %s',
    async (_, sealPassword, unsealPassword) => {
      const token = await Iron.seal(CONTACT, sealPassword as never, Iron.defaults)
      expect(await unsealIron(token, unsealPassword as never)).toEqual(CONTACT)
    },
  )

  it('reads tokens with more iterations and a time to live when given the same options', async () => {
    const options = {
      ...Iron.defaults,
      ttl: 60_000,
      encryption: { ...Iron.defaults.encryption, iterations: 7 },
      integrity: { ...Iron.defaults.integrity, iterations: 3, saltBits: 128 },
    }
    const token = await Iron.seal(CONTACT, PASSWORD, options)
    expect(await unsealIron(token, PASSWORD, options)).toEqual(CONTACT)
    // With the default single iteration the derived key is wrong, which shows up as an integrity failure.
    expect(await codeOf(unsealIron(token, PASSWORD))).toBe('SEAL_INTEGRITY')
  })

  it('fails with SEAL_EXPIRED once the time to live and the skew have passed', async () => {
    const token = await Iron.seal(CONTACT, PASSWORD, { ...Iron.defaults, ttl: 1000 })
    expect(await codeOf(unsealIron(token, PASSWORD, { localtimeOffsetMsec: 62_000 }))).toBe('SEAL_EXPIRED')
    expect(await unsealIron(token, PASSWORD, { localtimeOffsetMsec: 30_000 })).toEqual(CONTACT)
  })

  it('fails with SEAL_INTEGRITY for a wrong password or any changed part', async () => {
    const token = await Iron.seal(CONTACT, PASSWORD, Iron.defaults)
    expect(await codeOf(unsealIron(token, OTHER))).toBe('SEAL_INTEGRITY')
    const parts = token.split('*')
    for (const index of [2, 3, 4, 6, 7]) {
      const changed = [...parts]
      const part = changed[index] as string
      changed[index] = `${part.slice(0, -1)}${part.endsWith('A') ? 'B' : 'A'}`
      expect(await codeOf(unsealIron(changed.join('*'), PASSWORD))).toBe('SEAL_INTEGRITY')
    }
  })

  it('fails with SEAL_UNKNOWN_KEY, SEAL_UNSUPPORTED_VERSION, SEAL_MALFORMED or SEAL_WEAK_SECRET without decrypting', async () => {
    const token = await Iron.seal(CONTACT, { id: 'v2', secret: PASSWORD }, Iron.defaults)
    expect(await codeOf(unsealIron(token, { v1: PASSWORD }))).toBe('SEAL_UNKNOWN_KEY')
    expect(await codeOf(unsealIron(token.replace('Fe26.2', 'Fe26.1'), { v2: PASSWORD }))).toBe(
      'SEAL_UNSUPPORTED_VERSION',
    )
    expect(await codeOf(unsealIron(token.split('*').slice(0, 7).join('*'), { v2: PASSWORD }))).toBe(
      'SEAL_MALFORMED',
    )
    expect(await codeOf(unsealIron(token, { v2: 'zu kurz' }))).toBe('SEAL_WEAK_SECRET')
  })

  it('refuses a sealed __proto__ key as @hapi/iron does', async () => {
    const poisoned = JSON.parse('{"firstName":"Jürgen","__proto__":{"isAdmin":true}}')
    const token = await Iron.seal(poisoned, PASSWORD, Iron.defaults)
    await expect(Iron.unseal(token, PASSWORD, Iron.defaults)).rejects.toThrow()
    expect(await codeOf(unsealIron(token, PASSWORD))).toBe('SEAL_NOT_TEXT')
  })

  it('fails with SEAL_NOT_TEXT for authentic content that is not JSON, without quoting the plaintext', async () => {
    // Built from @hapi/iron's own parts, as another iron implementation could write it.
    const { encrypted, key } = await Iron.encrypt(PASSWORD, Iron.defaults.encryption, 'Sommer2026! kein JSON')
    const macBase = `Fe26.2**${key.salt}*${key.iv.toString('base64url')}*${encrypted.toString('base64url')}*`
    const mac = await Iron.hmacWithPassword(PASSWORD, Iron.defaults.integrity, macBase)
    const error = await unsealIron(`${macBase}*${mac.salt}*${mac.digest}`, PASSWORD).catch((caught) => caught)
    expect(error).toMatchObject({ name: 'SealError', code: 'SEAL_NOT_TEXT' })
    expect(inspect(error, { depth: 10 }) + JSON.stringify(error)).not.toContain('Sommer2026')
  })

  it('lets iron-sealed credentials migrate to a sealer', async () => {
    const token = await Iron.seal({ imapPassword: 'Sommer2026!' }, PASSWORD, Iron.defaults)
    const sealer = createSealer({
      keys: { k1: testSecret('migration') },
      currentKeyId: 'k1',
      iterations: 1000,
    })
    const context = 'org:42/mailbox:7/imap-password'
    const { imapPassword } = (await unsealIron(token, PASSWORD)) as { imapPassword: string }
    const migrated = await sealer.seal(imapPassword, { context })
    expect(await sealer.unseal(migrated, { context })).toBe('Sommer2026!')
  })
})

describe('sealIron', () => {
  it.each(passwordCases)(
    'writes a token @hapi/iron reads, with %s',
    async (_, sealPassword, unsealPassword) => {
      const token = await sealIron(CONTACT, sealPassword as never)
      expect(token.startsWith('Fe26.2*')).toBe(true)
      expect(await Iron.unseal(token, unsealPassword as never, Iron.defaults)).toEqual(CONTACT)
    },
  )

  it('uses the @hapi/iron defaults', () => {
    expect(IRON_DEFAULTS).toEqual(Iron.defaults)
  })

  it('writes iron token shape: eight parts, 256-bit hex salts, base64url IV and HMAC', async () => {
    const token = await sealIron(CONTACT, { id: 'v2', secret: PASSWORD })
    const [prefix, id, encryptionSalt, iv, , expiration, integritySalt, mac] = token.split('*')
    expect([prefix, id, expiration]).toEqual(['Fe26.2', 'v2', ''])
    expect(encryptionSalt).toMatch(/^[0-9a-f]{64}$/)
    expect(integritySalt).toMatch(/^[0-9a-f]{64}$/)
    expect(iv).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('writes an expiry that @hapi/iron enforces', async () => {
    const options = { ...Iron.defaults, ttl: 1000 }
    const token = await sealIron(CONTACT, PASSWORD, options)
    expect(await Iron.unseal(token, PASSWORD, options)).toEqual(CONTACT)
    await expect(Iron.unseal(token, PASSWORD, { ...options, localtimeOffsetMsec: 62_000 })).rejects.toThrow(
      'Expired seal',
    )
  })

  it('writes tokens with custom iterations that @hapi/iron reads with the same options', async () => {
    const options = { ...Iron.defaults, encryption: { ...Iron.defaults.encryption, iterations: 11 } }
    const token = await sealIron(CONTACT, PASSWORD, options)
    expect(await Iron.unseal(token, PASSWORD, options)).toEqual(CONTACT)
    await expect(Iron.unseal(token, PASSWORD, Iron.defaults)).rejects.toThrow()
  })

  it.each([
    ['a short password', 'zu kurz', 'SEAL_WEAK_SECRET'],
    ['a password id with a dash', { id: 'v-2', secret: PASSWORD }, 'SEAL_INVALID_INPUT'],
    ['a raw key of 48 bytes', Buffer.concat([RAW, RAW]).subarray(0, 48), 'SEAL_INVALID_INPUT'],
  ])('refuses %s', async (_, password, code) => {
    expect(await codeOf(sealIron(CONTACT, password))).toBe(code)
  })

  it('refuses a value without a JSON form and an unsupported algorithm', async () => {
    expect(await codeOf(sealIron(undefined, PASSWORD))).toBe('SEAL_INVALID_INPUT')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(await codeOf(sealIron(cyclic, PASSWORD))).toBe('SEAL_INVALID_INPUT')
    expect(await codeOf(sealIron(CONTACT, PASSWORD, { encryption: { algorithm: 'aes-128-ctr' } }))).toBe(
      'SEAL_INVALID_INPUT',
    )
  })

  // Values with a __proto__ key are refused on purpose (tested above), so the law covers the rest.
  const jsonValue = fc.jsonValue().filter((value) => !JSON.stringify(value).includes('"__proto__"'))
  test.prop([jsonValue], { numRuns: 40 })(
    'round-trips any JSON value through @hapi/iron both ways',
    async (value) => {
      const expected = JSON.parse(JSON.stringify(value))
      expect(await Iron.unseal(await sealIron(value, PASSWORD), PASSWORD, Iron.defaults)).toEqual(expected)
      expect(await unsealIron(await Iron.seal(value, PASSWORD, Iron.defaults), PASSWORD)).toEqual(expected)
    },
  )
})

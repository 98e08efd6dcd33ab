import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openCbcHmac, sealCbcHmac } from '../src/internal/cbc-hmac.js'

// The public Fernet spec vectors (fernet/spec), kept outside the package because they carry no licence.
// They check our CBC + HMAC core (encrypt-then-MAC, MAC verified first, padding) against an independent
// specification; the small Fernet codec below is test code only. Like the other tests on shared data, this one
// fails rather than skips when the data is missing, so a CI without it cannot pass silently.
const VECTORS = fileURLToPath(new URL('../../../../shared/data/fernet-spec-vectors/', import.meta.url))

interface Vector {
  desc?: string
  token: string
  now: string
  iv?: number[]
  src?: string
  secret: string
  ttl_sec?: number
}

function load(name: string): Vector[] {
  return JSON.parse(readFileSync(`${VECTORS}${name}`, 'utf8')) as Vector[]
}

const VERSION = 0x80
const MAX_CLOCK_SKEW_SEC = 60

function fernetKeys(secret: string) {
  const key = Buffer.from(secret, 'base64url')
  if (key.length !== 32) throw new Error('Fernet key must be 32 bytes')
  return { macKey: key.subarray(0, 16), encryptionKey: key.subarray(16, 32) }
}

function toBase64urlPadded(bytes: Buffer): string {
  // Fernet keeps the `=` padding that Node's base64url encoder drops.
  return bytes.toString('base64').replaceAll('+', '-').replaceAll('/', '_')
}

function fernetEncrypt(secret: string, src: string, now: Date, iv: Uint8Array): string {
  const header = Buffer.alloc(9)
  header.writeUInt8(VERSION, 0)
  header.writeBigUInt64BE(BigInt(Math.floor(now.getTime() / 1000)), 1)
  const { ciphertext, mac } = sealCbcHmac(fernetKeys(secret), iv, Buffer.from(src, 'utf8'), (ct) => [
    header,
    iv,
    ct,
  ])
  return toBase64urlPadded(Buffer.concat([header, iv, ciphertext, mac]))
}

function fernetDecrypt(secret: string, token: string, now: Date, ttlSec: number): string {
  if (!/^[A-Za-z0-9_-]+=*$/.test(token)) throw new Error('invalid base64')
  const bytes = Buffer.from(token, 'base64url')
  if (bytes.length < 1 + 8 + 16 + 16 + 32) throw new Error('too short')
  if (bytes[0] !== VERSION) throw new Error('bad version')
  const timestamp = Number(bytes.readBigUInt64BE(1))
  const nowSec = Math.floor(now.getTime() / 1000)
  if (timestamp - nowSec > MAX_CLOCK_SKEW_SEC) throw new Error('far-future timestamp')
  if (nowSec - timestamp > ttlSec) throw new Error('expired')
  const iv = bytes.subarray(9, 25)
  const ciphertext = bytes.subarray(25, bytes.length - 32)
  const mac = bytes.subarray(bytes.length - 32)
  const plaintext = openCbcHmac(fernetKeys(secret), iv, ciphertext, mac, [
    bytes.subarray(0, bytes.length - 32),
  ])
  if (plaintext === undefined) throw new Error('integrity')
  return plaintext.toString('utf8')
}

describe('Fernet spec vectors through the CBC + HMAC core', () => {
  it.each(load('generate.json'))('generates the spec token for "$src"', (vector) => {
    const token = fernetEncrypt(
      vector.secret,
      vector.src ?? '',
      new Date(vector.now),
      Uint8Array.from(vector.iv ?? []),
    )
    expect(token).toBe(vector.token)
  })

  it.each(load('verify.json'))('verifies and decrypts the spec token to "$src"', (vector) => {
    expect(fernetDecrypt(vector.secret, vector.token, new Date(vector.now), vector.ttl_sec ?? 0)).toBe(
      vector.src,
    )
  })

  it.each(load('invalid.json'))('rejects the spec token: $desc', (vector) => {
    expect(() =>
      fernetDecrypt(vector.secret, vector.token, new Date(vector.now), vector.ttl_sec ?? 0),
    ).toThrow()
  })

  it('rejects the padding-error vectors (valid MAC, bad padding) exactly like a wrong MAC: no padding oracle', () => {
    const cases = load('invalid.json').filter((vector) => vector.desc?.includes('padding'))
    expect(cases).toHaveLength(2)
    for (const vector of cases) {
      expect(() =>
        fernetDecrypt(vector.secret, vector.token, new Date(vector.now), vector.ttl_sec ?? 0),
      ).toThrow('integrity')
    }
  })
})

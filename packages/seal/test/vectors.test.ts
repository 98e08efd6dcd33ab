import { createCipheriv, createHmac, pbkdf2Sync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  buildVectors,
  fixedRandom,
  type GenerateVector,
  type InvalidVector,
  type VerifyVector,
} from '../scripts/generate-vectors.js'
import { isSealError } from '../src/error.js'
import { createSealer, createSealerWithRandom } from '../src/sealer.js'

function load<T>(name: string): T[] {
  return JSON.parse(
    readFileSync(new URL(`./fixtures/seal-vectors/${name}.json`, import.meta.url), 'utf8'),
  ) as T[]
}

const generate = load<GenerateVector>('generate')
const verify = load<VerifyVector>('verify')
const invalid = load<InvalidVector>('invalid')

function plaintextOf(vector: { src?: string; srcHex?: string }): Buffer {
  return vector.srcHex === undefined
    ? Buffer.from(vector.src ?? '', 'utf8')
    : Buffer.from(vector.srcHex, 'hex')
}

function contextOption(context: string | null): { context?: string } {
  return context === null ? {} : { context }
}

/**
 * The token format as the README documents it, written out again with bare node:crypto: an
 * independent second implementation, so the vectors pin the documented format and not only our code.
 */
function referenceToken(vector: GenerateVector): string {
  const salt = Buffer.from(vector.salt, 'hex')
  const iv = Buffer.from(vector.iv, 'hex')
  const derived = pbkdf2Sync(Buffer.from(vector.secret, 'hex'), salt, vector.iterations, 64, 'sha256')
  const cipher = createCipheriv('aes-256-cbc', derived.subarray(0, 32), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintextOf(vector)), cipher.final()])
  const header = `ck1.${vector.keyId}.${vector.iterations}.`
  const context = Buffer.from(vector.context ?? '', 'utf8')
  const contextLength = Buffer.alloc(4)
  contextLength.writeUInt32BE(context.length)
  const mac = createHmac('sha256', derived.subarray(32, 64))
    .update(header)
    .update(contextLength)
    .update(context)
    .update(salt)
    .update(iv)
    .update(ciphertext)
    .digest()
  return header + Buffer.concat([salt, iv, ciphertext, mac]).toString('base64url')
}

describe('known-answer vectors', () => {
  it('are what scripts/generate-vectors.ts produces today', async () => {
    expect(await buildVectors()).toEqual({ generate, verify, invalid })
  })

  it.each(generate)('generate: $desc', async (vector) => {
    const sealer = createSealerWithRandom(
      { keys: { [vector.keyId]: vector.secret }, currentKeyId: vector.keyId, iterations: vector.iterations },
      fixedRandom(Buffer.from(vector.salt, 'hex'), Buffer.from(vector.iv, 'hex')),
    )
    expect(await sealer.seal(plaintextOf(vector), contextOption(vector.context))).toBe(vector.token)
    expect(referenceToken(vector)).toBe(vector.token)
  })

  it.each(verify)('verify: $desc', async (vector) => {
    const sealer = createSealer({ keys: vector.keys, currentKeyId: vector.currentKeyId })
    const bytes = await sealer.unsealBytes(vector.token, contextOption(vector.context))
    expect(Buffer.from(bytes)).toEqual(plaintextOf(vector))
    if (vector.src !== undefined)
      expect(await sealer.unseal(vector.token, contextOption(vector.context))).toBe(vector.src)
  })

  it.each(invalid)('invalid: $desc → $code', async (vector) => {
    const sealer = createSealer({ keys: vector.keys, currentKeyId: vector.currentKeyId })
    const error = await sealer.unseal(vector.token, contextOption(vector.context)).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(isSealError(error) && error.code).toBe(vector.code)
  })
})

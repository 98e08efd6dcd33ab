import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto'

/** @internal AES block and IV size in bytes. */
export const BLOCK_BYTES = 16
/** @internal HMAC-SHA256 tag size in bytes. */
export const MAC_BYTES = 32

function cipherName(key: Uint8Array): 'aes-128-cbc' | 'aes-256-cbc' {
  // 16-byte keys exist only for the Fernet interop vectors (AES-128); sealing always uses 32.
  if (key.length === 16) return 'aes-128-cbc'
  if (key.length === 32) return 'aes-256-cbc'
  throw new RangeError(`AES-CBC key must be 16 or 32 bytes, got ${key.length}`)
}

/** @internal AES-CBC with PKCS#7 padding. */
export function encryptCbc(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv(cipherName(key), key, iv)
  return Buffer.concat([cipher.update(plaintext), cipher.final()])
}

/**
 * @internal AES-CBC decryption; `undefined` when the padding is wrong. Callers run it only after
 * the MAC has been verified, so the padding result is never visible to a forger.
 */
export function decryptCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer | undefined {
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_BYTES !== 0) return undefined
  const decipher = createDecipheriv(cipherName(key), key, iv)
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    return undefined
  }
}

/** @internal HMAC-SHA256 over the concatenation of `parts`. */
export function hmacSha256(key: Uint8Array, parts: readonly (Uint8Array | string)[]): Buffer {
  const hmac = createHmac('sha256', key)
  for (const part of parts) hmac.update(part)
  return hmac.digest()
}

/**
 * @internal Constant-time equality. The length check comes first because `timingSafeEqual`
 * throws on different lengths; lengths are public (fixed tag size), so that branch leaks nothing.
 */
export function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** @internal Keys and inputs of one encrypt-then-MAC operation. */
export interface CbcHmacKeys {
  encryptionKey: Uint8Array
  macKey: Uint8Array
}

/**
 * @internal Encrypt-then-MAC: returns the ciphertext and the tag over `macPrefix ‖ ciphertext ‖ macSuffix`.
 */
export function sealCbcHmac(
  keys: CbcHmacKeys,
  iv: Uint8Array,
  plaintext: Uint8Array,
  authenticated: (ciphertext: Buffer) => readonly (Uint8Array | string)[],
): { ciphertext: Buffer; mac: Buffer } {
  const ciphertext = encryptCbc(keys.encryptionKey, iv, plaintext)
  return { ciphertext, mac: hmacSha256(keys.macKey, authenticated(ciphertext)) }
}

/**
 * @internal Verifies the tag in constant time and only then decrypts. Returns `undefined` for
 * every failure (wrong tag, bad padding) so callers can raise one indistinguishable error.
 */
export function openCbcHmac(
  keys: CbcHmacKeys,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  mac: Uint8Array,
  authenticated: readonly (Uint8Array | string)[],
): Buffer | undefined {
  const expected = hmacSha256(keys.macKey, authenticated)
  if (!equalConstantTime(expected, mac)) return undefined
  return decryptCbc(keys.encryptionKey, iv, ciphertext)
}

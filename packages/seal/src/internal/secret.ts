import { SealError } from '../error.js'
import { decodeBase64urlStrict } from './base64url.js'

/** @internal Smallest secret accepted without an explicit opt-in: 256 bits. */
export const MIN_SECRET_BYTES = 32

const HEX = /^(?:[0-9a-fA-F]{2})+$/
const BASE64_ANY = /^[A-Za-z0-9+/_-]+={0,2}$/

function decodeBase64Any(text: string): Buffer | undefined {
  if (!BASE64_ANY.test(text)) return undefined
  // Accept the standard and the URL alphabet, padded or not, but only canonical encodings.
  const url = text.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_')
  return decodeBase64urlStrict(url)
}

function decodeText(text: string): Buffer | undefined {
  if (text.startsWith('hex:')) {
    const hex = text.slice(4)
    return HEX.test(hex) ? Buffer.from(hex, 'hex') : undefined
  }
  if (text.startsWith('base64:')) return decodeBase64Any(text.slice(7))
  if (text.startsWith('base64url:')) return decodeBase64Any(text.slice(10))
  // Without a prefix, hex wins: random base64 made only of hex digits is vanishingly unlikely.
  if (HEX.test(text)) return Buffer.from(text, 'hex')
  return decodeBase64Any(text)
}

/** @internal How errors name a keyring entry: a label for people and the facts for `details`. */
export interface KeyringEntryName {
  /** E.g. `key "2026-01"`. */
  label: string
  /** E.g. `{ keyId: '2026-01' }`. */
  details: Record<string, unknown>
}

/**
 * @internal Turns one keyring entry into its bytes. Strings are always decoded (hex or base64),
 * never used as passphrases, so the byte-length check measures the secret actually used.
 * The message names the entry, never any part of the secret.
 */
export function decodeSecret(entry: KeyringEntryName, secret: unknown, allowShort: boolean): Buffer {
  let bytes: Buffer | undefined
  if (secret instanceof Uint8Array)
    bytes = Buffer.from(secret) // a copy: later changes by the caller do not leak in
  else if (typeof secret === 'string') bytes = decodeText(secret.trim())
  else
    throw new SealError('SEAL_INVALID_INPUT', `Secret of ${entry.label} must be bytes, hex or base64 text.`, {
      details: entry.details,
    })
  if (bytes === undefined)
    throw new SealError(
      'SEAL_INVALID_INPUT',
      `Secret of ${entry.label} is neither hex nor base64; prefix it with "hex:" or "base64:".`,
      { details: entry.details },
    )
  if (bytes.length === 0 || (bytes.length < MIN_SECRET_BYTES && !allowShort))
    throw new SealError(
      'SEAL_WEAK_SECRET',
      `Secret of ${entry.label} has ${bytes.length} bytes; at least ${MIN_SECRET_BYTES} random bytes are required.`,
      { details: { ...entry.details, bytes: bytes.length, minimum: MIN_SECRET_BYTES } },
    )
  return bytes
}

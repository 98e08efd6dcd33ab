/**
 * @internal Encodes bytes as unpadded base64url (RFC 4648 §5).
 */
export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

const BASE64URL = /^[A-Za-z0-9_-]*$/

/**
 * @internal Decodes unpadded base64url, or returns `undefined` when the text is not the one
 * canonical encoding of some bytes. Node's decoder is lenient (it ignores stray characters and
 * unused trailing bits), so two different strings could decode to the same bytes; insisting on
 * the canonical form keeps "one token text ⇔ one byte string" true for the MAC.
 */
export function decodeBase64urlStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : undefined
}

/** @internal Tells whether every character is in the base64url alphabet. */
export function isBase64urlAlphabet(text: string): boolean {
  return BASE64URL.test(text)
}

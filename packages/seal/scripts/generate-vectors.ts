// Regenerates the known-answer vectors in test/fixtures/seal-vectors/ (Fernet style: generate, verify,
// invalid). Run from packages/seal with `pnpm vectors`. Salt and IV are fixed through the internal
// random-source hook; the secrets are public test values, never to be used for real data.
import { createCipheriv, createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { encodeBase64url } from '../src/internal/base64url.js'
import { hmacSha256 } from '../src/internal/cbc-hmac.js'
import { pbkdf2Async } from '../src/internal/pbkdf2.js'
import { createSealerWithRandom, type RandomSource } from '../src/sealer.js'
import { authenticatedParts, formatHeader } from '../src/token.js'

/** One deterministic seal: fixed key, salt and IV give exactly `token`. */
export interface GenerateVector {
  desc: string
  keyId: string
  /** The secret as hex. */
  secret: string
  iterations: number
  salt: string
  iv: string
  context: string | null
  /** Plaintext as text, or `srcHex` for bytes that are not UTF-8. */
  src?: string
  srcHex?: string
  token: string
}

/** A token that a sealer with `keys` (hex) must unseal to `src` (or `srcHex`). */
export interface VerifyVector {
  desc: string
  keys: Record<string, string>
  currentKeyId: string
  context: string | null
  token: string
  src?: string
  srcHex?: string
}

/** A token that a sealer with `keys` must refuse with `code`. */
export interface InvalidVector {
  desc: string
  keys: Record<string, string>
  currentKeyId: string
  context: string | null
  token: string
  code: string
}

function secretHex(label: string): string {
  return createHash('sha256').update(`contactkit seal vector key: ${label}`).digest('hex')
}

function counting(start: number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (start + i) & 0xff))
}

/** @internal A random source that hands out the given chunks in order, for vectors only. */
export function fixedRandom(...chunks: Buffer[]): RandomSource {
  const queue = [...chunks]
  return (size) => {
    const next = queue.shift()
    if (next === undefined || next.length !== size)
      throw new Error(`fixed random source: no chunk of ${size} bytes`)
    return next
  }
}

const KEY_2026 = secretHex('2026-01')
const KEY_2025 = secretHex('2025-07')
const IMAP = 'org:42/mailbox:7/imap-password'

interface Case {
  desc: string
  keyId: string
  secret: string
  iterations: number
  saltStart: number
  ivStart: number
  context: string | null
  src: string | Buffer
}

const CASES: Case[] = [
  {
    desc: 'IMAP password with umlauts, bound to its mailbox, default iterations',
    keyId: '2026-01',
    secret: KEY_2026,
    iterations: 10_000,
    saltStart: 0x00,
    ivStart: 0x10,
    context: IMAP,
    src: 'Grüße-aus-München!2026',
  },
  {
    desc: 'empty plaintext without context',
    keyId: '2026-01',
    secret: KEY_2026,
    iterations: 1000,
    saltStart: 0x20,
    ivStart: 0x30,
    context: null,
    src: '',
  },
  {
    desc: 'exactly one block of plaintext (a full padding block follows)',
    keyId: '2025-07',
    secret: KEY_2025,
    iterations: 1000,
    saltStart: 0x40,
    ivStart: 0x50,
    context: 'org:7/smtp-password',
    src: 'Müller GmbH & C',
  },
  {
    desc: 'bytes that are not UTF-8',
    keyId: '2026-01',
    secret: KEY_2026,
    iterations: 1000,
    saltStart: 0x60,
    ivStart: 0x70,
    context: 'org:42/crm:hubspot/oauth-refresh-token',
    src: Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x80]),
  },
]

function srcFields(src: string | Buffer): { src: string } | { srcHex: string } {
  return typeof src === 'string' ? { src } : { srcHex: src.toString('hex') }
}

function contextOption(context: string | null): { context?: string } {
  return context === null ? {} : { context }
}

/** A token whose MAC is valid but whose plaintext padding is not: the padding must still read as SEAL_INTEGRITY. */
async function badPaddingToken(secretHexText: string, keyId: string, iterations: number): Promise<string> {
  const salt = counting(0x80, 16)
  const iv = counting(0x90, 16)
  const derived = await pbkdf2Async(Buffer.from(secretHexText, 'hex'), salt, iterations, 64, 'sha256')
  const cipher = createCipheriv('aes-256-cbc', derived.subarray(0, 32), iv).setAutoPadding(false)
  // The last byte 0x00 is never valid PKCS#7 padding.
  const block = Buffer.from('Passwort-ohne-!\u0000', 'latin1')
  const ciphertext = Buffer.concat([cipher.update(block), cipher.final()])
  const header = formatHeader(keyId, iterations)
  const mac = hmacSha256(
    derived.subarray(32),
    authenticatedParts(header, Buffer.alloc(0), salt, iv, ciphertext),
  )
  return header + encodeBase64url(Buffer.concat([salt, iv, ciphertext, mac]))
}

function flipPayloadByte(token: string, fromEnd: number): string {
  const dot = token.lastIndexOf('.')
  const payload = Buffer.from(token.slice(dot + 1), 'base64url')
  const index = fromEnd >= 0 ? payload.length - 1 - fromEnd : -fromEnd - 1
  payload[index] = (payload[index] as number) ^ 0x01
  return token.slice(0, dot + 1) + payload.toString('base64url')
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Changes the unused low bit of the last character: lenient decoders give the same bytes, so it must be refused. */
function nonCanonical(token: string): string {
  const payloadLength = token.length - token.lastIndexOf('.') - 1
  if (payloadLength % 4 === 0) throw new Error('payload has no unused bits')
  const last = BASE64URL.indexOf(token.at(-1) as string)
  return token.slice(0, -1) + BASE64URL[last ^ 1]
}

function dropPayloadBytes(token: string, start: number, count: number): string {
  const dot = token.lastIndexOf('.')
  const payload = Buffer.from(token.slice(dot + 1), 'base64url')
  const shorter = Buffer.concat([payload.subarray(0, start), payload.subarray(start + count)])
  return token.slice(0, dot + 1) + shorter.toString('base64url')
}

/** Builds all three vector files; the test suite checks the committed JSON equals this output. */
export async function buildVectors(): Promise<{
  generate: GenerateVector[]
  verify: VerifyVector[]
  invalid: InvalidVector[]
}> {
  const generate: GenerateVector[] = []
  for (const c of CASES) {
    const salt = counting(c.saltStart, 16)
    const iv = counting(c.ivStart, 16)
    const sealer = createSealerWithRandom(
      { keys: { [c.keyId]: c.secret }, currentKeyId: c.keyId, iterations: c.iterations, cache: false },
      fixedRandom(salt, iv),
    )
    generate.push({
      desc: c.desc,
      keyId: c.keyId,
      secret: c.secret,
      iterations: c.iterations,
      salt: salt.toString('hex'),
      iv: iv.toString('hex'),
      context: c.context,
      ...srcFields(c.src),
      token: await sealer.seal(c.src, contextOption(c.context)),
    })
  }

  const keyring = { '2025-07': KEY_2025, '2026-01': KEY_2026 }
  const verify: VerifyVector[] = generate.map((g) => ({
    desc: `${g.desc}, read by a keyring of two keys`,
    keys: keyring,
    currentKeyId: '2026-01',
    context: g.context,
    token: g.token,
    ...(g.srcHex === undefined ? { src: g.src as string } : { srcHex: g.srcHex }),
  }))

  const imap = generate[0] as GenerateVector
  const empty = generate[1] as GenerateVector
  const base = { keys: keyring, currentKeyId: '2026-01', context: IMAP }
  const sameSecretRing = { '2025-07': KEY_2026, '2026-01': KEY_2026 }
  const invalid: InvalidVector[] = [
    {
      desc: 'tampered ciphertext byte',
      ...base,
      token: flipPayloadByte(imap.token, 40),
      code: 'SEAL_INTEGRITY',
    },
    { desc: 'tampered MAC byte', ...base, token: flipPayloadByte(imap.token, 0), code: 'SEAL_INTEGRITY' },
    { desc: 'tampered salt byte', ...base, token: flipPayloadByte(imap.token, -1), code: 'SEAL_INTEGRITY' },
    { desc: 'tampered IV byte', ...base, token: flipPayloadByte(imap.token, -17), code: 'SEAL_INTEGRITY' },
    { desc: 'truncated by four characters', ...base, token: imap.token.slice(0, -4), code: 'SEAL_INTEGRITY' },
    {
      desc: 'truncated by one whole ciphertext block (still block-aligned)',
      ...base,
      token: dropPayloadBytes(imap.token, 32, 16),
      code: 'SEAL_INTEGRITY',
    },
    {
      desc: 'non-canonical base64url: the last character differs only in unused bits',
      ...base,
      context: null,
      token: nonCanonical(empty.token),
      code: 'SEAL_INTEGRITY',
    },
    {
      desc: 'wrong key: same key id, another secret',
      ...base,
      keys: { '2026-01': secretHex('someone else') },
      token: imap.token,
      code: 'SEAL_INTEGRITY',
    },
    {
      desc: 'wrong context',
      ...base,
      context: 'org:43/mailbox:7/imap-password',
      token: imap.token,
      code: 'SEAL_INTEGRITY',
    },
    { desc: 'missing context', ...base, context: null, token: imap.token, code: 'SEAL_INTEGRITY' },
    {
      desc: 'iteration count changed in the header',
      ...base,
      token: imap.token.replace('.10000.', '.10001.'),
      code: 'SEAL_INTEGRITY',
    },
    {
      desc: 'key id changed to another key with the same secret',
      ...base,
      keys: sameSecretRing,
      token: imap.token.replace('.2026-01.', '.2025-07.'),
      code: 'SEAL_INTEGRITY',
    },
    {
      desc: 'bad padding under a valid MAC',
      ...base,
      context: null,
      token: await badPaddingToken(KEY_2026, '2026-01', 1000),
      code: 'SEAL_INTEGRITY',
    },
    {
      desc: 'bad version',
      ...base,
      token: imap.token.replace(/^ck1\./, 'ck9.'),
      code: 'SEAL_UNSUPPORTED_VERSION',
    },
    {
      desc: 'unknown key id',
      ...base,
      keys: { '2026-01': KEY_2026 },
      token: generate[2]?.token ?? '',
      context: 'org:7/smtp-password',
      code: 'SEAL_UNKNOWN_KEY',
    },
    { desc: 'missing segment', ...base, token: imap.token.replace('.10000.', '.'), code: 'SEAL_MALFORMED' },
    {
      desc: 'invalid base64url character',
      ...base,
      token: `${imap.token.slice(0, -2)}%%`,
      code: 'SEAL_MALFORMED',
    },
  ]
  return { generate, verify, invalid }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  const dir = fileURLToPath(new URL('../test/fixtures/seal-vectors/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  const vectors = await buildVectors()
  for (const [name, list] of Object.entries(vectors)) {
    writeFileSync(`${dir}${name}.json`, `${JSON.stringify(list, null, 2)}\n`)
    console.log(`wrote ${list.length} vectors to test/fixtures/seal-vectors/${name}.json`)
  }
}

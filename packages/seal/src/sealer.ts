import { randomBytes } from 'node:crypto'
import { SealError } from './error.js'
import { decodeBase64urlStrict, encodeBase64url } from './internal/base64url.js'
import { BLOCK_BYTES, type CbcHmacKeys, MAC_BYTES, openCbcHmac, sealCbcHmac } from './internal/cbc-hmac.js'
import { LruCache } from './internal/lru-cache.js'
import { pbkdf2Async } from './internal/pbkdf2.js'
import { decodeSecret } from './internal/secret.js'
import {
  authenticatedParts,
  formatHeader,
  ITERATIONS_CEILING,
  isValidKeyId,
  SALT_BYTES,
  splitToken,
} from './token.js'

/**
 * PBKDF2 iteration count used when `createSealer` gets none. Secrets are enforced to hold at
 * least 256 random bits, so PBKDF2 here separates one key pair per token rather than stretching a
 * guessable password; 10,000 is ten times the NIST SP 800-132 floor and keeps a cold unseal at a
 * few milliseconds, so a worker restart or a rotation over many rows stays cheap.
 *
 * @example
 * ```ts
 * createSealer({ keys, currentKeyId: 'k1', iterations: DEFAULT_ITERATIONS * 2 })
 * ```
 */
export const DEFAULT_ITERATIONS = 10_000

/** Default size of the derived-key cache. */
const DEFAULT_CACHE_ENTRIES = 1000
/** Default ceiling on the plaintext: credentials are small; 64 KiB leaves room for long OAuth tokens. */
const DEFAULT_MAX_PLAINTEXT_BYTES = 64 * 1024
/** Default ceiling on the iteration count a token may ask for, so a forged header cannot burn CPU. */
const DEFAULT_MAX_ITERATIONS = 1_000_000
/**
 * Longest key id that errors about the keyring quote. Longer ids are named by position: a 32-byte secret takes
 * at least 43 characters as base64, so a secret given as a key id by mistake is never echoed.
 */
const MAX_SHOWN_KEY_ID_LENGTH = 24
/** Ceiling on the context, which is an identifier such as `org:42/mailbox:7/imap-password`. */
const MAX_CONTEXT_BYTES = 4096

/**
 * Options of {@link createSealer}.
 *
 * @example
 * ```ts
 * const options: SealerOptions = {
 *   keys: { '2026-01': process.env.SEAL_KEY_2026_01!, '2025-07': process.env.SEAL_KEY_2025_07! },
 *   currentKeyId: '2026-01',
 * }
 * ```
 */
export interface SealerOptions {
  /**
   * The keyring: key id → secret of at least 32 random bytes, given as bytes, as hex, or as base64
   * (standard or URL alphabet). Strings may carry a `hex:` or `base64:` prefix to be explicit; they
   * are always decoded, never used as passphrases. Key ids: 1–64 of `A-Z a-z 0-9 _ -`.
   */
  keys: Readonly<Record<string, string | Uint8Array>>
  /** The key that seals new tokens; the others only unseal. */
  currentKeyId: string
  /** PBKDF2-HMAC-SHA256 iterations for new tokens. Default {@link DEFAULT_ITERATIONS}. */
  iterations?: number
  /**
   * Largest iteration count a token may name; larger ones are refused as malformed. Must be at least
   * `iterations`. Default 1,000,000, or `iterations` when that is larger.
   */
  maxIterations?: number
  /**
   * LRU cache of derived keys by (key id, salt, iterations), so unsealing the same token again skips
   * PBKDF2. `true` or omitted: 1,000 entries; `false`: off.
   */
  cache?: boolean | { maxEntries: number }
  /** Largest plaintext `seal` accepts, in bytes. Default 65,536. */
  maxPlaintextBytes?: number
  /** Accepts secrets shorter than 32 bytes. For tests only: a short secret voids the security argument. */
  dangerouslyAllowShortSecrets?: boolean
}

/**
 * Options of `seal`, `unseal` and `reseal`.
 *
 * @example
 * ```ts
 * const options: SealOptions = { context: 'org:42/mailbox:7/imap-password' }
 * ```
 */
export interface SealOptions {
  /**
   * Where the sealed value belongs, e.g. `org:42/mailbox:7/imap-password`. It is authenticated, not
   * stored: unsealing needs the same context, so a value copied to another row fails. Omitted and `''` are the same.
   */
  context?: string
}

/**
 * Seals and unseals credentials with a keyring. Created by {@link createSealer}; its methods may be destructured.
 *
 * @example
 * ```ts
 * const sealer: Sealer = createSealer({ keys: { k1: secret }, currentKeyId: 'k1' })
 * const token = await sealer.seal('hunter2', { context: 'org:42/mailbox:7/imap-password' })
 * ```
 */
export interface Sealer {
  /** Encrypts and authenticates `plaintext` with the current key; resolves to a URL-safe token. */
  seal(plaintext: string | Uint8Array, options?: SealOptions): Promise<string>
  /** Verifies and decrypts a token sealed from a string. */
  unseal(token: string, options?: SealOptions): Promise<string>
  /** Verifies and decrypts a token to its bytes, whatever was sealed. */
  unsealBytes(token: string, options?: SealOptions): Promise<Uint8Array>
  /** Tells whether a token was sealed with a key other than the current one or with fewer iterations. */
  needsReseal(token: string): boolean
  /** Unseals a token and seals the same bytes again under the current key and iteration count. */
  reseal(token: string, options?: SealOptions): Promise<string>
  /** The key that seals new tokens. */
  readonly currentKeyId: string
  /** Every key id in the keyring. */
  readonly keyIds: readonly string[]
  /** Iteration count of new tokens. */
  readonly iterations: number
  /** A description without secrets, for logs. */
  toJSON(): SealerDescription
}

/**
 * What a {@link Sealer} shows of itself in logs, `JSON.stringify` and `util.inspect`: never a secret.
 *
 * @example
 * ```ts
 * const description: SealerDescription = { currentKeyId: 'k1', keyIds: ['k1'], iterations: 10_000, cacheEntries: 1000 }
 * ```
 */
export interface SealerDescription {
  /** The key that seals new tokens. */
  currentKeyId: string
  /** Every key id in the keyring. */
  keyIds: string[]
  /** Iteration count of new tokens. */
  iterations: number
  /** Capacity of the derived-key cache, `0` when it is off. */
  cacheEntries: number
}

/** @internal Source of random bytes; replaced only by the vector generator and tests. */
export type RandomSource = (size: number) => Uint8Array

function invalid(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('SEAL_INVALID_INPUT', message, details === undefined ? {} : { details })
}

function positiveInteger(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw invalid(`${name} must be an integer from 1 to ${max}.`)
  return value
}

function cacheCapacity(cache: SealerOptions['cache']): number {
  if (cache === undefined || cache === true) return DEFAULT_CACHE_ENTRIES
  if (cache === false) return 0
  if (typeof cache === 'object' && cache !== null)
    return positiveInteger(cache.maxEntries, 'cache.maxEntries', DEFAULT_CACHE_ENTRIES, 10_000_000)
  throw invalid('cache must be true, false or { maxEntries }.')
}

function encodeContext(options: SealOptions | undefined): Buffer {
  // A string here is the easy slip `seal(secret, 'org:42')`; ignoring it would silently drop the binding.
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw invalid('Options must be an object such as { context: "org:42/mailbox:7/imap-password" }.')
  const context = options?.context
  if (context === undefined) return Buffer.alloc(0)
  if (typeof context !== 'string' || !context.isWellFormed())
    throw invalid('context must be a well-formed Unicode string.')
  const bytes = Buffer.from(context, 'utf8')
  if (bytes.length > MAX_CONTEXT_BYTES) throw invalid(`context is longer than ${MAX_CONTEXT_BYTES} bytes.`)
  return bytes
}

function integrityError(keyId: string): SealError {
  // One message for every cause, so the error tells a forger nothing about which check failed.
  return new SealError(
    'SEAL_INTEGRITY',
    'The token failed its integrity check (tampered, truncated, wrong key or wrong context).',
    { details: { keyId } },
  )
}

const TEXT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * @internal `createSealer` with the random source injected, so the known-answer vector generator
 * can fix salt and IV. Not part of the public API; never use it for real secrets.
 */
export function createSealerWithRandom(options: SealerOptions, random: RandomSource): Sealer {
  if (typeof options !== 'object' || options === null) throw invalid('createSealer needs an options object.')
  const { keys, currentKeyId } = options
  if (typeof keys !== 'object' || keys === null || keys instanceof Uint8Array)
    throw invalid('keys must be an object of key id → secret.')
  const secrets = new Map<string, Buffer>()
  for (const [index, [keyId, secret]] of Object.entries(keys).entries()) {
    // A keyring written the wrong way round ({ [secret]: 'k1' }) must not put the secret into an error.
    if (!isValidKeyId(keyId))
      throw invalid(
        `Key ids are 1–64 characters of A-Z a-z 0-9 _ and -; entry ${index + 1} of the keyring is not.`,
        {
          keyPosition: index + 1,
        },
      )
    const entry =
      keyId.length <= MAX_SHOWN_KEY_ID_LENGTH
        ? { label: `key "${keyId}"`, details: { keyId } }
        : { label: `key number ${index + 1} of the keyring`, details: { keyPosition: index + 1 } }
    secrets.set(keyId, decodeSecret(entry, secret, options.dangerouslyAllowShortSecrets === true))
  }
  if (secrets.size === 0) throw invalid('keys must hold at least one key.')
  if (typeof currentKeyId !== 'string' || !secrets.has(currentKeyId))
    throw invalid('currentKeyId must name a key of the keyring.')
  const maxIterations = positiveInteger(
    options.maxIterations,
    'maxIterations',
    Math.min(ITERATIONS_CEILING, Math.max(DEFAULT_MAX_ITERATIONS, Number(options.iterations ?? 0) || 0)),
    ITERATIONS_CEILING,
  )
  const iterations = positiveInteger(options.iterations, 'iterations', DEFAULT_ITERATIONS, maxIterations)
  // The default is not range-checked above; a ceiling below it would seal tokens this sealer refuses to unseal.
  if (iterations > maxIterations)
    throw invalid(
      `maxIterations (${maxIterations}) is below the iteration count ${iterations}; set iterations too.`,
    )
  const maxPlaintextBytes = positiveInteger(
    options.maxPlaintextBytes,
    'maxPlaintextBytes',
    DEFAULT_MAX_PLAINTEXT_BYTES,
    256 * 1024 * 1024,
  )
  const capacity = cacheCapacity(options.cache)
  const cache = capacity > 0 ? new LruCache<string, Promise<CbcHmacKeys>>(capacity) : undefined
  const maxPayloadBytes =
    SALT_BYTES + BLOCK_BYTES + (Math.floor(maxPlaintextBytes / BLOCK_BYTES) + 1) * BLOCK_BYTES + MAC_BYTES
  // Header: 'ck' + 4 version digits, 64-character key id, 9 iteration digits, three dots.
  const maxTokenLength = 6 + 64 + 9 + 3 + Math.ceil((maxPayloadBytes * 4) / 3)
  const keyIds = Object.freeze([...secrets.keys()])

  function deriveKeys(keyId: string, secret: Buffer, salt: Uint8Array, rounds: number): Promise<CbcHmacKeys> {
    const cacheKey = `${keyId}.${rounds}.${encodeBase64url(salt)}`
    const cached = cache?.get(cacheKey)
    if (cached) return cached
    // One 64-byte PBKDF2 output split in two: independent encryption and MAC keys per token.
    const derived = pbkdf2Async(secret, salt, rounds, 64, 'sha256').then((bytes) => ({
      encryptionKey: bytes.subarray(0, 32),
      macKey: bytes.subarray(32, 64),
    }))
    if (cache) {
      // The promise itself is cached, so concurrent unseals of one token share one derivation.
      cache.set(cacheKey, derived)
      derived.catch(() => cache.delete(cacheKey))
    }
    return derived
  }

  function toBytes(plaintext: unknown): Uint8Array {
    let bytes: Uint8Array
    if (typeof plaintext === 'string') {
      if (!plaintext.isWellFormed())
        throw invalid('The plaintext has a lone UTF-16 surrogate and cannot be encoded without loss.')
      bytes = Buffer.from(plaintext, 'utf8')
    } else if (plaintext instanceof Uint8Array) bytes = plaintext
    else throw invalid('The plaintext must be a string or a Uint8Array.')
    if (bytes.length > maxPlaintextBytes)
      throw invalid(`The plaintext is larger than ${maxPlaintextBytes} bytes.`, { bytes: bytes.length })
    return bytes
  }

  async function seal(plaintext: string | Uint8Array, sealOptions?: SealOptions): Promise<string> {
    const bytes = toBytes(plaintext)
    const context = encodeContext(sealOptions)
    const secret = secrets.get(currentKeyId) as Buffer
    const salt = random(SALT_BYTES)
    const iv = random(BLOCK_BYTES)
    if (salt.length !== SALT_BYTES || iv.length !== BLOCK_BYTES) throw new RangeError('random source size')
    const derived = await deriveKeys(currentKeyId, secret, salt, iterations)
    const headerText = formatHeader(currentKeyId, iterations)
    const { ciphertext, mac } = sealCbcHmac(derived, iv, bytes, (ct) =>
      authenticatedParts(headerText, context, salt, iv, ct),
    )
    return headerText + encodeBase64url(Buffer.concat([salt, iv, ciphertext, mac]))
  }

  async function unsealBytes(token: string, unsealOptions?: SealOptions): Promise<Uint8Array> {
    const parts = splitToken(token, maxTokenLength)
    const context = encodeContext(unsealOptions)
    if (parts.iterations > maxIterations)
      throw new SealError('SEAL_MALFORMED', `The token asks for more than ${maxIterations} iterations.`, {
        details: { keyId: parts.keyId, iterations: parts.iterations },
      })
    const secret = secrets.get(parts.keyId)
    if (secret === undefined)
      throw new SealError(
        'SEAL_UNKNOWN_KEY',
        `The token was sealed with key "${parts.keyId}", not in the keyring.`,
        {
          details: { keyId: parts.keyId },
        },
      )
    const payload = decodeBase64urlStrict(parts.payload)
    // Truncated or padded payloads are integrity failures like any other change to the token.
    const ciphertextLength = (payload?.length ?? 0) - SALT_BYTES - BLOCK_BYTES - MAC_BYTES
    if (payload === undefined || ciphertextLength < BLOCK_BYTES || ciphertextLength % BLOCK_BYTES !== 0)
      throw integrityError(parts.keyId)
    const salt = payload.subarray(0, SALT_BYTES)
    const iv = payload.subarray(SALT_BYTES, SALT_BYTES + BLOCK_BYTES)
    const ciphertext = payload.subarray(SALT_BYTES + BLOCK_BYTES, payload.length - MAC_BYTES)
    const mac = payload.subarray(payload.length - MAC_BYTES)
    const derived = await deriveKeys(parts.keyId, secret, salt, parts.iterations)
    const plaintext = openCbcHmac(
      derived,
      iv,
      ciphertext,
      mac,
      authenticatedParts(parts.headerText, context, salt, iv, ciphertext),
    )
    if (plaintext === undefined) throw integrityError(parts.keyId)
    return plaintext
  }

  async function unseal(token: string, unsealOptions?: SealOptions): Promise<string> {
    const bytes = await unsealBytes(token, unsealOptions)
    try {
      return TEXT.decode(bytes)
    } catch {
      throw new SealError('SEAL_NOT_TEXT', 'The sealed value is bytes, not UTF-8 text; use unsealBytes.')
    }
  }

  function needsReseal(token: string): boolean {
    const parts = splitToken(token, maxTokenLength)
    if (!secrets.has(parts.keyId))
      throw new SealError(
        'SEAL_UNKNOWN_KEY',
        `The token was sealed with key "${parts.keyId}", not in the keyring.`,
        {
          details: { keyId: parts.keyId },
        },
      )
    return parts.keyId !== currentKeyId || parts.iterations < iterations
  }

  async function reseal(token: string, resealOptions?: SealOptions): Promise<string> {
    return seal(await unsealBytes(token, resealOptions), resealOptions)
  }

  function toJSON(): SealerDescription {
    return { currentKeyId, keyIds: [...keyIds], iterations, cacheEntries: capacity }
  }

  return Object.freeze({
    seal,
    unseal,
    unsealBytes,
    needsReseal,
    reseal,
    currentKeyId,
    keyIds,
    iterations,
    toJSON,
    [Symbol.for('nodejs.util.inspect.custom')]: () => `Sealer ${JSON.stringify(toJSON())}`,
  })
}

/**
 * Creates a sealer over a keyring: AES-256-CBC under a random IV, encryption and MAC keys derived per
 * token by PBKDF2-HMAC-SHA256 from the secret and a random salt, HMAC-SHA256 over everything
 * (encrypt-then-MAC) checked in constant time before decryption, and an optional context bound into the MAC.
 *
 * @param options - The keyring, the current key id, and optional iterations, cache and limits.
 * @returns A {@link Sealer}. Secrets stay in its closure; `toJSON` and `util.inspect` show key ids only.
 * @throws {SealError} `SEAL_WEAK_SECRET` when a secret has fewer than 32 bytes.
 * @throws {SealError} `SEAL_INVALID_INPUT` when a secret is not bytes, hex or base64, a key id is invalid,
 * `currentKeyId` is not in the keyring, or a number option is out of range.
 *
 * @example
 * ```ts
 * import { createSealer } from '@contactkit/seal'
 *
 * const sealer = createSealer({
 *   keys: { '2026-01': process.env.SEAL_KEY_2026_01! }, // e.g. `openssl rand -base64 32`
 *   currentKeyId: '2026-01',
 * })
 * const context = 'org:42/mailbox:7/imap-password'
 * const token = await sealer.seal('Pa$$wört-Müller', { context })
 * await sealer.unseal(token, { context }) // 'Pa$$wört-Müller'
 * ```
 * @see {@link https://github.com/contactkit/contactkit/blob/main/docs/guides/sealing.md | Sealing guide}
 */
export function createSealer(options: SealerOptions): Sealer {
  return createSealerWithRandom(options, randomBytes)
}

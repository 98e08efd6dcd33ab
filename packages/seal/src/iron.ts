import { randomBytes } from 'node:crypto'
import { SealError } from './error.js'
import { encodeBase64url } from './internal/base64url.js'
import { decryptCbc, encryptCbc, equalConstantTime, hmacSha256 } from './internal/cbc-hmac.js'
import { pbkdf2Async } from './internal/pbkdf2.js'

/**
 * A secret for @hapi/iron: a password string of at least `minPasswordlength` characters (stretched by
 * PBKDF2-SHA1 with a random salt), or exactly 32 raw bytes (used as the key as is, with no salt).
 *
 * @example
 * ```ts
 * const secret: IronSecret = 'a password of at least thirty-two characters'
 * ```
 */
export type IronSecret = string | Uint8Array

/**
 * A password as @hapi/iron takes it when sealing: a secret, a secret with an id, or separate
 * encryption and integrity secrets with an id.
 *
 * @example
 * ```ts
 * const password: IronPassword = { id: 'v2', secret: 'a password of at least thirty-two characters' }
 * ```
 */
export type IronPassword =
  | IronSecret
  | { id?: string; secret: IronSecret }
  | { id?: string; encryption: IronSecret; integrity: IronSecret }

/**
 * Passwords by id for {@link unsealIron}, as @hapi/iron reads them; a token without an id uses `default`.
 *
 * @example
 * ```ts
 * const passwords: IronPasswords = { v1: oldPassword, v2: { secret: newPassword } }
 * ```
 */
export type IronPasswords = Readonly<Record<string, IronPassword>>

/**
 * Key derivation settings of one half (encryption or integrity), named as in @hapi/iron.
 *
 * @example
 * ```ts
 * const encryption: IronKeyOptions = { saltBits: 256, algorithm: 'aes-256-cbc', iterations: 1, minPasswordlength: 32 }
 * ```
 */
export interface IronKeyOptions {
  /** Random salt size in bits. Default 256. */
  saltBits?: number
  /** `aes-256-cbc` for encryption, `sha256` for integrity: the only ones supported here. */
  algorithm?: string
  /** PBKDF2-SHA1 iterations. Default 1. */
  iterations?: number
  /** Shortest password string accepted. Default 32. */
  minPasswordlength?: number
}

/**
 * Options of {@link sealIron} and {@link unsealIron}, shaped like `Iron.defaults` so the same object works in both.
 *
 * @example
 * ```ts
 * const options: IronOptions = { ttl: 15 * 60 * 1000, encryption: { iterations: 1 } }
 * ```
 */
export interface IronOptions {
  /** Encryption key settings. */
  encryption?: IronKeyOptions
  /** Integrity (HMAC) key settings. */
  integrity?: IronKeyOptions
  /** Time to live in milliseconds; `0` (default) never expires. */
  ttl?: number
  /** Seconds of clock skew tolerated when checking expiry. Default 60. */
  timestampSkewSec?: number
  /** Offset added to the local clock in milliseconds. Default 0. */
  localtimeOffsetMsec?: number
}

/**
 * The @hapi/iron 7 defaults, which this module reproduces.
 *
 * @example
 * ```ts
 * IRON_DEFAULTS.encryption.iterations // 1
 * ```
 */
export const IRON_DEFAULTS = Object.freeze({
  encryption: Object.freeze({
    saltBits: 256,
    algorithm: 'aes-256-cbc',
    iterations: 1,
    minPasswordlength: 32,
  }),
  integrity: Object.freeze({ saltBits: 256, algorithm: 'sha256', iterations: 1, minPasswordlength: 32 }),
  ttl: 0,
  timestampSkewSec: 60,
  localtimeOffsetMsec: 0,
})

const MAC_PREFIX = 'Fe26.2'
const PASSWORD_ID = /^\w+$/

interface ResolvedKeyOptions {
  saltBits: number
  iterations: number
  minPasswordlength: number
}

function invalid(message: string): SealError {
  return new SealError('SEAL_INVALID_INPUT', message)
}

function resolveKeyOptions(
  given: IronKeyOptions | undefined,
  defaults: (typeof IRON_DEFAULTS)['encryption' | 'integrity'],
): ResolvedKeyOptions {
  const merged = { ...defaults, ...given }
  if (merged.algorithm !== defaults.algorithm)
    throw invalid(`Only ${defaults.algorithm} is supported for iron tokens here.`)
  for (const name of ['saltBits', 'iterations', 'minPasswordlength'] as const) {
    const value = merged[name]
    if (!Number.isInteger(value) || value < (name === 'minPasswordlength' ? 0 : 1))
      throw invalid(`iron option ${name} must be a positive integer.`)
  }
  return merged
}

function normalizePassword(password: IronPassword): {
  id: string
  encryption: IronSecret
  integrity: IronSecret
} {
  if (typeof password === 'string' || password instanceof Uint8Array)
    return { id: '', encryption: password, integrity: password }
  if (typeof password !== 'object' || password === null) throw invalid('The iron password is missing.')
  const id = password.id ?? ''
  if ('secret' in password) return { id, encryption: password.secret, integrity: password.secret }
  return { id, encryption: password.encryption, integrity: password.integrity }
}

/** Derives a 32-byte key like iron's `generateKey`: raw bytes as is, strings by PBKDF2-SHA1 over the hex salt. */
async function ironKey(
  secret: IronSecret,
  salt: string,
  options: ResolvedKeyOptions,
  purpose: 'encryption' | 'integrity',
): Promise<Uint8Array> {
  if (secret instanceof Uint8Array) {
    if (secret.length < 32)
      throw new SealError('SEAL_WEAK_SECRET', `The iron ${purpose} key has fewer than 32 bytes.`)
    if (purpose === 'encryption' && secret.length !== 32)
      throw invalid('A raw iron encryption key must be exactly 32 bytes (AES-256).')
    return secret
  }
  if (typeof secret !== 'string' || secret.length === 0)
    throw invalid(`The iron ${purpose} password is missing.`)
  if (secret.length < options.minPasswordlength)
    throw new SealError(
      'SEAL_WEAK_SECRET',
      `The iron ${purpose} password is shorter than ${options.minPasswordlength} characters.`,
    )
  // iron feeds the salt to PBKDF2 as its hex text, not as the bytes it encodes.
  return pbkdf2Async(secret, salt, options.iterations, 32, 'sha1')
}

function randomSalt(secret: IronSecret, options: ResolvedKeyOptions): string {
  // Raw keys are used without derivation, so iron writes an empty salt for them.
  return secret instanceof Uint8Array ? '' : randomBytes(Math.ceil(options.saltBits / 8)).toString('hex')
}

/**
 * Seals a JSON value into an @hapi/iron `Fe26.2` token that `Iron.unseal` of @hapi/iron 7 reads:
 * AES-256-CBC with a key from PBKDF2-SHA1, HMAC-SHA256 over the token, as iron does by default.
 * Use it to hand tokens to iron-based services; for credentials at rest prefer `createSealer`.
 *
 * @param value - Anything `JSON.stringify` accepts.
 * @param password - A secret, `{ id, secret }` or `{ id, encryption, integrity }`.
 * @param options - Iron options; omitted fields take {@link IRON_DEFAULTS}.
 * @returns The `Fe26.2*…` token.
 * @throws {SealError} `SEAL_WEAK_SECRET` when a password is shorter than `minPasswordlength`.
 * @throws {SealError} `SEAL_INVALID_INPUT` when the value has no JSON form, the id is not `\w+`, or an option is unsupported.
 *
 * @example
 * ```ts
 * import { sealIron } from '@contactkit/seal/iron'
 *
 * const token = await sealIron({ user: 'anna.mueller@example.de' }, { id: 'v2', secret: password })
 * // 'Fe26.2*v2*…'
 * ```
 */
export async function sealIron(
  value: unknown,
  password: IronPassword,
  options: IronOptions = {},
): Promise<string> {
  const now = Date.now() + (options.localtimeOffsetMsec ?? 0)
  const encryptionOptions = resolveKeyOptions(options.encryption, IRON_DEFAULTS.encryption)
  const integrityOptions = resolveKeyOptions(options.integrity, IRON_DEFAULTS.integrity)
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (cause) {
    throw new SealError('SEAL_INVALID_INPUT', 'The value cannot be turned into JSON.', { cause })
  }
  if (json === undefined) throw invalid('The value has no JSON form.')
  const { id, encryption, integrity } = normalizePassword(password)
  if (id !== '' && !PASSWORD_ID.test(id)) throw invalid('An iron password id is letters, digits and _ only.')

  const encryptionSalt = randomSalt(encryption, encryptionOptions)
  const encryptionKey = await ironKey(encryption, encryptionSalt, encryptionOptions, 'encryption')
  const iv = randomBytes(16)
  const encrypted = encryptCbc(encryptionKey, iv, Buffer.from(json, 'utf8'))
  const expiration = options.ttl ? String(now + options.ttl) : ''
  const macBase = `${MAC_PREFIX}*${id}*${encryptionSalt}*${encodeBase64url(iv)}*${encodeBase64url(encrypted)}*${expiration}`

  const integritySalt = randomSalt(integrity, integrityOptions)
  const integrityKey = await ironKey(integrity, integritySalt, integrityOptions, 'integrity')
  const mac = encodeBase64url(hmacSha256(integrityKey, [macBase]))
  return `${macBase}*${integritySalt}*${mac}`
}

function pickPassword(password: IronSecret | IronPasswords, id: string): IronPassword {
  // Like iron: an object that is not bytes is a table of passwords by id.
  if (typeof password === 'string' || password instanceof Uint8Array) return password
  if (typeof password !== 'object' || password === null) throw invalid('The iron password is missing.')
  const entry = Object.hasOwn(password, id || 'default') ? password[id || 'default'] : undefined
  if (entry === undefined)
    throw new SealError('SEAL_UNKNOWN_KEY', `No iron password for id "${id || 'default'}".`, {
      details: { keyId: id || 'default' },
    })
  return entry
}

function parseJson(text: string): unknown {
  // Refuses `__proto__` keys as @hapi/bourne (used by iron) does, so a sealed value cannot poison a later merge.
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') throw new SyntaxError('forbidden prototype property')
    return value
  })
}

const TEXT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Reads an @hapi/iron `Fe26.2` token written by `Iron.seal` of @hapi/iron or by {@link sealIron}: checks
 * expiry, verifies the HMAC in constant time, then decrypts and parses the JSON. Migrate iron-sealed data
 * by unsealing here and sealing again with `createSealer`.
 *
 * @param token - The `Fe26.2*…` token.
 * @param password - One secret, or a table of passwords by id (a token without id uses `default`).
 * @param options - The iron options the token was sealed with; omitted fields take {@link IRON_DEFAULTS}.
 * @returns The sealed JSON value.
 * @throws {SealError} `SEAL_MALFORMED` when the token does not have iron's eight `*`-separated parts.
 * @throws {SealError} `SEAL_UNSUPPORTED_VERSION` for an iron prefix other than `Fe26.2`.
 * @throws {SealError} `SEAL_EXPIRED` when the token's time to live has passed.
 * @throws {SealError} `SEAL_UNKNOWN_KEY` when the table has no password for the token's id.
 * @throws {SealError} `SEAL_INTEGRITY` when the HMAC does not match or the ciphertext does not decrypt.
 * @throws {SealError} `SEAL_NOT_TEXT` when the authentic content is not JSON.
 *
 * @example
 * ```ts
 * import { unsealIron } from '@contactkit/seal/iron'
 *
 * const value = await unsealIron(token, { v1: oldPassword, v2: password })
 * const migrated = await sealer.seal(JSON.stringify(value), { context: 'org:42/crm/oauth-refresh-token' })
 * ```
 */
export async function unsealIron(
  token: string,
  password: IronSecret | IronPasswords,
  options: IronOptions = {},
): Promise<unknown> {
  const now = Date.now() + (options.localtimeOffsetMsec ?? 0)
  if (typeof token !== 'string') throw new SealError('SEAL_MALFORMED', 'An iron token must be a string.')
  const parts = token.split('*')
  const [prefix, id, encryptionSalt, ivText, encryptedText, expiration, integritySalt, mac] = parts
  if (
    parts.length !== 8 ||
    prefix === undefined ||
    id === undefined ||
    encryptionSalt === undefined ||
    ivText === undefined ||
    encryptedText === undefined ||
    expiration === undefined ||
    integritySalt === undefined ||
    mac === undefined
  )
    throw new SealError('SEAL_MALFORMED', 'An iron token has eight *-separated parts.')
  if (prefix !== MAC_PREFIX) {
    if (/^Fe26\.\d+$/.test(prefix))
      throw new SealError(
        'SEAL_UNSUPPORTED_VERSION',
        `Iron format ${prefix} is not supported; only ${MAC_PREFIX}.`,
      )
    throw new SealError('SEAL_MALFORMED', 'The token does not start with an iron prefix.')
  }
  if (expiration !== '') {
    if (!/^\d+$/.test(expiration))
      throw new SealError('SEAL_MALFORMED', 'The iron expiration is not a number.')
    const skew = (options.timestampSkewSec ?? IRON_DEFAULTS.timestampSkewSec) * 1000
    if (Number.parseInt(expiration, 10) <= now - skew)
      throw new SealError('SEAL_EXPIRED', 'The iron token has expired.')
  }
  const { encryption, integrity } = normalizePassword(pickPassword(password, id))
  const encryptionOptions = resolveKeyOptions(options.encryption, IRON_DEFAULTS.encryption)
  const integrityOptions = resolveKeyOptions(options.integrity, IRON_DEFAULTS.integrity)

  const macBase = `${prefix}*${id}*${encryptionSalt}*${ivText}*${encryptedText}*${expiration}`
  const integrityKey = await ironKey(integrity, integritySalt, integrityOptions, 'integrity')
  const expected = Buffer.from(encodeBase64url(hmacSha256(integrityKey, [macBase])))
  if (!equalConstantTime(expected, Buffer.from(mac)))
    throw new SealError('SEAL_INTEGRITY', 'The iron token failed its integrity check.')

  // From here on every part is authentic, so a failure means a wrong key pair, never a forger's probe.
  const encryptionKey = await ironKey(encryption, encryptionSalt, encryptionOptions, 'encryption')
  const iv = Buffer.from(ivText, 'base64url')
  const plaintext =
    iv.length === 16 ? decryptCbc(encryptionKey, iv, Buffer.from(encryptedText, 'base64url')) : undefined
  if (plaintext === undefined)
    throw new SealError('SEAL_INTEGRITY', 'The iron token failed its integrity check.')
  try {
    return parseJson(TEXT.decode(plaintext))
  } catch {
    // No `cause`: JSON.parse quotes the text it fails on, and that text is the decrypted secret.
    throw new SealError('SEAL_NOT_TEXT', 'The iron token does not hold valid JSON.')
  }
}

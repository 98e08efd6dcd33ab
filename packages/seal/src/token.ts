import { SealError } from './error.js'
import { isBase64urlAlphabet } from './internal/base64url.js'

/** @internal The one format version this release writes and reads. */
export const TOKEN_VERSION = 1
/** @internal Prefix of the first segment; the digits after it are the version. */
export const TOKEN_PREFIX = 'ck'
/** @internal Random salt per token: 128 bits, the NIST SP 800-132 minimum. */
export const SALT_BYTES = 16
/** @internal Hard ceiling on any iteration count, whatever the options say. */
export const ITERATIONS_CEILING = 100_000_000

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/
const VERSION = /^ck([0-9]{1,4})$/
const ITERATIONS = /^[1-9][0-9]{0,8}$/

/**
 * What a token says about itself before any key is involved.
 *
 * @example
 * ```ts
 * const header: TokenHeader = { version: 1, keyId: '2026-01', iterations: 10_000 }
 * ```
 */
export interface TokenHeader {
  /** Format version, `1` for every token this release writes. */
  version: number
  /** Id of the keyring entry that sealed the token. */
  keyId: string
  /** PBKDF2 iteration count used for this token's keys. */
  iterations: number
}

/** @internal Tells whether a key id is allowed: URL-safe, no `.` (the segment separator), 1–64 characters. */
export function isValidKeyId(keyId: string): boolean {
  return KEY_ID.test(keyId)
}

/** @internal The authenticated text that precedes the payload: `ck1.<keyId>.<iterations>.` */
export function formatHeader(keyId: string, iterations: number): string {
  return `${TOKEN_PREFIX}${TOKEN_VERSION}.${keyId}.${iterations}.`
}

/** @internal A token split into its header fields and its still-encoded payload. */
export interface TokenParts extends TokenHeader {
  /** The header text exactly as it appears in the token, trailing dot included. */
  headerText: string
  /** The base64url payload: salt ‖ IV ‖ ciphertext ‖ MAC. */
  payload: string
}

function malformed(message: string): SealError {
  return new SealError('SEAL_MALFORMED', message)
}

/** @internal Splits a token and checks everything that can be checked without a key. */
export function splitToken(token: unknown, maxLength: number): TokenParts {
  if (typeof token !== 'string') throw malformed('A sealed token must be a string.')
  if (token.length > maxLength)
    throw malformed(`The token is longer than the limit of ${maxLength} characters.`)
  if (token.startsWith('Fe26.'))
    throw malformed('This is an @hapi/iron token; read it with unsealIron from @contactkit/seal/iron.')
  const segments = token.split('.')
  const [versionText, keyId, iterationsText, payload] = segments
  if (segments.length !== 4 || versionText === undefined || keyId === undefined)
    throw malformed('A sealed token has four dot-separated segments.')
  const version = VERSION.exec(versionText)
  if (!version) throw malformed('The token does not start with a contactkit seal version.')
  const versionNumber = Number(version[1])
  if (versionNumber !== TOKEN_VERSION)
    throw new SealError(
      'SEAL_UNSUPPORTED_VERSION',
      `Token format version ${versionNumber} is not supported; this release reads version ${TOKEN_VERSION}.`,
      { details: { version: versionNumber } },
    )
  if (!isValidKeyId(keyId)) throw malformed('The token key id is not a valid key id.')
  if (iterationsText === undefined || !ITERATIONS.test(iterationsText))
    throw malformed('The token iteration count is not a positive decimal number.')
  if (payload === undefined || !isBase64urlAlphabet(payload))
    throw malformed('The token payload is not base64url.')
  return {
    version: versionNumber,
    keyId,
    iterations: Number(iterationsText),
    headerText: `${versionText}.${keyId}.${iterationsText}.`,
    payload,
  }
}

/**
 * Reads a token's version, key id and iteration count without any key, e.g. to count tokens per key
 * before a rotation. It does not authenticate anything: only `unseal` tells whether the token is genuine.
 *
 * @param token - A token from `sealer.seal`.
 * @returns The header fields.
 * @throws {SealError} `SEAL_MALFORMED` when the text is not shaped like a token.
 * @throws {SealError} `SEAL_UNSUPPORTED_VERSION` when the token is of a format this release cannot read.
 *
 * @example
 * ```ts
 * parseTokenHeader('ck1.2026-01.10000.AAAA')
 * // { version: 1, keyId: '2026-01', iterations: 10000 }
 * ```
 * @see {@link https://github.com/contactkit/contactkit/blob/main/docs/guides/sealing.md | Sealing guide}
 */
export function parseTokenHeader(token: string): TokenHeader {
  const { version, keyId, iterations } = splitToken(token, Number.MAX_SAFE_INTEGER)
  return { version, keyId, iterations }
}

/**
 * @internal The MAC covers the header (version, key id, iterations), the context, salt, IV and ciphertext.
 */
export function authenticatedParts(
  headerText: string,
  context: Buffer,
  salt: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): (Uint8Array | string)[] {
  // Length-prefixing the context keeps the boundary between context and salt unambiguous.
  const contextLength = Buffer.alloc(4)
  contextLength.writeUInt32BE(context.length)
  return [headerText, contextLength, context, salt, iv, ciphertext]
}

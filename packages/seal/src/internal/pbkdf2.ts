import { pbkdf2 } from 'node:crypto'

/**
 * @internal PBKDF2 on libuv's thread pool, so deriving a key never blocks the event loop.
 */
export function pbkdf2Async(
  secret: Uint8Array | string,
  salt: Uint8Array | string,
  iterations: number,
  length: number,
  digest: 'sha1' | 'sha256',
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(secret, salt, iterations, length, digest, (error, key) => {
      if (error) reject(error)
      else resolve(key)
    })
  })
}

import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSealer } from '@contactkit/seal'

/** Seals small secrets (TOTP seeds) before they reach the database, bound to a context such as the user id. */
export interface SecretBox {
  seal(plaintext: string, context: string): Promise<string>
  unseal(token: string, context: string): Promise<string>
}

/** A keyring for @contactkit/seal: key ids to secrets, and the id new tokens use. */
export interface SealKeyring {
  keys: Record<string, string>
  currentKeyId: string
}

/** Seals with @contactkit/seal (AES-256-CBC + HMAC-SHA256, keys by PBKDF2); the context is authenticated too. */
export function createSecretBox(keyring: SealKeyring): SecretBox {
  const sealer = createSealer({ keys: keyring.keys, currentKeyId: keyring.currentKeyId })
  return {
    seal: (plaintext, context) => sealer.seal(plaintext, { context }),
    unseal: (token, context) => sealer.unseal(token, { context }),
  }
}

/** A fresh single-key keyring, for tests and first starts of the embedded store. */
export function generateKeyring(): SealKeyring {
  return { keys: { k1: randomBytes(32).toString('base64url') }, currentKeyId: 'k1' }
}

/**
 * The embedded store's keyring when SEAL_KEYS is not set: kept beside the data in `<dataDir>/seal-keys.json`
 * (mode 0600), created on first start. Whoever can read the data folder can read the key, so production
 * deployments set SEAL_KEYS from a secret store instead.
 */
export function loadOrCreateKeyringFile(dataDir: string): { keyring: SealKeyring; created: boolean } {
  const path = join(dataDir, 'seal-keys.json')
  if (existsSync(path))
    return { keyring: JSON.parse(readFileSync(path, 'utf8')) as SealKeyring, created: false }
  mkdirSync(dataDir, { recursive: true })
  const keyring = generateKeyring()
  writeFileSync(path, JSON.stringify(keyring), { mode: 0o600, flag: 'wx' })
  chmodSync(path, 0o600)
  return { keyring, created: true }
}

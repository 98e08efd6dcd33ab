import { hash, verify } from '@node-rs/argon2'

// Algorithm.Argon2id; the package exports a const enum, which verbatimModuleSyntax cannot import.
const ARGON2ID = 2

// OWASP's first argon2id recommendation: 19 MiB, 2 passes, 1 lane.
const DEFAULT_COST = { memoryCost: 19456, timeCost: 2 }
let parameters = { algorithm: ARGON2ID, parallelism: 1, ...DEFAULT_COST }

/**
 * Changes the cost of new hashes (existing hashes keep theirs: the PHC string records it). Only test suites
 * lower it, to keep hundreds of logins fast; production runs with the OWASP parameters.
 */
export function setPasswordHashCost(cost: { memoryCost: number; timeCost: number } = DEFAULT_COST): void {
  parameters = { ...parameters, ...cost }
}

/** Minimum password length; long passphrases beat composition rules (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 12

/** Hashes a password with argon2id; the PHC string carries salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, parameters)
}

/** Checks a password against its PHC hash; false for a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password)
  } catch {
    return false
  }
}

let dummy: Promise<string> | undefined

/** Spends the same time as a real check, so unknown e-mail addresses cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('contactkit-timing-equaliser')
  await verifyPassword(await dummy, password)
}

import { z } from 'zod'
import { HubSpotError } from './error.js'

/** The OAuth tokens of one HubSpot connection. `expiresAt` is epoch milliseconds. */
export interface HubSpotTokens {
  refreshToken: string
  accessToken?: string
  expiresAt?: number
}

/** Where the connector keeps a connection's tokens between calls and processes. */
export interface TokenVault {
  load(): Promise<HubSpotTokens | undefined>
  save(tokens: HubSpotTokens): Promise<void>
}

/**
 * The part of `@contactkit/seal`'s sealer the vault needs. `seal`/`unseal` may be synchronous or return promises, so
 * the vault works with whichever the sealer offers.
 */
export interface TokenSealer {
  seal(plaintext: string, options?: { context?: string }): string | Promise<string>
  unseal(token: string, options?: { context?: string }): string | Promise<string>
  /** When present (as on `@contactkit/seal`'s sealer), tokens sealed under a retired key are resealed on load. */
  needsReseal?(token: string): boolean
  reseal?(token: string, options?: { context?: string }): string | Promise<string>
}

/** Options of {@link createSealedTokenVault}. */
export interface SealedTokenVaultOptions {
  sealer: TokenSealer
  /**
   * Binds the sealed string to one connection (e.g. `hubspot:<organisationId>:<portalId>`), so a sealed value copied
   * into another organisation's row does not unseal there.
   */
  context: string
  /** Reads the sealed string from storage (a database column); `undefined` when the connection has none yet. */
  read(): Promise<string | undefined>
  /** Writes the sealed string to storage. */
  write(sealed: string): Promise<void>
}

const StoredTokensSchema = z.object({
  v: z.literal(1),
  refreshToken: z.string().min(1),
  accessToken: z.string().min(1).optional(),
  expiresAt: z.number().int().nonnegative().optional(),
})

/**
 * A token vault that stores a connection's tokens only as a sealed string (AES-256-CBC + HMAC via `@contactkit/seal`),
 * bound to the connection by the seal context. Plain tokens never leave memory. After a key rotation, a value sealed
 * under an older key is resealed under the current one the next time it is loaded.
 *
 * @throws {HubSpotError} HUBSPOT_INVALID_CONFIG when the context is empty; `load` rethrows the sealer's error when the
 * stored string was tampered with or sealed for another context.
 */
export function createSealedTokenVault(options: SealedTokenVaultOptions): TokenVault {
  if (options.context.trim() === '') {
    throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'The token vault needs a non-empty seal context')
  }
  const { sealer, context } = options
  return {
    async load() {
      const sealed = await options.read()
      if (sealed === undefined || sealed === '') return undefined
      const plaintext = await sealer.unseal(sealed, { context })
      if (sealer.needsReseal?.(sealed) === true && sealer.reseal !== undefined) {
        await options.write(await sealer.reseal(sealed, { context }))
      }
      let json: unknown
      try {
        json = JSON.parse(plaintext)
      } catch (cause) {
        throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'The stored HubSpot tokens are not readable', {
          cause,
        })
      }
      const parsed = StoredTokensSchema.safeParse(json)
      if (!parsed.success) {
        throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'The stored HubSpot tokens have an unknown shape')
      }
      const { refreshToken, accessToken, expiresAt } = parsed.data
      return {
        refreshToken,
        ...(accessToken === undefined ? {} : { accessToken }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      }
    },
    async save(tokens) {
      const payload = StoredTokensSchema.parse({ v: 1, ...tokens })
      await options.write(await sealer.seal(JSON.stringify(payload), { context }))
    },
  }
}

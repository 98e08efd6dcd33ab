import { isContactKitError } from '@contactkit/core'
import type { Config } from '../config.js'
import { openStore, type Store } from './store.js'

/** sysexits EX_UNAVAILABLE: the store could not be opened (folder in use, database unreachable). */
export const EXIT_STORE = 69

/**
 * Opens the store the settings name. On failure it answers a message that is safe to print: never the driver's
 * own text, which may contain the connection string and its password.
 */
export async function openConfiguredStore(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<{ store: Store } | { problem: string }> {
  try {
    const store = await openStore(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'embedded', dataDir: config.dataDir },
    )
    return { store }
  } catch (error) {
    const reason = isContactKitError(error)
      ? error.message
      : `${(error as Error).name} ${(error as { code?: string }).code ?? ''}`.trim()
    const where = config.databaseUrl ? 'the PostgreSQL database' : `the embedded store in ${config.dataDir}`
    return { problem: `cannot open ${where}: ${reason}` }
  }
}

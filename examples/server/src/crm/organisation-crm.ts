import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { SecretBox } from '../secret-box.js'
import type { Database } from '../store/schema.js'
import type { Store } from '../store/store.js'
import type { CrmConnector } from './connector.js'
import { HubSpotConnectionSchema } from './hubspot/connection.js'
import { createHubSpotConnector } from './hubspot/connector.js'
import { HubSpotError } from './hubspot/error.js'
import { createSealedTokenVault, type TokenSealer, type TokenVault } from './hubspot/token-vault.js'

/** HubSpot's API origins: the default one and the EU data centre's. Other base URLs only when the server allows them. */
export const HUBSPOT_API_ORIGINS = ['https://api.hubapi.com', 'https://api-eu1.hubapi.com'] as const

/** The non-secret settings of a HubSpot connection as stored in `crm_connections.settings`. */
export const StoredHubSpotSettingsSchema = HubSpotConnectionSchema.omit({ clientSecret: true }).extend({
  /** HubSpot's API origin; absent: `https://api.hubapi.com`. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
})

/** Stored HubSpot settings. */
export type StoredHubSpotSettings = z.infer<typeof StoredHubSpotSettingsSchema>

/** How long a resolved organisation CRM is used without looking at the database again. */
export const CRM_CACHE_TTL_MS = 10_000
const MAX_CACHED_ORGANISATIONS = 10_000

/** Seal context of a connection's client secret: bound to the organisation and the connection id. */
export function clientSecretContext(orgId: string, connectionId: string): string {
  return `org:${orgId}/crm-connection:${connectionId}/client-secret`
}

/** Seal context of a connection's OAuth tokens. */
export function tokensContext(orgId: string, connectionId: string): string {
  return `org:${orgId}/crm-connection:${connectionId}/tokens`
}

/** The server's secret box in the shape the token vault wants. */
export function tokenSealer(secrets: SecretBox): TokenSealer {
  return {
    seal: (plaintext, options) => secrets.seal(plaintext, options?.context ?? ''),
    unseal: (token, options) => secrets.unseal(token, options?.context ?? ''),
  }
}

/** The token vault of a stored connection: the sealed string lives in its row, writes only reach that row. */
export function connectionVault(
  db: Kysely<Database>,
  secrets: SecretBox,
  orgId: string,
  connectionId: string,
): TokenVault {
  return createSealedTokenVault({
    sealer: tokenSealer(secrets),
    context: tokensContext(orgId, connectionId),
    read: async () => {
      const row = await db
        .selectFrom('crm_connections')
        .select('tokens_sealed')
        .where('org_id', '=', orgId)
        .where('id', '=', connectionId)
        .executeTakeFirst()
      return row?.tokens_sealed ?? undefined
    },
    write: async (sealed) => {
      await db
        .updateTable('crm_connections')
        .set({ tokens_sealed: sealed })
        .where('org_id', '=', orgId)
        .where('id', '=', connectionId)
        .execute()
    },
  })
}

/** An organisation's CRM as the DataQuality flow sees it. */
export interface OrganisationCrm {
  /** The organisation's default country (settings), if any. */
  organisationCountry: string | undefined
  /** The HubSpot connection, when one is configured; absent: the built-in CRM. */
  hubspot?: {
    connectionId: string
    settings: StoredHubSpotSettings
    connector: CrmConnector
  }
  /** The connection's default country, else the organisation's. */
  defaultCountry: string | undefined
}

interface CacheEntry {
  checkedAt: number
  fingerprint?: string
  value: Promise<OrganisationCrm>
}

const caches = new WeakMap<Store, Map<string, CacheEntry>>()

function cacheOf(store: Store): Map<string, CacheEntry> {
  let cache = caches.get(store)
  if (cache === undefined) {
    cache = new Map()
    caches.set(store, cache)
  }
  return cache
}

/**
 * Forgets the cached CRM of an organisation in this process, so the next request reads the connection again. Call
 * it after changing the connection or the organisation's default country (other processes notice within
 * {@link CRM_CACHE_TTL_MS}).
 */
export function forgetOrganisationCrm(store: Store, orgId: string): void {
  caches.get(store)?.delete(orgId)
}

/** Options of {@link organisationCrm}. */
export interface OrganisationCrmContext {
  store: Store
  /** Needed to unseal a HubSpot connection's secrets; without it a configured HubSpot connection is an error. */
  secrets?: SecretBox | undefined
}

async function fingerprintOf(db: Kysely<Database>, orgId: string) {
  const row = await db
    .selectFrom('organisations as o')
    .leftJoin('crm_connections as c', 'c.org_id', 'o.id')
    .select(['o.default_country', 'c.id as connection_id', 'c.updated_at'])
    .where('o.id', '=', orgId)
    .executeTakeFirst()
  return {
    organisationCountry: row?.default_country ?? undefined,
    fingerprint: `${row?.default_country ?? ''}|${row?.connection_id ?? ''}|${row?.updated_at?.getTime() ?? ''}`,
  }
}

/** The organisation's default country for phone numbers written without a country code, if it has one. */
export async function readOrganisationCountry(
  db: Kysely<Database>,
  orgId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select('default_country')
    .where('id', '=', orgId)
    .executeTakeFirst()
  return row?.default_country ?? undefined
}

async function load(ctx: OrganisationCrmContext, orgId: string): Promise<OrganisationCrm> {
  const { db } = ctx.store
  const [organisationCountry, connection] = await Promise.all([
    readOrganisationCountry(db, orgId),
    db
      .selectFrom('crm_connections')
      .select(['id', 'kind', 'settings', 'client_secret_sealed'])
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
  ])
  if (connection === undefined || connection.kind !== 'hubspot') {
    return { organisationCountry, defaultCountry: organisationCountry }
  }
  if (ctx.secrets === undefined) {
    throw new HubSpotError(
      'HUBSPOT_INVALID_CONFIG',
      'The HubSpot connection cannot be used here: no sealing keys were given',
    )
  }
  const parsed = StoredHubSpotSettingsSchema.safeParse(connection.settings)
  if (!parsed.success || connection.client_secret_sealed === null) {
    throw new HubSpotError('HUBSPOT_INVALID_CONFIG', 'The stored HubSpot connection is not readable')
  }
  const settings = parsed.data
  const clientSecret = await ctx.secrets.unseal(
    connection.client_secret_sealed,
    clientSecretContext(orgId, connection.id),
  )
  const defaultCountry = settings.defaultCountry ?? organisationCountry
  const connector = createHubSpotConnector({
    ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
    clientId: settings.clientId,
    clientSecret,
    vault: connectionVault(db, ctx.secrets, orgId, connection.id),
    defaultCountry,
    countryLocale: settings.countryLocale,
    fieldProperties: settings.fieldProperties,
    customProperties: settings.customProperties,
    onUnmapped: settings.onUnmapped,
  })
  return {
    organisationCountry,
    defaultCountry,
    hubspot: { connectionId: connection.id, settings, connector },
  }
}

/**
 * The CRM of an organisation: its HubSpot connector when a connection is configured, and its default countries.
 * Cached per store and organisation: within {@link CRM_CACHE_TTL_MS} a call costs a map lookup; after that one small
 * query tells whether the connection or the default country changed, and only then is the connector rebuilt (so its
 * access token, refresh and search spacing carry over between requests).
 *
 * @throws {HubSpotError} HUBSPOT_INVALID_CONFIG when a stored connection cannot be read or no sealing keys were given.
 */
export async function organisationCrm(ctx: OrganisationCrmContext, orgId: string): Promise<OrganisationCrm> {
  const cache = cacheOf(ctx.store)
  const now = performance.now()
  const cached = cache.get(orgId)
  if (cached !== undefined && now - cached.checkedAt < CRM_CACHE_TTL_MS) return cached.value

  const current = await fingerprintOf(ctx.store.db, orgId)
  const again = cache.get(orgId)
  if (again !== undefined && again.fingerprint === current.fingerprint) {
    again.checkedAt = performance.now()
    return again.value
  }
  const entry: CacheEntry = {
    checkedAt: performance.now(),
    fingerprint: current.fingerprint,
    value: load(ctx, orgId),
  }
  cache.delete(orgId)
  if (cache.size >= MAX_CACHED_ORGANISATIONS) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  cache.set(orgId, entry)
  entry.value.catch(() => {
    if (cache.get(orgId) === entry) cache.delete(orgId)
  })
  return entry.value
}

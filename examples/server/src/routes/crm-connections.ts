import { randomUUID } from 'node:crypto'
import { isSealError } from '@contactkit/seal'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { IsoCountryCode } from '../crm/country-code.js'
import {
  authorizationUrl,
  connectWithAuthorizationCode,
  connectWithRefreshToken,
  HubSpotConnectionSchema,
} from '../crm/hubspot/connection.js'
import { isHubSpotError } from '../crm/hubspot/error.js'
import { revokeRefreshToken } from '../crm/hubspot/revoke.js'
import { createSealedTokenVault } from '../crm/hubspot/token-vault.js'
import { OAUTH_STATE_TTL_MS, startInstall, takeInstall } from '../crm/oauth-state.js'
import {
  clientSecretContext,
  connectionVault,
  forgetOrganisationCrm,
  HUBSPOT_API_ORIGINS,
  organisationCrm,
  StoredHubSpotSettingsSchema,
  tokenSealer,
  tokensContext,
} from '../crm/organisation-crm.js'
import { crmServerError } from '../crm/server-error.js'
import { ErrorSchema, errorResponses } from './schemas.js'

const RevocationSchema = z.object({
  status: z
    .enum(['revoked', 'already_invalid', 'failed'])
    .describe(
      'revoked now; already unknown to HubSpot; or HubSpot could not be asked (deleted locally anyway)',
    ),
  crmCode: z.string().optional().describe('The error code when the revocation failed'),
})
type Revocation = z.infer<typeof RevocationSchema>

/** Options of {@link crmConnectionRoutes}. */
export interface CrmConnectionRouteOptions {
  /**
   * HubSpot API origins an admin may choose as `baseUrl`. Default: HubSpot's own (`https://api.hubapi.com`,
   * `https://api-eu1.hubapi.com`); tests add their local fake. Anything else is refused, so the setting cannot point
   * the server (and the client secret) at an arbitrary address.
   */
  hubspotBaseUrls?: readonly string[] | undefined
}

const HubSpotView = StoredHubSpotSettingsSchema.extend({
  clientSecretSet: z.boolean().describe('Whether a client secret is stored (it is never returned)'),
  tokensSet: z.boolean().describe('Whether OAuth tokens are stored (they are never returned)'),
})

const ConnectionSchema = z.object({
  kind: z.enum(['builtin', 'hubspot']).describe('The CRM duplicate checks, merges and imports use'),
  hubspot: HubSpotView.optional(),
  defaultCountry: z
    .string()
    .nullable()
    .describe(
      'The country that applies when a request names none: the connection’s, else the organisation’s',
    ),
  createdAt: z.iso.datetime().optional(),
  createdBy: z.uuid().optional(),
  updatedAt: z.iso.datetime().optional(),
  updatedBy: z.uuid().optional(),
})
type ConnectionView = z.infer<typeof ConnectionSchema>
const DeletedSchema = ConnectionSchema.extend({ revocation: RevocationSchema.optional() })

const Authorization = z.union([
  z
    .object({ code: z.string().trim().min(1).max(2000) })
    .describe(
      'The `code` HubSpot sent to the redirect URI after the admin approved the app (checked `state` first)',
    ),
  z
    .object({ refreshToken: z.string().trim().min(1).max(2000) })
    .describe('A refresh token of this app for this portal'),
])

const BaseUrl = z
  .url({ protocol: /^https?$/ })
  .describe('HubSpot’s API origin; default https://api.hubapi.com')

const PutBody = HubSpotConnectionSchema.extend({
  kind: z.literal('hubspot'),
  defaultCountry: IsoCountryCode.optional(),
  baseUrl: BaseUrl.optional(),
  authorization: Authorization,
})

const TestResultSchema = z.object({
  kind: z.enum(['builtin', 'hubspot']),
  ok: z.boolean(),
  error: z
    .object({
      code: z.string().describe('HUBSPOT_AUTH, HUBSPOT_FORBIDDEN, HUBSPOT_UNAVAILABLE, …'),
      message: z.string(),
    })
    .optional(),
})

// Failures that mean the admin's input is wrong (refused code, token, client credentials, portal or scopes).
const INPUT_ERRORS = {
  HUBSPOT_AUTH: 'VALIDATION_FAILED',
  HUBSPOT_FORBIDDEN: 'VALIDATION_FAILED',
  HUBSPOT_INVALID_CONFIG: 'VALIDATION_FAILED',
} as const

function origin(url: string): string {
  return new URL(url).origin
}

/**
 * The organisation's CRM connection (admins): which CRM the DataQuality flow uses, HubSpot's settings and whether its
 * secrets are stored (never the secrets), configuring HubSpot, testing the connection and going back to the built-in
 * CRM. Every change is audited without secrets.
 */
export async function crmConnectionRoutes(
  app: FastifyInstance,
  options: CrmConnectionRouteOptions = {},
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock, secrets } = app.ctx
  const allowedOrigins = new Set([...HUBSPOT_API_ORIGINS, ...(options.hubspotBaseUrls ?? [])].map(origin))
  const AllowedBaseUrl = BaseUrl.refine(
    (url) => allowedOrigins.has(origin(url)),
    'not a HubSpot API origin this server allows',
  ).optional()
  const Body = PutBody.extend({ baseUrl: AllowedBaseUrl })
  const StartBody = PutBody.omit({ authorization: true }).extend({ baseUrl: AllowedBaseUrl })

  async function view(orgId: string): Promise<ConnectionView> {
    const [organisation, row] = await Promise.all([
      store.db
        .selectFrom('organisations')
        .select('default_country')
        .where('id', '=', orgId)
        .executeTakeFirst(),
      store.db.selectFrom('crm_connections').selectAll().where('org_id', '=', orgId).executeTakeFirst(),
    ])
    const organisationCountry = organisation?.default_country ?? null
    if (row === undefined || row.kind !== 'hubspot')
      return { kind: 'builtin', defaultCountry: organisationCountry }
    const settings = StoredHubSpotSettingsSchema.parse(row.settings)
    return {
      kind: 'hubspot',
      hubspot: {
        ...settings,
        clientSecretSet: row.client_secret_sealed !== null,
        tokensSet: row.tokens_sealed !== null,
      },
      defaultCountry: settings.defaultCountry ?? organisationCountry,
      createdAt: row.created_at.toISOString(),
      createdBy: row.created_by,
      updatedAt: row.updated_at.toISOString(),
      updatedBy: row.updated_by,
    }
  }

  // Revocation must not hold the admin's request for long: one retry, a short timeout.
  async function revoke(
    orgId: string,
    row: { id: string; settings: Record<string, unknown> },
  ): Promise<Revocation> {
    try {
      const tokens = await connectionVault(store.db, secrets, orgId, row.id).load()
      if (tokens === undefined) return { status: 'already_invalid' }
      const baseUrl = StoredHubSpotSettingsSchema.parse(row.settings).baseUrl
      const outcome = await revokeRefreshToken(tokens.refreshToken, {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        maxRetries: 1,
        timeoutMs: 5_000,
      })
      return { status: outcome }
    } catch (error) {
      const code = (error as { code?: unknown }).code
      return { status: 'failed', crmCode: typeof code === 'string' ? code : 'INTERNAL' }
    }
  }

  async function auditFailure(request: FastifyRequest, action: string, error: unknown): Promise<void> {
    if (!isHubSpotError(error)) return
    await auditRequest(request, {
      action,
      targetType: 'crm_connection',
      details: { kind: 'hubspot', ok: false, crmCode: error.code },
    })
  }

  /**
   * Redeems the grant with HubSpot (portal and scopes checked), then stores the connection with its secrets sealed,
   * replacing any previous one, and audits it. Shared by `PUT /crm/connection` and the OAuth callback.
   */
  async function connect(
    request: FastifyRequest,
    input: Omit<z.infer<typeof PutBody>, 'kind' | 'authorization'> & {
      authorization: z.infer<typeof Authorization>
    },
    via: 'authorization_code' | 'refresh_token' | 'oauth_callback',
  ): Promise<ConnectionView> {
    const actor = actorOf(request)
    const { authorization, clientSecret, baseUrl, ...settings } = input
    const id = randomUUID()
    let sealedTokens: string | undefined
    const vault = createSealedTokenVault({
      sealer: tokenSealer(secrets),
      context: tokensContext(actor.orgId, id),
      read: async () => undefined,
      write: async (sealed) => {
        sealedTokens = sealed
      },
    })
    const connection = { ...settings, clientSecret }
    const transport = baseUrl === undefined ? {} : { baseUrl }
    try {
      if ('code' in authorization)
        await connectWithAuthorizationCode(connection, authorization.code, vault, transport)
      else await connectWithRefreshToken(connection, authorization.refreshToken, vault, transport)
    } catch (error) {
      await auditFailure(request, 'crm_connection.configure_failed', error)
      throw crmServerError(error, INPUT_ERRORS)
    }
    if (sealedTokens === undefined) throw new Error('the HubSpot connection saved no tokens')
    const stored = StoredHubSpotSettingsSchema.parse({ ...settings, ...transport })
    const now = clock.now()
    const previous = await store.db
      .selectFrom('crm_connections')
      .select(['id', 'kind'])
      .where('org_id', '=', actor.orgId)
      .executeTakeFirst()
    const values = {
      id,
      kind: 'hubspot' as const,
      settings: JSON.stringify(stored),
      client_secret_sealed: await secrets.seal(clientSecret, clientSecretContext(actor.orgId, id)),
      tokens_sealed: sealedTokens,
      updated_by: actor.userId,
      updated_at: now,
    }
    await store.db
      .insertInto('crm_connections')
      .values({ ...values, org_id: actor.orgId, created_by: actor.userId, created_at: now })
      .onConflict((conflict) => conflict.column('org_id').doUpdateSet(values))
      .execute()
    forgetOrganisationCrm(store, actor.orgId)
    await auditRequest(request, {
      action: 'crm_connection.configure',
      targetType: 'crm_connection',
      targetId: id,
      details: {
        kind: 'hubspot',
        portalId: stored.portalId,
        via,
        replaced: previous ? { id: previous.id, kind: previous.kind } : null,
        settings: Object.keys(stored).sort(),
      },
    })
    return view(actor.orgId)
  }

  api.get(
    '/crm/connection',
    {
      config: { capability: 'integrations.manage' },
      schema: {
        tags: ['crm'],
        summary: 'The organisation’s CRM connection (secrets only as “set”)',
        response: { 200: ConnectionSchema, ...errorResponses },
      },
    },
    async (request) => view(actorOf(request).orgId),
  )

  api.put(
    '/crm/connection',
    {
      config: { capability: 'integrations.manage' },
      schema: {
        tags: ['crm'],
        summary:
          'Connect HubSpot: exchange an authorisation code or redeem a refresh token, then store it sealed',
        description:
          'Checks with HubSpot that the tokens belong to `portalId` and carry the contact scopes before anything is stored. The client secret and the tokens are sealed with @contactkit/seal; a new connection replaces the previous one.',
        body: Body,
        response: { 200: ConnectionSchema, 503: ErrorSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { kind: _kind, ...input } = request.body
      return connect(request, input, 'code' in input.authorization ? 'authorization_code' : 'refresh_token')
    },
  )

  api.post(
    '/crm/connection/hubspot/authorize',
    {
      config: { capability: 'integrations.manage' },
      schema: {
        tags: ['crm'],
        summary:
          'Start connecting HubSpot: the authorize URL to send the admin to, with a single-use `state`',
        description: `The settings are kept server-side with the \`state\` (the client secret sealed) for ${OAUTH_STATE_TTL_MS / 60_000} minutes. HubSpot then redirects the admin to \`redirectUri\` with \`code\` and \`state\`, which go on to \`GET /crm/hubspot/callback\`; only the admin who started it, in this organisation, can finish it, once. Use the web app's \`/app/connect.html\` as \`redirectUri\`: the session cookie is SameSite=Strict, so the browser sends it on the page's own request, not on the navigation from HubSpot.`,
        body: StartBody,
        response: {
          200: z.object({ authorizeUrl: z.url(), expiresAt: z.iso.datetime() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { kind: _kind, clientSecret, ...settings } = request.body
      const stored = StoredHubSpotSettingsSchema.parse(settings)
      const { state, expiresAt } = await startInstall(store.db, secrets, clock, actor, stored, clientSecret)
      await auditRequest(request, {
        action: 'crm_connection.authorize',
        targetType: 'crm_connection',
        details: { kind: 'hubspot', portalId: stored.portalId, expiresAt: expiresAt.toISOString() },
      })
      return {
        authorizeUrl: authorizationUrl({ ...stored, clientSecret }, state),
        expiresAt: expiresAt.toISOString(),
      }
    },
  )

  api.get(
    '/crm/hubspot/callback',
    {
      config: { capability: 'integrations.manage' },
      schema: {
        tags: ['crm'],
        summary: 'HubSpot’s OAuth redirect: checks `state`, exchanges `code`, stores the connection sealed',
        querystring: z.object({
          code: z.string().trim().min(1).max(2000),
          state: z.string().min(1).max(200),
        }),
        response: {
          200: ConnectionSchema,
          409: ErrorSchema,
          410: ErrorSchema,
          503: ErrorSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      let install: Awaited<ReturnType<typeof takeInstall>>
      try {
        install = await takeInstall(store.db, secrets, clock, actor, request.query.state)
      } catch (error) {
        await auditRequest(request, {
          action: 'crm_connection.callback_refused',
          targetType: 'crm_connection',
          details: { kind: 'hubspot', code: (error as { code?: unknown }).code ?? 'INTERNAL' },
        })
        throw error
      }
      const { baseUrl, ...settings } = install.settings
      return connect(
        request,
        {
          ...settings,
          ...(baseUrl === undefined ? {} : { baseUrl }),
          clientSecret: install.clientSecret,
          authorization: { code: request.query.code },
        },
        'oauth_callback',
      )
    },
  )

  api.post(
    '/crm/connection/test',
    {
      config: { capability: 'integrations.manage' },
      schema: {
        tags: ['crm'],
        summary:
          'Test the connection: one small search in HubSpot; ok or the typed error code (HUBSPOT_…, SEAL_…)',
        response: { 200: TestResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      // A fresh read: the test also proves the stored secrets still unseal.
      forgetOrganisationCrm(store, actor.orgId)
      let result: z.infer<typeof TestResultSchema>
      try {
        const crm = await organisationCrm({ store, secrets }, actor.orgId)
        if (crm.hubspot === undefined) result = { kind: 'builtin', ok: true }
        else {
          await crm.hubspot.connector.listChanges(undefined, { limit: 1 })
          result = { kind: 'hubspot', ok: true }
        }
      } catch (error) {
        // A stored secret that no longer unseals (its key left SEAL_KEYS) fails the test like a refused token.
        if (!isHubSpotError(error) && !isSealError(error)) throw error
        result = { kind: 'hubspot', ok: false, error: { code: error.code, message: error.message } }
      }
      await auditRequest(request, {
        action: 'crm_connection.test',
        targetType: 'crm_connection',
        details: {
          kind: result.kind,
          ok: result.ok,
          ...(result.error ? { crmCode: result.error.code } : {}),
        },
      })
      return result
    },
  )

  api.delete(
    '/crm/connection',
    {
      config: { capability: 'integrations.manage' },
      schema: {
        tags: ['crm'],
        summary: 'Remove the connection: revoke its refresh token at HubSpot, delete its sealed secrets',
        description:
          'The refresh token is revoked at HubSpot first (`DELETE /oauth/v1/refresh-tokens/{token}`). The connection and its sealed secrets are deleted in any case; when HubSpot could not be reached, `revocation.status` is `failed` (with the error code) and the admin should uninstall the app in HubSpot.',
        response: { 200: DeletedSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const stored = await store.db
        .selectFrom('crm_connections')
        .select(['id', 'kind', 'settings'])
        .where('org_id', '=', actor.orgId)
        .executeTakeFirst()
      const revocation = stored?.kind === 'hubspot' ? await revoke(actor.orgId, stored) : undefined
      const removed = await store.db
        .deleteFrom('crm_connections')
        .where('org_id', '=', actor.orgId)
        .returning(['id', 'kind', 'settings'])
        .executeTakeFirst()
      forgetOrganisationCrm(store, actor.orgId)
      if (removed !== undefined) {
        const portalId = (removed.settings as { portalId?: unknown }).portalId
        await auditRequest(request, {
          action: 'crm_connection.delete',
          targetType: 'crm_connection',
          targetId: removed.id,
          details: {
            kind: removed.kind,
            ...(typeof portalId === 'string' ? { portalId } : {}),
            ...(revocation === undefined ? {} : { revocation }),
          },
        })
      }
      return { ...(await view(actor.orgId)), ...(revocation === undefined ? {} : { revocation }) }
    },
  )
}

import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { createJsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import {
  authenticate,
  CSRF_HEADER,
  clearTokenCache,
  mayEndTokens,
  SUPPORT_ORG_HEADER,
} from './auth/authenticate.js'
import { SESSION_COOKIE } from './auth/sessions.js'
import { type Clock, systemClock } from './clock.js'
import type { RegisteredRoute, ServerContext } from './context.js'
import { prepareCandidateSearches } from './dataquality/blocking-keys.js'
import { registerErrorHandler } from './error-handler.js'
import { defaultMailSources, type MailSourceFactory } from './mail/mail-server.js'
import type { Mailer } from './mailer.js'
import { auditRoutes } from './routes/audit.js'
import { authRoutes } from './routes/auth.js'
import { captureRoutes } from './routes/capture.js'
import { contactRoutes } from './routes/contacts.js'
import { crmConnectionRoutes } from './routes/crm-connections.js'
import { dataQualityPages } from './routes/dataquality-pages.js'
import { dedupeRoutes } from './routes/dedupe.js'
import { duplicateRoutes } from './routes/duplicates.js'
import { healthRoutes } from './routes/health.js'
import { importRoutes } from './routes/imports.js'
import { listRoutes } from './routes/lists.js'
import { mailRoutes } from './routes/mail.js'
import { mergeRoutes } from './routes/merge.js'
import { organisationRoutes } from './routes/organisation.js'
import { passwordResetRoutes } from './routes/password-reset.js'
import { setupRoutes } from './routes/setup.js'
import { tokenRoutes } from './routes/tokens.js'
import { totpRoutes } from './routes/totp.js'
import { userRoutes } from './routes/users.js'
import type { SecretBox } from './secret-box.js'
import type { Store } from './store/store.js'
import { registerHttpsOnly } from './transport.js'

/** Options for {@link buildApp}. */
export interface AppOptions {
  store: Store
  secrets: SecretBox
  clock?: Clock
  /** Pino options or false (tests). */
  logger?: FastifyServerOptions['logger']
  trustProxy?: boolean | number | string[]
  /** Redirect HTTP to HTTPS and send HSTS. */
  httpsOnly?: boolean
  publicUrl?: string
  /** Login attempts per minute and address before 429. */
  loginRateLimit?: number
  /** Fastify's HTTPS options when the server terminates TLS itself. */
  https?: { cert: Buffer; key: Buffer }
  /** HubSpot API origins admins may set besides HubSpot's own (tests: a local fake HubSpot). */
  hubspotBaseUrls?: readonly string[]
  /** Builds the sources that read mailboxes; default IMAP (imapflow) and Microsoft Graph. Tests hand in fakes. */
  mailSources?: MailSourceFactory
  /** Microsoft Graph origins admins may set besides Microsoft's own (tests: a local fake). */
  graphBaseUrls?: readonly string[]
  /** Sends password-reset and invitation mails; needs `publicUrl` for their links. Absent: mail is off. */
  mailer?: Mailer
}

// Paths written into the OpenAPI document's header names, for clients.
const API_DESCRIPTION = `Reference server of contactkit. Log in with POST /auth/login (session cookie; send the returned
csrfToken as \`${CSRF_HEADER}\` on writes) or send an API token as \`Authorization: Bearer <token>\`. Support staff read
another organisation with \`${SUPPORT_ORG_HEADER}\`. Errors answer \`{ "error": { "code", "message", "issues"? } }\`.`

/** Builds the Fastify application without listening, so tests can use `inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // With `https` Fastify's types switch to an HTTPS server; the request API the routes use is the same.
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    ...(options.https ? { https: { ...options.https, minVersion: 'TLSv1.2' } } : {}),
  } as FastifyServerOptions)
  // Mail links are built from publicUrl only: the Host header is the client's to choose (reset-link poisoning).
  if (options.mailer && !options.publicUrl)
    throw new Error('buildApp: a mailer needs publicUrl for its links')
  const ctx: ServerContext = {
    store: options.store,
    clock: options.clock ?? systemClock,
    secrets: options.secrets,
    ...(options.mailer ? { mailer: options.mailer } : {}),
  }
  app.decorate('ctx', ctx)
  // PostgreSQL parses and plans the duplicate check's candidate query once per connection, not per check.
  if (options.store.kind === 'postgres') prepareCandidateSearches(options.store.db, options.store.pool)
  app.decorateRequest('actor', undefined)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)

  if (options.httpsOnly) registerHttpsOnly(app, options.publicUrl)
  // HSTS is sent by registerHttpsOnly, only over HTTPS; the CSP lets the /docs page load its own assets.
  await app.register(fastifyHelmet, {
    hsts: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // Upgrading sub-requests to HTTPS would break a plain-HTTP start (http://127.0.0.1:3000).
        upgradeInsecureRequests: options.httpsOnly ? [] : null,
      },
    },
  })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'contactkit reference server', version: '0.0.0', description: API_DESCRIPTION },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/openapi.json'] }),
  })
  // The docs page and its assets are public; routes say so through config, which the auth hook reads.
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/'))
      route.config = { ...route.config, public: true }
  })
  // Every route from the docs page on (after the hook above marked it public): the OpenAPI and tenancy tests walk it.
  const routeTable: RegisteredRoute[] = []
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routeTable.push({
        method,
        url: route.url,
        hidden: (route.schema as { hide?: boolean } | undefined)?.hide === true,
        public: route.config?.public === true,
        capability: route.config?.capability,
      })
    }
  })
  // The docs page's own CSP: its assets are served from here, nothing from the network.
  const docsCsp = [
    "default-src 'self'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ...(options.httpsOnly ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: docsCsp })
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger())

  app.addHook('onRequest', async (request) => {
    await authenticate(request)
  })
  // Resolved API tokens are cached briefly; a write that may end one (revoke, disable, demote) clears the cache
  // once its handler is done, before the answer goes out.
  app.addHook('onSend', async (request) => {
    if (mayEndTokens(request)) clearTokenCache(request)
  })

  await app.register(healthRoutes)
  await app.register(setupRoutes)
  await app.register(authRoutes, { loginRateLimit: options.loginRateLimit ?? 10 })
  await app.register(passwordResetRoutes, { publicUrl: options.publicUrl })
  await app.register(totpRoutes)
  await app.register(organisationRoutes)
  await app.register(userRoutes, { publicUrl: options.publicUrl })
  await app.register(tokenRoutes)
  await app.register(listRoutes)
  await app.register(contactRoutes)
  await app.register(auditRoutes)
  await app.register(duplicateRoutes)
  await app.register(captureRoutes)
  await app.register(mergeRoutes)
  await app.register(importRoutes)
  await app.register(dedupeRoutes)
  await app.register(dataQualityPages)
  await app.register(crmConnectionRoutes, { hubspotBaseUrls: options.hubspotBaseUrls })
  await app.register(mailRoutes, {
    sources: options.mailSources ?? defaultMailSources,
    graphBaseUrls: options.graphBaseUrls,
  })
  return app
}

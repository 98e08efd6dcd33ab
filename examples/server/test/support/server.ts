import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { type AppOptions, buildApp } from '../../src/app.js'
import { setPasswordHashCost } from '../../src/auth/password.js'
import type { Clock } from '../../src/clock.js'
import { createSecretBox, generateKeyring } from '../../src/secret-box.js'
import { issueSetupToken } from '../../src/setup.js'
import type { Role } from '../../src/store/schema.js'
import type { Store } from '../../src/store/store.js'
import { openTestStore } from './stores.js'

// Same algorithm, lower cost: the suites hash and verify hundreds of passwords.
setPasswordHashCost({ memoryCost: 1024, timeCost: 1 })

/** A clock tests move by hand. */
export class TestClock implements Clock {
  current: Date
  constructor(start = '2026-03-02T09:00:00.000Z') {
    this.current = new Date(start)
  }
  now(): Date {
    return new Date(this.current)
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
}

/** A logged-in browser: keeps the session cookie and sends the CSRF token on writes. */
export interface Client {
  userId: string
  orgId: string
  email: string
  password: string
  cookie: string
  csrfToken: string
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>
}

// Write routes that change nothing (they only compute an answer), so they leave no audit entry.
const READ_ONLY_WRITES = new Set([
  'POST /duplicates/check',
  'POST /duplicates/check-batch',
  'POST /merges/preview',
  'POST /capture/email',
  'POST /capture/business-card',
  'POST /capture/vcard',
])

/**
 * Watches every successful write (POST, PUT, PATCH, DELETE answering below 400) and notes the ones that did not
 * append to the audit log before answering. Every suite built on {@link TestServer} runs with it, so a new write
 * route without an audit entry fails the first test file that calls it.
 */
export function watchAuditedWrites(app: FastifyInstance, store: Store, missing: string[]): void {
  const before = new WeakMap<object, string>()
  const lastId = async () =>
    String(
      (
        await store.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst()
      )?.id ?? 0,
    )
  const isWrite = (method: string, url: string | undefined) =>
    !['GET', 'HEAD', 'OPTIONS'].includes(method) && !READ_ONLY_WRITES.has(`${method} ${url}`)
  app.addHook('preHandler', async (request) => {
    if (isWrite(request.method, request.routeOptions.url)) before.set(request, await lastId())
  })
  app.addHook('onSend', async (request, reply) => {
    const start = before.get(request)
    if (start === undefined || reply.statusCode >= 400) return
    if (BigInt(await lastId()) <= BigInt(start))
      missing.push(
        `${request.method} ${request.routeOptions.url} answered ${reply.statusCode} without an audit entry`,
      )
  })
}

/** Builds the app on a fresh store with a movable clock. */
export class TestServer {
  readonly clock = new TestClock()
  readonly secrets = createSecretBox(generateKeyring())
  app!: FastifyInstance
  store!: Store
  /** Successful writes that left no audit entry (see {@link watchAuditedWrites}); `stop` fails on any. */
  readonly unaudited: string[] = []
  private ownsStore = true

  constructor(readonly kind: 'embedded' | 'postgres') {}

  /** Opens a fresh store, or builds a second app on `options.store` (which the caller then closes). */
  async start(
    options: {
      loginRateLimit?: number
      store?: Store
      logger?: AppOptions['logger']
      mailSources?: AppOptions['mailSources']
      graphBaseUrls?: AppOptions['graphBaseUrls']
      mailer?: AppOptions['mailer']
      publicUrl?: AppOptions['publicUrl']
    } = {},
  ): Promise<this> {
    this.ownsStore = options.store === undefined
    this.store = options.store ?? (await openTestStore(this.kind))
    this.app = await buildApp({
      store: this.store,
      secrets: this.secrets,
      clock: this.clock,
      loginRateLimit: options.loginRateLimit ?? 1000,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.mailSources ? { mailSources: options.mailSources } : {}),
      ...(options.graphBaseUrls ? { graphBaseUrls: options.graphBaseUrls } : {}),
      ...(options.mailer ? { mailer: options.mailer } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    })
    watchAuditedWrites(this.app, this.store, this.unaudited)
    return this
  }

  async stop(): Promise<void> {
    await this.app?.close()
    if (this.ownsStore) await this.store?.close()
    if (this.unaudited.length > 0)
      throw new Error(`writes without an audit entry:\n${this.unaudited.join('\n')}`)
  }

  private client(
    body: { user: { id: string; organisationId: string }; csrfToken: string },
    cookie: string,
    email: string,
    password: string,
  ): Client {
    return {
      userId: body.user.id,
      orgId: body.user.organisationId,
      email,
      password,
      cookie,
      csrfToken: body.csrfToken,
      request: (method, url, payload, headers = {}) => {
        const options: InjectOptions = {
          method,
          url,
          headers: { cookie, 'x-csrf-token': body.csrfToken, ...headers },
        }
        if (payload !== undefined) options.payload = payload as Record<string, unknown>
        return this.app.inject(options)
      },
    }
  }

  /** Creates an organisation and its admin through the setup API. */
  async createOrganisation(
    name: string,
    adminEmail: string,
    password = 'Sommer-Regen-2026!',
  ): Promise<Client> {
    const token = await issueSetupToken(this.store.db, this.clock)
    const response = await this.app.inject({
      method: 'POST',
      url: '/setup',
      payload: {
        token,
        organisationName: name,
        admin: { name: `Admin ${name}`, email: adminEmail, password },
      },
    })
    if (response.statusCode !== 201) throw new Error(`setup failed: ${response.body}`)
    return this.client(response.json(), cookieOf(response), adminEmail, password)
  }

  /** Has `admin` create a user with `role`, then logs that user in. */
  async createUser(
    admin: Client,
    role: Role,
    email: string,
    password = 'Herbst-Nebel-2026!',
  ): Promise<Client> {
    const created = await admin.request('POST', '/users', {
      email,
      name: email.split('@')[0],
      role,
      password,
    })
    if (created.statusCode !== 201) throw new Error(`user creation failed: ${created.body}`)
    return this.login(email, password)
  }

  async login(email: string, password: string, extra: Record<string, string> = {}): Promise<Client> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password, ...extra },
    })
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`)
    return this.client(response.json(), cookieOf(response), email, password)
  }
}

/** The `name=value` of the session cookie a response set. */
export function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((entry) => entry.name === '__Host-ck_session')
  if (!cookie) throw new Error('no session cookie')
  return `${cookie.name}=${cookie.value}`
}

import type { Clock } from './clock.js'
import type { Mailer } from './mailer.js'
import type { Capability } from './permissions.js'
import type { SecretBox } from './secret-box.js'
import type { Role } from './store/schema.js'
import type { Store } from './store/store.js'

/** Who is calling, resolved once per request by the authentication hook. */
export interface Actor {
  /** The organisation the request acts in; every query is scoped by it. */
  orgId: string
  userId: string
  role: Role
  via: 'session' | 'token' | 'support'
  sessionId?: string
  csrfToken?: string
  /** Support staff acting in another organisation: their own organisation. */
  homeOrgId?: string
}

/** A route as registered with Fastify, for tests and tools that must see every route (see `app.routeTable`). */
export interface RegisteredRoute {
  method: string
  /** Fastify's pattern, e.g. `/lists/:id/members/:userId`. */
  url: string
  /** Left out of the OpenAPI document (`schema.hide`). */
  hidden: boolean
  /** Reachable without logging in (`config.public`). */
  public: boolean
  /** The capability the route requires (`config.capability`), if any. */
  capability: Capability | undefined
}

/** Services every route may use. */
export interface ServerContext {
  store: Store
  clock: Clock
  secrets: SecretBox
  /** Outgoing mail for account e-mails; absent when SMTP is not configured. */
  mailer?: Mailer
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServerContext
    /** Every route registered so far, HEAD routes included, in registration order. */
    routeTable: readonly RegisteredRoute[]
  }
  interface FastifyRequest {
    actor: Actor | undefined
  }
  interface FastifyContextConfig {
    /** Reachable without logging in. */
    public?: boolean
    /** The capability the caller's role must hold (see permissions.ts). */
    capability?: Capability
  }
}

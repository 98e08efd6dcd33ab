import type { Clock } from './clock.js'
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

/** Services every route may use. */
export interface ServerContext {
  store: Store
  clock: Clock
  secrets: SecretBox
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServerContext
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

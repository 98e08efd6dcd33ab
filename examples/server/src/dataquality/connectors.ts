import type { Actor, ServerContext } from '../context.js'
import type { CrmConnector } from '../crm/connector.js'
import type { WriteSource } from '../records/contact-record.js'
import { createBuiltinConnector } from './builtin-connector.js'
import { serverMatcher } from './matcher.js'
import { type ContactScope, scopeOf } from './scope.js'

/** Options for the connector of one request or job. */
export interface ConnectorOptions {
  /** The list `create` adds to (built-in CRM). */
  listId?: string | undefined
  source?: WriteSource | undefined
  defaultCountry?: string | undefined
  /** Contacts come already normalised, in bulk (imports); see `BuiltinConnectorOptions.bulk`. */
  bulk?: boolean | undefined
  /** Override the caller's scope (jobs acting for their creator). */
  scope?: ContactScope | undefined
}

/**
 * The CRM the DataQuality flow checks against and writes to. Today that is the built-in CRM (the server's own
 * contact store); an organisation's HubSpot connection plugs in here once connections are stored per organisation.
 */
export function connectorFor(
  ctx: Pick<ServerContext, 'store' | 'clock'>,
  actor: Pick<Actor, 'orgId' | 'userId' | 'role'>,
  options: ConnectorOptions = {},
): CrmConnector {
  return createBuiltinConnector({
    db: ctx.store.db,
    clock: ctx.clock,
    matcher: serverMatcher(),
    scope: options.scope ?? scopeOf(actor),
    listId: options.listId,
    source: options.source,
    defaultCountry: options.defaultCountry,
    bulk: options.bulk,
  })
}

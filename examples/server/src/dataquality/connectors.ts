import type { Actor, ServerContext } from '../context.js'
import type { CrmConnector } from '../crm/connector.js'
import { organisationCrm } from '../crm/organisation-crm.js'
import { crmServerError } from '../crm/server-error.js'
import { ServerError } from '../errors.js'
import type { WriteSource } from '../records/contact-record.js'
import { createBuiltinConnector } from './builtin-connector.js'
import { serverMatcher } from './matcher.js'
import { type ContactScope, scopeOf } from './scope.js'

/** Options for the connector of one request or job. */
export interface ConnectorOptions {
  /** The list `create` adds to (built-in CRM). */
  listId?: string | undefined
  source?: WriteSource | undefined
  /** The request's country for numbers without a country code; absent: the connection's, else the organisation's. */
  defaultCountry?: string | undefined
  /** Contacts come already normalised, in bulk (imports); see `BuiltinConnectorOptions.bulk`. */
  bulk?: boolean | undefined
  /** Override the caller's scope (jobs acting for their creator). */
  scope?: ContactScope | undefined
}

/** The connector of one request, with the default country that applies to it. */
export type OrganisationConnector = CrmConnector & {
  /** The request's country, else the CRM connection's, else the organisation's default country. */
  readonly defaultCountry: string | undefined
}

/** What `connectorFor` needs from the server; `secrets` unseals a HubSpot connection. */
export type ConnectorContext = Pick<ServerContext, 'store' | 'clock'> & {
  secrets?: ServerContext['secrets'] | undefined
}

function translated(connector: CrmConnector, defaultCountry: string | undefined): OrganisationConnector {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw crmServerError(error)
    }
  }
  return {
    kind: connector.kind,
    defaultCountry,
    searchCandidates: (contact, options) => guard(() => connector.searchCandidates(contact, options)),
    get: (id) => guard(() => connector.get(id)),
    getMany: (ids) => guard(() => connector.getMany(ids)),
    create: (contact) => guard(() => connector.create(contact)),
    update: (id, fields) => guard(() => connector.update(id, fields)),
    listChanges: (cursor, options) => guard(() => connector.listChanges(cursor, options)),
    ...(connector.archive === undefined
      ? {}
      : { archive: (id: string) => guard(async () => connector.archive?.(id)) }),
    ...(connector.listAll === undefined
      ? {}
      : {
          listAll: (after?: string, options?: { limit?: number }) =>
            guard(async () => (connector.listAll as NonNullable<CrmConnector['listAll']>)(after, options)),
        }),
  }
}

/**
 * The CRM the DataQuality flow checks against and writes to: the organisation's HubSpot connection when an admin
 * configured one (`PUT /crm/connection`), else the built-in CRM (the server's own contact store). The organisation's
 * connection is cached briefly per process (see `organisationCrm`), so this costs a map lookup on most requests.
 *
 * HubSpot has no lists or owners the server could scope by, so callers who may only see their own captures
 * (reporters) are refused with FORBIDDEN while a HubSpot connection is active.
 */
export async function connectorFor(
  ctx: ConnectorContext,
  actor: Pick<Actor, 'orgId' | 'userId' | 'role'>,
  options: ConnectorOptions = {},
): Promise<OrganisationConnector> {
  const crm = await organisationCrm(ctx, actor.orgId)
  const scope = options.scope ?? scopeOf(actor)
  const defaultCountry = options.defaultCountry ?? crm.defaultCountry
  if (crm.hubspot !== undefined) {
    if (scope.ownOnly) {
      throw new ServerError(
        'FORBIDDEN',
        'The organisation checks against HubSpot, which would show contacts of others.',
        { details: { capability: 'contacts.read_others' } },
      )
    }
    return translated(crm.hubspot.connector, defaultCountry)
  }
  const builtin = createBuiltinConnector({
    db: ctx.store.db,
    clock: ctx.clock,
    matcher: serverMatcher(),
    scope,
    listId: options.listId,
    source: options.source,
    defaultCountry,
    bulk: options.bulk,
  })
  return Object.assign(builtin, { defaultCountry })
}

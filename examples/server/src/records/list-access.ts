import type { Kysely } from 'kysely'
import type { Actor } from '../context.js'
import { notFound, ServerError } from '../errors.js'
import { can } from '../permissions.js'
import type { Database, ListRow } from '../store/schema.js'

/** What the caller may do with a list: `manage` (owner or admin), `write`, or `read`. */
export type ListPermission = 'manage' | 'write' | 'read'

const RANK: Record<ListPermission, number> = { read: 1, write: 2, manage: 3 }

/**
 * Loads a live list of the caller's organisation and checks the caller may `need` it. Lists the caller
 * cannot see at all answer 404 like lists that do not exist, so ids of other tenants and users reveal nothing.
 */
export async function requireList(
  db: Kysely<Database>,
  actor: Actor,
  listId: string,
  need: ListPermission,
  options: { deleted?: boolean } = {},
): Promise<{ list: ListRow; permission: ListPermission }> {
  const list = await db
    .selectFrom('lists')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', listId)
    .where('deleted_at', options.deleted ? 'is not' : 'is', null)
    .executeTakeFirst()
  if (!list) throw notFound('List')
  let permission: ListPermission | undefined
  if (list.owner_id === actor.userId || can(actor.role, 'records.administer')) {
    permission = 'manage'
  } else {
    const member = await db
      .selectFrom('list_members')
      .select('access')
      .where('org_id', '=', actor.orgId)
      .where('list_id', '=', listId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst()
    permission = member?.access
  }
  if (!permission) throw notFound('List')
  if (RANK[permission] < RANK[need]) {
    throw new ServerError('FORBIDDEN', `You may ${permission} this list, not ${need} it.`, {
      details: { permission },
    })
  }
  return { list, permission }
}

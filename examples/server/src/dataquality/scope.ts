import { type Expression, type SqlBool, sql } from 'kysely'
import type { Actor } from '../context.js'
import { can } from '../permissions.js'

/**
 * Which contacts of an organisation a caller may see (and, with `write`, change) through the DataQuality
 * flow: the same rules as the contact routes — lists one owns or is a member of (all lists with
 * `records.administer`), and only one's own captures without `contacts.read_others`.
 */
export interface ContactScope {
  orgId: string
  userId: string
  /** Every live list of the organisation (admins). */
  allLists: boolean
  /** Only contacts the caller captured (reporters). */
  ownOnly: boolean
}

/** The scope of an authenticated caller. */
export function scopeOf(actor: Pick<Actor, 'orgId' | 'userId' | 'role'>): ContactScope {
  return {
    orgId: actor.orgId,
    userId: actor.userId,
    allLists: can(actor.role, 'records.administer'),
    ownOnly: !can(actor.role, 'contacts.read_others'),
  }
}

/** The whole organisation, for system jobs that act for an administrator. */
export function organisationScope(orgId: string, userId: string): ContactScope {
  return { orgId, userId, allLists: true, ownOnly: false }
}

/**
 * A SQL condition over the aliases `c` (contacts) and `l` (lists) that holds for contacts in `scope`; `need`
 * `write` also requires write access to the list.
 */
export function scopeCondition(scope: ContactScope, need: 'read' | 'write'): Expression<SqlBool> {
  const own = scope.ownOnly ? sql<SqlBool>`c.created_by = ${scope.userId}` : sql<SqlBool>`true`
  if (scope.allLists) return sql<SqlBool>`(${own})`
  const access = need === 'write' ? sql`and m.access = 'write'` : sql``
  return sql<SqlBool>`(${own} and (l.owner_id = ${scope.userId} or exists (
    select 1 from list_members m
    where m.org_id = l.org_id and m.list_id = l.id and m.user_id = ${scope.userId} ${access})))`
}

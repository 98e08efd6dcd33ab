import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from './clock.js'
import type { Actor } from './context.js'
import type { Database } from './store/schema.js'

/** One audited event; never put secrets or e-mail content in `details`. */
export interface AuditEvent {
  action: string
  targetType: string
  targetId?: string | null
  details?: Record<string, unknown>
}

/** Appends an entry to the organisation's audit log: who, what, which record, when and from where. */
export async function recordAudit(
  db: Kysely<Database>,
  clock: Clock,
  entry: AuditEvent & {
    orgId: string
    actor: Pick<Actor, 'userId' | 'via' | 'homeOrgId'> | undefined
    request: Pick<FastifyRequest, 'ip' | 'headers'> | undefined
  },
): Promise<void> {
  const userAgent = entry.request?.headers['user-agent']
  await db
    .insertInto('audit_log')
    .values({
      org_id: entry.orgId,
      actor_user_id: entry.actor?.userId ?? null,
      actor_org_id: entry.actor?.homeOrgId ?? (entry.actor ? entry.orgId : null),
      actor_kind: entry.actor ? (entry.actor.via === 'session' ? 'user' : entry.actor.via) : 'system',
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      ip: entry.request?.ip ?? null,
      user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 400) : null,
      at: clock.now(),
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute()
}

/** Audits an event for the calling actor in the organisation the request acts in. */
export function auditRequest(
  request: FastifyRequest,
  event: AuditEvent,
  db?: Kysely<Database>,
): Promise<void> {
  const { ctx } = request.server
  const actor = request.actor
  if (!actor) throw new Error('auditRequest needs an authenticated request')
  return recordAudit(db ?? ctx.store.db, ctx.clock, { ...event, orgId: actor.orgId, actor, request })
}

import type { FastifyRequest } from 'fastify'
import { auditRequest } from '../audit.js'
import { ServerError } from '../errors.js'
import { type Mailer, mailFailureFields } from '../mailer.js'
import type { Role, UserRow } from '../store/schema.js'
import { accountLink, invitationMail } from './account-mail.js'
import { issueAccountToken, unusablePasswordHash } from './account-tokens.js'
import { createAccount } from './accounts.js'
import { actorOf } from './authenticate.js'

/**
 * Creates a user without a usable password and mails them a link (valid 7 days, once) to choose one. The account,
 * its token and the `user.invite` audit entry are written together; the mail goes out after that transaction, so no
 * database connection waits for the SMTP server. When the mail fails, the account is removed again (audited as
 * `user.invite_failed`): nobody could ever log in as it, and the admin can simply try again.
 *
 * @param request - The admin's request; the user is created in its organisation.
 * @param mail - The mailer and the origin links start with.
 * @param account - Address, name and role of the new user.
 * @returns The new user's row.
 * @throws {ServerError} CONFLICT when the address is taken; MAIL_UNAVAILABLE when the mail could not be sent.
 *
 * @example
 * ```ts
 * const row = await inviteAccount(request, { mailer, publicUrl }, { email, name: 'Jürgen Weiß', role: 'user' })
 * ```
 */
export async function inviteAccount(
  request: FastifyRequest,
  mail: { mailer: Mailer; publicUrl: string },
  account: { email: string; name: string; role: Role },
): Promise<UserRow> {
  const { store, clock } = request.server.ctx
  const actor = actorOf(request)
  const passwordHash = await unusablePasswordHash()
  const { row, token, organisation, invitedBy } = await store.db.transaction().execute(async (trx) => {
    const created = await createAccount(trx, {
      orgId: actor.orgId,
      ...account,
      passwordHash,
      now: clock.now(),
    })
    const issued = await issueAccountToken(trx, clock, created, 'invite')
    await auditRequest(
      request,
      { action: 'user.invite', targetType: 'user', targetId: created.id, details: { role: created.role } },
      trx,
    )
    const org = await trx
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', actor.orgId)
      .executeTakeFirstOrThrow()
    // Support staff act in another organisation; their own user row is in their home organisation.
    const inviter = await trx
      .selectFrom('users')
      .select('name')
      .where('org_id', '=', actor.homeOrgId ?? actor.orgId)
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow()
    return { row: created, token: issued.token, organisation: org.name, invitedBy: inviter.name }
  })
  try {
    await mail.mailer.send(
      invitationMail(row, { organisation, invitedBy }, accountLink(mail.publicUrl, token, 'invite')),
    )
  } catch (error) {
    const failure = mailFailureFields(error)
    request.log.warn({ err: failure }, 'invitation mail not sent')
    // The token goes with the user (cascade).
    await store.db.deleteFrom('users').where('org_id', '=', actor.orgId).where('id', '=', row.id).execute()
    const details = failure.mailCode ? { mailCode: failure.mailCode } : {}
    await auditRequest(request, {
      action: 'user.invite_failed',
      targetType: 'user',
      targetId: row.id,
      details,
    })
    throw new ServerError(
      'MAIL_UNAVAILABLE',
      'The invitation mail could not be sent, so the user was not created; try again later.',
      { details },
    )
  }
  return row
}

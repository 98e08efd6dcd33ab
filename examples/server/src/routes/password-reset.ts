import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { recordAudit } from '../audit.js'
import { accountLink, passwordResetMail } from '../auth/account-mail.js'
import { consumeAccountToken, findAccountToken, issueAccountToken } from '../auth/account-tokens.js'
import { hashPassword } from '../auth/password.js'
import { revokeUserSessions } from '../auth/sessions.js'
import { ServerError } from '../errors.js'
import { type MailMessage, mailFailureFields } from '../mailer.js'
import { Email, ErrorSchema, Password } from './schemas.js'

/** Reset requests per client address (IP), in {@link RESET_WINDOW}. */
export const RESET_REQUESTS_PER_IP = 10
/** Reset requests per e-mail address, whoever sends them, in {@link RESET_WINDOW}: a mailbox is not flooded. */
export const RESET_REQUESTS_PER_ADDRESS = 3
/** Window of both reset-request limits. */
export const RESET_WINDOW = '1 hour'
/** Password-setting attempts (confirm) per client address and 15 minutes. */
export const RESET_CONFIRMS_PER_IP = 10

const ACCEPTED = {
  message: 'If the address belongs to an active account, a link to set a new password is on its way.',
} as const

/**
 * Password reset by mail: ask for a link, then set the password with the token from it. Both routes are public;
 * the first answers the same whatever the address, so it tells nobody which addresses have accounts.
 */
export async function passwordResetRoutes(
  app: FastifyInstance,
  options: { publicUrl: string | undefined },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock } = app.ctx

  // The IP limit runs first (route config, before the body is read); this one needs the validated address.
  const perAddress = app.createRateLimit({
    max: RESET_REQUESTS_PER_ADDRESS,
    timeWindow: RESET_WINDOW,
    keyGenerator: (request) => (request.body as { email: string }).email.toLowerCase(),
  })

  // Mails go out after the answer: an SMTP round trip only for existing accounts would tell them apart by timing.
  // Closing the app waits for the ones still on their way.
  const sending = new Set<Promise<void>>()
  app.addHook('onClose', async () => {
    await Promise.allSettled([...sending])
  })
  const sendLater = (message: MailMessage, log: FastifyBaseLogger) => {
    const mailer = app.ctx.mailer
    if (!mailer) return
    const delivery = mailer
      .send(message)
      .catch((error: unknown) => log.warn({ err: mailFailureFields(error) }, 'password reset mail not sent'))
      .finally(() => sending.delete(delivery))
    sending.add(delivery)
  }

  api.post(
    '/auth/password-reset',
    {
      config: { public: true, rateLimit: { max: RESET_REQUESTS_PER_IP, timeWindow: RESET_WINDOW } },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a mail with a link to set a new password',
        description:
          'Always answers 202 with the same body, whether or not the address has an active account or mail is ' +
          'configured. The link (valid one hour, once) replaces earlier reset links of the account.',
        security: [],
        body: z.object({ email: Email }),
        response: { 202: z.object({ message: z.string() }), 400: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      refuseOverLimit(await perAddress(request))
      const { mailer } = app.ctx
      if (!mailer || !options.publicUrl) {
        request.log.warn('password reset requested, but outgoing mail is off (SMTP_URL unset): nothing sent')
        return reply.code(202).send(ACCEPTED)
      }
      const user = await store.db
        .selectFrom('users')
        .select(['id', 'org_id', 'email', 'name', 'disabled_at'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', request.body.email.toLowerCase()))
        .executeTakeFirst()
      if (user && !user.disabled_at) {
        const { token } = await store.db.transaction().execute(async (trx) => {
          const issued = await issueAccountToken(trx, clock, user, 'reset')
          await recordAudit(trx, clock, {
            orgId: user.org_id,
            actor: undefined,
            request,
            action: 'auth.password_reset_request',
            targetType: 'user',
            targetId: user.id,
          })
          return issued
        })
        // To the stored address, never the one typed: look-alike spellings must not receive the link.
        sendLater(passwordResetMail(user, accountLink(options.publicUrl, token, 'reset')), request.log)
      }
      return reply.code(202).send(ACCEPTED)
    },
  )

  api.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true, rateLimit: { max: RESET_CONFIRMS_PER_IP, timeWindow: '15 minutes' } },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from a reset or invitation mail',
        description:
          'Ends all of the account’s sessions and lifts a lockout. A second factor stays on: logging in still ' +
          'asks for it. Unknown, expired and used tokens all answer RESET_TOKEN_INVALID.',
        security: [],
        body: z.object({
          token: z.string().min(1).max(200).describe('The `token` from the link’s fragment'),
          password: Password,
        }),
        response: { 204: z.null(), 400: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      // Checked before the slow hash, so a wrong token costs no argon2 run; checked again when it is used.
      const owner = await findAccountToken(store.db, clock, request.body.token)
      const passwordHash = await hashPassword(request.body.password)
      await store.db.transaction().execute(async (trx) => {
        await consumeAccountToken(trx, clock, owner)
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: clock.now() })
          .where('org_id', '=', owner.orgId)
          .where('id', '=', owner.userId)
          .execute()
        await revokeUserSessions(trx, clock, owner.orgId, owner.userId)
        await recordAudit(trx, clock, {
          orgId: owner.orgId,
          actor: { userId: owner.userId, via: 'session' },
          request,
          action: 'auth.password_reset',
          targetType: 'user',
          targetId: owner.userId,
          details: { purpose: owner.purpose },
        })
      })
      return reply.code(204).send(null)
    },
  )
}

type LimitResult = Awaited<ReturnType<ReturnType<FastifyInstance['createRateLimit']>>>

function refuseOverLimit(result: LimitResult): void {
  if (result.isAllowed || !result.isExceeded) return
  throw new ServerError('RATE_LIMITED', 'Too many requests; try again later.', {
    details: { retryAfterSeconds: result.ttlInSeconds },
  })
}

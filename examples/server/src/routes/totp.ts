import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { renderSVG } from 'uqr'
import { z } from 'zod'
import { auditRequest } from '../audit.js'
import { actorOf } from '../auth/authenticate.js'
import { reconfirm } from '../auth/login.js'
import { generateTotpSecret, issueRecoveryCodes, totpUri, verifyTotp } from '../auth/totp.js'
import { ServerError } from '../errors.js'
import { ErrorSchema, errorResponses } from './schemas.js'

const Code = z.string().min(6).max(12).describe('The 6-digit code the authenticator app shows')
const RecoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown once; store them safely'),
})

/** TOTP enrolment (secret + otpauth URI for the QR code), confirmation, recovery codes and removal. */
export async function totpRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { store, clock, secrets } = app.ctx

  async function loadUser(orgId: string, userId: string) {
    return store.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow()
  }

  // The signed-in user's password, given again before a change of the second factor (counts towards the lockout).
  function passwordAgain(
    request: Parameters<typeof actorOf>[0],
    user: Awaited<ReturnType<typeof loadUser>>,
    password: string,
  ) {
    return reconfirm(
      store.db,
      clock,
      user,
      { kind: 'password', password, message: 'The password is wrong.' },
      request,
    )
  }

  function ownAccount(request: Parameters<typeof actorOf>[0]) {
    const actor = actorOf(request)
    if (actor.via === 'support') throw new ServerError('FORBIDDEN', 'Support access is read-only.')
    return actor
  }

  api.post(
    '/auth/totp/enrol',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: returns the secret and the otpauth:// URI to show as a QR code',
        body: z.object({ password: z.string().min(1).max(1024) }),
        response: {
          200: z.object({
            secret: z.string(),
            uri: z.string(),
            qrSvg: z.string().describe('The URI as a QR code (SVG), for authenticator apps'),
          }),
          409: ErrorSchema,
          423: ErrorSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = ownAccount(request)
      const user = await loadUser(actor.orgId, actor.userId)
      await passwordAgain(request, user, request.body.password)
      if (user.totp_secret) throw new ServerError('CONFLICT', 'TOTP is enabled already; disable it first.')
      const secret = generateTotpSecret()
      await store.db
        .updateTable('users')
        .set({ totp_pending_secret: await secrets.seal(secret, `totp:${user.id}`), updated_at: clock.now() })
        .where('id', '=', user.id)
        .where('org_id', '=', actor.orgId)
        .execute()
      // A write like any other (a pending secret replaces the previous one): audited, without the secret.
      await auditRequest(request, { action: 'user.totp_enrol', targetType: 'user', targetId: user.id })
      const uri = totpUri(secret, user.email)
      return { secret, uri, qrSvg: renderSVG(uri, { ecc: 'M' }) }
    },
  )

  api.post(
    '/auth/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Finish enrolment with a current code; returns the recovery codes once',
        body: z.object({ code: Code }),
        response: { 200: RecoveryCodes, 409: ErrorSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = ownAccount(request)
      const user = await loadUser(actor.orgId, actor.userId)
      if (!user.totp_pending_secret) throw new ServerError('CONFLICT', 'Start with POST /auth/totp/enrol.')
      const secret = await secrets.unseal(user.totp_pending_secret, `totp:${user.id}`)
      if (!verifyTotp(secret, request.body.code, clock.now())) {
        throw new ServerError('AUTH_TOTP_INVALID', 'The authenticator code is wrong.')
      }
      await store.db
        .updateTable('users')
        .set({
          totp_secret: user.totp_pending_secret,
          totp_pending_secret: null,
          totp_enabled_at: clock.now(),
          updated_at: clock.now(),
        })
        .where('id', '=', user.id)
        .where('org_id', '=', actor.orgId)
        .execute()
      const recoveryCodes = await issueRecoveryCodes(store.db, user)
      await auditRequest(request, { action: 'user.totp_enable', targetType: 'user', targetId: user.id })
      return { recoveryCodes }
    },
  )

  api.post(
    '/auth/totp/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'Replace the recovery codes (the old ones stop working)',
        body: z.object({ code: Code }),
        response: { 200: RecoveryCodes, 409: ErrorSchema, 423: ErrorSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = ownAccount(request)
      const user = await loadUser(actor.orgId, actor.userId)
      if (!user.totp_secret) throw new ServerError('CONFLICT', 'TOTP is not enabled.')
      const secret = await secrets.unseal(user.totp_secret, `totp:${user.id}`)
      await reconfirm(
        store.db,
        clock,
        user,
        { kind: 'totp', secret, code: request.body.code, message: 'The authenticator code is wrong.' },
        request,
      )
      const recoveryCodes = await issueRecoveryCodes(store.db, user)
      await auditRequest(request, {
        action: 'user.recovery_codes_reissue',
        targetType: 'user',
        targetId: user.id,
      })
      return { recoveryCodes }
    },
  )

  api.post(
    '/auth/totp/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn TOTP off (needs the password)',
        body: z.object({ password: z.string().min(1).max(1024) }),
        response: { 204: z.null(), 423: ErrorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = ownAccount(request)
      const user = await loadUser(actor.orgId, actor.userId)
      await passwordAgain(request, user, request.body.password)
      await store.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            totp_secret: null,
            totp_pending_secret: null,
            totp_enabled_at: null,
            updated_at: clock.now(),
          })
          .where('id', '=', user.id)
          .where('org_id', '=', actor.orgId)
          .execute()
        await trx
          .deleteFrom('recovery_codes')
          .where('org_id', '=', actor.orgId)
          .where('user_id', '=', user.id)
          .execute()
      })
      await auditRequest(request, { action: 'user.totp_disable', targetType: 'user', targetId: user.id })
      return reply.code(204).send(null)
    },
  )
}

import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { issueAccountToken } from '../src/auth/account-tokens.js'
import { purgeEndedCredentials } from '../src/auth/cleanup.js'
import { DAY_MS } from '../src/clock.js'
import { loggerOptions } from '../src/logging.js'
import { createSmtpMailer } from '../src/mailer.js'
import { RESET_REQUESTS_PER_ADDRESS, RESET_REQUESTS_PER_IP } from '../src/routes/password-reset.js'
import { freePort } from './support/net.js'
import { type Client, TestServer } from './support/server.js'
import { type CapturedMail, SmtpCapture } from './support/smtp-capture.js'
import { STORE_KINDS } from './support/stores.js'

const PUBLIC_URL = 'https://kontakte.mueller-soehne.de'
const ACCEPTED = {
  message: 'If the address belongs to an active account, a link to set a new password is on its way.',
}
const LINK =
  /https:\/\/kontakte\.mueller-soehne\.de\/app\/reset-password\.html#token=([A-Za-z0-9_-]{43})(&invite=1)?/
// What the audit watch of the test harness notes for a reset request that, on purpose, wrote nothing.
const WROTE_NOTHING = 'POST /auth/password-reset answered 202 without an audit entry'

/** The token in a mail's plain-text link. */
function tokenOf(mail: CapturedMail | undefined): string {
  const token = mail && LINK.exec(mail.text)?.[1]
  if (!token) throw new Error('no link in the mail')
  return token
}

describe.each(STORE_KINDS)('password reset and invitations by mail on the %s store', (kind) => {
  const server = new TestServer(kind)
  const smtp = new SmtpCapture()
  const log: string[] = []
  let admin: Client
  // Each request comes from its own address unless a test pins one, so the per-IP limits stay out of the way.
  let requests = 0
  const nextIp = () => {
    requests += 1
    return `10.20.${Math.floor(requests / 250)}.${(requests % 250) + 1}`
  }

  const requestReset = (email: string, ip = nextIp(), app = server.app) =>
    app.inject({ method: 'POST', url: '/auth/password-reset', payload: { email }, remoteAddress: ip })
  const confirm = (token: string, password: string, ip = nextIp()) =>
    server.app.inject({
      method: 'POST',
      url: '/auth/password-reset/confirm',
      payload: { token, password },
      remoteAddress: ip,
    })
  const login = (email: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
  /** Creates a user with a password, as an admin does. */
  const createUser = async (email: string, name: string, password = 'Herbst-Nebel-2026!') => {
    const created = await admin.request('POST', '/users', { email, name, role: 'user', password })
    expect(created.statusCode).toBe(201)
    return { id: created.json().id as string, email, password }
  }
  /** Asks for a reset link and returns the token from the mail that arrives. */
  const mailedToken = async (email: string) => {
    const before = smtp.to(email).length
    expect((await requestReset(email)).statusCode).toBe(202)
    return tokenOf((await smtp.waitFor(email, before + 1))[before])
  }
  /** Claims the harness's notes for `count` reset requests that wrote nothing (see WROTE_NOTHING). */
  const expectWroteNothing = (count: number, on = server) => {
    expect(on.unaudited.splice(0)).toEqual(Array.from({ length: count }, () => WROTE_NOTHING))
  }

  beforeAll(async () => {
    await smtp.start()
    await server.start({
      mailer: createSmtpMailer({
        url: smtp.url(),
        from: 'contactkit <no-reply@mueller-soehne.de>',
        allowPlaintext: true,
        timeoutMs: 5000,
      }),
      publicUrl: PUBLIC_URL,
      logger: loggerOptions('info', { write: (line) => log.push(line) }),
    })
    admin = await server.createOrganisation('Müller & Söhne GmbH & Co. KG', 'anna.schmidt@mueller-soehne.de')
  }, 60_000)
  // Tests move the clock, which ends idle sessions: start each test with a fresh admin session.
  beforeEach(async () => {
    admin = await server.login(admin.email, admin.password)
  })
  afterAll(async () => {
    await server.stop()
    await smtp.stop()
  })

  describe('POST /auth/password-reset', () => {
    it('mails an active user a one-hour link whose token only the mail holds', async () => {
      const user = await createUser('juergen.weiss@mueller-soehne.de', 'Jürgen Weiß')
      // The address as typed may differ in case; the mail goes to the stored one.
      const response = await requestReset('Juergen.Weiss@Mueller-Soehne.DE')
      expect(response.statusCode).toBe(202)
      expect(response.json()).toEqual(ACCEPTED)
      const [mail] = await smtp.waitFor(user.email)
      expect(mail).toMatchObject({
        to: [user.email],
        from: '"contactkit" <no-reply@mueller-soehne.de>',
        subject: 'Neues Passwort für contactkit / Reset your contactkit password',
      })
      expect(mail?.text).toContain('Hallo Jürgen Weiß,')
      expect(mail?.text).toContain('Hello Jürgen Weiß,')
      expect(mail?.text).not.toContain('invite=1')
      const token = tokenOf(mail)
      expect(mail?.html).toContain(`href="${PUBLIC_URL}/app/reset-password.html#token=${token}"`)

      const stored = await server.store.db
        .selectFrom('account_tokens')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute()
      expect(stored).toEqual([
        expect.objectContaining({
          purpose: 'reset',
          token_hash: createHash('sha256').update(token).digest('hex'),
          created_at: server.clock.now(),
          expires_at: new Date(server.clock.now().getTime() + 60 * 60 * 1000),
          used_at: null,
        }),
      ])
      const audit = await admin.request('GET', '/audit?action=auth.password_reset_request')
      expect(audit.json().entries).toContainEqual(expect.objectContaining({ targetId: user.id, details: {} }))
    })

    it('answers an unknown address exactly like a known one and mails nothing', async () => {
      const known = await createUser('lena.krueger@mueller-soehne.de', 'Lena Krüger')
      const mailsBefore = smtp.messages.length
      const unknown = await requestReset('niemand@mueller-soehne.de')
      const existing = await requestReset(known.email)
      expect(unknown.statusCode).toBe(existing.statusCode)
      expect(unknown.body).toBe(existing.body)
      await smtp.waitFor(known.email)
      expect(smtp.messages.slice(mailsBefore).map((mail) => mail.to)).toEqual([[known.email]])
      expectWroteNothing(1)
    })

    it('mails nothing to a disabled user, and a link sent before disabling stops working', async () => {
      const user = await createUser('karl.mayer@mueller-soehne.de', 'Karl Mayer')
      const earlier = await mailedToken(user.email)
      expect((await admin.request('PATCH', `/users/${user.id}`, { disabled: true })).statusCode).toBe(200)
      const response = await requestReset(user.email)
      expect(response.json()).toEqual(ACCEPTED)
      const sentinel = await createUser('sabine.vogel@mueller-soehne.de', 'Sabine Vogel')
      await mailedToken(sentinel.email)
      expect(smtp.to(user.email)).toHaveLength(1)
      expectWroteNothing(1)
      expect((await confirm(earlier, 'Neues-Passwort-Karl-2026')).json().error.code).toBe(
        'RESET_TOKEN_INVALID',
      )
    })

    it('replaces an earlier link with the newer one', async () => {
      const user = await createUser('petra.hoffmann@mueller-soehne.de', 'Petra Hoffmann')
      const first = await mailedToken(user.email)
      const second = await mailedToken(user.email)
      expect(second).not.toBe(first)
      expect((await confirm(first, 'Frühling-im-Park-2026')).json().error.code).toBe('RESET_TOKEN_INVALID')
      expect((await confirm(second, 'Frühling-im-Park-2026')).statusCode).toBe(204)
    })

    it(`answers 429 after ${RESET_REQUESTS_PER_ADDRESS} requests for one address, from any client address`, async () => {
      const codes: number[] = []
      for (let attempt = 0; attempt <= RESET_REQUESTS_PER_ADDRESS; attempt++)
        codes.push((await requestReset('ziel.person@beispiel.de')).statusCode)
      expect(codes).toEqual([...Array(RESET_REQUESTS_PER_ADDRESS).fill(202), 429])
      const limited = await requestReset('Ziel.Person@Beispiel.de')
      expect(limited.json().error.code).toBe('RATE_LIMITED')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
      expectWroteNothing(RESET_REQUESTS_PER_ADDRESS)
    })

    it(`answers 429 after ${RESET_REQUESTS_PER_IP} requests from one client address`, async () => {
      const codes: number[] = []
      for (let attempt = 0; attempt <= RESET_REQUESTS_PER_IP; attempt++)
        codes.push((await requestReset(`person.${attempt}@beispiel.de`, '192.0.2.77')).statusCode)
      expect(codes).toEqual([...Array(RESET_REQUESTS_PER_IP).fill(202), 429])
      expectWroteNothing(RESET_REQUESTS_PER_IP)
    })
  })

  describe('POST /auth/password-reset/confirm', () => {
    it('sets the new password, ends every session and uses the token once', async () => {
      const user = await createUser('franziska.mueller@mueller-soehne.de', 'Franziska Müller')
      const session = await server.login(user.email, user.password)
      const token = await mailedToken(user.email)
      const password = 'Winter-Sonne-über-Köln-2026'

      expect((await confirm(token, password)).statusCode).toBe(204)
      expect((await session.request('GET', '/auth/session')).statusCode).toBe(401)
      expect((await login(user.email, user.password)).statusCode).toBe(401)
      expect((await login(user.email, password)).statusCode).toBe(200)

      const again = await confirm(token, 'Noch-ein-Passwort-2026')
      expect(again.statusCode).toBe(400)
      expect(again.json()).toEqual({
        error: {
          code: 'RESET_TOKEN_INVALID',
          message: 'The link is unknown, expired or used already; ask for a new one.',
        },
      })
      expect((await login(user.email, password)).statusCode).toBe(200)
      const audit = await admin.request('GET', '/audit?action=auth.password_reset')
      expect(audit.json().entries).toContainEqual(
        expect.objectContaining({ targetId: user.id, details: { purpose: 'reset' } }),
      )
    })

    it('refuses a token after its hour, and an unknown one the same way', async () => {
      const user = await createUser('thomas.schaefer@mueller-soehne.de', 'Thomas Schäfer')
      const token = await mailedToken(user.email)
      server.clock.advance(60 * 60 * 1000 + 1000)
      const expired = await confirm(token, 'Zu-spät-gekommen-2026')
      const unknown = await confirm('A'.repeat(43), 'Zu-spät-gekommen-2026')
      expect(expired.statusCode).toBe(400)
      expect(expired.body).toBe(unknown.body)
      expect((await login(user.email, user.password)).statusCode).toBe(200)
    })

    it('lifts a lockout', async () => {
      const user = await createUser('ingrid.bauer@mueller-soehne.de', 'Ingrid Bauer')
      for (let attempt = 0; attempt < 5; attempt++) await login(user.email, 'falsch-falsch-falsch')
      expect((await login(user.email, user.password)).statusCode).toBe(423)
      const token = await mailedToken(user.email)
      expect((await confirm(token, 'Wieder-zugänglich-2026')).statusCode).toBe(204)
      expect((await login(user.email, 'Wieder-zugänglich-2026')).statusCode).toBe(200)
    })

    it('applies the password policy', async () => {
      const user = await createUser('otto.klein@mueller-soehne.de', 'Otto Klein')
      const token = await mailedToken(user.email)
      const short = await confirm(token, 'kurz')
      expect(short.statusCode).toBe(400)
      expect(short.json().error.issues.map((issue: { path: string }) => issue.path)).toEqual([
        'body.password',
      ])
      expect((await confirm(token, 'Lang-genug-und-gültig-2026')).statusCode).toBe(204)
    })
  })

  describe('invitations (POST /users without a password)', () => {
    it('mails a seven-day link; the user logs in only after choosing a password', async () => {
      const email = 'juergen.weiss@lieferant-sued.de'
      const created = await admin.request('POST', '/users', { email, name: 'Jürgen Weiß', role: 'user' })
      expect(created.statusCode).toBe(201)
      const userId = created.json().id as string
      const [mail] = await smtp.waitFor(email)
      expect(mail?.subject).toBe(
        'Einladung zu contactkit / Your invitation to contactkit: Müller & Söhne GmbH & Co. KG',
      )
      expect(mail?.text).toContain(
        'Admin Müller & Söhne GmbH & Co. KG hat Sie zu contactkit eingeladen (Müller & Söhne GmbH & Co. KG).',
      )
      expect(LINK.exec(mail?.text ?? '')?.[2]).toBe('&invite=1')
      const token = tokenOf(mail)
      expect(mail?.html).toContain(`#token=${token}&amp;invite=1"`)
      const stored = await server.store.db
        .selectFrom('account_tokens')
        .select(['purpose', 'expires_at'])
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
      expect(stored).toEqual({
        purpose: 'invite',
        expires_at: new Date(server.clock.now().getTime() + 7 * DAY_MS),
      })
      const hash = await server.store.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      expect(hash.password_hash).toMatch(/^\$argon2id\$/)

      expect((await login(email, 'Irgendein-Passwort-2026')).statusCode).toBe(401)
      expect((await confirm(token, 'Mein-erstes-Passwort-2026')).statusCode).toBe(204)
      expect((await login(email, 'Mein-erstes-Passwort-2026')).statusCode).toBe(200)

      const invite = await admin.request('GET', '/audit?action=user.invite')
      expect(invite.json().entries).toContainEqual(
        expect.objectContaining({ targetId: userId, details: { role: 'user' } }),
      )
      const accepted = await admin.request('GET', '/audit?action=auth.password_reset')
      expect(accepted.json().entries).toContainEqual(
        expect.objectContaining({ targetId: userId, details: { purpose: 'invite' } }),
      )
    })

    it('keeps an invitation valid when the user also asks for a reset, until one of them is used', async () => {
      const email = 'maria.gruber@lieferant-sued.de'
      await admin.request('POST', '/users', { email, name: 'Maria Gruber', role: 'reporter' })
      const invite = tokenOf((await smtp.waitFor(email))[0])
      const reset = await mailedToken(email)
      expect((await confirm(reset, 'Über-den-Reset-2026')).statusCode).toBe(204)
      expect((await confirm(invite, 'Über-die-Einladung-2026')).json().error.code).toBe('RESET_TOKEN_INVALID')
    })

    it('takes the user back and answers 502 when the invitation cannot be sent; reset mails fail quietly', async () => {
      const broken = new TestServer(kind)
      const brokenLog: string[] = []
      await broken.start({
        store: server.store,
        mailer: createSmtpMailer({
          url: `smtp://127.0.0.1:${await freePort()}`,
          from: 'no-reply@mueller-soehne.de',
          allowPlaintext: true,
          timeoutMs: 2000,
        }),
        publicUrl: PUBLIC_URL,
        logger: loggerOptions('warn', { write: (line) => brokenLog.push(line) }),
      })
      const resetFor = await createUser('ohne.zustellung@mueller-soehne.de', 'Olaf Ohnezustellung')
      try {
        const brokenAdmin = await broken.login(admin.email, admin.password)
        const email = 'nicht.zugestellt@lieferant-sued.de'
        const response = await brokenAdmin.request('POST', '/users', {
          email,
          name: 'Nicht Zugestellt',
          role: 'user',
        })
        expect(response.statusCode).toBe(502)
        expect(response.json().error.code).toBe('MAIL_UNAVAILABLE')
        const users = (await admin.request('GET', '/users')).json().users as Array<{ email: string }>
        expect(users.map((user) => user.email)).not.toContain(email)
        const failed = await admin.request('GET', '/audit?action=user.invite_failed')
        expect(failed.json().entries).toEqual([expect.objectContaining({ details: { mailCode: 'ESOCKET' } })])

        // The reset answer cannot wait for the mail (timing would tell accounts apart): the failure is only logged.
        const reset = await requestReset(resetFor.email, nextIp(), broken.app)
        expect(reset.json()).toEqual(ACCEPTED)
      } finally {
        await broken.stop()
      }
      const failures = brokenLog.filter((line) => line.includes('mail not sent'))
      expect(failures.map((line) => JSON.parse(line).err)).toEqual([
        { type: 'ServerError', code: 'MAIL_UNAVAILABLE', mailCode: 'ESOCKET' },
        { type: 'ServerError', code: 'MAIL_UNAVAILABLE', mailCode: 'ESOCKET' },
      ])
      expect(brokenLog.join('')).not.toContain(resetFor.email)
      expect(brokenLog.join('')).not.toContain('nicht.zugestellt')
    })
  })

  describe('without a mailer', () => {
    const plain = new TestServer(kind)
    const plainLog: string[] = []
    beforeAll(async () => {
      await plain.start({
        store: server.store,
        logger: loggerOptions('warn', { write: (line) => plainLog.push(line) }),
      })
    })
    afterAll(() => plain.stop())

    it('refuses invitations with 409', async () => {
      const plainAdmin = await plain.login(admin.email, admin.password)
      const response = await plainAdmin.request('POST', '/users', {
        email: 'ohne.mail@lieferant-sued.de',
        name: 'Ohne Mail',
        role: 'user',
      })
      expect(response.statusCode).toBe(409)
      expect(response.json().error).toEqual({
        code: 'CONFLICT',
        message: 'Invitations need SMTP (SMTP_URL); give the user a password instead.',
      })
    })

    it('answers reset requests with 202, writes nothing and warns without the address', async () => {
      const user = await createUser('ohne.smtp@mueller-soehne.de', 'Ohne Smtp')
      const mailsBefore = smtp.messages.length
      const response = await requestReset(user.email, nextIp(), plain.app)
      expect(response.statusCode).toBe(202)
      expect(response.json()).toEqual(ACCEPTED)
      expectWroteNothing(1, plain)
      const tokens = await server.store.db
        .selectFrom('account_tokens')
        .select('id')
        .where('user_id', '=', user.id)
        .execute()
      expect(tokens).toEqual([])
      const warnings = plainLog.filter((line) => line.includes('outgoing mail is off'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('"level":40')
      expect(plainLog.join('')).not.toContain(user.email)
      expect(smtp.messages.length).toBe(mailsBefore)
    })
  })

  it('keeps tokens, passwords and mailed addresses out of the audit log and the server log', async () => {
    const user = await createUser('geheim.halter@mueller-soehne.de', 'Geheim Halter')
    const token = await mailedToken(user.email)
    const password = 'Streng-vertraulich-2026!'
    expect((await confirm(token, password)).statusCode).toBe(204)
    const invited = 'einladung.geheim@lieferant-sued.de'
    await admin.request('POST', '/users', { email: invited, name: 'Eingeladene Person', role: 'user' })
    const inviteToken = tokenOf((await smtp.waitFor(invited))[0])

    const audit = JSON.stringify(await server.store.db.selectFrom('audit_log').selectAll().execute())
    const serverLog = log.join('')
    for (const secret of [token, inviteToken, password, createHash('sha256').update(token).digest('hex')]) {
      expect(audit).not.toContain(secret)
      expect(serverLog).not.toContain(secret)
    }
    expect(serverLog).not.toContain(user.email)
    expect(serverLog).not.toContain(invited)
  })

  describe('purgeEndedCredentials', () => {
    it('removes account tokens a day after they expired or were used, and keeps live ones', async () => {
      const user = await createUser('aufraeumen@mueller-soehne.de', 'Rüdiger Aufräumer')
      const owner = { id: user.id, org_id: admin.orgId }
      const used = await mailedToken(user.email)
      expect((await confirm(used, 'Aufgeräumt-und-sauber-2026')).statusCode).toBe(204)
      await issueAccountToken(server.store.db, server.clock, owner, 'reset')
      await issueAccountToken(server.store.db, server.clock, owner, 'invite')
      const live = () =>
        server.store.db
          .selectFrom('account_tokens')
          .select('purpose')
          .where('user_id', '=', user.id)
          .orderBy('purpose')
          .execute()

      server.clock.advance(DAY_MS)
      await purgeEndedCredentials(server.store.db, server.clock)
      expect(await live()).toEqual([{ purpose: 'invite' }, { purpose: 'reset' }, { purpose: 'reset' }])
      server.clock.advance(60 * 60 * 1000 + 1000)
      // The used token (a day and an hour ago) and the reset token (expired a day ago) go; the invitation stays.
      expect(
        (await purgeEndedCredentials(server.store.db, server.clock)).accountTokens,
      ).toBeGreaterThanOrEqual(2)
      expect(await live()).toEqual([{ purpose: 'invite' }])
      server.clock.advance(7 * DAY_MS)
      await purgeEndedCredentials(server.store.db, server.clock)
      expect(await live()).toEqual([])
    })
  })
})

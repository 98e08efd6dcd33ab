import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TOKEN_CACHE_MS } from '../src/auth/authenticate.js'
import { currentTotp } from '../src/auth/totp.js'
import { DAY_MS } from '../src/clock.js'
import { ensureSetupToken, issueSetupToken } from '../src/setup.js'
import { type Client, cookieOf, TestServer } from './support/server.js'
import { STORE_KINDS } from './support/stores.js'

describe.each(STORE_KINDS)('accounts and sessions on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Müller & Söhne GmbH & Co. KG', 'anna.schmidt@mueller-soehne.de')
  }, 60_000)
  // Tests move the clock, which ends idle sessions: start each test with a fresh admin session.
  beforeEach(async () => {
    admin = await server.login(admin.email, admin.password)
  })
  afterAll(() => server.stop())

  const login = (email: string, password: string, extra: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password, ...extra } })

  describe('setup', () => {
    it('prints no setup token once an organisation exists', async () => {
      expect(await ensureSetupToken(server.store.db, server.clock)).toBeUndefined()
    })

    it('accepts a setup token once', async () => {
      const token = await issueSetupToken(server.store.db, server.clock)
      const payload = {
        token,
        organisationName: 'Beispiel AG',
        admin: { name: 'Jörg Weiß', email: 'joerg.weiss@beispiel.de', password: 'Lange-Passphrase-2026' },
      }
      const first = await server.app.inject({ method: 'POST', url: '/setup', payload })
      expect(first.statusCode).toBe(201)
      expect(first.json().user.role).toBe('admin')
      const again = await server.app.inject({
        method: 'POST',
        url: '/setup',
        payload: { ...payload, admin: { ...payload.admin, email: 'zweiter@beispiel.de' } },
      })
      expect(again.statusCode).toBe(401)
      expect(again.json().error.code).toBe('SETUP_TOKEN_INVALID')
    })

    it('rejects an expired setup token', async () => {
      const token = await issueSetupToken(server.store.db, server.clock)
      server.clock.advance(DAY_MS + 1000)
      const response = await server.app.inject({
        method: 'POST',
        url: '/setup',
        payload: {
          token,
          organisationName: 'Zu Spät KG',
          admin: { name: 'Eva Braun', email: 'eva@zu-spaet.de', password: 'Lange-Passphrase-2026' },
        },
      })
      expect(response.json().error.code).toBe('SETUP_TOKEN_INVALID')
    })

    it('refuses short passwords and names the field', async () => {
      const token = await issueSetupToken(server.store.db, server.clock)
      const response = await server.app.inject({
        method: 'POST',
        url: '/setup',
        payload: {
          token,
          organisationName: 'Kurz GmbH',
          admin: { name: 'K', email: 'k@kurz.de', password: 'geheim' },
        },
      })
      expect(response.statusCode).toBe(400)
      expect(response.json().error.issues.map((issue: { path: string }) => issue.path)).toEqual([
        'body.admin.password',
      ])
    })
  })

  describe('login', () => {
    it('sets an httpOnly, Secure, SameSite=Strict session cookie and never returns the hash', async () => {
      const response = await login(admin.email, admin.password)
      expect(response.statusCode).toBe(200)
      const cookie = response.cookies.find((entry) => entry.name === '__Host-ck_session')
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
      expect(response.body).not.toMatch(/argon2|password_hash/)
    })

    it('stores the password as an argon2id PHC string, never in clear', async () => {
      const stored = await server.store.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', admin.userId)
        .executeTakeFirstOrThrow()
      // The suites hash with a lower cost (support/server.ts); production's is checked in password.test.ts.
      expect(stored.password_hash).toMatch(
        /^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
      )
      expect(stored.password_hash).not.toContain(admin.password)
    })

    it('matches the e-mail address case-insensitively', async () => {
      expect((await login('Anna.Schmidt@Mueller-Soehne.DE', admin.password)).statusCode).toBe(200)
    })

    it('answers the same for an unknown address and a wrong password', async () => {
      const unknown = await login('niemand@mueller-soehne.de', admin.password)
      const wrong = await login(admin.email, 'falsches-passwort-123')
      expect(unknown.statusCode).toBe(401)
      expect(wrong.json()).toEqual(unknown.json())
    })

    it('locks the account after five failures for 15 minutes, then lets the right password in', async () => {
      const user = await server.createUser(admin, 'user', 'lukas.bauer@mueller-soehne.de')
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await login(user.email, 'falsch-falsch-falsch')).statusCode).toBe(401)
      }
      const locked = await login(user.email, user.password)
      expect(locked.statusCode).toBe(423)
      expect(locked.json().error.code).toBe('AUTH_LOCKED')
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
      server.clock.advance(15 * 60 * 1000 + 1000)
      expect((await login(user.email, user.password)).statusCode).toBe(200)
      const audit = await admin.request('GET', '/audit?action=auth.locked')
      expect(audit.json().entries[0]).toMatchObject({ targetId: user.userId, actorKind: 'system' })
    })

    it('counts wrong passwords and codes given again in a session towards the same lockout', async () => {
      // A stolen session must not become an unlimited password or second-factor oracle.
      const user = await server.createUser(admin, 'user', 'ines.wagner@mueller-soehne.de')
      const guesses: [string, Record<string, string>][] = [
        ['/auth/totp/enrol', { password: 'falsch-falsch-1' }],
        ['/auth/password', { currentPassword: 'falsch-falsch-2', newPassword: 'Neue-Passphrase-2026' }],
        ['/auth/totp/disable', { password: 'falsch-falsch-3' }],
        ['/auth/totp/enrol', { password: 'falsch-falsch-4' }],
      ]
      for (const [url, body] of guesses) {
        expect((await user.request('POST', url, body)).json().error.code).toBe('AUTH_INVALID_CREDENTIALS')
      }
      // A right answer clears the count, as a successful login does.
      expect((await user.request('POST', '/auth/totp/enrol', { password: user.password })).statusCode).toBe(
        200,
      )
      for (let attempt = 0; attempt < 5; attempt++) {
        const wrong = await user.request('POST', '/auth/totp/enrol', { password: `falsch-${attempt}-falsch` })
        expect(wrong.statusCode).toBe(401)
      }
      const locked = await user.request('POST', '/auth/totp/enrol', { password: user.password })
      expect(locked.statusCode).toBe(423)
      expect(locked.json().error.code).toBe('AUTH_LOCKED')
      expect((await login(user.email, user.password)).statusCode).toBe(423)
      const audit = await admin.request('GET', '/audit?action=auth.login_failed')
      expect(audit.json().entries).toContainEqual(
        expect.objectContaining({ targetId: user.userId, details: { reason: 'password_reconfirm' } }),
      )
      server.clock.advance(15 * 60 * 1000 + 1000)
      expect((await login(user.email, user.password)).statusCode).toBe(200)
    })

    it('counts wrong authenticator codes when recovery codes are reissued', async () => {
      const user = await server.createUser(admin, 'user', 'timo.keller@mueller-soehne.de')
      const { secret } = (await user.request('POST', '/auth/totp/enrol', { password: user.password })).json()
      const confirm = await user.request('POST', '/auth/totp/confirm', {
        code: currentTotp(secret, server.clock.now()),
      })
      expect(confirm.statusCode).toBe(200)
      const current = currentTotp(secret, server.clock.now())
      const wrongCode = current === '000000' ? '111111' : '000000'
      for (let attempt = 0; attempt < 5; attempt++) {
        const wrong = await user.request('POST', '/auth/totp/recovery-codes', { code: wrongCode })
        expect(wrong.json().error.code).toBe('AUTH_TOTP_INVALID')
      }
      const locked = await user.request('POST', '/auth/totp/recovery-codes', { code: current })
      expect(locked.json().error.code).toBe('AUTH_LOCKED')
      const audit = await admin.request('GET', '/audit?action=auth.locked')
      expect(audit.json().entries).toContainEqual(
        expect.objectContaining({ targetId: user.userId, details: { reason: 'totp_reconfirm' } }),
      )
    })

    it('rate-limits login attempts per address', async () => {
      const limited = new TestServer(kind)
      await limited.start({ loginRateLimit: 3, store: server.store })
      try {
        const codes: number[] = []
        for (let attempt = 0; attempt < 4; attempt++) {
          const response = await limited.app.inject({
            method: 'POST',
            url: '/auth/login',
            payload: { email: 'x@example.de', password: 'irgendwas-langes' },
          })
          codes.push(response.statusCode)
        }
        expect(codes).toEqual([401, 401, 401, 429])
      } finally {
        await limited.stop()
      }
    }, 60_000)
  })

  describe('sessions', () => {
    it('revokes the session on logout', async () => {
      const client = await server.login(admin.email, admin.password)
      expect((await client.request('POST', '/auth/logout')).statusCode).toBe(204)
      expect((await client.request('GET', '/auth/session')).statusCode).toBe(401)
    })

    it('ends a session after 12 idle hours', async () => {
      const client = await server.login(admin.email, admin.password)
      server.clock.advance(11 * 60 * 60 * 1000)
      expect((await client.request('GET', '/auth/session')).statusCode).toBe(200)
      server.clock.advance(12 * 60 * 60 * 1000 + 1000)
      expect((await client.request('GET', '/auth/session')).statusCode).toBe(401)
    })

    it('lets a user revoke another of their sessions', async () => {
      const laptop = await server.login(admin.email, admin.password)
      const phone = await server.login(admin.email, admin.password)
      const sessions = (await laptop.request('GET', '/auth/sessions')).json().sessions as Array<{
        id: string
        current: boolean
      }>
      const phoneSession = (await phone.request('GET', '/auth/sessions'))
        .json()
        .sessions.find((session: { current: boolean }) => session.current)
      expect(sessions.some((session) => session.id === phoneSession.id && !session.current)).toBe(true)
      expect((await laptop.request('DELETE', `/auth/sessions/${phoneSession.id}`)).statusCode).toBe(204)
      expect((await phone.request('GET', '/auth/session')).statusCode).toBe(401)
      expect((await laptop.request('GET', '/auth/session')).statusCode).toBe(200)
    })

    it('revokes other sessions when the password changes', async () => {
      const user = await server.createUser(admin, 'user', 'petra.koenig@mueller-soehne.de')
      const other = await server.login(user.email, user.password)
      const changed = await user.request('POST', '/auth/password', {
        currentPassword: user.password,
        newPassword: 'Neue-Passphrase-Über-12',
      })
      expect(changed.statusCode).toBe(204)
      expect((await other.request('GET', '/auth/session')).statusCode).toBe(401)
      expect((await user.request('GET', '/auth/session')).statusCode).toBe(200)
      expect((await login(user.email, 'Neue-Passphrase-Über-12')).statusCode).toBe(200)
    })

    it('refuses cookie-authenticated writes without the CSRF token', async () => {
      const noHeader = await server.app.inject({
        method: 'POST',
        url: '/lists',
        headers: { cookie: admin.cookie },
        payload: { name: 'Messe München 2026' },
      })
      expect(noHeader.statusCode).toBe(403)
      expect(noHeader.json().error.code).toBe('CSRF_FAILED')
      const wrong = await admin.request(
        'POST',
        '/lists',
        { name: 'Messe München 2026' },
        { 'x-csrf-token': 'ck_csrf_falsch' },
      )
      expect(wrong.statusCode).toBe(403)
      expect((await admin.request('POST', '/lists', { name: 'Messe München 2026' })).statusCode).toBe(201)
    })

    it('ends the sessions and tokens of a disabled user', async () => {
      const user = await server.createUser(admin, 'user', 'max.mustermann@mueller-soehne.de')
      const token = (await user.request('POST', '/tokens', { name: 'CRM-Sync' })).json().token as string
      const disabled = await admin.request('PATCH', `/users/${user.userId}`, { disabled: true })
      expect(disabled.json().disabled).toBe(true)
      expect((await user.request('GET', '/auth/session')).statusCode).toBe(401)
      const withToken = await server.app.inject({
        method: 'GET',
        url: '/lists',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(withToken.statusCode).toBe(401)
      expect((await login(user.email, user.password)).statusCode).toBe(401)
    })

    it('keeps at least one active admin', async () => {
      const response = await admin.request('PATCH', `/users/${admin.userId}`, { role: 'user' })
      expect(response.statusCode).toBe(409)
    })
  })

  describe('API tokens', () => {
    it('authenticates machine clients without CSRF, stores only a hash, and stops after revocation', async () => {
      const created = await admin.request('POST', '/tokens', { name: 'Import-Skript', expiresInDays: 30 })
      expect(created.statusCode).toBe(201)
      const { token, id } = created.json() as { token: string; id: string }
      expect(token).toMatch(/^ck_api_/)
      const stored = await server.store.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(stored.token_hash).not.toContain(token)
      const headers = { authorization: `Bearer ${token}` }
      const write = await server.app.inject({
        method: 'POST',
        url: '/lists',
        headers,
        payload: { name: 'Aus der API' },
      })
      expect(write.statusCode).toBe(201)
      expect(
        (await admin.request('GET', '/tokens')).json().tokens.map((entry: { id: string }) => entry.id),
      ).toContain(id)
      expect((await admin.request('DELETE', `/tokens/${id}`)).statusCode).toBe(204)
      expect((await server.app.inject({ method: 'GET', url: '/lists', headers })).statusCode).toBe(401)
    })

    it('expires tokens', async () => {
      const { token } = (
        await admin.request('POST', '/tokens', { name: 'Kurzlebig', expiresInDays: 1 })
      ).json()
      server.clock.advance(DAY_MS + 1000)
      const response = await server.app.inject({
        method: 'GET',
        url: '/lists',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(response.statusCode).toBe(401)
    })

    it('writes last_used_at on first use, then at most once a minute', async () => {
      const { token, id } = (
        await admin.request('POST', '/tokens', { name: 'CRM-Abgleich', expiresInDays: 30 })
      ).json() as { token: string; id: string }
      const lastUsed = async () =>
        (
          await server.store.db
            .selectFrom('api_tokens')
            .select('last_used_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).last_used_at?.toISOString() ?? null
      const call = async () => {
        const response = await server.app.inject({
          method: 'GET',
          url: '/lists',
          headers: { authorization: `Bearer ${token}` },
        })
        expect(response.statusCode).toBe(200)
      }
      expect(await lastUsed()).toBeNull()
      const first = server.clock.now().toISOString()
      await call()
      expect(await lastUsed()).toBe(first)
      // Requests within the minute leave the stamp alone.
      server.clock.advance(30_000)
      await call()
      server.clock.advance(29_000)
      await call()
      expect(await lastUsed()).toBe(first)
      // The first request a minute or more after the stamp writes it again.
      server.clock.advance(1_000)
      const later = server.clock.now().toISOString()
      await call()
      expect(await lastUsed()).toBe(later)
    })

    it('ends a token revoked by another server process within the cache time', async () => {
      const { token, id } = (
        await admin.request('POST', '/tokens', { name: 'Zweiter Prozess', expiresInDays: 30 })
      ).json() as { token: string; id: string }
      const call = async () =>
        (
          await server.app.inject({
            method: 'GET',
            url: '/lists',
            headers: { authorization: `Bearer ${token}` },
          })
        ).statusCode
      expect(await call()).toBe(200)
      // Another process revokes it in the database: this process does not see a write it could react to.
      await server.store.db
        .updateTable('api_tokens')
        .set({ revoked_at: server.clock.now() })
        .where('id', '=', id)
        .execute()
      server.clock.advance(TOKEN_CACHE_MS)
      expect(await call()).toBe(401)
    })

    it('forgets cached tokens when a write in this process may end them', async () => {
      const user = await server.createUser(admin, 'user', 'tobias.keller@mueller-soehne.de')
      const { token } = (await user.request('POST', '/tokens', { name: 'Sync' })).json() as { token: string }
      const headers = { authorization: `Bearer ${token}` }
      expect((await server.app.inject({ method: 'GET', url: '/lists', headers })).statusCode).toBe(200)
      // Demoted to reporter: the very next request already has the new role.
      expect((await admin.request('PATCH', `/users/${user.userId}`, { role: 'reporter' })).statusCode).toBe(
        200,
      )
      const created = await server.app.inject({
        method: 'POST',
        url: '/lists',
        headers,
        payload: { name: 'X' },
      })
      expect(created.statusCode).toBe(403)
    })

    it('rejects a malformed Authorization header', async () => {
      const response = await server.app.inject({
        method: 'GET',
        url: '/lists',
        headers: { authorization: 'Basic YWRtaW4=' },
      })
      expect(response.statusCode).toBe(401)
    })
  })

  describe('TOTP', () => {
    it('enrols by URI, then requires a code, accepts each recovery code once, and can be disabled', async () => {
      const user = await server.createUser(admin, 'user', 'sabine.fischer@mueller-soehne.de')
      const enrol = await user.request('POST', '/auth/totp/enrol', { password: user.password })
      expect(enrol.statusCode).toBe(200)
      const { secret, uri } = enrol.json() as { secret: string; uri: string }
      expect(uri).toMatch(/^otpauth:\/\/totp\/contactkit:sabine\.fischer%40mueller-soehne\.de\?/)
      expect(uri).toContain(`secret=${secret}`)
      expect(enrol.json().qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/)
      const stored = await server.store.db
        .selectFrom('users')
        .select('totp_pending_secret')
        .where('id', '=', user.userId)
        .executeTakeFirstOrThrow()
      expect(stored.totp_pending_secret).not.toContain(secret)

      expect((await user.request('POST', '/auth/totp/confirm', { code: '000000' })).statusCode).toBe(401)
      const confirm = await user.request('POST', '/auth/totp/confirm', {
        code: currentTotp(secret, server.clock.now()),
      })
      expect(confirm.statusCode).toBe(200)
      const codes = confirm.json().recoveryCodes as string[]
      expect(codes).toHaveLength(10)
      // Stored only as hashes: no code, in any spelling, is in the table.
      const hashes = await server.store.db
        .selectFrom('recovery_codes')
        .select('code_hash')
        .where('user_id', '=', user.userId)
        .execute()
      expect(hashes).toHaveLength(10)
      const table = JSON.stringify(hashes).toLowerCase()
      for (const code of codes) {
        expect(table).not.toContain(code.toLowerCase())
        expect(table).not.toContain(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
      }

      const needsCode = await login(user.email, user.password)
      expect(needsCode.json().error.code).toBe('AUTH_TOTP_REQUIRED')
      const wrongCode = await login(user.email, user.password, { totpCode: '123456' })
      expect(wrongCode.json().error.code).toBe('AUTH_TOTP_INVALID')
      server.clock.advance(60_000)
      const code = currentTotp(secret, server.clock.now())
      const withCode = await login(user.email, user.password, { totpCode: code })
      expect(withCode.statusCode).toBe(200)
      const replayed = await login(user.email, user.password, { totpCode: code })
      expect(replayed.json().error.code).toBe('AUTH_TOTP_INVALID')
      server.clock.advance(30_000)

      const recovery = codes[0] as string
      expect(
        (await login(user.email, user.password, { recoveryCode: recovery.toUpperCase() })).statusCode,
      ).toBe(200)
      expect((await login(user.email, user.password, { recoveryCode: recovery })).statusCode).toBe(401)

      const session = {
        ...user,
        ...(await server.login(user.email, user.password, {
          totpCode: currentTotp(secret, server.clock.now()),
        })),
      }
      expect(
        (await session.request('POST', '/auth/totp/disable', { password: user.password })).statusCode,
      ).toBe(204)
      expect((await login(user.email, user.password)).statusCode).toBe(200)
    })
  })

  it('reports the logged-in user and organisation', async () => {
    const response = await admin.request('GET', '/auth/session')
    expect(response.json()).toMatchObject({
      user: { email: admin.email, role: 'admin', totpEnabled: false },
      organisation: { name: 'Müller & Söhne GmbH & Co. KG' },
      via: 'session',
      csrfToken: admin.csrfToken,
    })
  })

  it('hands out the session cookie on login', async () => {
    const response = await login(admin.email, admin.password)
    expect(cookieOf(response)).toMatch(/^__Host-ck_session=ck_session_/)
  })
})

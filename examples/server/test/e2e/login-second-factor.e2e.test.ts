import { describe, expect, it } from 'vitest'
import { currentTotp } from '../../src/auth/totp.js'
import { hasChromium, SKIP_REASON, useBrowserSuite } from './browser.js'

if (!hasChromium) console.warn(SKIP_REASON)

// A user who turned on the second factor logs in on the web pages: the form asks for the code once the server does,
// and takes an authenticator code or a recovery code.
describe.skipIf(!hasChromium)('logging in with a second factor in headless Chromium', () => {
  const suite = useBrowserSuite(async () => {})

  it('asks for the code after the password, refuses a wrong one, and takes a TOTP or a recovery code', async () => {
    const user = await suite.server.createUser(suite.admin, 'user', 'katrin.vogel@kontakt-werk.de')
    const { secret } = (await user.request('POST', '/auth/totp/enrol', { password: user.password })).json()
    const confirmed = await user.request('POST', '/auth/totp/confirm', {
      code: currentTotp(secret, suite.server.clock.now()),
    })
    const recoveryCodes = confirmed.json().recoveryCodes as string[]
    // The code used to confirm cannot be used again: the next time step gives a fresh one.
    suite.server.clock.advance(30_000)

    const page = await suite.context.newPage()
    await page.goto(`${suite.base}/app/merge.html`)
    const login = page.locator('#login')
    await login.waitFor()
    await expect(page.getByLabel('Authenticator code or recovery code').isVisible()).resolves.toBe(false)
    await login.getByLabel('E-mail').fill(user.email)
    await login.getByLabel('Password').fill(user.password)
    await login.getByRole('button', { name: 'Log in' }).click()
    await expect
      .poll(() => page.locator('#login-status').textContent())
      .toBe('Enter the code from your authenticator app, or one of your recovery codes.')
    const code = page.getByLabel('Authenticator code or recovery code')
    await expect(code.isVisible()).resolves.toBe(true)

    const fresh = currentTotp(secret, suite.server.clock.now())
    await code.fill(fresh === '000000' ? '111111' : '000000')
    await login.getByRole('button', { name: 'Log in' }).click()
    await expect
      .poll(() => page.locator('#login-status').textContent())
      .toContain('authenticator code is wrong')
    await code.fill(fresh)
    await login.getByRole('button', { name: 'Log in' }).click()
    await page.locator('#app:not([hidden])').waitFor()
    await expect(login.isHidden()).resolves.toBe(true)

    // Log out, then in again with a recovery code instead of the authenticator.
    await page.evaluate(async () => {
      const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string }
      await fetch('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': session.csrfToken } })
    })
    await page.reload()
    await login.waitFor()
    await login.getByLabel('E-mail').fill(user.email)
    await login.getByLabel('Password').fill(user.password)
    await login.getByRole('button', { name: 'Log in' }).click()
    await code.waitFor()
    await code.fill(recoveryCodes[0] as string)
    await login.getByRole('button', { name: 'Log in' }).click()
    await page.locator('#app:not([hidden])').waitFor()
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { accountLink } from '../../src/auth/account-mail.js'
import { issueAccountToken } from '../../src/auth/account-tokens.js'
import { hasChromium, SKIP_REASON, useBrowserSuite } from './browser.js'

if (!hasChromium) console.warn(SKIP_REASON)

// The page a reset or invitation mail links to, in headless Chromium: the token in the fragment, a new password
// typed twice, then the login works with it; the used link says so.
describe.skipIf(!hasChromium)('the reset-password page in headless Chromium', () => {
  const suite = useBrowserSuite(async () => {})

  it('sets a new password from the mailed link, once', async () => {
    const user = await suite.server.createUser(suite.admin, 'user', 'juergen.weiss@kontakt-werk.de')
    const { token } = await issueAccountToken(
      suite.server.store.db,
      suite.server.clock,
      { id: user.userId, org_id: user.orgId },
      'reset',
    )
    const link = accountLink(suite.base, token, 'reset')
    const page = await suite.context.newPage()
    await page.goto(link)
    // The token leaves the address bar before anything else happens.
    await expect.poll(() => page.url()).toBe(`${suite.base}/app/reset-password.html`)
    const newPassword = 'Frühling-über-Görlitz-2027'
    await page.getByLabel(/^Neues Passwort/).fill(newPassword)
    await page.getByLabel(/^Passwort wiederholen/).fill('something else entirely')
    await page.getByRole('button', { name: /Passwort speichern/ }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('stimmen nicht überein')
    await page.getByLabel(/^Passwort wiederholen/).fill(newPassword)
    await page.getByRole('button', { name: /Passwort speichern/ }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('The password is saved')
    await expect(suite.server.login(user.email, newPassword)).resolves.toBeDefined()

    const again = await suite.context.newPage()
    await again.goto(accountLink(suite.base, token, 'invite'))
    await expect.poll(() => again.locator('#heading').textContent()).toContain('Welcome')
    await again.getByLabel(/^Neues Passwort/).fill('Noch-ein-Versuch-2027')
    await again.getByLabel(/^Passwort wiederholen/).fill('Noch-ein-Versuch-2027')
    await again.getByRole('button', { name: /Passwort speichern/ }).click()
    await expect.poll(() => again.locator('#status').textContent()).toContain('already')
  }, 60_000)
})

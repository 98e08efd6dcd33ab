import { describe, expect, it } from 'vitest'
import { currentTotp } from '../../src/auth/totp.js'
import { hasChromium, logIn, SKIP_REASON, useBrowserSuite } from './browser.js'

if (!hasChromium) console.warn(SKIP_REASON)

// A user sets up the second factor on the account page (QR code, key, first code, recovery codes), replaces the
// recovery codes, turns it off again and changes the password, all in headless Chromium.
describe.skipIf(!hasChromium)('the account page in headless Chromium', () => {
  const suite = useBrowserSuite(async () => {})

  it('sets up, uses and removes the second factor, then changes the password', async () => {
    const user = await suite.server.createUser(suite.admin, 'user', 'jonas.hartmann@kontakt-werk.de')
    const page = await suite.context.newPage()
    await page.goto(`${suite.base}/app/account.html`)
    await logIn(page, user.email, user.password)
    await expect.poll(() => page.locator('#factor-state').textContent()).toContain('is off')

    await page.locator('#enrol-form').getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    await page.locator('#confirm-form:not([hidden])').waitFor()
    const secret = (await page.locator('#secret').textContent()) ?? ''
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    await expect(page.locator('#qr').getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml;base64,/)
    await page
      .locator('#confirm-form')
      .getByLabel('Code from the app')
      .fill(currentTotp(secret, suite.server.clock.now()))
    await page.getByRole('button', { name: 'Turn on' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toBe('The second factor is on.')
    await expect(page.locator('#recovery-codes li').count()).resolves.toBe(10)
    const firstCodes = await page.locator('#recovery-codes li').allTextContents()
    await expect(suite.server.login(user.email, user.password)).rejects.toThrow(/AUTH_TOTP_REQUIRED/)

    suite.server.clock.advance(30_000)
    await page
      .locator('#reissue-form')
      .getByLabel('Code from the app')
      .fill(currentTotp(secret, suite.server.clock.now()))
    await page.getByRole('button', { name: 'New recovery codes' }).click()
    await expect
      .poll(() => page.locator('#status').textContent())
      .toBe('New recovery codes; the old ones no longer work.')
    const newCodes = await page.locator('#recovery-codes li').allTextContents()
    expect(newCodes).toHaveLength(10)
    expect(newCodes.some((code) => firstCodes.includes(code))).toBe(false)

    await page.locator('#disable-form').getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Turn the second factor off' }).click()
    await expect.poll(() => page.locator('#factor-state').textContent()).toContain('is off')

    const newPassword = 'Winter-Sonne-über-Kiel-2026'
    await page.getByLabel('Current password').fill(user.password)
    await page.getByLabel('New password (at least 12 characters)').fill(newPassword)
    await page.getByRole('button', { name: 'Change the password' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('Password changed')
    await expect(suite.server.login(user.email, newPassword)).resolves.toBeDefined()
  }, 60_000)
})

import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { type Client, TestServer } from '../support/server.js'

/** The Debian package's browser; the tests never download one. */
export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
export const SKIP_REASON = `${CHROMIUM} not found: install the Debian package (apt-get install -y chromium) to run the browser tests`

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

/** Headless Chromium with a fresh profile folder, removed on close. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'contactkit-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  })
  return {
    context,
    async close() {
      await context.close().catch(() => {})
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * Serves the test server's app on a free port for the browser. The browser's clock is real, so the test clock
 * is set to now first: a session cookie must not expire before the browser sees it.
 */
export async function listenForBrowser(server: TestServer): Promise<string> {
  server.clock.current = new Date()
  return server.app.listen({ port: 0, host: '127.0.0.1' })
}

/** Logs in through a page's login form unless the browser has a session already. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  // A context that logged in before keeps its session: the page then shows the app at once.
  await page.locator('#login:not([hidden]), #app:not([hidden])').first().waitFor()
  const login = page.locator('#login')
  if (!(await login.isVisible())) return
  await login.getByLabel('E-mail').fill(email)
  await login.getByLabel('Password').fill(password)
  await login.getByLabel('Password').press('Enter')
  await page.locator('#app').waitFor()
}

/** What a browser test works with: the server, its organisation's admin, the base URL and the browser. */
export interface BrowserSuite {
  server: TestServer
  admin: Client
  base: string
  context: BrowserContext
}

/**
 * Registers the hooks of a browser test file: an embedded-store server (or `server`, not yet started) with one
 * organisation (seeded by `seed`), listening for the browser, and a fresh headless Chromium; all stopped after the
 * file.
 */
export function useBrowserSuite(
  seed: (admin: Client) => Promise<void>,
  server: TestServer = new TestServer('embedded'),
): BrowserSuite {
  const suite = { server } as BrowserSuite
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined
  beforeAll(async () => {
    await suite.server.start()
    suite.server.clock.current = new Date()
    suite.admin = await suite.server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    await seed(suite.admin)
    suite.base = await listenForBrowser(suite.server)
    browser = await launchBrowser()
    suite.context = browser.context
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    await suite.server.stop()
  })
  return suite
}

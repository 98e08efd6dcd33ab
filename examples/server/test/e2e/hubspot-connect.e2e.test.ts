import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CrmTestServer } from '../crm/crm-test-server.js'
import { type FakeHubSpot, type FakeHubSpotOptions, startFakeHubSpot } from '../crm/fake-hubspot.js'
import { hasChromium, logIn, SKIP_REASON, useBrowserSuite } from './browser.js'

if (!hasChromium) console.warn(SKIP_REASON)

const CLIENT_ID = '5a7c9e1b-3d5f-4a6b-8c0d-2e4f6a8b0c1d'
const CLIENT_SECRET = '9e1b3d5f-7a9c-4e2b-8d0f-1a3c5e7b9d2f'
const REFRESH_TOKEN = 'eu1-4b5c-6d7e-refresh-token-of-kontakt-werk'
const PORTAL_ID = '55667788'
const AUTH_CODE = 'na1-6f7e-8d9c-authorisation-code'

// HubSpot's authorize page as the browser meets it: another site, where the admin approves the app and is sent back
// to the redirect URL with `code` and `state` by a plain GET navigation from that site.
function approvalPage(target: string, code: string, state: string): string {
  const field = (name: string, value: string) => `<input type="hidden" name="${name}" value="${value}">`
  return `<!doctype html><title>HubSpot</title><form method="get" action="${target}">${field('code', code)}${field('state', state)}<button>Connect app</button></form>`
}

// An admin connects HubSpot from the CRM connection page: the page starts the install, the browser goes to HubSpot
// (played by an intercepted page on app.hubspot.com) and comes back to the page, which finishes the install.
describe.skipIf(!hasChromium)('connecting HubSpot from the web app in headless Chromium', () => {
  let fake: FakeHubSpot
  const fakeOptions: FakeHubSpotOptions = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshToken: REFRESH_TOKEN,
    portalId: PORTAL_ID,
  }
  const server = new CrmTestServer('embedded')
  beforeAll(async () => {
    fake = await startFakeHubSpot(fakeOptions)
    server.hubspotBaseUrls = [fake.baseUrl]
  }, 60_000)
  afterAll(() => fake.close())

  const suite = useBrowserSuite(async () => {}, server)

  it('installs the app through HubSpot and back, tests the connection and disconnects it', async () => {
    const redirectUri = `${suite.base}/app/connect.html`
    // HubSpot accepts the code once, for the redirect URL the app was registered with.
    fakeOptions.authorizationCode = {
      code: AUTH_CODE,
      redirectUri,
      scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    }
    let authorizeUrl: URL | undefined
    await suite.context.route('https://app.hubspot.com/**', async (route) => {
      const url = new URL(route.request().url())
      if (url.pathname === '/oauth/authorize') authorizeUrl = url
      const target = url.searchParams.get('redirect_uri') ?? `${suite.base}/crm/hubspot/callback`
      await route.fulfill({
        contentType: 'text/html',
        body: approvalPage(
          target,
          url.searchParams.get('code') ?? AUTH_CODE,
          url.searchParams.get('state') ?? '',
        ),
      })
    })

    const page = await suite.context.newPage()
    await page.goto(`${suite.base}/app/connect.html`)
    await logIn(page, suite.admin.email, suite.admin.password)
    await expect.poll(() => page.locator('#current').textContent()).toContain('built-in contact store')
    await expect(page.getByLabel('Redirect URL').inputValue()).resolves.toBe(redirectUri)
    await page.getByLabel('HubSpot account (portal) id').fill(PORTAL_ID)
    await page.getByLabel('Client id').fill(CLIENT_ID)
    await page.getByLabel('Client secret').fill(CLIENT_SECRET)
    await page.getByLabel('Default country of phone numbers and addresses (optional, e.g. DE)').fill('de')
    await page.getByText('Advanced').click()
    await page.getByLabel('HubSpot API address (only for a proxy the server allows)').fill(fake.baseUrl)
    await page.getByRole('button', { name: 'Connect HubSpot' }).click()

    await page.getByRole('button', { name: 'Connect app' }).waitFor()
    expect(authorizeUrl?.searchParams.get('client_id')).toBe(CLIENT_ID)
    expect(authorizeUrl?.searchParams.get('redirect_uri')).toBe(redirectUri)
    expect(authorizeUrl?.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    await page.getByRole('button', { name: 'Connect app' }).click()

    await expect
      .poll(() => page.locator('#status').textContent())
      .toBe(`Connected to HubSpot account ${PORTAL_ID}.`)
    await expect
      .poll(() => page.locator('#current').textContent())
      .toBe(`HubSpot account ${PORTAL_ID}, connected, default country DE.`)
    // The code and the state leave the address bar (and so the history) at once.
    expect(page.url()).toBe(redirectUri)
    const connection = await suite.admin.request('GET', '/crm/connection')
    expect(connection.json()).toMatchObject({
      kind: 'hubspot',
      hubspot: { portalId: PORTAL_ID, clientSecretSet: true, tokensSet: true },
      defaultCountry: 'DE',
    })

    await page.getByRole('button', { name: 'Test the connection' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toBe('The connection works.')

    // Why HubSpot must come back to the page and not to the API route: on that navigation from HubSpot's site the
    // browser leaves the SameSite=Strict session cookie off, so the route sees no session at all (with one, an
    // unknown state would answer 400 OAUTH_STATE_INVALID).
    await page.goto('https://app.hubspot.com/approve-again?state=not-a-state')
    await page.getByRole('button', { name: 'Connect app' }).click()
    await expect.poll(() => page.locator('body').textContent()).toContain('UNAUTHENTICATED')

    await page.goto(redirectUri)
    await expect.poll(() => page.locator('#current').textContent()).toContain(PORTAL_ID)
    page.once('dialog', (dialog) => dialog.accept())
    await page.getByRole('button', { name: 'Disconnect HubSpot' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toBe('HubSpot is disconnected.')
    expect((await suite.admin.request('GET', '/crm/connection')).json().kind).toBe('builtin')
  }, 60_000)
})

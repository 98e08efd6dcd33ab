import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CrmTestServer } from '../crm/crm-test-server.js'
import { type FakeHubSpot, startFakeHubSpot } from '../crm/fake-hubspot.js'
import { hasChromium, logIn, SKIP_REASON, useBrowserSuite } from './browser.js'

if (!hasChromium) console.warn(SKIP_REASON)

const CLIENT_ID = '3e5f7a9b-1c2d-4e6f-8a0b-2c4d6e8f0a1b'
const CLIENT_SECRET = '7b9d1f3a-5c7e-4a2b-9d0f-1e3a5c7b9d2f'
const REFRESH_TOKEN = 'eu1-9c8d-7e6f-refresh-token-of-kontakt-werk'
const PORTAL_ID = '11223344'

// The organisation works in HubSpot: the dedupe page finds a group of HubSpot records, the merge view merges the
// newer one into the older one in HubSpot and undoes it, all in headless Chromium against the local fake HubSpot.
describe.skipIf(!hasChromium)('bulk dedupe of a HubSpot organisation in headless Chromium', () => {
  let fake: FakeHubSpot
  let target = ''
  let card = ''
  const server = new CrmTestServer('embedded')
  beforeAll(async () => {
    fake = await startFakeHubSpot({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
      portalId: PORTAL_ID,
    })
    server.hubspotBaseUrls = [fake.baseUrl]
    target = fake.addContact({
      salutation: 'Frau',
      firstname: 'Katharina',
      lastname: 'Schröder',
      email: 'k.schroeder@elbwerft-hamburg.de',
      phone: '040 3344556',
      company: 'Elbwerft Hamburg GmbH',
      jobtitle: 'Einkaufsleiterin',
      city: 'Hamburg',
      country: 'Deutschland',
    })
    fake.addContact({
      firstname: 'James',
      lastname: 'Whitfield',
      email: 'j.whitfield@northgate-supplies.co.uk',
      phone: '+44 161 496 0321',
      company: 'Northgate Supplies Ltd',
      city: 'Manchester',
      country: 'United Kingdom',
    })
    card = fake.addContact({
      firstname: 'Katharina',
      lastname: 'Schroeder',
      phone: '+49 40 3344556',
      mobilephone: '+49 160 9988776',
      company: 'Elbwerft Hamburg',
      city: 'Hamburg',
      country: 'Germany',
    })
  }, 60_000)
  afterAll(() => fake.close())

  const suite = useBrowserSuite(async (admin) => {
    const connected = await admin.request('PUT', '/crm/connection', {
      kind: 'hubspot',
      portalId: PORTAL_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: 'https://kontakte.kontakt-werk.de/crm/hubspot/callback',
      defaultCountry: 'DE',
      countryLocale: 'de',
      baseUrl: fake.baseUrl,
      authorization: { refreshToken: REFRESH_TOKEN },
    })
    expect(connected.statusCode).toBe(200)
  }, server)

  it('finds the HubSpot group, merges it in HubSpot and undoes the merge', async () => {
    const page = await suite.context.newPage()
    await page.goto(`${suite.base}/app/dedupe.html`)
    await logIn(page, suite.admin.email, suite.admin.password)
    await page.getByRole('button', { name: 'Find duplicates' }).click()
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 20_000 })
      .toContain('1 duplicate group(s) among 3 contacts in HubSpot')
    const link = page.getByRole('link', { name: 'Merge Katharina Schroeder into Katharina Schröder' })
    expect(await link.getAttribute('href')).toBe(`/app/merge.html?contact=${card}&target=${target}`)
    await link.click()
    await page.locator('#merge-heading').waitFor()
    expect(await page.locator('#merge-records').textContent()).toContain('Katharina Schroeder')
    // Keep both phone numbers: the card's mobile goes to HubSpot's mobilephone.
    await page.getByRole('button', { name: 'Confirm merge' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('Merged')

    expect(fake.contacts.get(target)?.properties).toMatchObject({
      lastname: 'Schröder',
      email: 'k.schroeder@elbwerft-hamburg.de',
      mobilephone: '+49 160 9988776',
      jobtitle: 'Einkaufsleiterin',
    })
    expect(fake.contacts.has(card)).toBe(false)
    expect(fake.archived.has(card)).toBe(true)

    await page.getByRole('button', { name: /^Undo merge of / }).click()
    await expect
      .poll(() => page.locator('#status').textContent())
      .toMatch(/Merge undone: .* back as record \d+\./)
    expect(fake.contacts.get(target)?.properties.mobilephone).toBeUndefined()
    const restored = [...fake.contacts.values()].find(
      (contact) => contact.properties.lastname === 'Schroeder',
    )
    expect(restored?.properties).toMatchObject({
      mobilephone: '+49 160 9988776',
      company: 'Elbwerft Hamburg',
    })
  }, 90_000)
})

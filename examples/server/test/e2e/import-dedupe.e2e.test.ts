import { describe, expect, it } from 'vitest'
import { muellerCard, muellerCrm, seedList } from '../dataquality/fixtures.js'
import { messeCsv } from '../dataquality/upload.js'
import { hasChromium, logIn, SKIP_REASON, useBrowserSuite } from './browser.js'

if (!hasChromium) console.warn(SKIP_REASON)

describe.skipIf(!hasChromium)('import and bulk dedupe pages in headless Chromium', () => {
  let listId = ''
  let crmId = ''
  const suite = useBrowserSuite(async (admin) => {
    ;({
      listId,
      ids: [crmId = ''],
    } = await seedList(admin, 'Messe Hannover', [muellerCrm]))
  })

  it('uploads, adjusts the mapping, imports with progress and reviews duplicates', async () => {
    const page = await suite.context.newPage()
    await page.goto(`${suite.base}/app/import.html`)
    await logIn(page, suite.admin.email, suite.admin.password)

    await page.getByLabel('List for new contacts').selectOption({ label: 'Messe Hannover' })
    await page.getByLabel('CSV or Excel file', { exact: true }).setInputFiles({
      name: 'messe-kontakte.csv',
      mimeType: 'text/csv',
      buffer: messeCsv,
    })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.locator('#mapping-heading').waitFor()
    expect(await page.locator('#file-info').textContent()).toContain('windows-1252')
    expect(await page.getByLabel('Vorname').inputValue()).toBe('firstName')
    // Adjust: the "Position" column holds departments in this file.
    await page.getByLabel('Position').selectOption('department')
    await page.getByRole('button', { name: 'Start import' }).click()

    await expect
      .poll(() => page.locator('#progress-text').textContent(), { timeout: 20_000 })
      .toContain('Done.')
    expect(await page.locator('#progress-text').textContent()).toContain('3 created, 2 waiting for review')
    expect(await page.locator('#progress').getAttribute('value')).toBe('100')

    const href = await page
      .getByRole('link', { name: 'Download rows with issues (CSV)' })
      .getAttribute('href')
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href ?? '')
    expect(csv).toContain('POSTCODE_REPAIRED')

    await page.getByRole('button', { name: 'Create row 6 as new' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('Row 6 created')
    await expect.poll(() => page.locator('#review-rows li').count()).toBe(1)

    // Row 2 is Prof. Müller from the CRM: merge it in the merge view.
    await page.getByRole('link', { name: 'Review row 2 in the merge view' }).click()
    await page.locator('#merge-heading').waitFor()
    const decision = page.getByRole('group', { name: 'Decision for Department' })
    await decision.getByLabel('Take incoming').check()
    await page.getByRole('button', { name: 'Confirm merge' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('Merged')

    const record = (await suite.admin.request('GET', `/contacts/${crmId}`)).json()
    expect(record.contact).toMatchObject({
      department: 'CEO',
      jobTitle: 'Geschäftsführer',
      lastName: 'Müller',
    })
    const imports = await suite.server.store.db
      .selectFrom('dq_import_rows')
      .select(['row_number', 'outcome'])
      .execute()
    expect(imports.find((row) => row.row_number === 2)?.outcome).toBe('merged')
    const list = (await suite.admin.request('GET', `/lists/${listId}/contacts`)).json().contacts
    expect(list).toHaveLength(5)
  }, 90_000)

  it('finds duplicates in bulk and opens a group in the merge view', async () => {
    // The card comes later than the CRM record, so the group offers merging it into the record.
    suite.server.clock.advance(60_000)
    await seedList(suite.admin, 'Visitenkarten', [muellerCard])
    const page = await suite.context.newPage()
    await page.goto(`${suite.base}/app/dedupe.html`)
    await logIn(page, suite.admin.email, suite.admin.password)
    await page.getByRole('button', { name: 'Find duplicates' }).click()
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 20_000 })
      .toContain('duplicate group')
    const link = page.getByRole('link', {
      name: /^Merge Hans-Jürgen Mueller into Prof\. Dr\. Hans-Jürgen Müller$/,
    })
    expect(await link.count()).toBe(1)
    await link.click()
    await page.locator('#merge-heading').waitFor()
    expect(await page.locator('#merge-records').textContent()).toContain('Hans-Jürgen Mueller')
    await page.getByRole('button', { name: 'Confirm merge' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('Merged')
  }, 90_000)
})

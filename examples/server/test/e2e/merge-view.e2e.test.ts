import { describe, expect, it } from 'vitest'
import { muellerCrm, seedList } from '../dataquality/fixtures.js'
import { hasChromium, logIn, SKIP_REASON, useBrowserSuite } from './browser.js'

if (!hasChromium) console.warn(SKIP_REASON)

describe.skipIf(!hasChromium)('merge view in headless Chromium', () => {
  let targetId = ''
  const suite = useBrowserSuite(async (admin) => {
    ;({
      ids: [targetId = ''],
    } = await seedList(admin, 'CRM', [muellerCrm]))
  })

  it('checks, merges with keep/take/both by keyboard and mouse, and undoes from the history', async () => {
    const page = await suite.context.newPage()
    page.on('console', (m) => console.log('CONSOLE', m.text()))
    await page.goto(`${suite.base}/app/merge.html`)
    await logIn(page, suite.admin.email, suite.admin.password)
    const form = page.locator('#incoming-form')

    await form.getByLabel('First name').fill('Hans-Jürgen')
    await form.getByLabel('Last name').fill('MUELLER')
    await form.getByLabel('Company').fill('Müller Maschinenbau GmbH & Co. KG')
    await form.getByLabel('Job title').fill('CEO')
    await form.getByLabel('E-mail').fill('h.mueller@mueller-maschinenbau.de')
    await form.getByLabel('Phone (work)').fill('089 1234560')
    await form.getByLabel('Mobile').fill('0171 2345678')
    await page.getByRole('button', { name: 'Check for duplicates' }).click()

    await expect.poll(() => page.locator('#traffic-light').textContent()).toContain('Duplicate')
    await page.getByRole('button', { name: /^Compare with Prof\. Dr\. Hans-Jürgen Müller/ }).click()
    await page.locator('#merge-heading').waitFor()

    // Equivalent values are shown as such, not as conflicts.
    const phoneRow = page.locator('#diff tbody tr', { hasText: '+49891234560' })
    await expect.poll(() => phoneRow.getAttribute('data-kind')).toBe('equivalent')
    expect(await phoneRow.locator('.badge').textContent()).toBe('Same value, written differently')
    const jobRow = page.locator('#diff tbody tr', { hasText: 'Geschäftsführer' })
    expect(await jobRow.getAttribute('data-kind')).toBe('changed')

    // Keyboard: focus the job title decision and move to "Take incoming" with the arrow key.
    const decision = page.getByRole('group', { name: 'Decision for Job title' })
    await decision.getByLabel('Keep CRM value').focus()
    await page.keyboard.press('ArrowRight')
    expect(await decision.getByLabel('Take incoming').isChecked()).toBe(true)
    // Mouse: keep both phone numbers (the mobile is new).
    const mobileRow = page.locator('#diff tbody tr', { hasText: '+491712345678' })
    await mobileRow.getByLabel('Keep both').check()
    // And refuse the transliterated surname.
    await page.getByRole('group', { name: 'Decision for Last name' }).getByLabel('Keep CRM value').check()

    await page.getByRole('button', { name: 'Confirm merge' }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('Merged')

    const merged = (await suite.admin.request('GET', `/contacts/${targetId}`)).json()
    expect(merged.contact).toMatchObject({ jobTitle: 'CEO', lastName: 'Müller', title: 'Prof. Dr.' })
    expect(merged.contact.phones.map((phone: { value: string }) => phone.value)).toEqual([
      '+49891234560',
      '+491712345678',
    ])

    await page.getByRole('button', { name: /^Undo merge of/ }).click()
    await expect.poll(() => page.locator('#status').textContent()).toContain('Merge undone')
    const restored = (await suite.admin.request('GET', `/contacts/${targetId}`)).json()
    expect(restored.contact.jobTitle).toBe('Geschäftsführer')
    expect(restored.contact.phones).toHaveLength(1)
    await expect.poll(() => page.locator('#history').textContent()).toContain('(undone)')
  }, 90_000)
})

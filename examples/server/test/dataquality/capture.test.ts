import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { muellerCrm, schaefer, seedList } from './fixtures.js'

// A reply from Hans-Jürgen Müller: his text, his signature with a disclaimer, and the quoted mail he answers.
const reply = [
  'Hallo Frau Schäfer,',
  '',
  'vielen Dank für das Angebot, wir melden uns bis Freitag.',
  '',
  'Mit freundlichen Grüßen',
  'Prof. Dr. Hans-Jürgen Müller',
  'Geschäftsführer',
  'Müller Maschinenbau GmbH & Co. KG',
  'Leopoldstraße 12 | 80802 München',
  'Tel. +49 (0)89 123456-0 | Mobil 0171 2345678',
  'h.mueller@mueller-maschinenbau.de | www.mueller-maschinenbau.de',
  '',
  'Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie',
  'bitte sofort den Absender und vernichten Sie diese Mail.',
  '',
  'Am 20.11.2026 um 10:12 schrieb Anna Schäfer <anna.schaefer@schaefer-logistik.de>:',
  '> Sehr geehrter Herr Müller,',
  '> anbei unser Angebot.',
  '> Anna Schäfer',
  '> Schäfer Logistik AG, Tel. +49 40 5556677',
].join('\n')

describe.each(STORE_KINDS)('capture from mails and cards on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  let reporter: Client
  let stranger: Client
  let ids: string[]
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    reporter = await server.createUser(admin, 'reporter', 'rita@kontakt-werk.de')
    stranger = await server.createOrganisation('Andere Firma GmbH', 'admin@andere-firma.de')
    ;({ ids } = await seedList(admin, 'CRM', [muellerCrm, schaefer]))
  }, 60_000)
  afterAll(() => server.stop())

  it('reads the sender’s signature of a reply, not the quoted one, and finds the CRM record', async () => {
    const response = await admin.request('POST', '/capture/email', {
      text: reply,
      from: { name: 'Müller, Hans-Jürgen', address: 'h.mueller@mueller-maschinenbau.de' },
      defaultCountry: 'DE',
    })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({
      found: true,
      signature: { belongsToSender: true, senderEvidence: 'email', quoteRemoved: true },
      check: { status: 'duplicate', candidates: [{ id: ids[0], verdict: 'duplicate' }] },
    })
    expect(body.check.contact).toMatchObject({
      title: 'Prof. Dr.',
      firstName: 'Hans-Jürgen',
      lastName: 'Müller',
      jobTitle: 'Geschäftsführer',
      company: 'Müller Maschinenbau GmbH & Co. KG',
    })
    expect(body.check.contact.phones.map((phone: { value: string }) => phone.value)).toEqual(
      expect.arrayContaining(['+49891234560', '+491712345678']),
    )
    // The quoted sender is not read: no trace of Schäfer Logistik.
    expect(JSON.stringify(body)).not.toContain('Schäfer Logistik')
    const byField = Object.fromEntries(body.fields.map((field: { field: string }) => [field.field, field]))
    expect(byField.jobTitle.confidence).toBeGreaterThan(0.5)
  })

  it('reads an HTML mail', async () => {
    const html = `<div>Guten Tag,<br>anbei die Unterlagen.</div><div>--<br>Anna Schäfer<br>Schäfer Logistik AG<br>Am Sandtorkai 5, 20457 Hamburg<br>Tel. +49 40 5556677</div>`
    const response = await admin.request('POST', '/capture/email', {
      html,
      from: { address: 'anna.schaefer@schaefer-logistik.de' },
    })
    expect(response.json()).toMatchObject({
      found: true,
      check: { status: 'duplicate', candidates: [{ id: ids[1] }] },
    })
  })

  it('says so when a mail has no signature, without a check', async () => {
    const response = await admin.request('POST', '/capture/email', {
      text: 'Passt, danke!',
      from: { address: 'x@example.com' },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ found: false, fields: [] })
    expect(response.json().check).toBeUndefined()
  })

  it('reads a business card in capitals, re-cases its address and checks it', async () => {
    const response = await admin.request('POST', '/capture/business-card', {
      text: [
        'MÜLLER MASCHINENBAU GMBH & CO. KG',
        'HANS-JÜRGEN MÜLLER',
        'GESCHÄFTSFÜHRER',
        'LEOPOLDSTRASSE NR. 12',
        '80802 MÜNCHEN',
        'TEL. +49 (0)89 123456-0',
        'h.mueller@mueller-maschinenbau.de',
      ].join('\n'),
      defaultCountry: 'DE',
    })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({ found: true, check: { status: 'duplicate', candidates: [{ id: ids[0] }] } })
    expect(body.check.contact).toMatchObject({
      firstName: 'Hans-Jürgen',
      lastName: 'Müller',
      addresses: [{ street: 'Leopoldstraße', houseNumber: '12', postalCode: '80802', city: 'München' }],
    })
  })

  it('reads a vCard from a card scanner app', async () => {
    const vcard = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Schäfer;Anna;;;',
      'FN:Anna Schäfer',
      'ORG:Schäfer Logistik AG',
      'EMAIL;TYPE=WORK:anna.schaefer@schaefer-logistik.de',
      'TEL;TYPE=WORK:040 5556677',
      'END:VCARD',
    ].join('\r\n')
    const response = await admin.request('POST', '/capture/vcard', { text: vcard, defaultCountry: 'DE' })
    expect(response.json()).toMatchObject({
      found: true,
      check: { status: 'duplicate', candidates: [{ id: ids[1] }] },
    })
  })

  it('checks a reporter’s capture against their own contacts only', async () => {
    const response = await reporter.request('POST', '/capture/email', {
      text: reply,
      from: { address: 'h.mueller@mueller-maschinenbau.de' },
    })
    expect(response.json()).toMatchObject({ found: true, check: { status: 'none', candidates: [] } })
  })

  it('checks against the caller’s organisation only', async () => {
    const response = await stranger.request('POST', '/capture/email', {
      text: reply,
      from: { address: 'h.mueller@mueller-maschinenbau.de' },
    })
    expect(response.json()).toMatchObject({ found: true, check: { status: 'none', candidates: [] } })
  })

  it('refuses bad input with typed errors and no text in them', async () => {
    const neither = await admin.request('POST', '/capture/email', { from: { address: 'a@b.de' } })
    expect(neither.statusCode).toBe(400)
    expect(neither.json().error.code).toBe('VALIDATION_FAILED')
    const huge = await admin.request('POST', '/capture/business-card', { text: 'Hans Müller\n'.repeat(6000) })
    expect(huge.statusCode).toBe(400)
    expect(huge.json().error.code).toBe('VALIDATION_FAILED')
    const badVcard = await admin.request('POST', '/capture/vcard', { text: 'Geheim: Angebot 4711' })
    expect(badVcard.statusCode).toBe(400)
    expect(badVcard.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { signatureCode: 'SIGNATURE_INVALID_VCARD' },
    })
    expect(JSON.stringify(badVcard.json())).not.toContain('Geheim')
    const anonymous = await server.app.inject({
      method: 'POST',
      url: '/capture/business-card',
      payload: { text: 'Hans Müller' },
    })
    expect(anonymous.statusCode).toBe(401)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MailSourceConfig, MailSourceFactory } from '../../src/mail/mail-server.js'
import { type MailCursor, type MailMessage, type MailSource, MailSourceError } from '../../src/mail/source.js'
import { syncAllMailboxes } from '../../src/mail/suggest.js'
import { muellerCrm, seedList } from '../dataquality/fixtures.js'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'

// A mailbox in memory, read by UID like an IMAP folder; `failure` makes the next read fail.
class FakeMailbox {
  readonly messages: MailMessage[] = []
  failure: MailSourceError | undefined
  add(message: Omit<MailMessage, 'id'>): void {
    this.messages.push({ id: `<${this.messages.length + 1}@mail.example>`, ...message })
  }
  source(): MailSource {
    return {
      read: async (cursor: MailCursor | undefined, options) => {
        if (this.failure) throw this.failure
        const after = cursor?.kind === 'imap' ? cursor.lastUid : 0
        const waiting = this.messages
          .map((message, index) => ({ message, uid: index + 1 }))
          .filter(
            ({ message, uid }) =>
              uid > after && (cursor !== undefined || message.receivedAt >= options.since),
          )
        const batch = waiting.slice(0, options.limit)
        return {
          messages: batch.map(({ message }) => message),
          cursor: { kind: 'imap', uidValidity: '1', lastUid: batch.at(-1)?.uid ?? after },
          more: waiting.length > batch.length,
        }
      },
    }
  }
}

const signature = (lines: string[]) => lines.join('\n')

const fromMueller = {
  from: { name: 'Müller, Hans-Jürgen', address: 'h.mueller@mueller-maschinenbau.de' },
  text: signature([
    'Guten Tag Frau Berger,',
    '',
    'anbei die Zeichnungen für das Angebot.',
    '',
    'Mit freundlichen Grüßen',
    'Prof. Dr. Hans-Jürgen Müller',
    'Geschäftsführer',
    'Müller Maschinenbau GmbH & Co. KG',
    'Leopoldstraße 12, 80802 München',
    'Tel. +49 (0)89 123456-0',
  ]),
}
const weberText = (title: string) =>
  signature([
    'Hallo Frau Berger,',
    '',
    'wie besprochen sende ich Ihnen unsere Preisliste.',
    '',
    'Viele Grüße',
    'Katharina Weber',
    title,
    'Weber Logistik GmbH',
    'Am Sandtorkai 5 | 20457 Hamburg',
    'Tel. 040 5556677 | Mobil 0171 9876543',
    'k.weber@weber-logistik.de',
  ])

describe.each(STORE_KINDS)('contact suggestions from e-mail on the %s store', (kind) => {
  const mailbox = new FakeMailbox()
  const configs: MailSourceConfig[] = []
  const sources: MailSourceFactory = (config) => {
    configs.push(config)
    return mailbox.source()
  }
  const server = new TestServer(kind)
  let admin: Client
  let berger: Client
  let colleague: Client
  let crmIds: string[]
  let listId: string
  const now = () => server.clock.now()
  beforeAll(async () => {
    await server.start({ mailSources: sources, graphBaseUrls: ['http://127.0.0.1:9'] })
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    berger = await server.createUser(admin, 'user', 'lena.berger@kontakt-werk.de')
    colleague = await server.createUser(admin, 'user', 'carl@kontakt-werk.de')
    const crm = await seedList(admin, 'CRM', [muellerCrm])
    crmIds = crm.ids
    // Berger sees the CRM list: her suggestions are checked against what she may see.
    await admin.request('PUT', `/lists/${crm.listId}/members/${berger.userId}`, { access: 'read' })
    ;({ listId } = await seedList(berger, 'Messe 2026', []))
    const received = (minutes: number) => new Date(now().getTime() - minutes * 60_000)
    mailbox.add({ ...fromMueller, receivedAt: received(50) })
    mailbox.add({
      from: { name: 'Katharina Weber', address: 'k.weber@weber-logistik.de' },
      text: weberText('Vertriebsleiterin'),
      receivedAt: received(40),
    })
    // Berger's own mail, a colleague's, an automated one and a reply without a signature: no suggestions.
    mailbox.add({
      from: { address: 'lena.berger@kontakt-werk.de' },
      text: weberText('x'),
      receivedAt: received(35),
    })
    mailbox.add({ from: { address: 'carl@kontakt-werk.de' }, text: weberText('x'), receivedAt: received(34) })
    mailbox.add({ from: { address: 'noreply@shop.example' }, text: weberText('x'), receivedAt: received(33) })
    mailbox.add({ from: { address: 'tom@example.org' }, text: 'Passt, danke!', receivedAt: received(32) })
  }, 60_000)
  afterAll(() => server.stop())

  it('lets only admins set the mail server, and never returns its secret', async () => {
    const refused = await berger.request('PUT', '/organisation/mail-server', {
      kind: 'imap',
      host: 'imap.kontakt-werk.de',
    })
    expect(refused.statusCode).toBe(403)
    const graph = await admin.request('PUT', '/organisation/mail-server', {
      kind: 'graph',
      tenantId: 'kontakt-werk.onmicrosoft.com',
      clientId: '5f0c0b6e-7a4f-4b39-9d7c-2f5a0d0e6f11',
      clientSecret: 'geheim~Client.Secret',
    })
    expect(graph.statusCode).toBe(200)
    expect(graph.json()).toMatchObject({ kind: 'graph', graph: { clientSecretSet: true } })
    expect(JSON.stringify(graph.json())).not.toContain('geheim')
    const stored = await server.store.db.selectFrom('mail_servers').selectAll().executeTakeFirstOrThrow()
    expect(stored.secret_sealed).not.toContain('geheim')
    const elsewhere = await admin.request('PUT', '/organisation/mail-server', {
      kind: 'graph',
      tenantId: 'kontakt-werk.onmicrosoft.com',
      clientId: 'x',
      clientSecret: 'geheim',
      loginBaseUrl: 'https://login.attacker.example',
    })
    expect(elsewhere.statusCode).toBe(400)
    const imap = await admin.request('PUT', '/organisation/mail-server', {
      kind: 'imap',
      host: 'imap.kontakt-werk.de',
    })
    expect(imap.json()).toMatchObject({
      kind: 'imap',
      imap: { host: 'imap.kontakt-werk.de', port: 993, secure: true },
    })
  })

  it('connects a mailbox with a sealed password', async () => {
    expect((await berger.request('PUT', '/mailbox', {})).statusCode).toBe(400)
    const connected = await berger.request('PUT', '/mailbox', { password: 'Sommer2026!' })
    expect(connected.statusCode).toBe(200)
    expect(connected.json()).toMatchObject({
      kind: 'imap',
      username: null,
      passwordSet: true,
      lastSyncAt: null,
    })
    const row = await server.store.db.selectFrom('mailboxes').selectAll().executeTakeFirstOrThrow()
    expect(row.password_sealed).not.toContain('Sommer2026')
  })

  it('reads the mails and suggests each outside sender once, checked against the CRM', async () => {
    const sync = await berger.request('POST', '/mailbox/sync')
    expect(sync.statusCode).toBe(200)
    expect(sync.json()).toEqual({ read: 6, suggested: 2, more: false })
    expect(configs.at(-1)).toEqual({
      kind: 'imap',
      host: 'imap.kontakt-werk.de',
      port: 993,
      secure: true,
      username: 'lena.berger@kontakt-werk.de',
      password: 'Sommer2026!',
    })
    const { suggestions } = (await berger.request('GET', '/mail-suggestions')).json()
    expect(suggestions.map((s: { sender: string }) => s.sender)).toEqual([
      'k.weber@weber-logistik.de',
      'h.mueller@mueller-maschinenbau.de',
    ])
    const [weber, mueller] = suggestions
    expect(weber).toMatchObject({
      status: 'open',
      messages: 1,
      duplicate: { status: 'none', candidateId: null },
      contact: {
        firstName: 'Katharina',
        lastName: 'Weber',
        jobTitle: 'Vertriebsleiterin',
        company: 'Weber Logistik GmbH',
        addresses: [{ street: 'Am Sandtorkai', houseNumber: '5', postalCode: '20457', city: 'Hamburg' }],
      },
    })
    // Müller's mail names him; his card in the CRM is his duplicate, which the merge view opens.
    expect(mueller).toMatchObject({
      contact: { lastName: 'Müller', emails: [{ value: 'h.mueller@mueller-maschinenbau.de' }] },
      duplicate: { status: 'duplicate', candidateId: crmIds[0] },
    })
    expect((await berger.request('GET', '/mailbox')).json()).toMatchObject({ lastError: null })
    // Suggestions are the user's own.
    expect((await colleague.request('GET', '/mail-suggestions')).json().suggestions).toEqual([])
  })

  it('refreshes an open suggestion with a newer mail, and does not ask again once dismissed', async () => {
    const { suggestions } = (await berger.request('GET', '/mail-suggestions')).json()
    const mueller = suggestions.find((s: { sender: string }) => s.sender.startsWith('h.mueller'))
    expect((await berger.request('POST', `/mail-suggestions/${mueller.id}/dismiss`)).json()).toMatchObject({
      status: 'dismissed',
    })
    mailbox.add({ ...fromMueller, receivedAt: now() })
    mailbox.add({
      from: { name: 'Katharina Weber', address: 'K.Weber@weber-logistik.de' },
      text: weberText('Leiterin Vertrieb und Marketing'),
      receivedAt: now(),
    })
    expect((await berger.request('POST', '/mailbox/sync')).json()).toEqual({
      read: 2,
      suggested: 2,
      more: false,
    })
    const open = (await berger.request('GET', '/mail-suggestions')).json().suggestions
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ messages: 2, contact: { jobTitle: 'Leiterin Vertrieb und Marketing' } })
    const dismissed = (await berger.request('GET', '/mail-suggestions?status=dismissed')).json().suggestions
    expect(dismissed).toMatchObject([{ sender: 'h.mueller@mueller-maschinenbau.de', messages: 2 }])
  })

  it('accepts a suggestion into a list, once, for its own user only', async () => {
    const [weber] = (await berger.request('GET', '/mail-suggestions')).json().suggestions
    const stolen = await colleague.request('POST', `/mail-suggestions/${weber.id}/accept`, { listId })
    expect(stolen.statusCode).toBe(404)
    const accepted = await berger.request('POST', `/mail-suggestions/${weber.id}/accept`, { listId })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ status: 'accepted', contactId: expect.any(String) })
    const contacts = (await berger.request('GET', `/lists/${listId}/contacts`)).json().contacts
    expect(contacts).toHaveLength(1)
    expect(contacts[0]).toMatchObject({
      id: accepted.json().contactId,
      contact: { firstName: 'Katharina', lastName: 'Weber', company: 'Weber Logistik GmbH' },
    })
    const again = await berger.request('POST', `/mail-suggestions/${weber.id}/accept`, { listId })
    expect(again.statusCode).toBe(409)
  })

  it('keeps the mail server’s refusal as the mailbox’s error and answers with a typed error', async () => {
    mailbox.failure = new MailSourceError('MAIL_AUTH', 'The IMAP server refused the login.')
    const refused = await berger.request('POST', '/mailbox/sync')
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { mailCode: 'MAIL_AUTH' },
    })
    expect((await berger.request('GET', '/mailbox')).json()).toMatchObject({ lastError: 'MAIL_AUTH' })
    mailbox.failure = new MailSourceError('MAIL_UNAVAILABLE', 'imap.kontakt-werk.de did not answer.')
    const down = await berger.request('POST', '/mailbox/sync')
    expect(down.statusCode).toBe(502)
    expect(down.json().error.code).toBe('MAIL_UNAVAILABLE')
    mailbox.failure = undefined
  })

  it('reads every mailbox in the scheduled job, a Graph mailbox as its user’s own address', async () => {
    await admin.request('PUT', '/organisation/mail-server', {
      kind: 'graph',
      tenantId: 'kontakt-werk.onmicrosoft.com',
      clientId: '5f0c0b6e-7a4f-4b39-9d7c-2f5a0d0e6f11',
      clientSecret: 'geheim~Client.Secret',
      graphBaseUrl: 'http://127.0.0.1:9/',
    })
    expect((await colleague.request('PUT', '/mailbox', {})).json()).toMatchObject({
      kind: 'graph',
      passwordSet: false,
    })
    configs.length = 0
    await syncAllMailboxes({ store: server.store, clock: server.clock, secrets: server.secrets, sources })
    expect(configs.map((config) => (config.kind === 'graph' ? config.mailbox : config.kind)).sort()).toEqual([
      'carl@kontakt-werk.de',
      'lena.berger@kontakt-werk.de',
    ])
    expect(configs[0]).toMatchObject({ kind: 'graph', clientSecret: 'geheim~Client.Secret' })
  })

  it('does not take everyone at a free-mail domain for a colleague', async () => {
    const freelancer = await server.createUser(admin, 'user', 'paula.schneider@gmx.de')
    expect((await freelancer.request('PUT', '/mailbox', {})).statusCode).toBe(200)
    mailbox.add({
      from: { name: 'Tobias Brandt', address: 'tobias.brandt@gmx.de' },
      text: signature([
        'Hallo Paula,',
        '',
        'hier die Unterlagen.',
        '',
        'Gruß',
        'Tobias Brandt',
        'Freier Architekt',
        'Tel. 0151 23456789',
      ]),
      receivedAt: now(),
    })
    expect((await freelancer.request('POST', '/mailbox/sync')).statusCode).toBe(200)
    const senders = (await freelancer.request('GET', '/mail-suggestions'))
      .json()
      .suggestions.map((suggestion: { sender: string }) => suggestion.sender)
    expect(senders).toContain('tobias.brandt@gmx.de')
    expect(senders).not.toContain('paula.schneider@gmx.de')
  })

  it('audits the mailbox actions without any mail content', async () => {
    const entries = await server.store.db.selectFrom('audit_log').select(['action', 'details']).execute()
    const actions = new Set(entries.map((entry) => entry.action))
    for (const action of [
      'mail_server.update',
      'mailbox.connect',
      'mailbox.sync',
      'mail_suggestion.dismiss',
      'mail_suggestion.accept',
    ])
      expect(actions).toContain(action)
    const text = JSON.stringify(entries)
    for (const secret of ['Sommer2026', 'geheim', 'Preisliste', 'Zeichnungen', 'k.weber@'])
      expect(text).not.toContain(secret)
  })
})

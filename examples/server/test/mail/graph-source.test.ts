import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createGraphSource, type GraphSourceOptions } from '../../src/mail/graph-source.js'
import type { MailCursor, ReadOptions } from '../../src/mail/source.js'
import {
  type FakeGraph,
  type FakeGraphMessage,
  type QueuedAnswer,
  startFakeGraph,
} from '../support/fake-graph.js'
import { rejectionOf } from '../support/rejection.js'

const TENANT_ID = '3c5e8f21-7a4b-4d0e-9b61-2f8a0c9d4e17'
const CLIENT_ID = '8d2f4a6c-1b3e-4f59-a7c8-0e9d1b2c3a45'
const CLIENT_SECRET = 'Qk48Q~vR2.xLp7-Mn3sT9uWbYc0dEfGhIjKlOpZa'
const MAILBOX = 'einkauf@muster-gmbh.de'

function graphId(suffix: string): string {
  return `AAMkAGI2TG93AAA=-${suffix}`
}

const MUELLER: FakeGraphMessage = {
  id: graphId('mueller'),
  internetMessageId: '<20260302091456.4711@mueller-maschinenbau.de>',
  receivedDateTime: '2026-03-02T08:15:03Z',
  from: { emailAddress: { name: 'Müller, Hans', address: 'h.mueller@mueller-maschinenbau.de' } },
  body: {
    contentType: 'text',
    content:
      'Mit freundlichen Grüßen\r\n\r\nHans Müller\r\nVertriebsleiter\r\nMüller Maschinenbau GmbH & Co. KG\r\n' +
      'Industriestraße 12, 73760 Ostfildern\r\nTel. +49 711 3456-120',
  },
}
// Three messages delivered within the same second, as a mailing or a rule that moves mail does.
const OCONNOR: FakeGraphMessage = {
  id: graphId('oconnor'),
  internetMessageId: '<CAF7x9d2=delivery-11@mail.brightline-logistics.co.uk>',
  receivedDateTime: '2026-03-03T13:03:12Z',
  from: { emailAddress: { name: "O'Connor, Sarah", address: 'sarah.oconnor@brightline-logistics.co.uk' } },
  body: {
    contentType: 'html',
    content:
      '<html><body><p>Kind regards,<br>Sarah O&#39;Connor<br>Head of Procurement<br>Brightline Logistics Ltd</p>' +
      '</body></html>',
  },
}
const WEISS: FakeGraphMessage = {
  id: graphId('weiss'),
  internetMessageId: '<AM0PR07MB4321.1741007331@weiss-elektrotechnik.at>',
  receivedDateTime: '2026-03-03T13:03:12Z',
  from: { emailAddress: { name: 'Jürgen Weiß', address: 'j.weiss@weiss-elektrotechnik.at' } },
  body: {
    contentType: 'text',
    content: 'Freundliche Grüße\r\nIng. Jürgen Weiß\r\nStraße „Am Hang“ 3, 4020 Linz',
  },
}
// A draft-like item without Message-ID, e.g. created by a connector: the Graph id stands in.
const BECKER: FakeGraphMessage = {
  id: graphId('becker'),
  internetMessageId: null,
  receivedDateTime: '2026-03-03T13:03:12Z',
  from: { emailAddress: { name: 'Dr. Anna Becker', address: 'a.becker@becker-rechtsanwaelte.de' } },
  body: { contentType: 'html', content: '<p>Beste Grüße<br><b>Dr. Anna Becker</b>, Rechtsanwältin</p>' },
}
// A newsletter with inlined images: larger than the limit the tests read with.
const NEWSLETTER: FakeGraphMessage = {
  id: graphId('newsletter'),
  internetMessageId: '<newsletter-2026-03@news.fachverband-maschinenbau.de>',
  receivedDateTime: '2026-03-04T06:00:00Z',
  from: { emailAddress: { name: 'Fachverband Maschinenbau', address: 'news@fachverband-maschinenbau.de' } },
  body: {
    contentType: 'html',
    content: `<p>Neuigkeiten</p><img src="data:image/png;base64,${'A'.repeat(30_000)}">`,
  },
}
const KRAEMER: FakeGraphMessage = {
  id: graphId('kraemer'),
  internetMessageId: '<preisliste-2026@kraemer-werkzeuge.de>',
  receivedDateTime: '2026-03-05T07:58:00Z',
  from: { emailAddress: { name: 'Krämer Werkzeuge', address: 'vertrieb@kraemer-werkzeuge.de' } },
  body: { contentType: 'text', content: 'Guten Tag, anbei die neue Preisliste.' },
}

const INBOX = [MUELLER, OCONNOR, WEISS, BECKER, NEWSLETTER, KRAEMER]
const READ: ReadOptions = { since: new Date('2026-03-01T00:00:00Z'), limit: 2, maxMessageBytes: 20_000 }

let fake: FakeGraph | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await fake?.close()
  fake = undefined
})

async function setUp(overrides: Partial<GraphSourceOptions> = {}) {
  fake = await startFakeGraph({
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    mailboxes: {
      [MAILBOX]: { inbox: INBOX, archive: [] },
      'vorstand@muster-gmbh.de': { inbox: [MUELLER] },
    },
    restricted: ['vorstand@muster-gmbh.de'],
  })
  const source = createGraphSource({
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    mailbox: MAILBOX,
    loginBaseUrl: fake.baseUrl,
    graphBaseUrl: fake.baseUrl,
    timeoutMs: 2_000,
    ...overrides,
  })
  return { fake, source }
}

/** The error as logs and API answers show it, the fake's random port replaced. */
function shape(error: unknown, server: FakeGraph): unknown {
  return JSON.parse(JSON.stringify(error).replaceAll(new URL(server.baseUrl).host, '<fake-host>'))
}

/** Neither the error nor anything it holds (cause included) may carry a secret, a token or the mailbox address. */
function expectNothingSecret(error: unknown, server: FakeGraph): void {
  const everything = `${inspect(error, { depth: 20 })}\n${JSON.stringify(error)}`
  for (const secret of [CLIENT_SECRET, MAILBOX, encodeURIComponent(MAILBOX), ...server.issuedTokens]) {
    expect(everything).not.toContain(secret)
  }
}

describe('createGraphSource', () => {
  it('reads oldest first in batches; seenIds keep messages of an equal timestamp from coming again', async () => {
    const { fake, source } = await setUp()
    const ids = (batch: { messages: Array<{ id: string }> }) => batch.messages.map((message) => message.id)

    const first = await source.read(undefined, READ)
    expect(ids(first)).toEqual([MUELLER.internetMessageId, OCONNOR.internetMessageId])
    expect(first.cursor).toEqual({
      kind: 'graph',
      receivedAfter: '2026-03-03T13:03:12Z',
      seenIds: [OCONNOR.id],
    })
    expect(first.more).toBe(true)

    const second = await source.read(first.cursor, READ)
    expect(ids(second)).toEqual([WEISS.internetMessageId, BECKER.id])
    expect(second.cursor).toEqual({
      kind: 'graph',
      receivedAfter: '2026-03-03T13:03:12Z',
      seenIds: [OCONNOR.id, WEISS.id, BECKER.id],
    })
    expect(second.more).toBe(true)

    // The newsletter is too large: skipped, but the cursor moves past it.
    const third = await source.read(second.cursor, READ)
    expect(ids(third)).toEqual([KRAEMER.internetMessageId])
    expect(third.cursor).toEqual({
      kind: 'graph',
      receivedAfter: '2026-03-05T07:58:00Z',
      seenIds: [KRAEMER.id],
    })
    expect(third.more).toBe(false)

    const fourth = await source.read(third.cursor, READ)
    expect(fourth).toEqual({ messages: [], cursor: third.cursor, more: false })

    expect(fake.requestsOf('messages').map((request) => [request.query.$filter, request.query.$top])).toEqual(
      [
        ['receivedDateTime ge 2026-03-01T00:00:00.000Z', '2'],
        ['receivedDateTime ge 2026-03-03T13:03:12.000Z', '3'],
        ['receivedDateTime ge 2026-03-03T13:03:12.000Z', '5'],
        ['receivedDateTime ge 2026-03-05T07:58:00.000Z', '3'],
      ],
    )
  })

  it('returns HTML bodies as html and text bodies as text, with sender and receipt time', async () => {
    const { source } = await setUp()
    const { messages } = await source.read(undefined, { ...READ, limit: 10 })

    expect(messages[0]).toEqual({
      id: '<20260302091456.4711@mueller-maschinenbau.de>',
      from: { name: 'Müller, Hans', address: 'h.mueller@mueller-maschinenbau.de' },
      receivedAt: new Date('2026-03-02T08:15:03Z'),
      text: expect.stringContaining('Industriestraße 12, 73760 Ostfildern'),
      html: undefined,
    })
    expect(messages[1]).toMatchObject({
      text: undefined,
      html: expect.stringContaining('Head of Procurement'),
    })
    expect(messages[2]?.text).toContain('Straße „Am Hang“ 3')
    expect(messages[3]).toMatchObject({ id: BECKER.id, from: { name: 'Dr. Anna Becker' } })
    expect(messages.map((message) => message.id)).not.toContain(NEWSLETTER.internetMessageId)
  })

  it('gets an app-only token once, sends it as bearer token and asks Graph for the folder in time order', async () => {
    const { fake, source } = await setUp()
    const first = await source.read(undefined, READ)
    await source.read(first.cursor, READ)

    const tokenRequests = fake.requestsOf('token')
    expect(tokenRequests).toHaveLength(1)
    expect(tokenRequests[0]).toMatchObject({
      method: 'POST',
      path: `/${TENANT_ID}/oauth2/v2.0/token`,
      contentType: 'application/x-www-form-urlencoded',
      form: {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scope: 'https://graph.microsoft.com/.default',
        grant_type: 'client_credentials',
      },
    })

    const messageRequests = fake.requestsOf('messages')
    expect(messageRequests).toHaveLength(2)
    for (const request of messageRequests) {
      expect(request).toMatchObject({
        method: 'GET',
        path: '/v1.0/users/einkauf%40muster-gmbh.de/mailFolders/inbox/messages',
        authorization: `Bearer ${fake.issuedTokens[0]}`,
        prefer: 'IdType="ImmutableId"',
        query: {
          $select: 'id,internetMessageId,from,receivedDateTime,body',
          $orderby: 'receivedDateTime asc',
        },
      })
    }
  })

  it('renews the token shortly before it expires', async () => {
    const { fake, source } = await setUp()
    const start = Date.now()
    const clock = vi.spyOn(Date, 'now')

    clock.mockReturnValue(start)
    await source.read(undefined, READ)
    clock.mockReturnValue(start + 3_000_000) // 50 minutes: the token (3599 s) is still good
    await source.read(undefined, READ)
    expect(fake.issuedTokens).toHaveLength(1)

    clock.mockReturnValue(start + 3_400_000) // under 5 minutes left
    await source.read(undefined, READ)
    expect(fake.issuedTokens).toHaveLength(2)
    expect(fake.requestsOf('messages').at(-1)?.authorization).toBe(`Bearer ${fake.issuedTokens[1]}`)
  })

  it('renews a token Graph no longer accepts once, then reads', async () => {
    const { fake, source } = await setUp()
    await source.read(undefined, READ)
    fake.revokeTokens()

    const batch = await source.read(undefined, READ)
    expect(batch.messages).toHaveLength(2)
    expect(fake.requests.map((request) => request.kind)).toEqual([
      'token',
      'messages',
      'messages',
      'token',
      'messages',
    ])
  })

  it('reports MAIL_AUTH when Graph refuses the renewed token as well', async () => {
    const { fake, source } = await setUp()
    const refused: QueuedAnswer = {
      status: 401,
      body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } },
    }
    fake.queue('messages', refused, refused)

    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({
      code: 'MAIL_AUTH',
      details: { status: 401, graphCode: 'InvalidAuthenticationToken', request: 'messages' },
    })
    expect(fake.requests.map((request) => request.kind)).toEqual(['token', 'messages', 'token', 'messages'])
    expectNothingSecret(error, fake)
  })

  it('reports a mailbox the application access policy excludes (403) as MAIL_AUTH', async () => {
    const { fake, source } = await setUp({ mailbox: 'vorstand@muster-gmbh.de' })
    const error = await rejectionOf(source.read(undefined, READ))
    expect(shape(error, fake)).toMatchInlineSnapshot(`
      {
        "code": "MAIL_AUTH",
        "details": {
          "graphCode": "ErrorAccessDenied",
          "host": "<fake-host>",
          "request": "messages",
          "status": 403,
        },
        "message": "Microsoft Graph at <fake-host> refused access to the mailbox (403)",
        "name": "MailSourceError",
      }
    `)
    expect(inspect(error, { depth: 20 })).not.toContain('vorstand@muster-gmbh.de')
    expectNothingSecret(error, fake)
  })

  it.each([
    ['an unknown mailbox', { mailbox: 'h.mueller@muster-gmbh.de' }, 'ErrorInvalidUser'],
    ['an unknown folder', { folder: 'AAMkAGI2TG93AAA=-deleted-folder' }, 'ErrorItemNotFound'],
  ])('reports %s as MAIL_NOT_FOUND', async (_, overrides, graphCode) => {
    const { fake, source } = await setUp(overrides)
    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({ code: 'MAIL_NOT_FOUND', details: { status: 404, graphCode } })
    expect(inspect(error, { depth: 20 })).not.toContain('h.mueller')
    expectNothingSecret(error, fake)
  })

  it('reads the configured well-known folder', async () => {
    const { fake, source } = await setUp({ folder: 'archive' })
    const batch = await source.read(undefined, READ)
    expect(batch).toEqual({
      messages: [],
      cursor: { kind: 'graph', receivedAfter: '2026-03-01T00:00:00.000Z', seenIds: [] },
      more: false,
    })
    expect(fake.requestsOf('messages')[0]?.path).toBe(
      '/v1.0/users/einkauf%40muster-gmbh.de/mailFolders/archive/messages',
    )
  })

  it('retries 503 twice, then reports MAIL_UNAVAILABLE', async () => {
    const { fake, source } = await setUp()
    const busy: QueuedAnswer = {
      status: 503,
      body: { error: { code: 'ServiceNotAvailable', message: 'The service is temporarily unavailable.' } },
    }
    fake.queue('messages', busy, busy, busy)

    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({
      code: 'MAIL_UNAVAILABLE',
      message: `Microsoft Graph at ${new URL(fake.baseUrl).host} answered 503`,
      details: { status: 503, attempts: 3, request: 'messages' },
    })
    expect(fake.requestsOf('messages')).toHaveLength(3)
    expectNothingSecret(error, fake)
  })

  it('waits as long as Retry-After asks when it is short, and gives up at once when it is long', async () => {
    const { fake, source } = await setUp()
    fake.queue('messages', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'TooManyRequests' } },
    })
    const batch = await source.read(undefined, READ)
    expect(batch.messages).toHaveLength(2)

    fake.queue('messages', {
      status: 429,
      headers: { 'retry-after': '120' },
      body: { error: { code: 'TooManyRequests' } },
    })
    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({
      code: 'MAIL_UNAVAILABLE',
      details: { status: 429, attempts: 1, retryAfterSeconds: 120 },
    })
  })

  it('reports MAIL_UNAVAILABLE when Graph does not answer within timeoutMs', async () => {
    const { fake, source } = await setUp({ timeoutMs: 150 })
    await source.read(undefined, READ) // the token
    const slow: QueuedAnswer = { status: 200, body: { value: [] }, delayMs: 400 }
    fake.queue('messages', slow, slow, slow)

    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({
      code: 'MAIL_UNAVAILABLE',
      message: `Microsoft Graph at ${new URL(fake.baseUrl).host} did not answer within 150 ms`,
      details: { attempts: 3 },
    })
    expectNothingSecret(error, fake)
  })

  it('reports an identity platform nobody listens on as MAIL_UNAVAILABLE', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const { fake, source } = await setUp({ loginBaseUrl: `http://127.0.0.1:${port}` })

    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({
      code: 'MAIL_UNAVAILABLE',
      message: `Microsoft identity platform at 127.0.0.1:${port} could not be reached`,
      details: { host: `127.0.0.1:${port}`, request: 'token', attempts: 3 },
    })
    expect(fake.requests).toEqual([])
    expectNothingSecret(error, fake)
  })

  it.each([
    ['malformed JSON', '{"value":[{"id":"AAMkAGI2TG93AAA=-x","from":'],
    ['JSON of an unknown shape', { value: [{ id: 42, receivedDateTime: 'gestern' }] }],
    ['a page without value', { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users' }],
  ])('reports %s as MAIL_PROTOCOL', async (_, body) => {
    const { fake, source } = await setUp()
    fake.queue('messages', { status: 200, body })
    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({ code: 'MAIL_PROTOCOL', details: { status: 200, request: 'messages' } })
    expectNothingSecret(error, fake)
  })

  it('reports a wrong client secret as MAIL_AUTH without echoing it', async () => {
    const { fake, source } = await setUp({ clientSecret: 'Qk48Q~wrongSecretFromAnOldVaultEntry00' })
    const error = await rejectionOf(source.read(undefined, READ))
    expect(shape(error, fake)).toMatchInlineSnapshot(`
      {
        "code": "MAIL_AUTH",
        "details": {
          "error": "invalid_client",
          "errorCodes": [
            7000215,
          ],
          "host": "<fake-host>",
          "request": "token",
          "status": 401,
        },
        "message": "Microsoft identity platform at <fake-host> refused the client credentials",
        "name": "MailSourceError",
      }
    `)
    expect(inspect(error, { depth: 20 })).not.toContain('wrongSecretFromAnOldVaultEntry')
    expectNothingSecret(error, fake)
  })

  it('starts from `since` when the cursor belongs to an IMAP source', async () => {
    const { fake, source } = await setUp()
    const imapCursor: MailCursor = { kind: 'imap', uidValidity: '1711', lastUid: 5 }
    await source.read(imapCursor, READ)
    expect(fake.requestsOf('messages')[0]?.query.$filter).toBe('receivedDateTime ge 2026-03-01T00:00:00.000Z')
  })
})

import { readFileSync } from 'node:fs'
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createImapSource, type ImapSourceOptions } from '../../src/mail/imap-source.js'
import type { MailCursor, ReadOptions } from '../../src/mail/source.js'
import { type FakeImap, type FakeImapMessage, startFakeImap } from '../support/fake-imap.js'
import { freePort } from '../support/net.js'
import { rejectionOf } from '../support/rejection.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url))

const USERNAME = 'einkauf@muster-gmbh.de'
const PASSWORD = 'Sommer-2026!Einkauf'
const UID_VALIDITY = 1711

// A German mail as Thunderbird writes it: 8-bit UTF-8 body, RFC 2047 encoded display name with a comma.
const MUELLER: FakeImapMessage = {
  receivedAt: new Date('2026-03-02T08:15:03Z'),
  source: [
    'Return-Path: <h.mueller@mueller-maschinenbau.de>',
    'From: =?UTF-8?Q?M=C3=BCller=2C_Hans?= <h.mueller@mueller-maschinenbau.de>',
    'To: Einkauf Muster GmbH <einkauf@muster-gmbh.de>',
    'Subject: =?UTF-8?Q?Angebot_f=C3=BCr_Ersatzteile?=',
    'Date: Mon, 02 Mar 2026 09:14:56 +0100',
    'Message-ID: <20260302091456.4711@mueller-maschinenbau.de>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Sehr geehrte Damen und Herren,',
    '',
    'anbei unser Angebot für die Ersatzteile.',
    '',
    'Mit freundlichen Grüßen',
    '',
    'Hans Müller',
    'Vertriebsleiter',
    'Müller Maschinenbau GmbH & Co. KG',
    'Industriestraße 12, 73760 Ostfildern',
    'Tel. +49 711 3456-120',
    '',
  ].join('\r\n'),
}

// Outlook on an Austrian Windows machine: Windows-1252, quoted-printable; € („ “) only exist in Windows-1252.
const WEISS: FakeImapMessage = {
  receivedAt: new Date('2026-03-03T13:03:12Z'),
  source: [
    'From: =?windows-1252?Q?J=FCrgen_Wei=DF?= <j.weiss@weiss-elektrotechnik.at>',
    'To: <einkauf@muster-gmbh.de>',
    'Subject: =?windows-1252?Q?R=FCckfrage_zur_Rechnung?=',
    'Date: Tue, 3 Mar 2026 14:02:11 +0100',
    'Message-ID: <AM0PR07MB4321.1741007331@weiss-elektrotechnik.at>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="windows-1252"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Gr=FC=DF Gott Frau Schr=F6der,',
    '',
    'die Rechnung =FCber 1.250,00 =80 ist eingegangen.',
    '',
    'Freundliche Gr=FC=DFe',
    'Ing. J=FCrgen Wei=DF',
    'Wei=DF Elektrotechnik GmbH, Stra=DFe =84Am Hang=93 3, 4020 Linz',
    '',
  ].join('\r\n'),
}

// A scanned contract as PDF: larger than the limit the tests read with.
const SCAN: FakeImapMessage = {
  receivedAt: new Date('2026-03-04T10:00:41Z'),
  source: [
    'From: Schmidt & Partner Steuerberatung <kanzlei@schmidt-partner.de>',
    'To: <einkauf@muster-gmbh.de>',
    'Subject: Vertrag (Scan)',
    'Date: Wed, 04 Mar 2026 11:00:30 +0100',
    'Message-ID: <scan-20260304-1100@schmidt-partner.de>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="----=_Part_0_8812"',
    '',
    '------=_Part_0_8812',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Anbei der unterschriebene Vertrag.',
    '------=_Part_0_8812',
    'Content-Type: application/pdf; name="Vertrag.pdf"',
    'Content-Disposition: attachment; filename="Vertrag.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    ...(Buffer.alloc(30_000, '%PDF-1.7 scan ')
      .toString('base64')
      .match(/.{1,76}/g) ?? []),
    '------=_Part_0_8812--',
    '',
  ].join('\r\n'),
}

// HTML only, as many CRM and ticket systems send.
const OCONNOR: FakeImapMessage = {
  receivedAt: new Date('2026-03-05T11:31:08Z'),
  source: [
    `From: "O'Connor, Sarah" <sarah.oconnor@brightline-logistics.co.uk>`,
    'To: <einkauf@muster-gmbh.de>',
    'Subject: Delivery schedule for week 11',
    'Date: Thu, 5 Mar 2026 11:30:59 +0000',
    'Message-ID: <CAF7x9d2=delivery-11@mail.brightline-logistics.co.uk>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    '<html><body><p>Dear Ms Schr&ouml;der,</p><p>please find the schedule below.</p>',
    '<p>Kind regards,<br>Sarah O&#39;Connor<br>Head of Procurement<br>Brightline Logistics Ltd<br>',
    'Unit 4, Riverside Park, Leeds LS1 4AP<br>+44 113 496 0321</p></body></html>',
    '',
  ].join('\r\n'),
}

// multipart/alternative without a Message-ID header (some web forms send such mails).
const BECKER: FakeImapMessage = {
  receivedAt: new Date('2026-03-06T16:45:20Z'),
  source: [
    'From: "Dr. Anna Becker" <a.becker@becker-rechtsanwaelte.de>',
    'To: <einkauf@muster-gmbh.de>',
    'Subject: Termin',
    'Date: Fri, 06 Mar 2026 17:45:02 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt-7f3a"',
    '',
    '--alt-7f3a',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Beste Gr=C3=BC=C3=9Fe',
    'Dr. Anna Becker, Rechtsanw=C3=A4ltin',
    '--alt-7f3a',
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<p>Beste Gr=C3=BC=C3=9Fe<br><b>Dr. Anna Becker</b>, Rechtsanw=C3=A4ltin</p>',
    '--alt-7f3a--',
    '',
  ].join('\r\n'),
}

const SUPPLIER: FakeImapMessage = {
  receivedAt: new Date('2026-03-09T07:58:00Z'),
  source: [
    'From: =?UTF-8?Q?Kr=C3=A4mer_Werkzeuge?= <vertrieb@kraemer-werkzeuge.de>',
    'Subject: Preisliste 2026',
    'Message-ID: <preisliste-2026@kraemer-werkzeuge.de>',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Guten Tag, anbei die neue Preisliste.',
    '',
  ].join('\r\n'),
}

const READ: ReadOptions = { since: new Date('2026-03-01T00:00:00Z'), limit: 3, maxMessageBytes: 20_000 }

let fake: FakeImap | undefined
let silent: Server | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
  await new Promise((resolve) => (silent ? silent.close(resolve) : resolve(undefined)))
  silent = undefined
})

async function setUp(overrides: Partial<ImapSourceOptions> = {}) {
  fake = await startFakeImap({
    username: USERNAME,
    password: PASSWORD,
    folders: {
      INBOX: { uidValidity: UID_VALIDITY, messages: [MUELLER, WEISS, SCAN, OCONNOR, BECKER] },
      Lieferanten: { uidValidity: 88, messages: [SUPPLIER] },
    },
  })
  const source = createImapSource({
    host: '127.0.0.1',
    port: fake.port,
    secure: false,
    // The fake server speaks cleartext only.
    allowPlaintext: true,
    username: USERNAME,
    password: PASSWORD,
    timeoutMs: 5_000,
    ...overrides,
  })
  return { fake, source }
}

/** The UIDs of a `UID FETCH <set> (...)` command line, e.g. `1,2,4:5` → 1, 2, 4, 5. */
function fetchedUids(line: string): number[] {
  const set = line.split(' ')[2] ?? ''
  return set.split(',').flatMap((range) => {
    const [from = 0, to = from] = range.split(':').map(Number)
    return Array.from({ length: to - from + 1 }, (_, index) => from + index)
  })
}

describe('createImapSource', () => {
  it('reads in batches, oldest first, skipping the oversized message but moving the cursor past it', async () => {
    const { source } = await setUp()

    const first = await source.read(undefined, READ)
    expect(first.messages.map((message) => message.id)).toEqual([
      '<20260302091456.4711@mueller-maschinenbau.de>',
      '<AM0PR07MB4321.1741007331@weiss-elektrotechnik.at>',
    ])
    expect(first.cursor).toEqual({ kind: 'imap', uidValidity: '1711', lastUid: 3 })
    expect(first.more).toBe(true)

    const second = await source.read(first.cursor, READ)
    expect(second.messages.map((message) => message.id)).toEqual([
      '<CAF7x9d2=delivery-11@mail.brightline-logistics.co.uk>',
      'imap:1711:5',
    ])
    expect(second.cursor).toEqual({ kind: 'imap', uidValidity: '1711', lastUid: 5 })
    expect(second.more).toBe(false)

    const third = await source.read(second.cursor, READ)
    expect(third).toEqual({ messages: [], cursor: second.cursor, more: false })
  })

  it('never downloads the source of a message above maxMessageBytes', async () => {
    const { fake, source } = await setUp()
    await source.read(undefined, { ...READ, limit: 10 })
    const sourceFetches = fake.commands.filter((line) => /^UID FETCH .*BODY\.PEEK\[\]/i.test(line))
    expect(sourceFetches.flatMap(fetchedUids)).toEqual([1, 2, 4, 5])
  })

  it('decodes RFC 2047 names, Windows-1252 quoted-printable, HTML-only and multipart/alternative mails', async () => {
    const { source } = await setUp()
    const { messages } = await source.read(undefined, { ...READ, limit: 10 })
    const [mueller, weiss, oconnor, becker] = messages

    expect(mueller).toEqual({
      id: '<20260302091456.4711@mueller-maschinenbau.de>',
      from: { name: 'Müller, Hans', address: 'h.mueller@mueller-maschinenbau.de' },
      receivedAt: new Date('2026-03-02T08:15:03Z'),
      text: expect.stringContaining(
        'Müller Maschinenbau GmbH & Co. KG\nIndustriestraße 12, 73760 Ostfildern',
      ),
      html: undefined,
    })
    expect(weiss?.from).toEqual({ name: 'Jürgen Weiß', address: 'j.weiss@weiss-elektrotechnik.at' })
    expect(weiss?.text).toContain('die Rechnung über 1.250,00 € ist eingegangen.')
    expect(weiss?.text).toContain('Weiß Elektrotechnik GmbH, Straße „Am Hang“ 3, 4020 Linz')

    expect(oconnor?.from).toEqual({
      name: "O'Connor, Sarah",
      address: 'sarah.oconnor@brightline-logistics.co.uk',
    })
    expect(oconnor?.text).toBeUndefined()
    expect(oconnor?.html).toContain('Head of Procurement<br>Brightline Logistics Ltd')
    expect(oconnor?.receivedAt).toEqual(new Date('2026-03-05T11:31:08Z'))

    expect(becker).toMatchObject({
      id: 'imap:1711:5',
      from: { name: 'Dr. Anna Becker', address: 'a.becker@becker-rechtsanwaelte.de' },
      text: expect.stringContaining('Dr. Anna Becker, Rechtsanwältin'),
      html: expect.stringContaining('<b>Dr. Anna Becker</b>, Rechtsanwältin'),
    })
  })

  it('opens the folder read-only, so reading leaves every message unseen', async () => {
    const { fake, source } = await setUp()
    await source.read(undefined, { ...READ, limit: 10 })

    expect(fake.flags()).toEqual([[], [], [], [], []])
    expect(fake.received('EXAMINE INBOX')).toBe(true)
    expect(fake.received('SELECT')).toBe(false)
    expect(fake.received('UID STORE')).toBe(false)
    expect(fake.received('LOGOUT')).toBe(true)
  })

  it('starts again from `since` when the folder got a new UIDVALIDITY', async () => {
    const { fake, source } = await setUp()
    const stale: MailCursor = { kind: 'imap', uidValidity: '1711', lastUid: 5 }
    fake.setUidValidity('INBOX', 2024)

    const batch = await source.read(stale, { ...READ, since: new Date('2026-03-05T00:00:00Z') })
    expect(batch.messages.map((message) => message.id)).toEqual([
      '<CAF7x9d2=delivery-11@mail.brightline-logistics.co.uk>',
      'imap:2024:5',
    ])
    expect(batch.cursor).toEqual({ kind: 'imap', uidValidity: '2024', lastUid: 5 })
    expect(batch.more).toBe(false)
  })

  it('skips the older messages when nothing arrived since `since`, then reads only new ones', async () => {
    const { fake, source } = await setUp()
    const empty = await source.read(undefined, { ...READ, since: new Date('2026-04-01T00:00:00Z') })
    expect(empty).toEqual({
      messages: [],
      cursor: { kind: 'imap', uidValidity: '1711', lastUid: 5 },
      more: false,
    })

    fake.deliver('INBOX', { ...SUPPLIER, receivedAt: new Date('2026-04-02T07:30:00Z') })
    const next = await source.read(empty.cursor, READ)
    expect(next.messages.map((message) => message.id)).toEqual(['<preisliste-2026@kraemer-werkzeuge.de>'])
    expect(next.cursor).toEqual({ kind: 'imap', uidValidity: '1711', lastUid: 6 })
  })

  it('passes over a message of the same day received before `since` (SEARCH SINCE compares days)', async () => {
    const { fake, source } = await setUp()
    fake.deliver('INBOX', { ...SUPPLIER, receivedAt: new Date('2026-04-02T07:30:00Z') })
    fake.deliver('INBOX', { ...SUPPLIER, receivedAt: new Date('2026-04-02T15:45:00Z') })
    const batch = await source.read(undefined, { ...READ, since: new Date('2026-04-02T12:00:00Z') })
    expect(batch.messages.map((message) => message.receivedAt)).toEqual([new Date('2026-04-02T15:45:00Z')])
    expect(batch.cursor).toEqual({ kind: 'imap', uidValidity: '1711', lastUid: 7 })
  })

  it('reads the configured folder', async () => {
    const { source } = await setUp({ folder: 'Lieferanten' })
    const batch = await source.read(undefined, READ)
    expect(batch.messages).toEqual([
      {
        id: '<preisliste-2026@kraemer-werkzeuge.de>',
        from: { name: 'Krämer Werkzeuge', address: 'vertrieb@kraemer-werkzeuge.de' },
        receivedAt: new Date('2026-03-09T07:58:00Z'),
        text: 'Guten Tag, anbei die neue Preisliste.\n',
        html: undefined,
      },
    ])
    expect(batch.cursor).toEqual({ kind: 'imap', uidValidity: '88', lastUid: 1 })
  })

  it('reports a refused login as MAIL_AUTH without the password or the user name', async () => {
    const { source } = await setUp({ password: 'Sommer-2025!Einkauf' })
    const error = await rejectionOf(source.read(undefined, READ))

    expect(error).toMatchObject({ name: 'MailSourceError', code: 'MAIL_AUTH' })
    expect(JSON.parse(JSON.stringify(error))).toMatchInlineSnapshot(`
      {
        "code": "MAIL_AUTH",
        "details": {
          "host": "127.0.0.1",
        },
        "message": "IMAP server 127.0.0.1 refused the credentials",
        "name": "MailSourceError",
      }
    `)
    expect(inspect(error, { depth: 10 })).not.toContain('Sommer-2025')
  })

  it('never sends the password in cleartext to a server without STARTTLS', async () => {
    const { source, fake } = await setUp({ allowPlaintext: false })
    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({ name: 'MailSourceError', code: 'MAIL_UNAVAILABLE' })
    expect(fake.commands.some((line) => /^(?:LOGIN|AUTHENTICATE)\b/i.test(line))).toBe(false)
  })

  it('reports a port nobody listens on as MAIL_UNAVAILABLE', async () => {
    const port = await freePort()
    const source = createImapSource({
      host: '127.0.0.1',
      port,
      secure: false,
      username: USERNAME,
      password: PASSWORD,
    })
    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({
      code: 'MAIL_UNAVAILABLE',
      message: `IMAP server 127.0.0.1:${port} could not be reached`,
      details: { host: '127.0.0.1', port, reason: 'ECONNREFUSED' },
    })
  })

  it('gives up on a server that never greets after timeoutMs', async () => {
    const sockets: Socket[] = []
    silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    const source = createImapSource({
      host: '127.0.0.1',
      port,
      secure: false,
      username: USERNAME,
      password: PASSWORD,
      timeoutMs: 200,
    })
    const error = await rejectionOf(source.read(undefined, READ))
    for (const socket of sockets) socket.destroy()
    expect(error).toMatchObject({
      code: 'MAIL_UNAVAILABLE',
      message: `IMAP server 127.0.0.1:${port} did not answer within 200 ms`,
    })
  })

  it('reports a missing folder as MAIL_NOT_FOUND', async () => {
    const { source } = await setUp({ folder: 'Kunden' })
    const error = await rejectionOf(source.read(undefined, READ))
    expect(error).toMatchObject({ code: 'MAIL_NOT_FOUND', details: { host: '127.0.0.1' } })
    expect(JSON.stringify(error)).not.toContain('Kunden')
  })

  it('checks the server certificate unless told otherwise', async () => {
    fake = await startFakeImap({
      username: USERNAME,
      password: PASSWORD,
      folders: { INBOX: { uidValidity: 5, messages: [MUELLER] } },
      tls: { cert: fixture('localhost-cert.pem'), key: fixture('localhost-key.pem') },
    })
    const options = {
      host: '127.0.0.1',
      port: fake.port,
      secure: true,
      username: USERNAME,
      password: PASSWORD,
      timeoutMs: 5_000,
    }

    const error = await rejectionOf(createImapSource(options).read(undefined, READ))
    expect(error).toMatchObject({ code: 'MAIL_UNAVAILABLE' })

    const batch = await createImapSource({ ...options, tls: { rejectUnauthorized: false } }).read(
      undefined,
      READ,
    )
    expect(batch.messages.map((message) => message.from.name)).toEqual(['Müller, Hans'])
  })
})

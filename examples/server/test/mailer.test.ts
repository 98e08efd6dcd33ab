import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'
import { ServerError } from '../src/errors.js'
import { createSmtpMailer, parseSmtpUrl } from '../src/mailer.js'
import { SmtpCapture } from './support/smtp-capture.js'

describe('parseSmtpUrl', () => {
  it.each([
    [
      'smtps://no-reply%40kontakte.example.de:G%C3%BCnther%3A%2F%40-2026@SMTP.Example.DE:465',
      {
        secure: true,
        host: 'smtp.example.de',
        port: 465,
        auth: { user: 'no-reply@kontakte.example.de', pass: 'Günther:/@-2026' },
      },
    ],
    ['smtp://smtp.example.de', { secure: false, host: 'smtp.example.de', port: 587, auth: undefined }],
    ['smtps://relay.intern:2465', { secure: true, host: 'relay.intern', port: 2465, auth: undefined }],
    ['smtp://[::1]:25', { secure: false, host: '::1', port: 25, auth: undefined }],
  ])('reads %s', (url, endpoint) => {
    expect(parseSmtpUrl(url)).toEqual({ success: true, data: endpoint })
  })

  it.each([
    ['https://smtp.example.de', /smtp:\/\/ \(STARTTLS\) or smtps:\/\//],
    ['smtp://smtp.example.de:587?ignoreTLS=true', /no path, query or fragment/],
    ['smtp://smtp.example.de/postfach', /no path, query or fragment/],
    ['smtp://user:%E0%A4%A@smtp.example.de', /not correctly URL-encoded/],
    ['smtp.example.de:587', /smtp:\/\/ \(STARTTLS\) or smtps:\/\//],
  ])('refuses %s', (url, message) => {
    const result = parseSmtpUrl(url)
    expect(result.success).toBe(false)
    if (!result.success) expect(result.error).toMatch(message)
  })
})

describe('loadConfig: SMTP_URL and MAIL_FROM', () => {
  const base = { PUBLIC_URL: 'https://kontakte.example.de' }

  it('turns mail on with SMTP_URL, MAIL_FROM and PUBLIC_URL', () => {
    const result = loadConfig({
      ...base,
      SMTP_URL: 'smtps://no-reply%40example.de:geheim@smtp.example.de:465',
      MAIL_FROM: 'Müller & Söhne Kontakte <no-reply@example.de>',
    })
    if (!result.success) throw new Error(JSON.stringify(result.problems))
    expect(result.config.smtp).toEqual({
      url: 'smtps://no-reply%40example.de:geheim@smtp.example.de:465',
      from: 'Müller & Söhne Kontakte <no-reply@example.de>',
    })
  })

  it('leaves mail off without SMTP_URL, whatever MAIL_FROM says', () => {
    const result = loadConfig({ MAIL_FROM: 'no-reply@example.de' })
    expect(result.success && result.config.smtp).toBeUndefined()
  })

  it('asks for MAIL_FROM and PUBLIC_URL with SMTP_URL', () => {
    const result = loadConfig({ SMTP_URL: 'smtp://smtp.example.de:587' })
    expect(result.success).toBe(false)
    if (!result.success)
      expect(result.problems.map((problem) => problem.variable).sort()).toEqual(['MAIL_FROM', 'PUBLIC_URL'])
  })

  it('names a bad SMTP_URL without repeating its password', () => {
    const result = loadConfig({ ...base, SMTP_URL: 'smtp://user:Streng-Geheim-77@smtp.example.de/?x=1' })
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(result.problems).toContainEqual(expect.objectContaining({ variable: 'SMTP_URL' }))
      expect(JSON.stringify(result.problems)).not.toContain('Streng-Geheim-77')
    }
  })

  it.each([
    ['no-reply@example.de', true],
    ['contactkit <no-reply@example.com>', true],
    ['"Weiß, Jürgen" <juergen.weiss@example.de>', true],
    ['contactkit <no-reply@example.com>\r\nBcc: alle@example.com', false],
    ['kein Absender', false],
  ])('MAIL_FROM %j valid: %s', (from, valid) => {
    const result = loadConfig({ ...base, SMTP_URL: 'smtp://smtp.example.de', MAIL_FROM: from })
    expect(result.success).toBe(valid)
  })
})

describe('createSmtpMailer', () => {
  const capture = new SmtpCapture()
  const credentials = { user: 'jürgen.weiß@kontakte.example.de', pass: 'Pässwort:mit/@-Zeichen' }
  beforeAll(() => capture.start(credentials))
  afterAll(() => capture.stop())

  it('logs in with the URL-decoded credentials and sends text and HTML', async () => {
    const mailer = createSmtpMailer({
      url: capture.url(credentials),
      from: 'Müller & Söhne <no-reply@mueller-soehne.de>',
      allowPlaintext: true,
      timeoutMs: 5000,
    })
    await mailer.send({
      to: 'juergen.weiss@mueller-soehne.de',
      subject: 'Grüße aus Köln',
      text: 'Hallo Jürgen,\nviele Grüße',
      html: '<p>Hallo Jürgen,</p>',
    })
    const [mail] = await capture.waitFor('juergen.weiss@mueller-soehne.de')
    expect(capture.logins).toEqual([credentials])
    expect(mail).toMatchObject({
      from: '"Müller & Söhne" <no-reply@mueller-soehne.de>',
      subject: 'Grüße aus Köln',
      text: 'Hallo Jürgen,\nviele Grüße',
      html: '<p>Hallo Jürgen,</p>',
    })
  })

  it('refuses to log in or send when an smtp:// server offers no STARTTLS', async () => {
    const logins = capture.logins.length
    const messages = capture.messages.length
    const mailer = createSmtpMailer({
      url: capture.url(credentials),
      from: 'no-reply@mueller-soehne.de',
      timeoutMs: 5000,
    })
    const error = await mailer
      .send({ to: 'eva.schroeder@mueller-soehne.de', subject: 'Test', text: 'Test' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ServerError)
    expect(error).toMatchObject({ code: 'MAIL_UNAVAILABLE', details: { mailCode: 'ETLS' } })
    expect((error as ServerError).statusCode).toBe(502)
    expect(capture.logins.length).toBe(logins)
    expect(capture.messages.length).toBe(messages)
  })

  it('reports a refused login by code, without the password or the recipient', async () => {
    const mailer = createSmtpMailer({
      url: capture.url({ user: credentials.user, pass: 'Falsches-Kennwort-1' }),
      from: 'no-reply@mueller-soehne.de',
      allowPlaintext: true,
      timeoutMs: 5000,
    })
    const error = (await mailer
      .send({ to: 'eva.schroeder@mueller-soehne.de', subject: 'Test', text: 'Test' })
      .catch((caught: unknown) => caught)) as ServerError
    expect(error.toJSON()).toEqual({
      name: 'ServerError',
      code: 'MAIL_UNAVAILABLE',
      message: 'The mail could not be sent; try again later.',
      details: { mailCode: 'EAUTH', smtpCode: 535 },
    })
  })

  describe('against a server that never greets', () => {
    let silent: Server
    const sockets: Socket[] = []
    beforeAll(async () => {
      silent = createServer((socket) => sockets.push(socket))
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    })
    afterAll(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    })

    it('gives up after the timeout', async () => {
      const { port } = silent.address() as { port: number }
      const mailer = createSmtpMailer({
        url: `smtp://127.0.0.1:${port}`,
        from: 'no-reply@mueller-soehne.de',
        timeoutMs: 300,
      })
      await expect(
        mailer.send({ to: 'eva.schroeder@mueller-soehne.de', subject: 'Test', text: 'Test' }),
      ).rejects.toMatchObject({ code: 'MAIL_UNAVAILABLE', details: { mailCode: 'ETIMEDOUT' } })
    })
  })
})

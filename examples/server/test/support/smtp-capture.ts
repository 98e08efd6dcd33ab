import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** One message the capture server accepted, parsed. */
export interface CapturedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[]
  from: string
  subject: string
  text: string
  html: string
  /** The message as it crossed the wire. */
  raw: string
}

/**
 * An SMTP server on 127.0.0.1 (random port) that keeps every message it receives. It offers no STARTTLS, so the
 * server's mailer only talks to it with `allowPlaintext`; it accepts plain-text logins and records them.
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = []
  /** Logins attempted, in order: user and password as the server received them. */
  readonly logins: Array<{ user: string; pass: string }> = []
  private readonly waiters = new Set<() => void>()
  private server!: SMTPServer
  port = 0

  /** Starts listening; `credentials`: the only login accepted (otherwise every login, or none, is fine). */
  async start(credentials?: { user: string; pass: string }): Promise<this> {
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: credentials === undefined,
      disableReverseLookup: true,
      onAuth: (auth, _session, callback) => {
        const login = { user: auth.username ?? '', pass: auth.password ?? '' }
        this.logins.push(login)
        if (credentials && (login.user !== credentials.user || login.pass !== credentials.pass))
          return callback(new Error('Invalid username or password'))
        return callback(null, { user: login.user })
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          simpleParser(raw).then(
            (parsed) => {
              this.messages.push({
                to: session.envelope.rcptTo.map((recipient) => recipient.address),
                from: parsed.from?.text ?? '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                raw,
              })
              for (const wake of this.waiters) wake()
              callback()
            },
            (error: Error) => callback(error),
          )
        })
      },
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.server.address() as AddressInfo).port
    return this
  }

  /** `smtp://` URL of the server, with URL-encoded credentials when given. */
  url(credentials?: { user: string; pass: string }): string {
    const login = credentials
      ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@`
      : ''
    return `smtp://${login}127.0.0.1:${this.port}`
  }

  /** The messages to `address` so far. */
  to(address: string): CapturedMail[] {
    return this.messages.filter((message) => message.to.includes(address))
  }

  /** Waits until `count` messages to `address` have arrived (mails are sent after the API answers). */
  async waitFor(address: string, count = 1, timeoutMs = 10_000): Promise<CapturedMail[]> {
    const deadline = Date.now() + timeoutMs
    while (this.to(address).length < count) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no ${count}. mail to ${address} within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          this.waiters.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, left)
        this.waiters.add(wake)
      })
    }
    return this.to(address)
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

import nodemailer from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import { ServerError } from './errors.js'

/** One outgoing mail: plain text always, HTML as an alternative view. */
export interface MailMessage {
  to: string
  subject: string
  text: string
  html?: string
}

/** Sends account mails (password reset, invitations). */
export interface Mailer {
  /**
   * Hands the message to the mail server.
   *
   * @throws {ServerError} MAIL_UNAVAILABLE when the server cannot be reached, times out, refuses the login or the
   * message, or offers no STARTTLS; `details.mailCode` names the failure class (`ETLS`, `EAUTH`, …).
   */
  send(message: MailMessage): Promise<void>
}

/** Where and how to reach the SMTP server, as read from an `smtp://` or `smtps://` URL. */
export interface SmtpEndpoint {
  /** `true` for `smtps://` (TLS from the first byte), `false` for `smtp://` (STARTTLS). */
  secure: boolean
  host: string
  port: number
  /** The login, URL-decoded; absent when the URL names no user. */
  auth: { user: string; pass: string } | undefined
}

/** Result of {@link parseSmtpUrl}. */
export type SmtpUrlResult = { success: true; data: SmtpEndpoint } | { success: false; error: string }

/**
 * Reads an SMTP URL. Only scheme, credentials, host and port are taken: nodemailer would also read options from the
 * query string (e.g. `?ignoreTLS=true`), so URLs with a query, path or fragment are refused rather than half-used.
 *
 * @param value - E.g. `smtps://user:pass@smtp.example.com:465` or `smtp://smtp.example.com:587`; credentials may be
 * URL-encoded (`%40` for `@`).
 * @returns The endpoint, or why the URL is not usable (the message never repeats the URL, which may hold a password).
 *
 * @example
 * ```ts
 * parseSmtpUrl('smtp://mailer%40example.de:geheim@smtp.example.de:587')
 * // { success: true, data: { secure: false, host: 'smtp.example.de', port: 587, auth: { user: 'mailer@example.de', pass: 'geheim' } } }
 * ```
 */
export function parseSmtpUrl(value: string): SmtpUrlResult {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return {
      success: false,
      error: 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465',
    }
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    return { success: false, error: 'must start with smtp:// (STARTTLS) or smtps:// (TLS)' }
  if (!url.hostname)
    return { success: false, error: 'must name the mail server, e.g. smtp://smtp.example.com:587' }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash)
    return {
      success: false,
      error: 'must have no path, query or fragment (only user, password, host and port)',
    }
  let auth: SmtpEndpoint['auth']
  if (url.username || url.password) {
    try {
      auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    } catch {
      return { success: false, error: 'has a user or password that is not correctly URL-encoded' }
    }
  }
  const secure = url.protocol === 'smtps:'
  return {
    success: true,
    data: {
      secure,
      // Non-special schemes keep the host's case and an IPv6 address's brackets; nodemailer wants neither.
      host: url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      auth,
    },
  }
}

/** Options of {@link createSmtpMailer}. */
export interface SmtpMailerOptions {
  /** `smtp://` (STARTTLS required) or `smtps://` URL, see {@link parseSmtpUrl}. */
  url: string
  /** Sender, e.g. `contactkit <no-reply@example.com>`. */
  from: string
  /** Limit for connecting, the greeting and each wait for the server afterwards; default 10 seconds. */
  timeoutMs?: number
  /** Tests only: talk to an `smtp://` server without STARTTLS. Never set in production. */
  allowPlaintext?: boolean
}

/**
 * Creates a mailer that sends through one SMTP server, a new connection per message (account mails are rare).
 * `smtp://` URLs must upgrade with STARTTLS before anything is sent, credentials included; nodemailer's own logger
 * stays off, since it would log addresses and message content.
 *
 * @param options - URL, sender, timeout.
 * @returns The mailer.
 * @throws {Error} When the URL is not usable (a programmer error: the configuration checks it at start).
 *
 * @example
 * ```ts
 * const mailer = createSmtpMailer({ url: 'smtps://no-reply:geheim@smtp.example.de:465', from: 'contactkit <no-reply@example.de>' })
 * await mailer.send({ to: 'juergen.weiss@example.de', subject: 'Hallo', text: 'Hallo Jürgen' })
 * ```
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const parsed = parseSmtpUrl(options.url)
  if (!parsed.success) throw new Error(`SMTP URL ${parsed.error}`)
  const endpoint = parsed.data
  const timeout = options.timeoutMs ?? 10_000
  const transportOptions: SMTPTransport.Options = {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    // STARTTLS or fail: without it the login and the reset links would cross the network in clear text.
    requireTLS: !endpoint.secure && options.allowPlaintext !== true,
    ...(endpoint.auth ? { auth: endpoint.auth } : {}),
    tls: { minVersion: 'TLSv1.2' },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    logger: false,
    debug: false,
    // Messages are built here from text; nothing may pull files or URLs into them.
    disableFileAccess: true,
    disableUrlAccess: true,
  }
  const transport = nodemailer.createTransport(transportOptions)
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
        })
      } catch (error) {
        throw toMailError(error)
      }
    },
  }
}

// Only the failure's class and the SMTP reply code travel on: nodemailer's messages can quote the server's reply,
// which may name the recipient.
function toMailError(error: unknown): ServerError {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown }
  return new ServerError('MAIL_UNAVAILABLE', 'The mail could not be sent; try again later.', {
    details: {
      mailCode: typeof code === 'string' ? code : 'UNKNOWN',
      ...(typeof responseCode === 'number' ? { smtpCode: responseCode } : {}),
    },
  })
}

/**
 * What a log line may say about a failed send: the error's class and codes, never its message (nodemailer's quote
 * the server's reply, which can name the recipient).
 *
 * @param error - What {@link Mailer.send} threw.
 * @returns Fields for the logger's `err`.
 *
 * @example
 * ```ts
 * log.warn({ err: mailFailureFields(error) }, 'invitation mail not sent')
 * ```
 */
export function mailFailureFields(error: unknown): { type: string; code?: string; mailCode?: string } {
  if (!(error instanceof ServerError)) return { type: error instanceof Error ? error.name : typeof error }
  const mailCode = error.details?.mailCode
  return { type: error.name, code: error.code, ...(typeof mailCode === 'string' ? { mailCode } : {}) }
}

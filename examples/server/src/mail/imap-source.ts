import { ImapFlow, type MailboxObject } from 'imapflow'
import { type EmailAddress, type SimpleParserOptions, simpleParser } from 'mailparser'
import {
  type MailBatch,
  type MailCursor,
  type MailMessage,
  type MailSender,
  type MailSource,
  MailSourceError,
  type ReadOptions,
} from './source.js'

/** Connection settings of {@link createImapSource}. */
export interface ImapSourceOptions {
  /** Host name of the IMAP server, e.g. `imap.mueller-maschinenbau.de`. */
  host: string
  /** Port, usually 993 with `secure` and 143 without. */
  port: number
  /**
   * Whether to speak TLS from the start (port 993). Without it the connection must upgrade with STARTTLS (port 143),
   * and connecting fails when the server does not offer it: the password never crosses the wire unencrypted.
   */
  secure: boolean
  /** Let a connection without `secure` stay in cleartext when the server offers no STARTTLS: local test servers only. */
  allowPlaintext?: boolean
  /** Login name, often the mailbox address. */
  username: string
  /** Password or app password of the mailbox. */
  password: string
  /** Folder to read. Default `INBOX`. */
  folder?: string
  /** Limit in milliseconds for connecting, for the greeting and for every silence of the server. Default 30 000. */
  timeoutMs?: number
  /** TLS settings; `rejectUnauthorized: false` accepts a certificate no trusted authority signed. */
  tls?: { rejectUnauthorized?: boolean }
}

const DEFAULT_TIMEOUT_MS = 30_000

// Only what the suggestion builder reads: no text-to-HTML or HTML-to-text conversion (the message has the body or
// not), and no `data:` URLs inlined for images, which would copy every image attachment into the HTML string.
const PARSER_OPTIONS: SimpleParserOptions = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
  checksumAlgo: false,
}

// Socket, DNS and timeout failures: the server could not be reached or stopped answering.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
  'ETHROTTLE',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
])

/** The fields of imapflow's errors this module reads; all are protocol tokens, never server prose. */
interface ImapFailure {
  code?: unknown
  authenticationFailed?: unknown
  mailboxMissing?: unknown
  tlsFailed?: unknown
  responseStatus?: unknown
  serverResponseCode?: unknown
}

function failureOf(error: unknown): ImapFailure {
  return typeof error === 'object' && error !== null ? (error as ImapFailure) : {}
}

/** Keeps a value for `details` only when it is a short protocol token, so no server text slips through. */
function token(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(value) ? value : undefined
}

function protocolDetails(host: string, error: unknown): Record<string, unknown> {
  const failure = failureOf(error)
  const details: Record<string, unknown> = { host }
  const status = token(failure.responseStatus)
  const responseCode = token(failure.serverResponseCode)
  const code = token(failure.code)
  if (status !== undefined) details.status = status
  if (responseCode !== undefined) details.responseCode = responseCode
  if (code !== undefined) details.reason = code
  return details
}

function unavailable(options: ImapSourceOptions, timeoutMs: number, error: unknown): MailSourceError {
  const code = token(failureOf(error).code)
  const timedOut = code !== undefined && /TIMEOUT|ETIMEDOUT/.test(code)
  const where = `${options.host}:${options.port}`
  return new MailSourceError(
    'MAIL_UNAVAILABLE',
    timedOut
      ? `IMAP server ${where} did not answer within ${timeoutMs} ms`
      : `IMAP server ${where} could not be reached`,
    { details: { ...protocolDetails(options.host, error), port: options.port }, cause: error },
  )
}

function protocol(host: string, error: unknown, what = 'answered unexpectedly'): MailSourceError {
  return new MailSourceError('MAIL_PROTOCOL', `IMAP server ${host} ${what}`, {
    details: protocolDetails(host, error),
    ...(error === undefined ? {} : { cause: error }),
  })
}

/** Translates a failure after login: lost connections are MAIL_UNAVAILABLE, anything else MAIL_PROTOCOL. */
function afterLoginError(options: ImapSourceOptions, timeoutMs: number, error: unknown): MailSourceError {
  if (error instanceof MailSourceError) return error
  const code = failureOf(error).code
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return unavailable(options, timeoutMs, error)
  return protocol(options.host, error)
}

async function connect(client: ImapFlow, options: ImapSourceOptions, timeoutMs: number): Promise<void> {
  try {
    await client.connect()
  } catch (error) {
    const failure = failureOf(error)
    if (failure.authenticationFailed === true) {
      const responseCode = token(failure.serverResponseCode)
      throw new MailSourceError('MAIL_AUTH', `IMAP server ${options.host} refused the credentials`, {
        details: { host: options.host, ...(responseCode === undefined ? {} : { responseCode }) },
        cause: error,
      })
    }
    // Whatever else stops the session before login (refused socket, TLS, timeout, a closed greeting) leaves the
    // server unusable for this read.
    throw unavailable(options, timeoutMs, error)
  }
}

async function openFolder(
  client: ImapFlow,
  folder: string,
  options: ImapSourceOptions,
  timeoutMs: number,
): Promise<MailboxObject> {
  try {
    // EXAMINE, not SELECT: a read-only folder never gets \Seen set (nor \Recent cleared) by this reader.
    return await client.mailboxOpen(folder, { readOnly: true })
  } catch (error) {
    const failure = failureOf(error)
    if (
      failure.mailboxMissing === true ||
      token(failure.serverResponseCode)?.toUpperCase() === 'NONEXISTENT'
    ) {
      // The folder name stays out of message and details: it is the caller's configuration, known to them.
      throw new MailSourceError('MAIL_NOT_FOUND', `The IMAP folder does not exist on ${options.host}`, {
        details: { host: options.host },
        cause: error,
      })
    }
    throw afterLoginError(options, timeoutMs, error)
  }
}

function firstSender(addresses: EmailAddress[] | undefined): MailSender {
  for (const entry of addresses ?? []) {
    const candidate = entry.address !== undefined ? entry : entry.group?.find((member) => member.address)
    if (candidate?.address !== undefined) {
      return { name: candidate.name === '' ? undefined : candidate.name, address: candidate.address }
    }
  }
  return {}
}

// Reads just the fields the suggestion builder needs and lets go of the parsed message (attachments included) at
// once, instead of holding it for the whole batch.
async function parseMessage(source: Buffer, fallbackId: string, receivedAt: Date): Promise<MailMessage> {
  const parsed = await simpleParser(source, PARSER_OPTIONS)
  const messageId = parsed.messageId?.trim()
  return {
    id: messageId === undefined || messageId === '' ? fallbackId : messageId,
    from: firstSender(parsed.from?.value),
    receivedAt,
    text: parsed.text === undefined || parsed.text === '' ? undefined : parsed.text,
    html: typeof parsed.html === 'string' && parsed.html !== '' ? parsed.html : undefined,
  }
}

// A cursor of another folder generation (or of a Graph source, after the mailbox was switched to IMAP) says nothing
// about this folder's UIDs: reading starts again from `since`.
function resumeUid(cursor: MailCursor | undefined, uidValidity: string): number | undefined {
  return cursor?.kind === 'imap' && cursor.uidValidity === uidValidity ? cursor.lastUid : undefined
}

async function readBatch(
  client: ImapFlow,
  mailbox: MailboxObject,
  cursor: MailCursor | undefined,
  options: ReadOptions,
  host: string,
): Promise<MailBatch> {
  const uidValidity = String(mailbox.uidValidity)
  const lastUid = resumeUid(cursor, uidValidity)
  const found =
    lastUid === undefined
      ? await client.search({ since: options.since }, { uid: true })
      : await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })
  if (!Array.isArray(found)) throw protocol(host, undefined, 'refused the search')
  // `n:*` always matches the highest UID, even one below n (RFC 3501 6.4.8), so the range alone does not filter.
  const uids = [...new Set(found)]
    .filter((uid) => lastUid === undefined || uid > lastUid)
    .sort((a, b) => a - b)
  const picked = uids.slice(0, options.limit)

  const read: Array<{ uid: number; message: MailMessage }> = []
  if (picked.length > 0) {
    const sized = await client.fetchAll(picked, { uid: true, internalDate: true, size: true }, { uid: true })
    const receivedAt = new Map<number, Date>()
    for (const entry of sized) {
      const date = entry.internalDate === undefined ? undefined : new Date(entry.internalDate)
      if (entry.size === undefined || date === undefined || Number.isNaN(date.getTime())) {
        throw protocol(host, undefined, 'did not report size and date of a message')
      }
      // SEARCH SINCE compares whole days: a message of the same day before `since` is passed over too.
      const tooEarly = lastUid === undefined && date < options.since
      if (entry.size <= options.maxMessageBytes && !tooEarly) receivedAt.set(entry.uid, date)
    }
    if (receivedAt.size > 0) {
      // A second fetch, so that the source of an oversized message is never downloaded.
      const wanted = [...receivedAt.keys()]
      for await (const entry of client.fetch(wanted, { uid: true, source: true }, { uid: true })) {
        const date = receivedAt.get(entry.uid)
        if (entry.source === undefined || date === undefined) continue
        try {
          read.push({
            uid: entry.uid,
            message: await parseMessage(entry.source, `imap:${uidValidity}:${entry.uid}`, date),
          })
        } catch {
          // A message mailparser cannot read offers no signature either; the cursor still moves past it.
        }
      }
    }
  }
  read.sort((a, b) => a.uid - b.uid)

  // With nothing found since `since`, every message now in the folder is older: the next read starts after them
  // instead of at UID 1, which would read the folder's whole history.
  const nextLastUid = picked.at(-1) ?? lastUid ?? Math.max(0, mailbox.uidNext - 1)
  return {
    messages: read.map((entry) => entry.message),
    cursor: { kind: 'imap', uidValidity, lastUid: nextLastUid },
    more: uids.length > picked.length,
  }
}

function checkReadArguments(cursor: MailCursor | undefined, options: ReadOptions): void {
  if (cursor?.kind === 'imap' && (!Number.isSafeInteger(cursor.lastUid) || cursor.lastUid < 0)) {
    throw new TypeError('cursor.lastUid must be a non-negative integer')
  }
  if (!Number.isSafeInteger(options.limit) || options.limit < 1) {
    throw new RangeError('limit must be a positive integer')
  }
  if (!Number.isFinite(options.maxMessageBytes) || options.maxMessageBytes < 0) {
    throw new RangeError('maxMessageBytes must be a non-negative number')
  }
  if (Number.isNaN(options.since.getTime())) throw new RangeError('since must be a valid date')
}

async function closeQuietly(client: ImapFlow): Promise<void> {
  if (client.usable) {
    try {
      await client.logout()
      return
    } catch {
      // The server went away during LOGOUT: closing the socket below is all that is left to do.
    }
  }
  client.close()
}

/**
 * Creates a mail source that reads one folder of an IMAP mailbox, oldest UID first, opening the folder read-only.
 *
 * Each {@link MailSource.read} opens its own connection and logs out at the end. The cursor holds the folder's
 * UIDVALIDITY and the highest UID looked at; when UIDVALIDITY changed, reading starts again from `since`.
 *
 * @param options - Server, credentials, folder and timeout.
 * @returns The source; it keeps no connection between reads.
 * @throws {RangeError} When `timeoutMs` is not a positive number; from `read` for a `limit`, `maxMessageBytes` or
 *   `since` out of range.
 * @throws {TypeError} From `read` for an IMAP cursor whose `lastUid` is not a non-negative integer.
 * @throws {MailSourceError} From `read`: MAIL_AUTH when the server refuses the login, MAIL_UNAVAILABLE when it
 *   cannot be reached or falls silent for `timeoutMs`, MAIL_NOT_FOUND when the folder does not exist, MAIL_PROTOCOL
 *   for answers this client does not understand.
 */
export function createImapSource(options: ImapSourceOptions): MailSource {
  const folder = options.folder ?? 'INBOX'
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError('timeoutMs must be a positive number')
  }

  return {
    async read(cursor, readOptions) {
      checkReadArguments(cursor, readOptions)
      const client = new ImapFlow({
        host: options.host,
        port: options.port,
        secure: options.secure,
        auth: { user: options.username, pass: options.password },
        // imapflow logs through pino by default, commands and server answers included.
        logger: false,
        disableAutoIdle: true,
        // Required STARTTLS: imapflow's default falls back to cleartext when the (cleartext) capability list lacks it.
        ...(options.secure || options.allowPlaintext === true ? {} : { doSTARTTLS: true }),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        ...(options.tls?.rejectUnauthorized === undefined
          ? {}
          : { tls: { rejectUnauthorized: options.tls.rejectUnauthorized } }),
      })
      // imapflow also emits connection failures as 'error' events, which would crash the process without a
      // listener; the pending command rejects with the same failure and is handled below.
      client.on('error', () => {})
      try {
        await connect(client, options, timeoutMs)
        const mailbox = await openFolder(client, folder, options, timeoutMs)
        return await readBatch(client, mailbox, cursor, readOptions, options.host)
      } catch (error) {
        throw afterLoginError(options, timeoutMs, error)
      } finally {
        await closeQuietly(client)
      }
    },
  }
}

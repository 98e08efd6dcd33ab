import { ContactKitError } from '@contactkit/core'

/** The `From` header of a message. */
export interface MailSender {
  /** Display name as written, e.g. `Müller, Hans`. */
  name?: string | undefined
  /** Address, e.g. `h.mueller@mueller-maschinenbau.de`. */
  address?: string | undefined
}

/**
 * One message as the suggestion builder reads it: only what it needs. It lives for one sync; no part of it is
 * stored or logged.
 */
export interface MailMessage {
  /** Stable id within the mailbox: the `Message-ID` header, else the source's own id of the message. */
  id: string
  from: MailSender
  /** When the mailbox received it. */
  receivedAt: Date
  /** The `text/plain` body, when the message has one. */
  text?: string | undefined
  /** The `text/html` body, when the message has one. */
  html?: string | undefined
}

/**
 * Where reading stopped, stored with the mailbox as JSON. IMAP: the folder's UIDVALIDITY and the last UID read (a
 * new UIDVALIDITY means the folder was rebuilt: reading starts again from `since`). Graph: the last `receivedDateTime`
 * read and the ids of the messages read at exactly that time (Graph filters with `ge`, so they come again).
 */
export type MailCursor =
  | { kind: 'imap'; uidValidity: string; lastUid: number }
  | { kind: 'graph'; receivedAfter: string; seenIds: string[] }

/** Options of {@link MailSource.read}. */
export interface ReadOptions {
  /** Without a cursor (first read, or a rebuilt IMAP folder): the messages received since then. */
  since: Date
  /** Most messages one read returns. */
  limit: number
  /** Messages larger than this many bytes are skipped (still moving the cursor past them). */
  maxMessageBytes: number
}

/** What one read returns. */
export interface MailBatch {
  /** Oldest first; at most `limit`. */
  messages: MailMessage[]
  /** Where the next read goes on (also when no message was read). */
  cursor: MailCursor
  /** Whether more messages are waiting after this batch. */
  more: boolean
}

/** A mailbox folder read in batches: IMAP ({@link createImapSource}) or Microsoft Graph ({@link createGraphSource}). */
export interface MailSource {
  /** Reads the messages after `cursor`, oldest first. */
  read(cursor: MailCursor | undefined, options: ReadOptions): Promise<MailBatch>
}

/**
 * Stable codes of {@link MailSourceError}.
 *
 * - `MAIL_AUTH`: the server refused the credentials (IMAP login, Graph token or 401/403).
 * - `MAIL_UNAVAILABLE`: the server could not be reached, timed out, or answered 5xx / 429 after bounded retries.
 * - `MAIL_NOT_FOUND`: the folder or mailbox does not exist.
 * - `MAIL_PROTOCOL`: the server answered with something this client does not understand.
 */
export type MailSourceErrorCode = 'MAIL_AUTH' | 'MAIL_UNAVAILABLE' | 'MAIL_NOT_FOUND' | 'MAIL_PROTOCOL'

/**
 * The error type of the mail sources. Messages and details never carry passwords, tokens, message contents or
 * addresses: only the host, HTTP status and the server's error code.
 */
export class MailSourceError extends ContactKitError<MailSourceErrorCode> {
  override readonly name: string = 'MailSourceError'
}

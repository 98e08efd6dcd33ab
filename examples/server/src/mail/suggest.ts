import { randomUUID } from 'node:crypto'
import type { Contact, ContactInput } from '@contactkit/core'
import { normalizeEmail } from '@contactkit/normalize'
import { extractSignature, isSignatureError } from '@contactkit/signature'
import { sql } from 'kysely'
import type { Clock } from '../clock.js'
import type { Actor } from '../context.js'
import { connectorFor, type OrganisationConnector } from '../dataquality/connectors.js'
import { checkDuplicate } from '../dataquality/duplicate-check.js'
import { isIdentifiable } from '../dataquality/identifiable.js'
import { serverMatcher } from '../dataquality/matcher.js'
import { ServerError } from '../errors.js'
import type { SecretBox } from '../secret-box.js'
import type { Store } from '../store/store.js'
import { type MailSourceFactory, mailSourceConfig, readMailServer } from './mail-server.js'
import { type MailCursor, type MailMessage, MailSourceError } from './source.js'

/** What a sync needs of the server. */
export interface MailSyncContext {
  store: Store
  clock: Clock
  secrets: SecretBox
  sources: MailSourceFactory
}

/** Options of {@link syncMailbox}. */
export interface SyncOptions {
  /** Most messages one sync reads (the rest waits for the next). Default 200. */
  maxMessages?: number | undefined
  /** The first sync reads the mails of this many days. Default 30. */
  firstDays?: number | undefined
  /** Messages larger than this are skipped. Default 5 MiB. */
  maxMessageBytes?: number | undefined
}

/** What one sync did. */
export interface SyncResult {
  /** Messages read. */
  read: number
  /** Messages whose sender's signature made or refreshed a suggestion. */
  suggested: number
  /** Whether more messages wait for the next sync. */
  more: boolean
}

const BATCH = 50
const DAY_MS = 86_400_000
// Senders whose mails carry no person's signature.
const AUTOMATED_SENDER =
  /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|notifications?|newsletter|news|info-?noreply)(?:[+.-]|@)/i

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1)
}

/**
 * Reads the new mails of a user's mailbox and turns the senders' signatures into contact suggestions, one per
 * sender, each checked for duplicates against the CRM as the user sees it. A newer mail of a sender refreshes an
 * open suggestion; an accepted or dismissed one only counts it. Mails of the user, of colleagues (the user's own
 * domain, unless it is a free-mail one) and of automated senders are skipped. Messages are read and dropped: only the contact read from a
 * signature is kept. The cursor is saved after every batch, so a failed sync goes on where it stopped.
 *
 * @throws {ServerError} NOT_FOUND without a mailbox; CONFLICT without a mail server; VALIDATION_FAILED when the
 * server refused the credentials or has no such folder (`details.mailCode`); MAIL_UNAVAILABLE when it cannot be read.
 */
export async function syncMailbox(
  ctx: MailSyncContext,
  owner: Pick<Actor, 'orgId' | 'userId' | 'role'>,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const { store, clock } = ctx
  const mailbox = await store.db
    .selectFrom('mailboxes')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'mailboxes.user_id').onRef('users.org_id', '=', 'mailboxes.org_id'),
    )
    .select([
      'mailboxes.id',
      'mailboxes.username',
      'mailboxes.password_sealed',
      'mailboxes.cursor',
      'users.email',
    ])
    .where('mailboxes.org_id', '=', owner.orgId)
    .where('mailboxes.user_id', '=', owner.userId)
    .executeTakeFirst()
  if (!mailbox) throw new ServerError('NOT_FOUND', 'Connect a mailbox first.')
  const server = await readMailServer(store.db, owner.orgId)
  if (!server) throw new ServerError('CONFLICT', 'The organisation has no mail server configured.')
  const source = ctx.sources(await mailSourceConfig(ctx.secrets, owner.orgId, server, mailbox, mailbox.email))

  const maxMessages = options.maxMessages ?? 200
  const since = new Date(clock.now().getTime() - (options.firstDays ?? 30) * DAY_MS)
  const own = mailbox.email.toLowerCase()
  // Colleagues write from the user's domain; a free-mail domain (gmx.de, gmail.com) has no colleagues.
  const colleagues = normalizeEmail(own).freeMail ? undefined : domainOf(own)
  let cursor = (mailbox.cursor ?? undefined) as MailCursor | undefined
  let connector: OrganisationConnector | undefined
  const result: SyncResult = { read: 0, suggested: 0, more: false }
  try {
    while (result.read < maxMessages) {
      const batch = await source.read(cursor, {
        since,
        limit: Math.min(BATCH, maxMessages - result.read),
        maxMessageBytes: options.maxMessageBytes ?? 5 * 1024 * 1024,
      })
      for (const message of batch.messages) {
        result.read++
        const suggestion = readSuggestion(message, own, colleagues)
        if (suggestion === undefined) continue
        connector ??= await connectorFor(ctx, owner)
        await saveSuggestion(ctx, owner, connector, suggestion)
        result.suggested++
      }
      cursor = batch.cursor
      await store.db
        .updateTable('mailboxes')
        .set({ cursor: JSON.stringify(cursor), last_sync_at: clock.now(), last_error: null })
        .where('org_id', '=', owner.orgId)
        .where('id', '=', mailbox.id)
        .execute()
      result.more = batch.more
      if (!batch.more) break
    }
  } catch (error) {
    if (!(error instanceof MailSourceError)) throw error
    await store.db
      .updateTable('mailboxes')
      .set({ last_error: error.code })
      .where('org_id', '=', owner.orgId)
      .where('id', '=', mailbox.id)
      .execute()
    if (error.code === 'MAIL_AUTH' || error.code === 'MAIL_NOT_FOUND') {
      throw new ServerError('VALIDATION_FAILED', 'The mail server refused the mailbox.', {
        details: { mailCode: error.code },
      })
    }
    throw new ServerError('MAIL_UNAVAILABLE', 'The mail server could not be read; try again later.', {
      details: { mailCode: error.code },
    })
  }
  return result
}

interface Suggestion {
  sender: string
  contact: Contact
  fields: unknown[]
  receivedAt: Date
}

// The suggestion one message makes: the contact in its sender's own signature, or none.
function readSuggestion(
  message: MailMessage,
  own: string,
  colleagues: string | undefined,
): Suggestion | undefined {
  const address = message.from.address?.trim().toLowerCase()
  if (!address?.includes('@') || address === own || domainOf(address) === colleagues) return undefined
  if (AUTOMATED_SENDER.test(address)) return undefined
  let extracted: ReturnType<typeof extractSignature>
  try {
    extracted = extractSignature({ text: message.text, html: message.html, from: message.from })
  } catch (error) {
    // A message too large or malformed for the reader makes no suggestion; nothing of it is reported.
    if (isSignatureError(error)) return undefined
    throw error
  }
  const contact = extracted.contact
  if (extracted.signature === undefined || !extracted.belongsToSender || contact === undefined)
    return undefined
  if (!isIdentifiable(contact)) return undefined
  // A signature tied to the sender by name may not repeat the address the mail came from.
  if (!contact.emails.some((email) => email.value.toLowerCase() === address))
    contact.emails.unshift({ value: message.from.address?.trim() ?? address, kind: 'work' })
  contact.source = { kind: 'signature', at: message.receivedAt.toISOString() }
  return { sender: address, contact, fields: extracted.fields ?? [], receivedAt: message.receivedAt }
}

async function saveSuggestion(
  ctx: MailSyncContext,
  owner: Pick<Actor, 'orgId' | 'userId'>,
  connector: OrganisationConnector,
  suggestion: Suggestion,
): Promise<void> {
  const { db } = ctx.store
  const existing = await db
    .selectFrom('mail_suggestions')
    .select(['id', 'status'])
    .where('org_id', '=', owner.orgId)
    .where('user_id', '=', owner.userId)
    .where('sender', '=', suggestion.sender)
    .executeTakeFirst()
  if (existing !== undefined && existing.status !== 'open') {
    // Decided already: a new mail of the sender does not ask again.
    await db
      .updateTable('mail_suggestions')
      .set((eb) => ({ messages: eb('messages', '+', 1), last_seen_at: suggestion.receivedAt }))
      .where('org_id', '=', owner.orgId)
      .where('id', '=', existing.id)
      .execute()
    return
  }
  const check = await checkDuplicate(connector, serverMatcher(), suggestion.contact as ContactInput, {
    defaultCountry: connector.defaultCountry,
    limit: 1,
  })
  const best = check.candidates[0]
  const values = {
    contact: JSON.stringify(check.contact),
    fields: JSON.stringify(suggestion.fields),
    duplicate_status: check.status,
    candidate_id: best?.id ?? null,
    probability: best?.probability ?? null,
  }
  await db
    .insertInto('mail_suggestions')
    .values({
      id: randomUUID(),
      org_id: owner.orgId,
      user_id: owner.userId,
      sender: suggestion.sender,
      status: 'open',
      messages: 1,
      first_seen_at: suggestion.receivedAt,
      last_seen_at: suggestion.receivedAt,
      ...values,
    })
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'user_id', 'sender']).doUpdateSet({
        ...values,
        messages: sql<number>`mail_suggestions.messages + 1`,
        last_seen_at: suggestion.receivedAt,
      }),
    )
    .execute()
}

/**
 * Syncs every mailbox of every organisation with a mail server, one after the other, each as its user: the
 * scheduled job. A mailbox that fails keeps its error code (`last_error`) and does not stop the others.
 */
export async function syncAllMailboxes(ctx: MailSyncContext, options: SyncOptions = {}): Promise<SyncResult> {
  const owners = await ctx.store.db
    .selectFrom('mailboxes')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'mailboxes.user_id').onRef('users.org_id', '=', 'mailboxes.org_id'),
    )
    .innerJoin('mail_servers', 'mail_servers.org_id', 'mailboxes.org_id')
    .select(['users.org_id as orgId', 'users.id as userId', 'users.role'])
    .where('users.disabled_at', 'is', null)
    .orderBy('mailboxes.last_sync_at', (order) => order.asc().nullsFirst())
    .execute()
  const total: SyncResult = { read: 0, suggested: 0, more: false }
  for (const owner of owners) {
    try {
      const result = await syncMailbox(ctx, owner, options)
      total.read += result.read
      total.suggested += result.suggested
      total.more ||= result.more
    } catch (error) {
      if (!(error instanceof ServerError)) throw error
    }
  }
  return total
}

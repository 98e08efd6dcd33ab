import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { SecretBox } from '../secret-box.js'
import type { Database } from '../store/schema.js'
import { createGraphSource } from './graph-source.js'
import { createImapSource } from './imap-source.js'
import type { MailSource } from './source.js'

/** Microsoft's own origins for the Graph app's token and API requests. Others only when the server allows them. */
export const GRAPH_LOGIN_ORIGINS = ['https://login.microsoftonline.com'] as const
export const GRAPH_API_ORIGINS = ['https://graph.microsoft.com'] as const

const HostName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$/, 'A host name or IPv4 address')

/** The stored settings of an IMAP server (no secret: each user signs in with their own password). */
export const ImapServerSettingsSchema = z.object({
  host: HostName.describe('e.g. imap.example.com'),
  port: z.number().int().min(1).max(65_535).default(993),
  secure: z
    .boolean()
    .default(true)
    .describe('TLS from the start (port 993); false: STARTTLS, which the server must offer (port 143)'),
})

/** The stored, non-secret settings of a Microsoft Graph app (application permission Mail.Read). */
export const GraphServerSettingsSchema = z.object({
  tenantId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9.-]+$/),
  clientId: z.string().trim().min(1).max(100),
  loginBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  graphBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
})

/** What a mail source is built from: the organisation's server and one user's mailbox on it, secrets unsealed. */
export type MailSourceConfig =
  | { kind: 'imap'; host: string; port: number; secure: boolean; username: string; password: string }
  | {
      kind: 'graph'
      tenantId: string
      clientId: string
      clientSecret: string
      mailbox: string
      loginBaseUrl?: string | undefined
      graphBaseUrl?: string | undefined
    }

/** Builds the source that reads a mailbox; tests hand in their own. */
export type MailSourceFactory = (config: MailSourceConfig) => MailSource

/** The real sources: imapflow for IMAP, fetch for Microsoft Graph. */
export const defaultMailSources: MailSourceFactory = (config) => {
  if (config.kind === 'imap') {
    const { kind: _kind, ...imap } = config
    return createImapSource(imap)
  }
  const { kind: _kind, loginBaseUrl, graphBaseUrl, ...graph } = config
  return createGraphSource({
    ...graph,
    ...(loginBaseUrl === undefined ? {} : { loginBaseUrl }),
    ...(graphBaseUrl === undefined ? {} : { graphBaseUrl }),
  })
}

/** Seal context of a Graph app's client secret. */
export function mailServerSecretContext(orgId: string): string {
  return `org:${orgId}/mail-server/client-secret`
}

/** Seal context of a mailbox's IMAP password. */
export function mailboxPasswordContext(orgId: string, mailboxId: string): string {
  return `org:${orgId}/mailbox:${mailboxId}/password`
}

/** An organisation's mail server as stored. */
export type StoredMailServer =
  | { kind: 'imap'; settings: z.infer<typeof ImapServerSettingsSchema> }
  | { kind: 'graph'; settings: z.infer<typeof GraphServerSettingsSchema>; secretSealed: string }

/** The organisation's mail server, or undefined when none is configured. */
export async function readMailServer(
  db: Kysely<Database>,
  orgId: string,
): Promise<(StoredMailServer & { updatedAt: Date; updatedBy: string }) | undefined> {
  const row = await db.selectFrom('mail_servers').selectAll().where('org_id', '=', orgId).executeTakeFirst()
  if (!row) return undefined
  const meta = { updatedAt: row.updated_at, updatedBy: row.updated_by }
  if (row.kind === 'imap')
    return { kind: 'imap', settings: ImapServerSettingsSchema.parse(row.settings), ...meta }
  return {
    kind: 'graph',
    settings: GraphServerSettingsSchema.parse(row.settings),
    secretSealed: row.secret_sealed ?? '',
    ...meta,
  }
}

/** The source config of one user's mailbox on the organisation's server, secrets unsealed for this read only. */
export async function mailSourceConfig(
  secrets: SecretBox,
  orgId: string,
  server: StoredMailServer,
  mailbox: { id: string; username: string | null; password_sealed: string | null },
  userEmail: string,
): Promise<MailSourceConfig> {
  if (server.kind === 'imap') {
    return {
      kind: 'imap',
      ...server.settings,
      username: mailbox.username ?? userEmail,
      password: await secrets.unseal(
        mailbox.password_sealed ?? '',
        mailboxPasswordContext(orgId, mailbox.id),
      ),
    }
  }
  return {
    kind: 'graph',
    tenantId: server.settings.tenantId,
    clientId: server.settings.clientId,
    clientSecret: await secrets.unseal(server.secretSealed, mailServerSecretContext(orgId)),
    // An app with Mail.Read may read every mailbox of the tenant: each user reads their own only.
    mailbox: userEmail,
    loginBaseUrl: server.settings.loginBaseUrl,
    graphBaseUrl: server.settings.graphBaseUrl,
  }
}

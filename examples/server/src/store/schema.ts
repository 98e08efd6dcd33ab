import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** Roles a user can hold, least to most privileged. */
export const ROLES = ['reporter', 'user', 'template_curator', 'template_manager', 'admin'] as const
export type Role = (typeof ROLES)[number]

type Timestamp = ColumnType<Date, Date, Date>
type Json<T> = ColumnType<T, string, string>

export interface OrganisationTable {
  id: string
  name: string
  created_at: Timestamp
  /** ISO 3166-1 alpha-2 country for phone numbers written without a country code; null: none. */
  default_country: ColumnType<string | null, string | null | undefined, string | null>
}

export interface UserTable {
  id: string
  org_id: string
  email: string
  name: string
  role: Role
  password_hash: string
  totp_secret: string | null
  totp_pending_secret: string | null
  totp_enabled_at: Timestamp | null
  /** Time step (unix time / 30 s) of the last accepted TOTP code; older or equal steps are refused. */
  totp_last_step: ColumnType<string | null, string | null | undefined, string | null>
  failed_logins: Generated<number>
  locked_until: Timestamp | null
  disabled_at: Timestamp | null
  is_support: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RecoveryCodeTable {
  id: string
  org_id: string
  user_id: string
  code_hash: string
  used_at: Timestamp | null
}

export interface SessionTable {
  id: string
  org_id: string
  user_id: string
  token_hash: string
  csrf_token: string
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
  ip: string | null
  user_agent: string | null
}

export interface ApiTokenTable {
  id: string
  org_id: string
  user_id: string
  name: string
  token_hash: string
  created_at: Timestamp
  last_used_at: Timestamp | null
  expires_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface SetupTokenTable {
  id: string
  token_hash: string
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
}

/** What an account token lets its holder do: set a forgotten password, or the first one of an invited user. */
export type AccountTokenPurpose = 'reset' | 'invite'

/** A single-use link token from a password-reset or invitation mail; only its SHA-256 is stored. */
export interface AccountTokenTable {
  id: string
  org_id: string
  user_id: string
  purpose: AccountTokenPurpose
  token_hash: string
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
}

export interface ListTable {
  id: string
  org_id: string
  owner_id: string
  name: string
  description: string | null
  created_at: Timestamp
  updated_at: Timestamp
  deleted_at: Timestamp | null
  deleted_by: string | null
}

export type ListAccess = 'read' | 'write'

export interface ListMemberTable {
  org_id: string
  list_id: string
  user_id: string
  access: ListAccess
}

/** Where one field's value came from. */
export interface Provenance {
  source: string
  at: string
  confidence: number
}

export interface ContactTable {
  id: string
  org_id: string
  list_id: string
  created_by: string
  data: Json<Record<string, unknown>>
  raw: Json<Record<string, unknown>>
  provenance: Json<Record<string, Provenance>>
  issues: Json<unknown[]>
  created_at: Timestamp
  updated_at: Timestamp
  deleted_at: Timestamp | null
  deleted_by: string | null
}

export interface AuditLogTable {
  id: Generated<string>
  org_id: string
  actor_user_id: string | null
  actor_org_id: string | null
  actor_kind: 'user' | 'token' | 'support' | 'system'
  action: string
  target_type: string
  target_id: string | null
  ip: string | null
  user_agent: string | null
  at: Timestamp
  details: Json<Record<string, unknown>>
}

/** DataQuality: one blocking key of one contact (keys from @contactkit/match). */
export interface BlockingKeyTable {
  org_id: string
  key: string
  contact_id: string
}

/** DataQuality: contacts whose blocking keys must be recomputed (filled by a trigger on contacts). */
export interface BlockingKeyQueueTable {
  contact_id: string
  org_id: string
}

/** DataQuality: one merge, with the @contactkit/merge journal entry for undo. */
export interface MergeTable {
  id: string
  org_id: string
  created_by: string
  connector: string
  target_id: string
  entry: Json<Record<string, unknown>>
  field_update: Json<Record<string, unknown>>
  created_at: Timestamp
  undone_at: Timestamp | null
  undone_by: string | null
}

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed'

/** DataQuality: an uploaded spreadsheet and its import run. */
export interface ImportTable {
  id: string
  org_id: string
  created_by: string
  list_id: string
  file_name: string
  file: Buffer | null
  status: ImportStatus
  preview: Json<Record<string, unknown>>
  options: Json<Record<string, unknown>>
  progress: Json<Record<string, unknown>>
  summary: Json<Record<string, unknown>> | null
  error: Json<Record<string, unknown>> | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** DataQuality: the outcome of one imported row. */
export interface ImportRowTable {
  org_id: string
  import_id: string
  row_number: number
  outcome: string
  verdict: string | null
  contact: Json<Record<string, unknown>> | null
  raw: Json<unknown[]>
  issues: Json<unknown[]>
  candidates: Json<unknown[]>
  contact_id: string | null
  resolved_at: Timestamp | null
}

/** DataQuality: a bulk deduplication run over an organisation's contacts. */
export interface DedupeRunTable {
  id: string
  org_id: string
  created_by: string
  status: 'queued' | 'running' | 'done' | 'failed'
  progress: Json<Record<string, unknown>>
  result: Json<Record<string, unknown>> | null
  error: Json<Record<string, unknown>> | null
  created_at: Timestamp
  finished_at: Timestamp | null
}

/** Which CRM an organisation's DataQuality flow uses; no row means the built-in CRM. */
export type CrmConnectionKind = 'builtin' | 'hubspot'

/**
 * The organisation's CRM connection (at most one). `settings` holds only non-secret values; the client secret and
 * the OAuth tokens are sealed with @contactkit/seal in a context naming the organisation and the connection id.
 */
export interface CrmConnectionTable {
  id: string
  org_id: string
  kind: CrmConnectionKind
  settings: Json<Record<string, unknown>>
  client_secret_sealed: string | null
  tokens_sealed: string | null
  created_by: string
  created_at: Timestamp
  updated_by: string
  updated_at: Timestamp
}

/** A dedupe run's copy of one outside-CRM record (only what the matcher reads), dropped when the run ends. */
export interface DedupeSnapshotTable {
  org_id: string
  run_id: string
  record_id: string
  data: Json<Record<string, unknown>>
}

/** The blocking keys of a dedupe run's snapshot records. */
export interface DedupeSnapshotKeyTable {
  org_id: string
  run_id: string
  key: string
  record_id: string
}

/**
 * An OAuth install an admin started: the SHA-256 of the random `state` sent to HubSpot, who started it, the settings
 * to store once HubSpot calls back (the client secret sealed), and when it expires. Used once.
 */
export interface CrmOAuthStateTable {
  state_hash: string
  org_id: string
  user_id: string
  settings: Json<Record<string, unknown>>
  client_secret_sealed: string
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
}

/** The whole schema as Kysely sees it. */
export interface Database {
  organisations: OrganisationTable
  users: UserTable
  recovery_codes: RecoveryCodeTable
  sessions: SessionTable
  api_tokens: ApiTokenTable
  setup_tokens: SetupTokenTable
  account_tokens: AccountTokenTable
  lists: ListTable
  list_members: ListMemberTable
  contacts: ContactTable
  audit_log: AuditLogTable
  dq_blocking_keys: BlockingKeyTable
  dq_blocking_key_queue: BlockingKeyQueueTable
  dq_merges: MergeTable
  dq_imports: ImportTable
  dq_import_rows: ImportRowTable
  dq_dedupe_runs: DedupeRunTable
  crm_connections: CrmConnectionTable
  dq_dedupe_snapshot: DedupeSnapshotTable
  dq_dedupe_snapshot_keys: DedupeSnapshotKeyTable
  crm_oauth_states: CrmOAuthStateTable
  mail_servers: MailServerTable
  mailboxes: MailboxTable
  mail_suggestions: MailSuggestionTable
}

/** An organisation's mail server: IMAP (host, port, TLS) or a Microsoft Graph app (client secret sealed). */
export interface MailServerTable {
  org_id: string
  kind: 'imap' | 'graph'
  settings: Json<Record<string, unknown>>
  secret_sealed: string | null
  updated_by: string
  updated_at: Timestamp
}

/** A user's mailbox on the organisation's mail server, and where reading it stopped. */
export interface MailboxTable {
  id: string
  org_id: string
  user_id: string
  /** IMAP login; null for Graph (the mailbox is the user's own address). */
  username: string | null
  password_sealed: string | null
  cursor: ColumnType<unknown, string | null | undefined, string | null>
  last_sync_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** The code of the last sync's failure (MAIL_AUTH …), null after a good one. */
  last_error: ColumnType<string | null, string | null | undefined, string | null>
  created_at: Timestamp
}

/** A contact read from a sender's signature, waiting for its user to accept or dismiss it; one per sender. */
export interface MailSuggestionTable {
  id: string
  org_id: string
  user_id: string
  /** The sender's address in lower case. */
  sender: string
  contact: Json<Record<string, unknown>>
  fields: Json<unknown[]>
  status: 'open' | 'accepted' | 'dismissed'
  duplicate_status: 'duplicate' | 'possible' | 'none'
  candidate_id: string | null
  probability: number | null
  /** Mails of the sender read so far. */
  messages: number
  first_seen_at: Timestamp
  last_seen_at: Timestamp
  /** The contact it became (accepted): a built-in contact id or the CRM's record id. */
  contact_id: string | null
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export type UserRow = Selectable<UserTable>
export type ListRow = Selectable<ListTable>
export type ContactRow = Selectable<ContactTable>
export type NewAuditEntry = Insertable<AuditLogTable>

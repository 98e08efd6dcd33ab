import { createHash } from 'node:crypto'
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'

// One ordered set for PostgreSQL 15+ and PGlite (PostgreSQL 18). Names sort in order; never edit a shipped one.
// Every tenant table carries org_id and references its parents by (org_id, id), so a row can never point
// into another organisation even if a query forgot its scope.
const migrations: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<unknown>) {
      await sql`
        create extension if not exists pg_trgm;
        create extension if not exists fuzzystrmatch;

        create table organisations (
          id uuid primary key,
          name text not null check (length(name) between 1 and 200),
          created_at timestamptz not null
        );

        create table users (
          id uuid primary key,
          org_id uuid not null references organisations (id) on delete cascade,
          email text not null,
          name text not null,
          role text not null check (role in ('reporter', 'user', 'template_curator', 'template_manager', 'admin')),
          password_hash text not null,
          totp_secret text,
          totp_pending_secret text,
          totp_enabled_at timestamptz,
          failed_logins integer not null default 0,
          locked_until timestamptz,
          disabled_at timestamptz,
          is_support boolean not null default false,
          created_at timestamptz not null,
          updated_at timestamptz not null,
          unique (org_id, id)
        );
        create unique index users_email_key on users (lower(email));

        create table recovery_codes (
          id uuid primary key,
          org_id uuid not null,
          user_id uuid not null,
          code_hash text not null,
          used_at timestamptz,
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );
        create index recovery_codes_user on recovery_codes (org_id, user_id);

        create table sessions (
          id uuid primary key,
          org_id uuid not null,
          user_id uuid not null,
          token_hash text not null unique,
          csrf_token text not null,
          created_at timestamptz not null,
          last_seen_at timestamptz not null,
          expires_at timestamptz not null,
          revoked_at timestamptz,
          ip text,
          user_agent text,
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );
        create index sessions_user on sessions (org_id, user_id);

        create table api_tokens (
          id uuid primary key,
          org_id uuid not null,
          user_id uuid not null,
          name text not null,
          token_hash text not null unique,
          created_at timestamptz not null,
          last_used_at timestamptz,
          expires_at timestamptz,
          revoked_at timestamptz,
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );
        create index api_tokens_user on api_tokens (org_id, user_id);

        create table setup_tokens (
          id uuid primary key,
          token_hash text not null unique,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          used_at timestamptz
        );

        create table lists (
          id uuid primary key,
          org_id uuid not null,
          owner_id uuid not null,
          name text not null,
          description text,
          created_at timestamptz not null,
          updated_at timestamptz not null,
          deleted_at timestamptz,
          deleted_by uuid,
          unique (org_id, id),
          foreign key (org_id, owner_id) references users (org_id, id)
        );
        create index lists_org on lists (org_id) where deleted_at is null;
        create index lists_deleted on lists (deleted_at) where deleted_at is not null;

        create table list_members (
          org_id uuid not null,
          list_id uuid not null,
          user_id uuid not null,
          access text not null check (access in ('read', 'write')),
          primary key (list_id, user_id),
          foreign key (org_id, list_id) references lists (org_id, id) on delete cascade,
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );
        create index list_members_user on list_members (org_id, user_id);

        create table contacts (
          id uuid primary key,
          org_id uuid not null,
          list_id uuid not null,
          created_by uuid not null,
          data jsonb not null,
          raw jsonb not null,
          provenance jsonb not null,
          issues jsonb not null,
          created_at timestamptz not null,
          updated_at timestamptz not null,
          deleted_at timestamptz,
          deleted_by uuid,
          foreign key (org_id, list_id) references lists (org_id, id) on delete cascade,
          foreign key (org_id, created_by) references users (org_id, id)
        );
        create index contacts_list on contacts (org_id, list_id) where deleted_at is null;
        create index contacts_deleted on contacts (deleted_at) where deleted_at is not null;

        create table audit_log (
          id bigint generated always as identity primary key,
          org_id uuid not null references organisations (id) on delete cascade,
          actor_user_id uuid,
          actor_org_id uuid,
          actor_kind text not null check (actor_kind in ('user', 'token', 'support', 'system')),
          action text not null,
          target_type text not null,
          target_id text,
          ip text,
          user_agent text,
          at timestamptz not null,
          details jsonb not null
        );
        create index audit_log_org_at on audit_log (org_id, at desc);

        -- The audit log is append-only: no API edits it, and the database refuses updates too.
        create function audit_log_refuse_update() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only';
        end;
        $$;
        create trigger audit_log_append_only before update on audit_log
          for each row execute function audit_log_refuse_update();
      `.execute(db)
    },
  },
  // RFC 6238 §5.2: a TOTP code must not be accepted twice; remember the last time step used per user.
  '0002-totp-replay': {
    async up(db: Kysely<unknown>) {
      await sql`alter table users add column totp_last_step bigint`.execute(db)
    },
  },
  // Password-reset and invitation links: single-use tokens stored as SHA-256 hashes, by user for replacing a user's
  // unused ones, by expiry for the nightly cleanup.
  '0003-account-tokens': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table account_tokens (
          id uuid primary key,
          org_id uuid not null,
          user_id uuid not null,
          purpose text not null check (purpose in ('reset', 'invite')),
          token_hash text not null unique,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          used_at timestamptz,
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );
        create index account_tokens_user on account_tokens (org_id, user_id, purpose);
        create index account_tokens_expiry on account_tokens (expires_at);
      `.execute(db)
    },
  },
  // DataQuality: blocking keys for the candidate join, the merge journal, imports and bulk dedupe runs.
  '0100-dataquality': {
    async up(db: Kysely<unknown>) {
      await sql`
        -- Keys of @contactkit/match (matcher.blockingKeys); candidates are found by joining on them.
        create table dq_blocking_keys (
          org_id uuid not null,
          key text not null,
          contact_id uuid not null references contacts (id) on delete cascade,
          primary key (org_id, key, contact_id)
        );
        create index dq_blocking_keys_contact on dq_blocking_keys (contact_id);

        -- Every write to a contact queues it for re-keying, whichever code path made the write.
        create table dq_blocking_key_queue (
          contact_id uuid primary key references contacts (id) on delete cascade,
          org_id uuid not null
        );
        create index dq_blocking_key_queue_org on dq_blocking_key_queue (org_id);
        create function dq_queue_blocking_keys() returns trigger language plpgsql as $$
        begin
          insert into dq_blocking_key_queue (contact_id, org_id) values (new.id, new.org_id)
            on conflict (contact_id) do nothing;
          return null;
        end;
        $$;
        create trigger contacts_queue_blocking_keys after insert or update of data, deleted_at on contacts
          for each row execute function dq_queue_blocking_keys();

        create table dq_merges (
          id uuid primary key,
          org_id uuid not null references organisations (id) on delete cascade,
          created_by uuid not null,
          connector text not null,
          target_id text not null,
          entry jsonb not null,
          field_update jsonb not null,
          created_at timestamptz not null,
          undone_at timestamptz,
          undone_by uuid,
          unique (org_id, id),
          foreign key (org_id, created_by) references users (org_id, id)
        );
        create index dq_merges_target on dq_merges (org_id, target_id, created_at desc);
        create index dq_merges_org_at on dq_merges (org_id, created_at desc);

        create table dq_imports (
          id uuid primary key,
          org_id uuid not null,
          created_by uuid not null,
          list_id uuid not null,
          file_name text not null,
          file bytea,
          status text not null check (status in ('uploaded', 'queued', 'running', 'done', 'failed')),
          preview jsonb not null,
          options jsonb not null,
          progress jsonb not null,
          summary jsonb,
          error jsonb,
          created_at timestamptz not null,
          updated_at timestamptz not null,
          unique (org_id, id),
          foreign key (org_id, list_id) references lists (org_id, id) on delete cascade,
          foreign key (org_id, created_by) references users (org_id, id)
        );
        create index dq_imports_org on dq_imports (org_id, created_at desc);

        create table dq_import_rows (
          org_id uuid not null,
          import_id uuid not null,
          row_number integer not null,
          outcome text not null,
          verdict text,
          contact jsonb,
          raw jsonb not null,
          issues jsonb not null,
          candidates jsonb not null,
          contact_id uuid,
          resolved_at timestamptz,
          primary key (import_id, row_number),
          foreign key (org_id, import_id) references dq_imports (org_id, id) on delete cascade
        );
        create index dq_import_rows_outcome on dq_import_rows (org_id, import_id, outcome);

        create table dq_dedupe_runs (
          id uuid primary key,
          org_id uuid not null,
          created_by uuid not null,
          status text not null check (status in ('queued', 'running', 'done', 'failed')),
          progress jsonb not null,
          result jsonb,
          error jsonb,
          created_at timestamptz not null,
          finished_at timestamptz,
          unique (org_id, id),
          foreign key (org_id, created_by) references users (org_id, id)
        );
        create index dq_dedupe_runs_org on dq_dedupe_runs (org_id, created_at desc);
      `.execute(db)
    },
  },
  // The organisation's CRM connection (none: the built-in CRM) and its default country for phone numbers; import rows
  // keep the id of the CRM record they became, which need not be a uuid.
  // Secrets (the HubSpot client secret and OAuth tokens) are stored only sealed with @contactkit/seal, bound to the
  // connection's id; every PUT of a connection gets a new id, so values sealed for an earlier one do not unseal.
  '0101-crm-connections': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table organisations add column default_country text
          check (default_country is null or default_country ~ '^[A-Z]{2}$');

        create table crm_connections (
          id uuid primary key,
          org_id uuid not null unique references organisations (id) on delete cascade,
          kind text not null check (kind in ('builtin', 'hubspot')),
          settings jsonb not null,
          client_secret_sealed text,
          tokens_sealed text,
          created_by uuid not null,
          created_at timestamptz not null,
          updated_by uuid not null,
          updated_at timestamptz not null,
          unique (org_id, id),
          check (kind <> 'hubspot' or (client_secret_sealed is not null and tokens_sealed is not null)),
          foreign key (org_id, created_by) references users (org_id, id),
          foreign key (org_id, updated_by) references users (org_id, id)
        );

        -- An imported row's record id in the organisation's CRM: a HubSpot id is a number, not a uuid.
        alter table dq_import_rows alter column contact_id type text;
      `.execute(db)
    },
  },
  // Bulk dedupe of an organisation connected to an outside CRM: the run's snapshot of the CRM's contacts with their
  // blocking keys, so the same SQL-driven block walk serves it as the built-in CRM's dq_blocking_keys. Dropped when
  // the run ends. OAuth installs in progress: the `state` HubSpot hands back, bound to organisation and admin.
  '0102-dedupe-snapshots-oauth-states': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table dq_dedupe_snapshot (
          org_id uuid not null,
          run_id uuid not null,
          record_id text not null,
          data jsonb not null,
          primary key (org_id, run_id, record_id),
          foreign key (org_id, run_id) references dq_dedupe_runs (org_id, id) on delete cascade
        );
        create table dq_dedupe_snapshot_keys (
          org_id uuid not null,
          run_id uuid not null,
          key text not null,
          record_id text not null,
          primary key (org_id, run_id, key, record_id),
          foreign key (org_id, run_id, record_id) references dq_dedupe_snapshot (org_id, run_id, record_id)
            on delete cascade
        );

        create table crm_oauth_states (
          state_hash text primary key,
          org_id uuid not null references organisations (id) on delete cascade,
          user_id uuid not null,
          settings jsonb not null,
          client_secret_sealed text not null,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          used_at timestamptz,
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );
        create index crm_oauth_states_expiry on crm_oauth_states (expires_at);
      `.execute(db)
    },
  },
  // A snapshot record's keys by record: replacing a record delivered twice, and the cascade when the snapshot is
  // dropped, would otherwise scan all of the run's keys for each record.
  '0103-dedupe-snapshot-key-record': {
    async up(db: Kysely<unknown>) {
      await sql`
        create index dq_dedupe_snapshot_keys_record on dq_dedupe_snapshot_keys (org_id, run_id, record_id);
      `.execute(db)
    },
  },
  // Contact suggestions from e-mail: the organisation's mail server (IMAP host, or a Microsoft Graph app whose client
  // secret is sealed), each user's mailbox (IMAP password sealed; where reading stopped), and the suggestions, one per
  // sender, holding the contact read from the sender's signature (never a message itself).
  '0104-mail-suggestions': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table mail_servers (
          org_id uuid primary key references organisations (id) on delete cascade,
          kind text not null check (kind in ('imap', 'graph')),
          settings jsonb not null,
          secret_sealed text,
          updated_by uuid not null,
          updated_at timestamptz not null,
          check (kind <> 'graph' or secret_sealed is not null),
          foreign key (org_id, updated_by) references users (org_id, id)
        );

        create table mailboxes (
          id uuid primary key,
          org_id uuid not null,
          user_id uuid not null,
          username text,
          password_sealed text,
          cursor jsonb,
          last_sync_at timestamptz,
          last_error text,
          created_at timestamptz not null,
          unique (org_id, user_id),
          unique (org_id, id),
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );

        create table mail_suggestions (
          id uuid primary key,
          org_id uuid not null,
          user_id uuid not null,
          sender text not null,
          contact jsonb not null,
          fields jsonb not null,
          status text not null check (status in ('open', 'accepted', 'dismissed')),
          duplicate_status text not null check (duplicate_status in ('duplicate', 'possible', 'none')),
          candidate_id text,
          probability double precision,
          messages integer not null,
          first_seen_at timestamptz not null,
          last_seen_at timestamptz not null,
          contact_id text,
          decided_at timestamptz,
          unique (org_id, user_id, sender),
          unique (org_id, id),
          foreign key (org_id, user_id) references users (org_id, id) on delete cascade
        );
        create index mail_suggestions_by_status on mail_suggestions (org_id, user_id, status, last_seen_at desc);
      `.execute(db)
    },
  },
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Feature areas number their migrations in ranges (0001-0099 accounts and records, 0100+ DataQuality) and do
    // not depend on each other's later steps, so a store that has 0100 may still receive a new 0002.
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}

/** Names of all migrations in order, for tests. */
export const migrationNames = Object.keys(migrations)

/** Changes whenever a migration is added or its code edited; keys cached test snapshots of a migrated store. */
export const migrationFingerprint = createHash('sha256')
  .update(
    Object.entries(migrations)
      .map(([name, migration]) => `${name}\n${migration.up.toString()}`)
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 16)

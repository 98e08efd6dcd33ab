import { randomUUID } from 'node:crypto'
import type { Contact } from '@contactkit/core'
import {
  applyPatch,
  type ContactDiff,
  diffContacts,
  isMergeError,
  type MergeChoice,
  type MergeJournalEntry,
  mergeContacts,
  toFieldUpdate,
  unmerge,
} from '@contactkit/merge'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import type { CrmConnector, CrmFieldUpdate, CrmRecord } from '../crm/connector.js'
import { notFound, ServerError } from '../errors.js'
import { isRestorable, RESTORE_WINDOW_DAYS } from '../records/soft-delete.js'
import type { Database } from '../store/schema.js'
import { isTransactional } from './builtin-connector.js'

/** Merges can be undone this long (the soft-delete window, so an absorbed contact is still there to restore). */
export const UNDO_WINDOW_DAYS = RESTORE_WINDOW_DAYS

/** What a merge needs: the store for the journal, the clock and the CRM to write to. */
export interface MergeContext {
  db: Kysely<Database>
  clock: Clock
  connector: CrmConnector
  orgId: string
  userId: string
}

/** The merge view's data: both records and the field-by-field diff. */
export interface MergePreview {
  incoming: Contact
  existing: CrmRecord
  diff: ContactDiff
}

/** What the caller decided, for {@link applyMerge}. */
export interface MergeRequest {
  incoming: Contact
  /** Ref of the incoming record in the journal (`incoming`, an import row, a contact id). */
  incomingRef: string
  targetId: string
  choices: Record<string, MergeChoice>
  /** The record's `updatedAt` the user saw; a newer one means someone else changed it meanwhile. */
  expectedUpdatedAt?: string | undefined
  defaultCountry?: string | undefined
  /** A built-in contact merged into the target and soft-deleted (bulk dedupe); restored by undo. */
  absorbContactId?: string | undefined
  /**
   * A record of an outside CRM (HubSpot) merged into the target and archived there after the update (bulk dedupe);
   * undo creates it again from the journal, under a new id, since HubSpot's API cannot restore an archived contact.
   */
  absorbCrmRecord?: CrmRecord | undefined
}

/** A stored merge as the history shows it. */
export interface MergeSummary {
  id: string
  targetId: string
  connector: string
  fields: string[]
  createdAt: string
  createdBy: string
  undoneAt: string | null
  undoable: boolean
}

interface StoredEntry {
  journal: MergeJournalEntry
  incomingRef: string
  absorbed: string | null
  /** An outside CRM's record archived by the merge, kept to create it again on undo. */
  absorbedCrm?: { id: string; contact: Contact } | undefined
}

async function requireTarget(connector: CrmConnector, id: string): Promise<CrmRecord> {
  const record = await connector.get(id)
  if (!record) throw notFound('CRM record')
  return record
}

function rethrowMerge(error: unknown): never {
  if (isMergeError(error)) {
    throw new ServerError('VALIDATION_FAILED', error.message, {
      details: { mergeCode: error.code, ...(error.details ?? {}) },
    })
  }
  throw error
}

/** The diff between an incoming contact and a CRM record, for the merge view. */
export async function previewMerge(
  connector: CrmConnector,
  incoming: Contact,
  targetId: string,
  options: { defaultCountry?: string | undefined } = {},
): Promise<MergePreview> {
  const existing = await requireTarget(connector, targetId)
  try {
    const diff = diffContacts(incoming, existing.contact, { defaultCountry: options.defaultCountry })
    return { incoming, existing, diff }
  } catch (error) {
    rethrowMerge(error)
  }
}

/**
 * Merges the incoming contact into the CRM record with the user's choices (the rest by `fillBlanks`), writes
 * only the changed fields through the connector and keeps the journal for undo. With the built-in CRM the
 * update, the absorbed contact's deletion and the journal are one transaction: a failure leaves none of them.
 */
export async function applyMerge(
  context: MergeContext,
  request: MergeRequest,
): Promise<{ id: string; record: CrmRecord; fieldUpdate: CrmFieldUpdate }> {
  const { connector, clock } = context
  const existing = await requireTarget(connector, request.targetId)
  if (request.expectedUpdatedAt && existing.updatedAt && existing.updatedAt !== request.expectedUpdatedAt) {
    throw new ServerError('CONFLICT', 'The CRM record changed since the merge view was opened; reload it.', {
      details: { updatedAt: existing.updatedAt },
    })
  }
  const incomingRef =
    request.incomingRef === existing.id ? `${request.incomingRef}#incoming` : request.incomingRef
  let merged: ReturnType<typeof mergeContacts>
  try {
    merged = mergeContacts(
      [
        { contact: existing.contact, id: existing.id, role: 'existing' },
        { contact: { ...request.incoming, id: incomingRef }, id: incomingRef, role: 'incoming' },
      ],
      'fillBlanks',
      request.choices,
      { defaultCountry: request.defaultCountry, now: clock.now() },
    )
  } catch (error) {
    rethrowMerge(error)
  }
  const fieldUpdate = toFieldUpdate(existing.contact, merged.contact)
  delete fieldUpdate.id
  const id = randomUUID()
  const entry: StoredEntry = {
    journal: merged.journal,
    incomingRef,
    absorbed: request.absorbContactId ?? null,
  }
  const absorbCrm = request.absorbCrmRecord
  if (absorbCrm !== undefined) {
    if (connector.archive === undefined || absorbCrm.id === existing.id) {
      throw new ServerError('VALIDATION_FAILED', 'This record cannot be merged into the target.')
    }
    entry.absorbedCrm = { id: absorbCrm.id, contact: absorbCrm.contact }
  }
  const writeJournal = async (trx: Kysely<Database>) => {
    if (request.absorbContactId) {
      await trx
        .updateTable('contacts')
        .set({ deleted_at: clock.now(), deleted_by: context.userId })
        .where('org_id', '=', context.orgId)
        .where('id', '=', request.absorbContactId)
        .where('deleted_at', 'is', null)
        .execute()
    }
    await trx
      .insertInto('dq_merges')
      .values({
        id,
        org_id: context.orgId,
        created_by: context.userId,
        connector: connector.kind,
        target_id: existing.id,
        entry: JSON.stringify(entry),
        field_update: JSON.stringify(fieldUpdate),
        created_at: clock.now(),
        undone_at: null,
        undone_by: null,
      })
      .execute()
  }
  const update = (crm: CrmConnector) =>
    Object.keys(fieldUpdate).length > 0 ? crm.update(existing.id, fieldUpdate) : Promise.resolve(existing)
  let record: CrmRecord
  if (isTransactional(connector)) {
    // The built-in CRM: the record, its blocking keys, the absorbed contact and the journal commit together.
    record = await connector.transaction(async (crm, trx) => {
      const updated = await update(crm)
      await writeJournal(trx)
      return updated
    })
  } else {
    // An outside CRM cannot join our transaction: update it first, archive the absorbed record, then journal.
    record = await update(connector)
    if (absorbCrm !== undefined && connector.archive !== undefined) {
      try {
        await connector.archive(absorbCrm.id)
      } catch (error) {
        // The target was updated: journal that much, so it can still be undone, and report the failed archive.
        delete entry.absorbedCrm
        await context.db.transaction().execute(writeJournal)
        throw error
      }
    }
    await context.db.transaction().execute(writeJournal)
  }
  return { id, record, fieldUpdate }
}

function summarise(
  row: {
    id: string
    target_id: string
    connector: string
    field_update: Record<string, unknown>
    created_at: Date
    created_by: string
    undone_at: Date | null
  },
  now: Date,
): MergeSummary {
  return {
    id: row.id,
    targetId: row.target_id,
    connector: row.connector,
    fields: Object.keys(row.field_update).sort(),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    undoneAt: row.undone_at?.toISOString() ?? null,
    undoable: row.undone_at === null && isRestorable(row.created_at, now),
  }
}

/** Merges of the organisation, newest first; `targetId` narrows to one CRM record. */
export async function listMerges(
  db: Kysely<Database>,
  clock: Clock,
  orgId: string,
  options: { targetId?: string | undefined; limit?: number | undefined } = {},
): Promise<MergeSummary[]> {
  let query = db
    .selectFrom('dq_merges')
    .select(['id', 'target_id', 'connector', 'field_update', 'created_at', 'created_by', 'undone_at'])
    .where('org_id', '=', orgId)
  if (options.targetId) query = query.where('target_id', '=', options.targetId)
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(options.limit ?? 50)
    .execute()
  const now = clock.now()
  return rows.map((row) => summarise(row, now))
}

/**
 * Undoes a merge within {@link UNDO_WINDOW_DAYS} days: the CRM record gets its fields back (refused with
 * CONFLICT when someone changed those fields since the merge), an absorbed contact is restored (an archived
 * outside-CRM record is created again, as `restored`, under a new id). With the
 * built-in CRM the revert and the journal's undo mark are one transaction.
 */
export async function undoMerge(
  context: MergeContext,
  mergeId: string,
): Promise<{ record: CrmRecord; summary: MergeSummary; restored?: CrmRecord | undefined }> {
  const { db, clock, connector } = context
  const row = await db
    .selectFrom('dq_merges')
    .selectAll()
    .where('org_id', '=', context.orgId)
    .where('id', '=', mergeId)
    .executeTakeFirst()
  if (!row) throw notFound('Merge')
  if (row.undone_at) throw new ServerError('CONFLICT', 'This merge was already undone.')
  if (row.connector !== connector.kind)
    throw new ServerError('CONFLICT', 'This merge was made in another CRM.')
  if (!isRestorable(row.created_at, clock.now())) {
    throw new ServerError('RESTORE_EXPIRED', `Merges can be undone for ${UNDO_WINDOW_DAYS} days.`)
  }
  const entry = row.entry as unknown as StoredEntry
  const current = await requireTarget(connector, row.target_id)
  let reverted: Contact
  try {
    reverted = applyPatch(current.contact, unmerge(entry.journal).revertPatch)
  } catch (error) {
    if (isMergeError(error) && error.code === 'MERGE_PATCH_FAILED') {
      throw new ServerError(
        'CONFLICT',
        'The record was edited after the merge; those fields cannot be reverted.',
      )
    }
    throw error
  }
  const fieldUpdate = toFieldUpdate(current.contact, reverted)
  delete fieldUpdate.id
  const now = clock.now()
  const markUndone = async (trx: Kysely<Database>) => {
    if (entry.absorbed) {
      await trx
        .updateTable('contacts')
        .set({ deleted_at: null, deleted_by: null, updated_at: now })
        .where('org_id', '=', context.orgId)
        .where('id', '=', entry.absorbed)
        .execute()
    }
    const done = await trx
      .updateTable('dq_merges')
      .set({ undone_at: now, undone_by: context.userId })
      .where('org_id', '=', context.orgId)
      .where('id', '=', row.id)
      .where('undone_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
    // Undone meanwhile by another request: with the built-in CRM this rolls the revert back.
    if (!done) throw new ServerError('CONFLICT', 'This merge was already undone.')
    return done
  }
  const revert = (crm: CrmConnector) =>
    Object.keys(fieldUpdate).length > 0 ? crm.update(current.id, fieldUpdate) : Promise.resolve(current)
  let record: CrmRecord
  let updated: Awaited<ReturnType<typeof markUndone>>
  if (isTransactional(connector)) {
    ;({ record, updated } = await connector.transaction(async (crm, trx) => ({
      record: await revert(crm),
      updated: await markUndone(trx),
    })))
  } else {
    record = await revert(connector)
    // The archived record comes back as a new record (HubSpot's API has no restore), after the revert has taken
    // back the values the merge gave the target (a HubSpot email belongs to one contact only).
    const restored = entry.absorbedCrm ? await connector.create(entry.absorbedCrm.contact) : undefined
    updated = await context.db.transaction().execute(markUndone)
    return { record, summary: summarise(updated, now), restored }
  }
  return { record, summary: summarise(updated, now) }
}

import type { Contact } from '@contactkit/core'

/** A contact as a CRM holds it: the CRM's own id, the contact in canonical form, and when the CRM last changed it. */
export interface CrmRecord {
  id: string
  contact: Contact
  updatedAt?: string
}

/**
 * A partial update for a CRM: canonical contact field names (`firstName`, `emails`, `phones`, `addresses`,
 * `company`, ...) mapped to their new values; a field set to `null` is cleared. Produced by
 * `toFieldUpdate` from @contactkit/merge.
 */
export type CrmFieldUpdate = Record<string, unknown>

/** One page of changes since a cursor; pass `cursor` back to get the next changes. */
export interface CrmChangePage {
  records: CrmRecord[]
  cursor: string
  hasMore: boolean
}

/**
 * What the server needs from a CRM. The built-in CRM (the server's own contact store) and HubSpot implement it;
 * every call is scoped to one organisation's connection by construction.
 */
export interface CrmConnector {
  readonly kind: 'builtin' | 'hubspot'
  /** Records that may be duplicates of `contact` (the caller scores them with @contactkit/match). */
  searchCandidates(contact: Contact, options?: { limit?: number }): Promise<CrmRecord[]>
  get(id: string): Promise<CrmRecord | undefined>
  getMany(ids: readonly string[]): Promise<CrmRecord[]>
  create(contact: Contact): Promise<CrmRecord>
  update(id: string, fields: CrmFieldUpdate): Promise<CrmRecord>
  listChanges(cursor?: string, options?: { limit?: number }): Promise<CrmChangePage>
  /**
   * Archives (deletes) a record of an outside CRM, after a merge absorbed it into another. The built-in CRM has no
   * such method: its merges soft-delete the absorbed contact in the merge's own transaction.
   */
  archive?(id: string): Promise<void>
  /**
   * One page of all records in the CRM's own order, for a full export (a bulk dedupe's snapshot); pass `after` from
   * the previous page, absent when there are no more. Optional: without it, callers page `listChanges` instead.
   */
  listAll?(after?: string, options?: { limit?: number }): Promise<{ records: CrmRecord[]; after?: string }>
}

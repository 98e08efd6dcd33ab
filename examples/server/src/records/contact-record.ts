import type { ContactInput, SourceKind } from '@contactkit/core'
import { normalizeContact } from '@contactkit/normalize'
import type { Provenance } from '../store/schema.js'

/** Where a write comes from: the source kind, its own id, and how sure it is (0..1). */
export interface WriteSource {
  kind: SourceKind
  id?: string | undefined
  confidence?: number | undefined
}

/** A contact ready to store: canonical values, the input as sent, per-field provenance and normalisation issues. */
export interface ContactRecord {
  data: Record<string, unknown>
  raw: Record<string, unknown>
  provenance: Record<string, Provenance>
  issues: unknown[]
}

// Source kinds typed by machines or read from documents get a lower default confidence than people typing.
const DEFAULT_CONFIDENCE: Record<SourceKind, number> = {
  manual: 1,
  crm: 0.9,
  import: 0.8,
  visitReport: 0.9,
  signature: 0.7,
  businessCard: 0.6,
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

/**
 * Normalises `raw` with @contactkit/normalize and records provenance for every field whose canonical value is
 * new or changed compared with `previous`; unchanged fields keep their earlier provenance.
 */
export function buildContactRecord(
  raw: ContactInput,
  source: WriteSource,
  at: Date,
  options: { defaultCountry?: string | undefined; previous?: ContactRecord | undefined } = {},
): ContactRecord {
  const { contact, issues } = normalizeContact(
    raw,
    options.defaultCountry ? { defaultCountry: options.defaultCountry } : {},
  )
  const data = JSON.parse(JSON.stringify(contact)) as Record<string, unknown>
  const stamp: Provenance = {
    source: source.id ? `${source.kind}:${source.id}` : source.kind,
    at: at.toISOString(),
    confidence: source.confidence ?? DEFAULT_CONFIDENCE[source.kind],
  }
  const provenance: Record<string, Provenance> = {}
  for (const [field, value] of Object.entries(data)) {
    if (!isSet(value) || field === 'raw' || field === 'source' || field === 'id') continue
    const before = options.previous?.data[field]
    const kept = options.previous?.provenance[field]
    provenance[field] = kept && JSON.stringify(before) === JSON.stringify(value) ? kept : stamp
  }
  return { data, raw: raw as Record<string, unknown>, provenance, issues: issues as unknown[] }
}

/** A record's stored columns, as the `contacts` table takes them (JSON text). */
export function recordColumns(
  record: ContactRecord,
): Record<'data' | 'raw' | 'provenance' | 'issues', string> {
  return {
    data: JSON.stringify(record.data),
    raw: JSON.stringify(record.raw),
    provenance: JSON.stringify(record.provenance),
    issues: JSON.stringify(record.issues),
  }
}

/** The `contacts` row of a new contact: `record` in list `listId`, created by `createdBy` at `now`. */
export function newContactRow(
  record: ContactRecord,
  owner: { id: string; orgId: string; listId: string; createdBy: string; now: Date },
) {
  return {
    id: owner.id,
    org_id: owner.orgId,
    list_id: owner.listId,
    created_by: owner.createdBy,
    ...recordColumns(record),
    created_at: owner.now,
    updated_at: owner.now,
    deleted_at: null,
    deleted_by: null,
  }
}

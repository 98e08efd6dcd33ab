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

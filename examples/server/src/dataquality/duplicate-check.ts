import type { Contact, ContactInput } from '@contactkit/core'
import type { FieldComparison, Matcher, Verdict } from '@contactkit/match'
import { normalizeContact } from '@contactkit/normalize'
import type { CrmConnector, CrmRecord } from '../crm/connector.js'

/** The traffic light of a duplicate check. */
export type DuplicateStatus = 'duplicate' | 'possible' | 'none'

/** One CRM record that may be the same person, with the matcher's explanation. */
export interface DuplicateCandidate {
  id: string
  contact: Contact
  updatedAt?: string | undefined
  probability: number
  weight: number
  verdict: Verdict
  /** Per field: agreement level, weight in bits and a reason (the prior first). */
  fields: FieldComparison[]
}

/** The outcome of checking one contact. */
export interface DuplicateCheck {
  status: DuplicateStatus
  /** The contact as checked, normalised. */
  contact: Contact
  /** What normalisation found questionable. */
  issues: unknown[]
  /** Candidates at or above the `possible` threshold, best first. */
  candidates: DuplicateCandidate[]
}

/** Options of {@link checkDuplicate}. */
export interface CheckOptions {
  defaultCountry?: string | undefined
  /** Most candidates returned. Default 5. */
  limit?: number | undefined
  /** How many records to fetch from the CRM and score (those sharing the most blocking keys). Default 10. */
  searchLimit?: number | undefined
}

/** The traffic light for the best verdict among the candidates. */
export function statusOf(candidates: readonly { verdict: Verdict }[]): DuplicateStatus {
  if (candidates.some((candidate) => candidate.verdict === 'duplicate')) return 'duplicate'
  if (candidates.some((candidate) => candidate.verdict === 'possible')) return 'possible'
  return 'none'
}

/** Scores already-normalised `contact` against CRM records found for it: the candidates at or above `possible`. */
export function scoreCandidates(
  matcher: Matcher,
  contact: Contact,
  records: readonly CrmRecord[],
  options: Pick<CheckOptions, 'limit'> = {},
): DuplicateCandidate[] {
  const scored: DuplicateCandidate[] = []
  const others = contact.id === undefined ? records : records.filter((record) => record.id !== contact.id)
  // The probe is prepared once, and distinct candidates are only scored, not explained.
  const comparisons = matcher.compareMany(
    contact,
    others.map((record) => record.contact),
    { minVerdict: 'possible' },
  )
  for (let i = 0; i < others.length; i++) {
    const comparison = comparisons[i]
    const record = others[i]
    if (comparison === undefined || record === undefined) continue
    scored.push({
      id: record.id,
      contact: record.contact,
      updatedAt: record.updatedAt,
      probability: comparison.probability,
      weight: comparison.weight,
      verdict: comparison.verdict,
      fields: comparison.fields,
    })
  }
  scored.sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id))
  return scored.slice(0, options.limit ?? 5)
}

/** Scores already-normalised `contact` against the CRM's candidates. */
export async function checkNormalized(
  connector: CrmConnector,
  matcher: Matcher,
  contact: Contact,
  options: CheckOptions = {},
): Promise<DuplicateCandidate[]> {
  const records = await connector.searchCandidates(contact, { limit: options.searchLimit ?? 10 })
  return scoreCandidates(matcher, contact, records, options)
}

/**
 * Normalises an incoming contact (@contactkit/normalize) and checks it against the CRM: the traffic light, the
 * candidates with their scores and the per-field explanation of @contactkit/match.
 */
export async function checkDuplicate(
  connector: CrmConnector,
  matcher: Matcher,
  input: ContactInput | Contact,
  options: CheckOptions = {},
): Promise<DuplicateCheck> {
  const { contact, issues } = normalizeContact(
    input,
    options.defaultCountry ? { defaultCountry: options.defaultCountry } : {},
  )
  const candidates = await checkNormalized(connector, matcher, contact, options)
  return { status: statusOf(candidates), contact, issues: issues as unknown[], candidates }
}

import { type Contact, foldText, tokenize } from '@contactkit/core'

/** One filter of HubSpot's search API. */
export interface SearchFilter {
  propertyName: string
  operator: 'EQ' | 'NEQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'IN' | 'CONTAINS_TOKEN' | 'HAS_PROPERTY'
  value?: string
  values?: string[]
}

/** Filters combined with AND; groups are combined with OR. */
export interface SearchFilterGroup {
  filters: SearchFilter[]
}

// HubSpot's documented ceilings (developer changelog, August 2024): 5 groups, 10 filters per group, 25 in total.
const MAX_GROUPS = 5
// Legal forms and filler words that say nothing about which company is meant.
const COMPANY_NOISE = new Set([
  'gmbh',
  'ag',
  'kg',
  'co',
  'ohg',
  'gbr',
  'ug',
  'mbh',
  'se',
  'ev',
  'e',
  'v',
  'kgaa',
  'und',
  'and',
  'the',
  'der',
  'die',
  'das',
  'ltd',
  'limited',
  'llc',
  'inc',
  'plc',
  'corp',
  'sa',
  'sarl',
  'bv',
  'nv',
  'spa',
  'srl',
  'holding',
  'group',
])

/** Spellings HubSpot may hold for one name: as written, German transliteration (Müller→Mueller), marks dropped. */
function nameVariants(name: string): string[] {
  const lower = name.trim().toLowerCase()
  if (lower === '') return []
  return [...new Set([lower, foldText(name, { german: true }), foldText(name)])].filter(
    (variant) => variant !== '',
  )
}

function companyToken(company: string | undefined): string | undefined {
  if (company === undefined) return undefined
  return tokenize(company, { fold: true }).find((token) => token.length > 1 && !COMPANY_NOISE.has(token))
}

/**
 * Builds the OR-ed filter groups that find likely duplicates of a contact in HubSpot: the same email (primary), the
 * same first and last name, the same last name at the same company. Umlaut spellings are searched together.
 * Scoring is left to @contactkit/match; this only keeps the candidate set small.
 *
 * @returns At most five groups; `[]` when the contact has nothing to search by.
 */
export function candidateFilterGroups(contact: Contact): SearchFilterGroup[] {
  const groups: SearchFilterGroup[] = []
  const emails = [...new Set(contact.emails.map((email) => email.value.trim().toLowerCase()).filter(Boolean))]
  if (emails.length > 0)
    groups.push({ filters: [{ propertyName: 'email', operator: 'IN', values: emails.slice(0, 100) }] })

  const lastNames = nameVariants(contact.lastName ?? '')
  if (lastNames.length > 0) {
    const lastName: SearchFilter = { propertyName: 'lastname', operator: 'IN', values: lastNames }
    const firstToken = tokenize(contact.firstName ?? '')[0]
    if (firstToken !== undefined) {
      groups.push({
        filters: [lastName, { propertyName: 'firstname', operator: 'IN', values: nameVariants(firstToken) }],
      })
    }
    const token = companyToken(contact.company)
    if (token !== undefined) {
      groups.push({
        filters: [lastName, { propertyName: 'company', operator: 'CONTAINS_TOKEN', value: token }],
      })
    }
  }
  return groups.slice(0, MAX_GROUPS)
}

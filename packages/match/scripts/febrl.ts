// Loads the Febrl datasets (see shared/data/febrl/README.md) as contacts plus the true duplicate pairs.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Contact } from '@contactkit/core'
import type { MatcherConfig } from '../src/index.js'

export const FEBRL_DIR = fileURLToPath(new URL('../../../../shared/data/febrl/', import.meta.url))

export interface FebrlRecord {
  id: string
  entity: string
  cells: string[]
}

export function loadFebrl(name: string): {
  contacts: Contact[]
  entityOf: Map<string, string>
  raw: FebrlRecord[]
} {
  const lines = readFileSync(`${FEBRL_DIR}${name}`, 'utf8').split('\n').slice(1).filter(Boolean)
  const contacts: Contact[] = []
  const entityOf = new Map<string, string>()
  const raw: FebrlRecord[] = []
  for (const line of lines) {
    const cells = line.split(',').map((cell) => cell.trim())
    const [id = '', given, surname, number, address1, address2, suburb, postcode, state, dob, ssn] = cells
    const entity = /^rec-(\d+)/.exec(id)?.[1] ?? id
    entityOf.set(id, entity)
    raw.push({ id, entity, cells: cells.slice(1) })
    const optional = (value: string | undefined) => (value ? value : undefined)
    contacts.push({
      id,
      ...(given ? { firstName: given } : {}),
      ...(surname ? { lastName: surname } : {}),
      emails: [],
      phones: [],
      addresses: [
        Object.fromEntries(
          Object.entries({
            street: optional(address1),
            houseNumber: optional(number),
            postalCode: optional(postcode),
            city: optional(suburb),
            region: optional(state),
          }).filter(([, value]) => value !== undefined),
        ),
      ],
      websites: [],
      custom: Object.fromEntries(
        Object.entries({
          dateOfBirth: optional(dob),
          socSecId: optional(ssn),
          address2: optional(address2),
        }).filter(([, value]) => value !== undefined),
      ),
    })
  }
  return { contacts, entityOf, raw }
}

/** Febrl fields beyond the contact model, as custom fields. One config for all three datasets. */
export const FEBRL_CONFIG: MatcherConfig = {
  customFields: [
    { field: 'custom.dateOfBirth', comparator: 'date', blocking: true },
    { field: 'custom.socSecId', comparator: 'levenshtein', blocking: true },
    { field: 'custom.address2', comparator: 'jaroWinkler' },
    { field: 'region' },
  ],
}

export function truePairs(ids: readonly string[], entityOf: Map<string, string>): Set<string> {
  const groups = new Map<string, string[]>()
  for (const id of ids) {
    const entity = entityOf.get(id) as string
    const group = groups.get(entity) ?? []
    group.push(id)
    groups.set(entity, group)
  }
  const pairs = new Set<string>()
  for (const group of groups.values()) {
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) pairs.add(pairKey(group[x] as string, group[y] as string))
    }
  }
  return pairs
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`
}

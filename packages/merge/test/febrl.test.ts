// Merges the true duplicate clusters of Febrl dataset 3 (synthetic Australian person records with typos, OCR
// errors and missing values; see shared/data/febrl/README.md). Read from the shared data folder beside the repo;
// skipped where that folder is absent.
import { existsSync, readFileSync } from 'node:fs'
import { type Contact, ContactSchema } from '@contactkit/core'
import { describe, expect, it } from 'vitest'
import { applyPatch, diffContacts, mergeContacts, unmerge } from '../src/index.js'

const file = new URL('../../../../shared/data/febrl/dataset3.csv', import.meta.url)
const available = existsSync(file)

function toContact(cells: string[]): Contact {
  const [id, given, surname, number, street, extra, suburb, postcode, state, birth, social] = cells
  const contact: Contact = { id: id as string, emails: [], phones: [], addresses: [], websites: [] }
  if (given) contact.firstName = given
  if (surname) contact.lastName = surname
  const address: Contact['addresses'][number] = { country: 'AU' }
  if (street) address.street = extra ? `${street}, ${extra}` : street
  if (number) address.houseNumber = number
  if (postcode) address.postalCode = postcode
  if (suburb) address.city = suburb
  if (state) address.region = state
  contact.addresses.push(address)
  const custom: Record<string, string> = {}
  if (birth) custom.dateOfBirth = birth
  if (social) custom.socialSecurityId = social
  contact.custom = custom
  // The original stands for the CRM record, its duplicates for imports.
  contact.source = id?.endsWith('-org') ? { kind: 'crm' } : { kind: 'import' }
  return contact
}

function clusters(): Contact[][] {
  const byEntity = new Map<string, Contact[]>()
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1)
  for (const line of lines) {
    const cells = line.split(',').map((cell) => cell.trim())
    const entity = /^rec-(\d+)/.exec(cells[0] ?? '')?.[1] as string
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), toContact(cells)])
  }
  return [...byEntity.values()].filter((cluster) => cluster.length > 1)
}

describe.skipIf(!available)('mergeContacts on Febrl dataset 3', () => {
  const all = available ? clusters() : []

  it('merges every duplicate cluster into a valid contact that keeps every value of the original', () => {
    expect(all.length).toBe(1165)
    for (const cluster of all) {
      const original = cluster.find((contact) => contact.source?.kind === 'crm') as Contact
      const result = mergeContacts(cluster, { default: 'fillBlanks' }, {}, { defaultCountry: 'AU' })
      expect(ContactSchema.safeParse(result.contact).success).toBe(true)
      expect(result.survivor).toBe(original.id)
      for (const field of ['firstName', 'lastName'] as const) {
        if (original[field]) expect(result.contact[field]).toBe(original[field])
      }
      expect(result.contact.custom).toMatchObject(original.custom ?? {})
      expect(applyPatch(original, result.patch)).toEqual(result.contact)
      expect(unmerge(JSON.parse(JSON.stringify(result.journal))).records).toEqual(cluster)
    }
  })

  it('fills the blanks of an original from its duplicates', () => {
    const filled = all.filter((cluster) => {
      const original = cluster.find((contact) => contact.source?.kind === 'crm') as Contact
      const { contact } = mergeContacts(cluster, 'fillBlanks', {}, { defaultCountry: 'AU' })
      return original.firstName === undefined && contact.firstName !== undefined
    })
    expect(filled.length).toBeGreaterThan(0)
  })

  it('finds real conflicts (typos) rather than formatting differences between originals and duplicates', () => {
    const counts = { equal: 0, equivalent: 0, added: 0, removed: 0, changed: 0 }
    for (const cluster of all) {
      const original = cluster.find((contact) => contact.source?.kind === 'crm') as Contact
      for (const duplicate of cluster) {
        if (duplicate === original) continue
        const diff = diffContacts(duplicate, original, { defaultCountry: 'AU' })
        for (const kind of Object.keys(counts) as (keyof typeof counts)[]) counts[kind] += diff.counts[kind]
      }
    }
    // Febrl corrupts values with typos, so changed entries outnumber the equivalent ones.
    expect(counts.changed).toBeGreaterThan(counts.equivalent)
    expect(counts.equal).toBeGreaterThan(0)
  })
})

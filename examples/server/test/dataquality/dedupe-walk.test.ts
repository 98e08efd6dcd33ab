import type { Contact } from '@contactkit/core'
import { generateContacts } from '@contactkit/match'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Block, DedupeSource } from '../../src/dataquality/dedupe-source.js'
import { clusterEdges, walkBlocks } from '../../src/dataquality/dedupe-walk.js'
import { serverMatcher } from '../../src/dataquality/matcher.js'

// The block walk and clustering without a database: an in-memory source over generated contacts answers the same
// questions the SQL sources answer (blocks in key order after a key, records by id).

const matcher = serverMatcher()
const { contacts: generated } = generateContacts({ count: 400, seed: 23 })
const all = generated.map((contact, i) => ({ ...contact, id: `r${String(i).padStart(4, '0')}` }) as Contact)

function memorySource(contacts: readonly Contact[]): DedupeSource & { reads: number } {
  const byId = new Map(contacts.map((contact) => [contact.id as string, contact]))
  const blocks = new Map<string, string[]>()
  for (const contact of contacts) {
    for (const key of new Set(matcher.blockingKeys(contact))) {
      blocks.set(key, [...(blocks.get(key) ?? []), contact.id as string])
    }
  }
  const sorted: Block[] = [...blocks.entries()]
    .map(([key, ids]) => ({ key, ids: ids.sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const source = {
    crm: 'builtin' as const,
    reads: 0,
    count: async () => contacts.length,
    countBlocks: async (maxSize: number) =>
      sorted.filter((block) => block.ids.length >= 2 && block.ids.length <= maxSize).length,
    blocks: async (after: string, limit: number, maxSize: number) =>
      sorted
        .filter((block) => block.key > after && block.ids.length >= 2 && block.ids.length <= maxSize)
        .slice(0, limit),
    contacts: async (ids: readonly string[]) => {
      source.reads = Math.max(source.reads, ids.length)
      return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as Contact] as const] : [])))
    },
    members: async () => new Map(),
  }
  return source
}

async function clustersOf(contacts: readonly Contact[], blocksPerPage: number, recentPairs = 2 ** 20) {
  const source = memorySource(contacts)
  const walk = await walkBlocks(source, matcher, { blocksPerPage, recentPairs })
  const clusters = await clusterEdges(walk.edges, matcher, (ids) => source.contacts(ids))
  return { clusters: clusters.map((cluster) => cluster.ids.join(',')).sort(), walk, source }
}

describe('dedupe block walk', () => {
  it('finds the same clusters as findDuplicates on generated German and English contacts', async () => {
    const { clusters } = await clustersOf(all, 50)
    const reference = await matcher.findDuplicates(all)
    const expected = reference.clusters.map((cluster) => [...cluster.ids].sort().join(',')).sort()
    expect(expected.length).toBeGreaterThan(40)
    // Both score pairs alike here; the walk has no whole-set term frequencies, which only move pairs near a threshold.
    const same = clusters.filter((cluster) => expected.includes(cluster)).length
    expect(same / expected.length).toBeGreaterThan(0.97)
  })

  it('gives clusters that do not depend on the page size or the recent-pair table, are disjoint, and hold no distinct pair', async () => {
    const reference = await clustersOf(all, 10_000)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(1, 13, 2 ** 20),
        async (blocksPerPage, recentPairs) => {
          // A table of one slot forgets almost every pair: more comparisons, the same clusters.
          const { clusters, walk } = await clustersOf(all, blocksPerPage, recentPairs)
          expect(clusters).toEqual(reference.clusters)
          expect(walk.comparisons).toBeGreaterThanOrEqual(reference.walk.comparisons)
        },
      ),
      { numRuns: 12 },
    )
    const seen = new Set<string>()
    const byId = new Map(all.map((contact) => [contact.id as string, contact]))
    for (const cluster of reference.clusters) {
      const ids = cluster.split(',')
      expect(ids.length).toBeGreaterThanOrEqual(2)
      for (const id of ids) {
        expect(seen.has(id)).toBe(false)
        seen.add(id)
      }
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const verdict = matcher.compare(
            byId.get(ids[i] as string) as Contact,
            byId.get(ids[j] as string) as Contact,
          )
          expect(verdict.verdict).not.toBe('distinct')
        }
      }
    }
  })

  it('skips blocks above the size cap and compares sorted neighbours in large blocks', async () => {
    // 40 people at one company share its key: a large block, compared by name order in windows of 8.
    const staff = Array.from({ length: 40 }, (_, i) => ({
      id: `s${String(i).padStart(3, '0')}`,
      firstName: ['Anna', 'Ben', 'Clara', 'David', 'Emma'][i % 5] as string,
      lastName: `Kollege${String.fromCharCode(65 + (i % 26))}${i}`,
      company: 'Nordwind Logistik GmbH',
      emails: [],
      phones: [],
      addresses: [],
      websites: [],
    })) as unknown as Contact[]
    const source = memorySource(staff)
    const full = await walkBlocks(source, matcher, { blocksPerPage: 1 })
    // A page of one block reads that block's records only.
    expect(source.reads).toBe(40)
    const capped = await walkBlocks(source, matcher, { maxBlockSize: 30 })
    // The company block alone: 7 neighbours per record instead of all 780 pairs.
    const windowed = (40 - 8 + 1) * 7 + (7 * 6) / 2
    expect(full.comparisons - capped.comparisons).toBeGreaterThan(0)
    expect(full.comparisons - capped.comparisons).toBeLessThanOrEqual(windowed)
  })
})

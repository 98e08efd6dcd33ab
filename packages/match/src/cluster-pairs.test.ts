import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { isMatchError } from './error.js'
import { createMatcher } from './matcher.js'

// Default thresholds: duplicate 0.95, possible 0.5.
const matcher = createMatcher()

describe('matcher.clusterPairs', () => {
  it('keeps a bridge record from chaining two records that do not match', () => {
    // The card matches the CRM record and the signature, but the CRM record and the signature are different people.
    const pairs = [
      { a: 'crm-1', b: 'card-7', probability: 0.99 },
      { a: 'card-7', b: 'sig-3', probability: 0.97 },
    ]
    const asked: string[] = []
    const { clusters, conflicts } = matcher.clusterPairs(pairs, (a, b) => {
      asked.push(`${a}|${b}`)
      return 0.02
    })
    expect(clusters).toEqual([{ ids: ['card-7', 'crm-1'], probability: 0.99 }])
    expect(conflicts).toEqual([
      { a: 'card-7', b: 'sig-3', probability: 0.97, blockedBy: ['crm-1', 'sig-3'], blockedProbability: 0.02 },
    ])
    expect(asked).toEqual(['crm-1|sig-3'])
  })

  it('merges a chain when every cross pair matches, with the lowest pairwise probability', () => {
    const pairs = [
      { a: 'mueller-a', b: 'mueller-b', probability: 0.999 },
      { a: 'mueller-b', b: 'mueller-c', probability: 0.96 },
      { a: 'mueller-a', b: 'mueller-c', probability: 0.7 },
    ]
    const { clusters, conflicts } = matcher.clusterPairs(pairs, () => undefined)
    expect(clusters).toEqual([{ ids: ['mueller-a', 'mueller-b', 'mueller-c'], probability: 0.7 }])
    expect(conflicts).toEqual([])
  })

  it('joins only along duplicate pairs and counts an unanswered cross pair as no match', () => {
    const pairs = [
      { a: 'a', b: 'b', probability: 0.8 }, // possible, not duplicate: never merged on its own
      { a: 'c', b: 'd', probability: 0.99 },
      { a: 'd', b: 'e', probability: 0.99 },
    ]
    const { clusters, conflicts } = matcher.clusterPairs(pairs, () => undefined)
    expect(clusters).toEqual([{ ids: ['c', 'd'], probability: 0.99 }])
    expect(conflicts).toHaveLength(1)
  })

  it('stops a cluster at maxClusterSize', () => {
    const pairs = ['b', 'c', 'd'].map((id) => ({ a: 'a', b: id, probability: 0.99 }))
    const { clusters } = matcher.clusterPairs(pairs, () => 0.99, { maxClusterSize: 3 })
    expect(clusters).toEqual([{ ids: ['a', 'b', 'c'], probability: 0.99 }])
  })

  it('refuses pairs without ids and a cluster size below 2 with typed errors', () => {
    const bad = () => matcher.clusterPairs([{ a: 'x', probability: 0.9 } as never], () => undefined)
    expect(bad).toThrow(expect.objectContaining({ code: 'MATCH_INVALID_CONFIG' }))
    try {
      matcher.clusterPairs([], () => undefined, { maxClusterSize: 1 })
      expect.unreachable()
    } catch (error) {
      expect(isMatchError(error) && error.code).toBe('MATCH_INVALID_CONFIG')
    }
  })

  // Pairs over a few ids with probabilities from a small set, so ties are common.
  const scored = fc.uniqueArray(
    fc.record({
      a: fc.integer({ min: 0, max: 7 }),
      b: fc.integer({ min: 0, max: 7 }),
      probability: fc.constantFrom(0.55, 0.9, 0.96, 0.99, 0.999),
    }),
    { selector: (pair) => `${Math.min(pair.a, pair.b)}|${Math.max(pair.a, pair.b)}`, maxLength: 20 },
  )
  test.prop([scored, fc.func(fc.constantFrom(undefined, 0.1, 0.6, 0.97)), fc.integer()])(
    'gives the same clusters whatever the order of the pairs and of their two ids',
    (raw, answer, seed) => {
      const pairs = raw.map((pair) => ({
        a: `id-${pair.a}`,
        b: `id-${pair.b}`,
        probability: pair.probability,
      }))
      // The answer for a pair must not depend on the order it is asked in.
      const probabilityOf = (a: string, b: string) => (a < b ? answer(a, b) : answer(b, a))
      const shuffled = pairs
        .map((pair, index) => ({
          pair: index % 2 === 0 ? { ...pair, a: pair.b, b: pair.a } : pair,
          key: (index * 7919 + seed) % 101,
        }))
        .sort((x, y) => x.key - y.key)
        .map((entry) => entry.pair)
      const first = matcher.clusterPairs(pairs, probabilityOf)
      const second = matcher.clusterPairs(shuffled, probabilityOf)
      expect(second.clusters).toEqual(first.clusters)
      // Every member of a cluster appears once in all clusters.
      const members = first.clusters.flatMap((cluster) => cluster.ids)
      expect(new Set(members).size).toBe(members.length)
    },
  )
})

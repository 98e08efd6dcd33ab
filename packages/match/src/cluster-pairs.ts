import { type ClusterConflict, clusterEdges, type DuplicateCluster, type Edge, withIds } from './cluster.js'
import { MatchError } from './error.js'

/**
 * A pair of record ids with the probability a comparison gave it, as {@link Matcher.clusterPairs} takes them.
 *
 * @example
 * ```ts
 * const pair: ScoredPair = { a: 'crm-17', b: 'import-3', probability: 0.998 }
 * ```
 */
export interface ScoredPair {
  /** Id of one record. */
  a: string
  /** Id of the other record. */
  b: string
  /** The pair's match probability. */
  probability: number
}

/**
 * Options of {@link Matcher.clusterPairs}.
 *
 * @example
 * ```ts
 * const options: ClusterPairsOptions = { maxClusterSize: 20 }
 * ```
 */
export interface ClusterPairsOptions {
  /** Most members of one cluster; a merge that would pass it is not made. Default 50, as `findDuplicates`. */
  maxClusterSize?: number
}

/**
 * The result of {@link Matcher.clusterPairs}.
 *
 * @example
 * ```ts
 * const { clusters, conflicts }: ClusteredPairs = matcher.clusterPairs(pairs, probabilityOf)
 * ```
 */
export interface ClusteredPairs {
  /** Clusters of two or more records, each with its ids sorted. */
  clusters: DuplicateCluster[]
  /** Duplicate pairs kept apart because a cross pair of their clusters does not match. */
  conflicts: ClusterConflict[]
}

/**
 * Complete-linkage clustering of scored pairs with string ids, on the same mechanism as `findDuplicates`. Ids are
 * numbered in sorted order, so pairs of equal probability merge in id order whatever order they came in.
 *
 * @internal
 */
export function clusterScoredPairs(
  pairs: Iterable<ScoredPair>,
  probabilityOf: (a: string, b: string) => number | undefined,
  thresholds: { duplicate: number; possible: number },
  options: ClusterPairsOptions = {},
): ClusteredPairs {
  const maxClusterSize = options.maxClusterSize ?? 50
  if (!Number.isInteger(maxClusterSize) || maxClusterSize < 2) {
    throw new MatchError('MATCH_INVALID_CONFIG', 'maxClusterSize must be an integer of at least 2')
  }
  const given: ScoredPair[] = []
  const unique = new Set<string>()
  for (const pair of pairs) {
    if (typeof pair?.a !== 'string' || typeof pair.b !== 'string' || typeof pair.probability !== 'number') {
      throw new MatchError(
        'MATCH_INVALID_CONFIG',
        'clusterPairs expects pairs of string ids with a probability',
      )
    }
    if (pair.a === pair.b) continue
    given.push(pair)
    unique.add(pair.a)
    unique.add(pair.b)
  }
  const ids = [...unique].sort()
  const indexOf = new Map(ids.map((id, index) => [id, index]))
  const n = ids.length
  const known = new Map<number, number>()
  const edges: Edge[] = []
  for (const pair of given) {
    const x = indexOf.get(pair.a) as number
    const y = indexOf.get(pair.b) as number
    const i = Math.min(x, y)
    const j = Math.max(x, y)
    const code = i * n + j
    if (known.has(code)) continue
    known.set(code, pair.probability)
    edges.push({ i, j, probability: pair.probability })
  }
  // The clustering's sort is stable: edges in id order break ties of probability by id.
  edges.sort((p, q) => p.i - q.i || p.j - q.j)
  const between = (x: number, y: number): number => {
    const found = known.get(x < y ? x * n + y : y * n + x)
    if (found !== undefined) return found
    // A pair the caller never scored (or scored below `possible`): ask, and count no answer as no match.
    return probabilityOf(ids[x] as string, ids[y] as string) ?? Number.NEGATIVE_INFINITY
  }
  return withIds(clusterEdges(edges, thresholds.duplicate, thresholds.possible, between, maxClusterSize), ids)
}

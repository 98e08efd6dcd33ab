/**
 * A group of records the matcher holds to be one entity: every two members were compared and reached at least
 * the `possible` threshold, and the merges were made along pairs at the `duplicate` threshold.
 *
 * @example
 * ```ts
 * const cluster: DuplicateCluster = { ids: ['crm-17', 'import-3'], probability: 0.998 }
 * ```
 */
export interface DuplicateCluster {
  /** Ids of the members. */
  ids: string[]
  /** The lowest pairwise probability inside the cluster. */
  probability: number
}

/**
 * A pair whose probability reached the `duplicate` threshold but whose records were kept in different clusters,
 * because merging them would have joined records that do not match each other (A~B, B~C, A≁C).
 *
 * @example
 * ```ts
 * const conflict: ClusterConflict = { a: 'B', b: 'C', probability: 0.97, blockedBy: ['A', 'C'], blockedProbability: 0.02 }
 * ```
 */
export interface ClusterConflict {
  /** Id of one record of the pair. */
  a: string
  /** Id of the other record. */
  b: string
  /** The pair's probability. */
  probability: number
  /** The two records (one from each side) that do not match. */
  blockedBy: [string, string]
  /** Their probability, below the `possible` threshold. */
  blockedProbability: number
}

/** @internal An edge: records i and j with a probability. */
export interface Edge {
  i: number
  j: number
  probability: number
}

/**
 * @internal Complete-linkage clustering over the duplicate edges: clusters merge along the strongest edges first,
 * and only when every cross pair reaches `possible` (pairs never compared are scored on demand by `probabilityOf`).
 * So one bridge record never chains two unrelated records into one cluster.
 */
export function clusterEdges(
  edges: Edge[],
  duplicate: number,
  possible: number,
  probabilityOf: (i: number, j: number) => number,
  maxClusterSize: number,
): {
  clusters: { members: number[]; probability: number }[]
  conflicts: { i: number; j: number; probability: number; x: number; y: number; blocked: number }[]
} {
  const clusterOf = new Map<number, number[]>()
  const minProbability = new Map<number[], number>()
  const conflicts: { i: number; j: number; probability: number; x: number; y: number; blocked: number }[] = []
  const strong = edges
    .filter((edge) => edge.probability >= duplicate)
    .sort((a, b) => b.probability - a.probability)
  for (const edge of strong) {
    const left = clusterOf.get(edge.i) ?? [edge.i]
    const right = clusterOf.get(edge.j) ?? [edge.j]
    if (left === right) continue
    if (left.length + right.length > maxClusterSize) continue
    let lowest = Math.min(edge.probability, minProbability.get(left) ?? 1, minProbability.get(right) ?? 1)
    let blocker: { x: number; y: number; blocked: number } | undefined
    for (const x of left) {
      for (const y of right) {
        if ((x === edge.i && y === edge.j) || (x === edge.j && y === edge.i)) continue
        const p = probabilityOf(x, y)
        if (p < possible) {
          blocker = { x, y, blocked: p }
          break
        }
        if (p < lowest) lowest = p
      }
      if (blocker) break
    }
    if (blocker) {
      conflicts.push({ i: edge.i, j: edge.j, probability: edge.probability, ...blocker })
      continue
    }
    const merged = left.concat(right)
    minProbability.delete(left)
    minProbability.delete(right)
    minProbability.set(merged, lowest)
    for (const member of merged) clusterOf.set(member, merged)
  }
  const seen = new Set<number[]>()
  const clusters: { members: number[]; probability: number }[] = []
  for (const members of clusterOf.values()) {
    if (seen.has(members)) continue
    seen.add(members)
    clusters.push({
      members: [...members].sort((a, b) => a - b),
      probability: minProbability.get(members) ?? 1,
    })
  }
  clusters.sort((a, b) => (a.members[0] as number) - (b.members[0] as number))
  return { clusters, conflicts }
}

/** @internal The clusters and conflicts of {@link clusterEdges} with each record number replaced by its id. */
export function withIds(
  result: ReturnType<typeof clusterEdges>,
  ids: readonly string[],
): { clusters: DuplicateCluster[]; conflicts: ClusterConflict[] } {
  return {
    clusters: result.clusters.map((cluster) => ({
      ids: cluster.members.map((member) => ids[member] as string),
      probability: cluster.probability,
    })),
    conflicts: result.conflicts.map((conflict) => ({
      a: ids[conflict.i] as string,
      b: ids[conflict.j] as string,
      probability: conflict.probability,
      blockedBy: [ids[conflict.x] as string, ids[conflict.y] as string],
      blockedProbability: conflict.blocked,
    })),
  }
}

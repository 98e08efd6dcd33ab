import type { Contact } from '@contactkit/core'
import type { Matcher, PreparedContact } from '@contactkit/match'
import type { DedupeSource } from './dedupe-source.js'

/**
 * Blocks larger than this are skipped, as @contactkit/match's bulk run does with its default `maxBlockSize`: a key
 * shared by thousands of records (a big company's domain) says nothing about any two of them.
 */
export const MAX_BLOCK_SIZE = 2_000
// As in @contactkit/match: blocks up to FULL_BLOCK records are compared pair by pair, larger ones are sorted by
// name and each record is compared with the next WINDOW - 1 (sorted neighbourhood), so they cost linear work.
const FULL_BLOCK = 16
const WINDOW = 8
/** Most members of one cluster (the match package's default). */
const MAX_CLUSTER_SIZE = 50

/** A scored pair at or above the `possible` verdict. */
export interface WalkEdge {
  a: string
  b: string
  probability: number
  duplicate: boolean
}

/**
 * Pairs compared recently, as 53-bit hashes in a fixed table (a slot keeps the last pair hashed to it): a pair that
 * shares several keys, whose blocks lie in different pages, is mostly scored once, in memory that does not grow with
 * the organisation. A pair evicted meanwhile is only scored again; two pairs share a hash with odds of about 2^-53.
 */
class RecentPairs {
  private readonly slots: Float64Array
  constructor(size: number) {
    this.slots = new Float64Array(size)
  }
  /** Records the pair's hash; true when it was there already. */
  seen(hash: number): boolean {
    const slot = hash % this.slots.length
    // Stored as hash + 1, so the zeroed table holds no pair.
    if (this.slots[slot] === hash + 1) return true
    this.slots[slot] = hash + 1
    return false
  }
}

// Two independent 32-bit FNV-1a hashes of a record id (the second with another basis and a final mix).
function idHashes(id: string): [number, number] {
  let h1 = 0x811c9dc5
  let h2 = 0x050c5d1f
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x01000193)
  }
  h2 ^= h2 >>> 15
  h2 = Math.imul(h2, 0x2c1b3c6d)
  h2 ^= h2 >>> 12
  return [h1 >>> 0, h2 >>> 0]
}

// A 53-bit hash of an ordered pair from the ids' hashes (low id first), without building a string per pair.
function pairHash(low: [number, number], high: [number, number]): number {
  let h1 = Math.imul(low[0] ^ 0x9e3779b9, 0x85ebca6b) ^ high[0]
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x7feb352d)
  h1 ^= h1 >>> 15
  let h2 = Math.imul(low[1] ^ 0x632be5ab, 0xc2b2ae35) ^ high[1]
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0x846ca68b)
  h2 ^= h2 >>> 16
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) >>> 11)
}

/** Options of {@link walkBlocks}. */
export interface WalkOptions {
  /** Slots of the table of recently compared pairs (8 bytes each). Default 2^20 (8 MiB). */
  recentPairs?: number
  /** Blocks read per query. Default 500. */
  blocksPerPage?: number
  /** Blocks above this size are skipped. Default {@link MAX_BLOCK_SIZE}. */
  maxBlockSize?: number
  /** Called after each page with the blocks done so far. */
  onPage?: (blocksDone: number) => Promise<void>
}

/** What {@link walkBlocks} found and did. */
export interface WalkResult {
  /** Pairs at or above `possible`, keyed `a\u0000b` with a < b. */
  edges: Map<string, WalkEdge>
  blocks: number
  comparisons: number
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`)

function fold(text: string | undefined): string {
  return (text ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * The name order of a large block (last name, first name, company), close to the match package's own sort key, which
 * reads its prepared name features; the two differ only for names whose folding differs (ß, ligatures).
 */
function sortKey(contact: Contact): string {
  return `${fold(contact.lastName)}|${fold(contact.firstName)}|${fold(contact.company)}`
}

/**
 * Walks the source's blocks in key order, a page at a time, and scores the candidate pairs of each block with
 * `matcher.compareMany` (each record against the later members of its block, or its sorted neighbours in a large
 * block), every record of a page prepared once (`matcher.prepare`). Memory holds one page of records, the pairs found and a fixed table of recently compared pairs, never the
 * whole organisation. A pair compared recently is not scored again; one evicted from the table
 * meanwhile is, with the same result.
 */
export async function walkBlocks(
  source: DedupeSource,
  matcher: Matcher,
  options: WalkOptions = {},
): Promise<WalkResult> {
  const perPage = options.blocksPerPage ?? 500
  const maxSize = options.maxBlockSize ?? MAX_BLOCK_SIZE
  const edges = new Map<string, WalkEdge>()
  const recent = new RecentPairs(options.recentPairs ?? 2 ** 20)
  let blocks = 0
  let comparisons = 0
  let after = ''
  for (;;) {
    const page = await source.blocks(after, perPage, maxSize)
    if (page.length === 0) break
    after = page.at(-1)?.key ?? after
    const contacts = await source.contacts([...new Set(page.flatMap((block) => block.ids))])
    const hashes = new Map<string, [number, number]>()
    for (const id of contacts.keys()) hashes.set(id, idHashes(id))
    // Each record of the page is prepared once, when first compared, not once per pair it is in (a record meets up
    // to 2 × 7 neighbours in every block of the page it belongs to).
    const prepared = new Map<string, PreparedContact>()
    const preparedOf = (id: string): PreparedContact => {
      let record = prepared.get(id)
      if (record === undefined) {
        record = matcher.prepare(contacts.get(id) as Contact)
        prepared.set(id, record)
      }
      return record
    }
    for (const block of page) {
      blocks++
      const members = block.ids.filter((id) => contacts.has(id))
      if (members.length < 2) continue
      const window = members.length <= FULL_BLOCK ? members.length : WINDOW
      if (members.length > FULL_BLOCK) {
        const keys = new Map(members.map((id) => [id, sortKey(contacts.get(id) as Contact)]))
        members.sort((x, y) => {
          const left = keys.get(x) as string
          const right = keys.get(y) as string
          return left < right ? -1 : left > right ? 1 : x < y ? -1 : x > y ? 1 : 0
        })
      }
      for (let i = 0; i < members.length; i++) {
        const a = members[i] as string
        const candidates: string[] = []
        for (let j = i + 1; j < Math.min(members.length, i + window); j++) {
          const b = members[j] as string
          const ha = hashes.get(a) as [number, number]
          const hb = hashes.get(b) as [number, number]
          // A pair evicted from the table is scored again and stored again: the same result, so no edge lookup here.
          if (recent.seen(a < b ? pairHash(ha, hb) : pairHash(hb, ha))) continue
          candidates.push(b)
        }
        if (candidates.length === 0) continue
        comparisons += candidates.length
        const results = matcher.compareMany(preparedOf(a), candidates.map(preparedOf), {
          minVerdict: 'possible',
        })
        results.forEach((result, k) => {
          if (result === undefined) return
          const b = candidates[k] as string
          const [low, high] = a < b ? [a, b] : [b, a]
          edges.set(pairKey(a, b), {
            a: low,
            b: high,
            probability: result.probability,
            duplicate: result.verdict === 'duplicate',
          })
        })
      }
    }
    await options.onPage?.(blocks)
    if (page.length < perPage) break
  }
  return { edges, blocks, comparisons }
}

/** A cluster of record ids with its lowest pairwise probability. */
export interface WalkCluster {
  ids: string[]
  probability: number
}

/**
 * Clusters the walk's pairs with `matcher.clusterPairs` (complete linkage, as a bulk run of @contactkit/match does).
 * Cross pairs the walk never scored are compared on demand, with the records `load` returns for the members of
 * duplicate pairs.
 */
export async function clusterEdges(
  edges: Map<string, WalkEdge>,
  matcher: Matcher,
  load: (ids: readonly string[]) => Promise<Map<string, Contact>>,
  maxClusterSize = MAX_CLUSTER_SIZE,
): Promise<WalkCluster[]> {
  const strong = [...edges.values()].filter((edge) => edge.duplicate)
  const contacts = await load([...new Set(strong.flatMap((edge) => [edge.a, edge.b]))])
  const probabilityOf = (x: string, y: string): number | undefined => {
    const left = contacts.get(x)
    const right = contacts.get(y)
    if (left === undefined || right === undefined) return undefined
    // A pair the walk compared below `possible` is not among the edges, so it is compared again here.
    const result = matcher.compare(left, right)
    return result.verdict === 'distinct' ? undefined : result.probability
  }
  return matcher.clusterPairs(edges.values(), probabilityOf, { maxClusterSize }).clusters
}

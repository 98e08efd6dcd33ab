import { forEachKey, sortKeyOf } from './blocking.js'
import type { Features, Model } from './model.js'

/** @internal Candidate pairs as sorted, unique codes `i * n + j` (i < j), plus block statistics. */
export interface CandidatePairs {
  codes: Float64Array
  blocks: number
  skippedBlocks: number
}

// Blocks up to this size are expanded into all pairs; larger ones (up to maxBlockSize) are sorted by name and
// only records within this many places of each other are paired (sorted neighbourhood), so a common key
// such as `Müller, J.` costs linear, not quadratic, work.
const FULL_BLOCK = 16
const WINDOW = 8

/** @internal FNV-1a hash of a blocking key. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

// A second, independent 32-bit hash (FNV-1a with another basis, then a final mix) widens keys past 32 bits.
function hashKey2(key: string): number {
  let hash = 0x050c5d1f
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  hash ^= hash >>> 15
  hash = Math.imul(hash, 0x2c1b3c6d)
  hash ^= hash >>> 12
  return hash >>> 0
}

/** @internal A 53-bit hash of a blocking key (two 32-bit hashes), for maps keyed by number. */
export function hashKey53(key: string): number {
  return hashKey(key) * 2 ** 21 + (hashKey2(key) >>> 11)
}

/** @internal Blocks records by their keys and expands every block up to `maxBlockSize` into pairs. */
export function candidatePairs(model: Model, features: readonly Features[]): CandidatePairs {
  return candidatePairsOf(model, features.length, (i) => features[i] as Features)
}

/**
 * @internal Candidate pairs of `n` records whose features `featuresOf` gives (it may reuse one array).
 * Each (key, record) becomes one number, `hash(key) · 2^bits + record`, with as many hash bits as fit in 53;
 * one numeric sort then lines up every block, its members in record order. This holds millions of keys in one
 * typed array instead of a map of lists; a hash collision only adds a few candidate pairs.
 */
export function candidatePairsOf(
  model: Model,
  n: number,
  featuresOf: (i: number) => Features,
): CandidatePairs {
  const indexBits = Math.max(1, Math.ceil(Math.log2(Math.max(2, n))))
  const hashBits = 53 - indexBits
  const indexScale = 2 ** indexBits
  // Top `hashBits` bits of the 64-bit hash (hi, lo).
  const hiScale = hashBits >= 32 ? 2 ** (hashBits - 32) : 0
  const loShift = 64 - hashBits
  let entries = new Float64Array(Math.max(16, n * 4))
  let count = 0
  let record = 0
  // A record's key that comes twice gives the same entry twice; the walk below takes a record once per block.
  const add = (key: string) => {
    if (count === entries.length) {
      const grown = new Float64Array(entries.length * 2)
      grown.set(entries)
      entries = grown
    }
    const hi = hashKey(key)
    const hash =
      hashBits >= 32 ? hi * hiScale + (loShift >= 32 ? 0 : hashKey2(key) >>> loShift) : hi >>> (32 - hashBits)
    entries[count++] = hash * indexScale + record
  }
  for (; record < n; record++) forEachKey(model, featuresOf(record), add)
  const sorted = entries.subarray(0, count).sort()

  // Walks the blocks (runs of one hash) in order; `visit` gets each block's distinct members in record order.
  const members: number[] = []
  const walk = (visit: (size: number) => void) => {
    let start = 0
    while (start < count) {
      const hash = Math.floor((sorted[start] as number) / indexScale)
      let end = start
      members.length = 0
      let previous = -1
      while (end < count) {
        const entry = sorted[end] as number
        if (Math.floor(entry / indexScale) !== hash) break
        // Two keys of one record may share a hash: the record joins the block once.
        const record = entry - hash * indexScale
        if (record !== previous) members.push(record)
        previous = record
        end++
      }
      start = end
      if (members.length >= 2) visit(members.length)
    }
  }
  // First pass: the exact number of pairs (it depends on block sizes only), so the pair array is allocated once.
  let total = 0
  walk((size) => {
    if (size <= model.maxBlockSize) total += pairsIn(size)
  })
  // In shared memory: worker threads read their share of the pairs in place instead of getting a copy.
  const codes = new Float64Array(new SharedArrayBuffer(Math.max(1, total) * 8), 0, total)
  let length = 0
  let used = 0
  let skipped = 0
  let sortKeys: (string | undefined)[] | undefined
  walk((size) => {
    if (size > model.maxBlockSize) {
      skipped++
      return
    }
    used++
    const window = size <= FULL_BLOCK ? size : WINDOW
    if (size > FULL_BLOCK) {
      sortKeys ??= new Array(n)
      const keys = sortKeys
      for (const member of members) keys[member] ??= sortKeyOf(model, featuresOf(member))
      members.sort((a, b) =>
        (keys[a] as string) < (keys[b] as string)
          ? -1
          : (keys[a] as string) > (keys[b] as string)
            ? 1
            : a - b,
      )
    }
    for (let x = 0; x < size; x++) {
      const i = members[x] as number
      const last = Math.min(size, x + window)
      for (let y = x + 1; y < last; y++) {
        const j = members[y] as number
        codes[length++] = i < j ? i * n + j : j * n + i
      }
    }
  })
  entries = new Float64Array(0)
  const pairs = codes.sort()
  let unique = 0
  for (let k = 0; k < pairs.length; k++) {
    if (k === 0 || pairs[k] !== pairs[k - 1]) pairs[unique++] = pairs[k] as number
  }
  // Repeats (two records sharing several keys) often fill a third or more of the array. Copied into one of the
  // right size, the larger is let go before scoring, where a bulk run peaks (blocking ends well below that peak, so
  // holding both for a moment costs nothing there). With few repeats a view is kept instead.
  let kept = pairs.subarray(0, unique)
  if (unique < 0.8 * pairs.length) {
    kept = new Float64Array(new SharedArrayBuffer(Math.max(1, unique) * 8), 0, unique)
    kept.set(pairs.subarray(0, unique))
  }
  return {
    codes: kept,
    blocks: used,
    skippedBlocks: skipped,
  }
}

/** Pairs a block of `size` records gives: all pairs up to FULL_BLOCK, else each record with the next WINDOW - 1. */
function pairsIn(size: number): number {
  if (size <= FULL_BLOCK) return (size * (size - 1)) / 2
  return (size - WINDOW + 1) * (WINDOW - 1) + ((WINDOW - 1) * (WINDOW - 2)) / 2
}

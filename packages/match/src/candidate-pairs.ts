import { keysOf, sortKeyOf } from './blocking.js'
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

/** @internal Blocks records by their keys and expands every block up to `maxBlockSize` into pairs. */
export function candidatePairs(model: Model, features: readonly Features[]): CandidatePairs {
  const n = features.length
  // Keys are hashed to 32-bit numbers and singletons stored as a bare index: a million records have millions of
  // keys, most of them unique (emails, phones). A hash collision only adds a few candidate pairs.
  const blocks = new Map<number, number | number[]>()
  for (let i = 0; i < n; i++) {
    for (const key of keysOf(model, features[i] as Features)) {
      const hash = hashKey(key)
      const members = blocks.get(hash)
      if (members === undefined) blocks.set(hash, i)
      else if (typeof members === 'number') blocks.set(hash, [members, i])
      else members.push(i)
    }
  }
  let codes = new Float64Array(1 << 16)
  let length = 0
  let used = 0
  let skipped = 0
  let sortKeys: string[] | undefined
  for (const members of blocks.values()) {
    if (typeof members === 'number') continue
    const size = members.length
    if (size > model.maxBlockSize) {
      skipped++
      continue
    }
    used++
    const window = size <= FULL_BLOCK ? size : WINDOW
    if (size > FULL_BLOCK) {
      sortKeys ??= features.map((record) => sortKeyOf(model, record))
      const keys = sortKeys
      members.sort((a, b) =>
        (keys[a] as string) < (keys[b] as string)
          ? -1
          : (keys[a] as string) > (keys[b] as string)
            ? 1
            : a - b,
      )
    }
    const needed = length + size * Math.min(window, size)
    if (needed > codes.length) {
      const grown = new Float64Array(Math.max(needed, codes.length * 2))
      grown.set(codes.subarray(0, length))
      codes = grown
    }
    for (let x = 0; x < size; x++) {
      const i = members[x] as number
      const end = Math.min(size, x + window)
      for (let y = x + 1; y < end; y++) {
        const j = members[y] as number
        codes[length++] = i < j ? i * n + j : j * n + i
      }
    }
  }
  const sorted = codes.subarray(0, length).sort()
  let unique = 0
  for (let k = 0; k < sorted.length; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[unique++] = sorted[k] as number
  }
  return { codes: sorted.slice(0, unique), blocks: used, skippedBlocks: skipped }
}

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

/** @internal Blocks records by their keys and expands every block up to `maxBlockSize` into pairs. */
export function candidatePairs(model: Model, features: readonly Features[]): CandidatePairs {
  const n = features.length
  const blocks = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    for (const key of keysOf(model, features[i] as Features)) {
      const members = blocks.get(key)
      if (members) members.push(i)
      else blocks.set(key, [i])
    }
  }
  let codes = new Float64Array(1 << 16)
  let length = 0
  let used = 0
  let skipped = 0
  let sortKeys: string[] | undefined
  for (const members of blocks.values()) {
    const size = members.length
    if (size < 2) continue
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

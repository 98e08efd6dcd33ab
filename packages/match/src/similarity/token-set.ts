import { distance } from 'fastest-levenshtein'

/**
 * Normalised Levenshtein similarity: `1 - distance / longer length`.
 *
 * @param a - First string.
 * @param b - Second string.
 * @returns A similarity in [0, 1]; 1 for equal strings (also two empty ones).
 *
 * @example
 * ```ts
 * levenshteinSimilarity('meier', 'meyer') // 0.8
 * ```
 */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a === b) return 1
  const longer = Math.max(a.length, b.length)
  return 1 - distance(a, b) / longer
}

/**
 * Word-order-free similarity of two token lists, in the manner of fuzzywuzzy's `token_set_ratio`: the shared
 * tokens are compared with each side's shared-plus-rest, and the best of the three ratios wins.
 *
 * @param a - Tokens of the first value (already folded).
 * @param b - Tokens of the second value.
 * @returns A similarity in [0, 1]; 1 when one token set contains the other or both are equal.
 *
 * @example
 * ```ts
 * tokenSetSimilarity(['schmidt', 'hans'], ['hans', 'schmidt']) // 1
 * tokenSetSimilarity(['hans', 'peter', 'schmidt'], ['hans', 'schmidt']) // 1
 * ```
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0
  const setA = new Set(a)
  const setB = new Set(b)
  const shared: string[] = []
  const onlyA: string[] = []
  const onlyB: string[] = []
  for (const token of setA) (setB.has(token) ? shared : onlyA).push(token)
  for (const token of setB) if (!setA.has(token)) onlyB.push(token)
  shared.sort()
  onlyA.sort()
  onlyB.sort()
  const base = shared.join(' ')
  const withA = [base, onlyA.join(' ')].filter(Boolean).join(' ')
  const withB = [base, onlyB.join(' ')].filter(Boolean).join(' ')
  if (base.length > 0 && (onlyA.length === 0 || onlyB.length === 0)) return 1
  return Math.max(
    base.length > 0 ? levenshteinSimilarity(base, withA) : 0,
    base.length > 0 ? levenshteinSimilarity(base, withB) : 0,
    levenshteinSimilarity(withA, withB),
  )
}

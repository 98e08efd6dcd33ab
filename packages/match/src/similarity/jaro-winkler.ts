// Reused scratch buffers: the index and bulk dedupe call this millions of times, so no allocation per call.
let flagsA = new Uint8Array(64)
let flagsB = new Uint8Array(64)

/**
 * Jaro-Winkler similarity of two strings (prefix scale 0.1, up to 4 prefix characters).
 *
 * @param a - First string, compared as given (fold it first for case-insensitive use).
 * @param b - Second string.
 * @returns A similarity in [0, 1]; 1 for equal strings, 0 when either is empty and they differ.
 *
 * @example
 * ```ts
 * jaroWinkler('martha', 'marhta') // ≈ 0.961
 * jaroWinkler('müller', 'mueller') > 0.9 // true
 * ```
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1
  const lengthA = a.length
  const lengthB = b.length
  if (lengthA === 0 || lengthB === 0) return 0
  if (flagsA.length < lengthA) flagsA = new Uint8Array(lengthA * 2)
  if (flagsB.length < lengthB) flagsB = new Uint8Array(lengthB * 2)
  flagsA.fill(0, 0, lengthA)
  flagsB.fill(0, 0, lengthB)
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1)
  let matches = 0
  for (let i = 0; i < lengthA; i++) {
    const start = Math.max(0, i - window)
    const end = Math.min(lengthB - 1, i + window)
    const code = a.charCodeAt(i)
    for (let j = start; j <= end; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1
        flagsB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let k = 0
  for (let i = 0; i < lengthA; i++) {
    if (flagsA[i] === 0) continue
    while (flagsB[k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++
    k++
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - transpositions / 2) / matches) / 3
  let prefix = 0
  const maxPrefix = Math.min(4, lengthA, lengthB)
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}

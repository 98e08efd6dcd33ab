import { doubleMetaphone as encode } from 'double-metaphone'

/**
 * Double Metaphone (Lawrence Philips, 2000): primary and alternate phonetic keys of an English name, so that
 * `Smith` and `Schmidt` or `Catherine` and `Kathryn` share a key. Uses the `double-metaphone` package (MIT),
 * bundled into this package's build.
 *
 * @param text - A word or name; case and diacritics are ignored.
 * @returns `[primary, alternate]`; both `''` for text without letters.
 *
 * @example
 * ```ts
 * doubleMetaphone('Schmidt') // ['XMT', 'SMT']
 * doubleMetaphone('Smith') // ['SM0', 'XMT']
 * ```
 */
export function doubleMetaphone(text: string): [string, string] {
  const letters = text.normalize('NFD').replace(/[^\p{L}]/gu, '')
  if (letters.length === 0) return ['', '']
  const [primary, alternate] = encode(letters)
  return [primary, alternate]
}

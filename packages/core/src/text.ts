// Text folding shared by every package. Each function is total: any string in,
// a string out, never a throw, and linear in the input (no backtracking regexes).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// Zero-width and formatting characters that make equal-looking strings differ.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]/g
// Vertical tab and form feed are left to WHITESPACE_RUN, which turns them into a space.
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g
const WHITESPACE_RUN = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g
const COMBINING_MARK = /\p{M}/gu
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]+/gu
const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu

const GERMAN_TRANSLITERATION: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ẞ: 'SS',
}
const GERMAN_LETTER = /[äöüÄÖÜßẞ]/g

// Letters that carry no combining mark in Unicode and so survive NFD stripping.
const BASE_LETTER: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
}
const BASE_LETTER_PATTERN = /[ßẞæÆœŒøØłŁđĐðÐþÞıħĦ]/g

/**
 * Options of {@link foldDiacritics} and {@link foldText}.
 *
 * @example
 * ```ts
 * const options: FoldOptions = { german: true }
 * ```
 */
export interface FoldOptions {
  /** Transliterate German umlauts and ß (`ä`→`ae`, `ß`→`ss`) instead of dropping the marks (`ä`→`a`). */
  german?: boolean
}

/**
 * Unicode NFKC normalisation with lone surrogates replaced by U+FFFD, so the result is always well-formed.
 *
 * @param text - Any string.
 * @returns The NFKC form; compatibility characters such as `ﬁ` or full-width digits become plain ones.
 *
 * @example
 * ```ts
 * normalizeUnicode('Stra\u0073\u0073e ﬁ １２') // 'Strasse fi 12'
 * ```
 */
export function normalizeUnicode(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').normalize('NFKC')
}

/**
 * Collapses every run of whitespace (including no-break and ideographic spaces) to one space, removes
 * control and zero-width characters, replaces lone surrogates by U+FFFD, and trims.
 *
 * @param text - Any string.
 * @returns The cleaned string, always well-formed Unicode.
 *
 * @example
 * ```ts
 * cleanWhitespace('  Hans\u00A0 Peter\u200B\tMüller \n') // 'Hans Peter Müller'
 * cleanWhitespace('Gro\uD800ß') // 'Gro\uFFFDß'
 * ```
 */
export function cleanWhitespace(text: string): string {
  return withoutInvisible(text).replace(WHITESPACE_RUN, ' ').trim()
}

// Lone surrogates go first (before a removed control character could pair two of them up), then invisible and
// control characters, so removing them cannot leave two spaces side by side.
function withoutInvisible(text: string): string {
  return text.toWellFormed().replace(INVISIBLE, '').replace(CONTROL, '')
}

/**
 * Full case folding for comparisons: NFKC, lower case, `ß` and `ẞ` to `ss`, final sigma to sigma.
 *
 * @param text - Any string.
 * @returns The folded string; `foldCase(a) === foldCase(b)` means the two differ only in case.
 *
 * @example
 * ```ts
 * foldCase('STRASSE') === foldCase('Straße') // true
 * ```
 */
export function foldCase(text: string): string {
  return normalizeUnicode(text).toLowerCase().replace(/[ßẞ]/g, 'ss').replace(/ς/g, 'σ').normalize('NFKC')
}

/**
 * Removes diacritics, or transliterates German letters with `{ german: true }`.
 *
 * @param text - Any string.
 * @param options - `german: true` turns `ä ö ü ß` into `ae oe ue ss`.
 * @returns The string with only base letters.
 *
 * @example
 * ```ts
 * foldDiacritics('Müller-Lüdenscheidt, Łódź, Ørsted') // 'Muller-Ludenscheidt, Lodz, Orsted'
 * foldDiacritics('Müller Straße', { german: true }) // 'Mueller Strasse'
 * ```
 */
export function foldDiacritics(text: string, options: FoldOptions = {}): string {
  let result = normalizeUnicode(text)
  if (options.german) {
    result = result.replace(GERMAN_LETTER, (letter) => GERMAN_TRANSLITERATION[letter] ?? letter)
  }
  return result
    .normalize('NFD')
    .replace(COMBINING_MARK, '')
    .replace(BASE_LETTER_PATTERN, (letter) => BASE_LETTER[letter] ?? letter)
    .normalize('NFKC')
}

/**
 * Replaces every run of punctuation and symbols by one space and cleans the whitespace.
 *
 * @param text - Any string.
 * @returns Letters, digits and single spaces only.
 *
 * @example
 * ```ts
 * stripPunctuation('Müller & Söhne GmbH & Co. KG') // 'Müller Söhne GmbH Co KG'
 * ```
 */
export function stripPunctuation(text: string): string {
  // Invisible characters go before NFKC: `a` + zero-width space + U+0308 would otherwise meet only after it, and a
  // second call would compose them to `ä`.
  return cleanWhitespace(normalizeUnicode(withoutInvisible(text)).replace(PUNCTUATION_OR_SYMBOL, ' '))
}

/**
 * The comparison key of a text: NFKC, whitespace cleaned, case folded, diacritics folded, punctuation
 * removed. Two spellings of one name that differ only in form get the same key.
 *
 * @param text - Any string.
 * @param options - `german: true` folds `ü` to `ue` (so `Müller` and `Mueller` agree); otherwise to `u`.
 * @returns The key; idempotent: `foldText(foldText(x)) === foldText(x)`.
 *
 * @example
 * ```ts
 * foldText('  MÜLLER-Lüdenscheidt ') // 'muller ludenscheidt'
 * foldText('Müller', { german: true }) === foldText('Mueller', { german: true }) // true
 * ```
 */
export function foldText(text: string, options: FoldOptions = {}): string {
  return stripPunctuation(foldDiacritics(foldCase(cleanWhitespace(text)), options)).toLowerCase()
}

/**
 * Options of {@link tokenize}.
 *
 * @example
 * ```ts
 * const options: TokenizeOptions = { fold: true, german: true }
 * ```
 */
export interface TokenizeOptions extends FoldOptions {
  /** Fold each token with {@link foldText} (lower case, no diacritics). */
  fold?: boolean
}

/**
 * Splits text into words: runs of letters and digits, keeping inner hyphens and apostrophes
 * (`Hans-Peter`, `O'Brien`).
 *
 * @param text - Any string.
 * @param options - `fold: true` returns folded tokens for comparison.
 * @returns The tokens in order; `[]` for text without letters or digits.
 *
 * @example
 * ```ts
 * tokenize('Prof. Dr. Hans-Peter O’Brien') // ['Prof', 'Dr', 'Hans-Peter', 'O’Brien']
 * tokenize('Jürgen Groß', { fold: true, german: true }) // ['juergen', 'gross']
 * ```
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const tokens = normalizeUnicode(text).match(TOKEN) ?? []
  if (!options.fold) return tokens
  return tokens.map((token) => foldText(token, options)).filter((token) => token.length > 0)
}

import { cleanWhitespace, normalizeUnicode } from '@contactkit/core'

// Printable ASCII and precomposed Latin-1 letters are stable under NFKC; text made only of them, single-spaced
// and trimmed, needs no cleaning. Most contact data is such text, so this skips four regex passes per value.
const NEEDS_CLEANING = /[^\x20-\x7E\u00C0-\u00FF]|^ | $| {2}/

/**
 * `cleanWhitespace(normalizeUnicode(text))` with a fast path for text that is already clean.
 *
 * @internal
 */
export function cleanText(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text
  return cleanWhitespace(normalizeUnicode(text))
}

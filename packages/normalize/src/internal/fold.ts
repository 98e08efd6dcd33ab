import { foldText } from '@contactkit/core'

// `foldText` runs six Unicode normalisations and a dozen regex passes on every call. Text made only of printable
// ASCII and precomposed Latin-1 letters (nearly all German and English contact data) folds letter by letter:
// ASCII letters lower-case, each Latin-1 letter to its own fold (`Ä` → `ae`), every run of other characters
// (spaces, punctuation, symbols, `×`, `÷`) to one space, trimmed. A property test checks the result equals
// `foldText` on canonical, Latin-1, mixed and arbitrary text.

// Already folded: lower-case ASCII letters and digits in words separated by single spaces.
const FOLDED = /^[a-z0-9]+(?: [a-z0-9]+)*$/
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/
const ASCII_OR_LATIN1_LETTERS = /^[\x20-\x7E\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u00D7\u00F7]*$/
const LATIN1_LETTER = /[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]/g
// Everything `foldText` turns into a separator here: ASCII space, punctuation and symbols, `×` and `÷`.
const SEPARATOR_RUN = /[^a-z0-9]+/g

function latin1Table(german: boolean): Map<string, string> {
  const table = new Map<string, string>()
  for (let code = 0xc0; code <= 0xff; code++) {
    if (code === 0xd7 || code === 0xf7) continue
    const letter = String.fromCharCode(code)
    table.set(letter, foldText(letter, { german }))
  }
  return table
}

const tables = new Map<boolean, Map<string, string>>()

function tableFor(german: boolean): Map<string, string> {
  let table = tables.get(german)
  if (!table) {
    table = latin1Table(german)
    tables.set(german, table)
  }
  return table
}

/**
 * `foldText(text, { german })` with fast paths for text that is already folded or made only of printable
 * ASCII and Latin-1 letters; anything else goes to `foldText` itself.
 *
 * @internal
 */
export function fold(text: string, german = false): string {
  if (FOLDED.test(text)) return text
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(SEPARATOR_RUN, ' ').trim()
  if (ASCII_OR_LATIN1_LETTERS.test(text)) {
    const table = tableFor(german)
    return text
      .replace(LATIN1_LETTER, (letter) => table.get(letter) ?? letter)
      .toLowerCase()
      .replace(SEPARATOR_RUN, ' ')
      .trim()
  }
  return foldText(text, { german })
}

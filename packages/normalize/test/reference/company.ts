// splitLegalForm as it was before its tails were pruned (commit 7151dca), the reference for the property test in
// fast-paths.test.ts.
import { LEGAL_FORMS, type LegalFormEntry } from '../../src/internal/legal-forms.js'

const AMPERSAND_WORD = /^(?:&|\+|und|u\.|and|et)$/i
const NOT_KEY = /[.,\-()'’/]+/g
const TRAILING_JUNK = /[\s,;:–—-]+$/
const MAX_TAIL_TOKENS = 7
// Keys are built word by word: `loose` keeps dots (to tell `S.a.s.` from `SAS`), `compact` drops them
// (`G.m.b.H.` = `GmbH`); both ignore spaces and spell every joining word as `&`.
function looseWord(word: string): string {
  return AMPERSAND_WORD.test(word) ? '&' : word.toLowerCase()
}
function compactWord(word: string): string {
  return looseWord(word).replace(NOT_KEY, '')
}
function looseKey(text: string): string {
  return text.split(' ').map(looseWord).join('')
}
function compactKey(text: string): string {
  return text.split(' ').map(compactWord).join('')
}

const byLoose = new Map<string, LegalFormEntry>()
const byCompact = new Map<string, LegalFormEntry>()
// Compact keys of the last word of every spelling: a name whose last word is none of them has no legal form.
const lastWords = new Set<string>()
for (const form of LEGAL_FORMS) {
  for (const spelling of [form.abbreviation, form.name, ...form.variants]) {
    lastWords.add(compactWord(spelling.split(' ').pop() ?? ''))
    // The first entry wins a collision, so the table's order sets priority (SAS before S.a.s.).
    if (!byLoose.has(looseKey(spelling))) byLoose.set(looseKey(spelling), form)
    if (!byCompact.has(compactKey(spelling))) byCompact.set(compactKey(spelling), form)
  }
}

export function referenceSplitLegalForm(text: string): { base: string; form?: LegalFormEntry } {
  const tokens = text.split(' ')
  const count = tokens.length
  if (!lastWords.has(compactWord(tokens[count - 1] ?? ''))) return { base: text }
  // Keys of every tail that may be a legal form, built once from the right instead of joined per length.
  const first = count - Math.min(MAX_TAIL_TOKENS, count - 1)
  const looseTails: string[] = []
  const compactTails: string[] = []
  let looseTail = ''
  let compactTail = ''
  for (let index = count - 1; index >= first; index--) {
    const word = looseWord(tokens[index] ?? '')
    looseTail = word + looseTail
    compactTail = word.replace(NOT_KEY, '') + compactTail
    looseTails[index] = looseTail
    compactTails[index] = compactTail
  }
  for (let start = first; start < count; start++) {
    const form = byLoose.get(looseTails[start] ?? '') ?? byCompact.get(compactTails[start] ?? '')
    if (form) {
      const base = tokens.slice(0, start).join(' ').replace(TRAILING_JUNK, '')
      if (base) return { base, form }
    }
  }
  return { base: text }
}

import type { PhoneKind } from '@contactkit/core'
import { foldedWords } from './fold.js'

const LABELS = new Map<string, PhoneKind>([
  ['tel', 'work'],
  ['tele', 'work'],
  ['telefon', 'work'],
  ['telephone', 'work'],
  ['fon', 'work'],
  ['phone', 'work'],
  ['t', 'work'],
  ['p', 'work'],
  ['ph', 'work'],
  ['office', 'work'],
  ['durchwahl', 'work'],
  ['direkt', 'work'],
  ['direct', 'work'],
  ['dw', 'work'],
  ['zentrale', 'work'],
  ['work', 'work'],
  ['buro', 'work'],
  ['business', 'work'],
  ['main', 'work'],
  ['switchboard', 'work'],
  ['festnetz', 'work'],
  ['telefono', 'work'],
  ['tfno', 'work'],
  ['tlf', 'work'],
  ['fixe', 'work'],
  ['standard', 'work'],
  ['d', 'work'],
  ['o', 'work'],
  ['tel.', 'work'],
  ['mobil', 'mobile'],
  ['mobile', 'mobile'],
  ['handy', 'mobile'],
  ['m', 'mobile'],
  ['cell', 'mobile'],
  ['cellular', 'mobile'],
  ['mob', 'mobile'],
  ['mobiel', 'mobile'],
  ['gsm', 'mobile'],
  ['natel', 'mobile'],
  ['portable', 'mobile'],
  ['port', 'mobile'],
  ['movil', 'mobile'],
  ['cellulare', 'mobile'],
  ['cel', 'mobile'],
  ['c', 'mobile'],
  ['mobilfunk', 'mobile'],
  ['mobiltelefon', 'mobile'],
  ['smartphone', 'mobile'],
  ['iphone', 'mobile'],
  ['fax', 'fax'],
  ['f', 'fax'],
  ['telefax', 'fax'],
  ['fx', 'fax'],
  ['facsimile', 'fax'],
  ['home', 'home'],
  ['privat', 'home'],
  ['private', 'home'],
  ['h', 'home'],
  ['residence', 'home'],
])

/**
 * The phone kind named by a label such as `Tel.:`, `Mobil`, `M`, `Fax`, `Cell`, `Durchwahl`, or `cell`
 * written after the number. The word nearest to the number wins.
 *
 * @internal
 */
export function phoneKindOfLabel(
  label: string,
  nearestLast: boolean,
  words: readonly string[] = foldedWords(label),
): PhoneKind | undefined {
  const ordered = nearestLast ? [...words].reverse() : words
  for (const word of ordered.slice(0, 3)) {
    const kind = LABELS.get(word)
    if (kind !== undefined) return kind
  }
  return undefined
}

// Labels of the other channels, for a label standing alone on its line.
const CHANNEL_LABELS = new Map<string, 'email' | 'web'>([
  ['e', 'email'],
  ['mail', 'email'],
  ['email', 'email'],
  ['web', 'web'],
  ['www', 'web'],
  ['internet', 'web'],
  ['website', 'web'],
  ['homepage', 'web'],
  ['url', 'web'],
])

/** What a label alone on its line names: a phone kind, or the e-mail or web line below it. @internal */
export type ContactLabel = PhoneKind | 'email' | 'web'

/**
 * The channel a line holding nothing but a contact label names ("Tel.:", "Mobil:", "Fax:", "Phone:",
 * "E-Mail:", "Tel. direkt:"), with its value on the next line, as narrow layouts and Outlook paragraphs
 * write it. One-letter labels ("T:", "M:") count only with their colon, as a lone "M" may be an initial.
 * `folded` are the line's folded words when already at hand.
 *
 * @internal
 */
export function lonelyLabel(text: string, folded?: readonly string[]): ContactLabel | undefined {
  const trimmed = text.trim()
  if (trimmed.length === 0 || trimmed.length > 24) return undefined
  // Cheap refusals before folding: a label has no digits and no address characters.
  for (let i = 0; i < trimmed.length; i++) {
    const code = trimmed.charCodeAt(i)
    if ((code >= 48 && code <= 57) || code === 64 || code === 43) return undefined
  }
  const words = folded ?? foldedWords(trimmed)
  if (words.length === 0 || words.length > 3) return undefined
  let kind: ContactLabel | undefined
  for (const word of words) {
    const found = LABELS.get(word) ?? CHANNEL_LABELS.get(word)
    if (found === undefined) return undefined
    kind ??= found
  }
  const plain = PLAIN_LABELS.has(words[0] as string) || (words[0] === 'e' && words[1] === 'mail')
  return plain || trimmed.endsWith(':') ? kind : undefined
}

// Labels that read as labels even without a colon ("Tel.", "Mobil", "E-Mail"); others ("Office", "Home",
// "M") need one.
const PLAIN_LABELS = new Set([
  'tel',
  'tele',
  'telefon',
  'telephone',
  'fon',
  'phone',
  'mobil',
  'mobile',
  'mobiltelefon',
  'handy',
  'cell',
  'mob',
  'fax',
  'telefax',
  'durchwahl',
  'email',
])

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

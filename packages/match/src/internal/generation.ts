/**
 * Generation marks of a name (`Jr.`, `sen.`, `III`): father and son in a family firm share name, company,
 * address and often the phone number, and only this tells them apart.
 *
 * @internal
 * @packageDocumentation
 */

// Written forms, lower case without dots. German `jun.`/`sen.` and English `Jr.`/`Sr.` name the same thing.
const MARKS: ReadonlyMap<string, string> = new Map([
  ['jr', 'jr'],
  ['jun', 'jr'],
  ['junior', 'jr'],
  ['sr', 'sr'],
  ['sen', 'sr'],
  ['senior', 'sr'],
  ['ii', '2'],
  ['iii', '3'],
  ['iv', '4'],
  ['v', '5'],
  ['vi', '6'],
  ['vii', '7'],
  ['viii', '8'],
])

// At the end of a last name only the short forms count: `Junior` and `Senior` are also surnames, and a lone `V`
// is an initial.
const TRAILING_MARK = /\s(?:jr|jun|sr|sen)\.?$|\s(?:ii|iii|iv)$/i

/**
 * @internal The generation a suffix text names (`jr`, `sr` or the number of a Roman numeral), or `undefined`
 * when it names none (`PhD`, `MBA`). Two different marks in one text (`Jr. III`) name none either.
 */
export function generationOf(text: string): string | undefined {
  let found: string | undefined
  for (const word of text.split(/[\s,;/()]+/)) {
    const mark = MARKS.get(word.replace(/\.+$/, '').toLowerCase())
    if (mark === undefined) continue
    if (found !== undefined && found !== mark) return undefined
    found = mark
  }
  return found
}

/**
 * @internal The text a record's generation is read from: its `suffix` when that names one, else a short mark at
 * the end of its last name (`Meier jun.`, as unparsed CRM records hold it), else its `suffix`.
 */
export function generationText(contact: Record<string, unknown>): string | undefined {
  const suffix = typeof contact.suffix === 'string' ? contact.suffix : undefined
  if (suffix !== undefined && generationOf(suffix) !== undefined) return suffix
  const lastName = contact.lastName
  // Most last names are one word: no regular expression for them (this runs for every record of a bulk run).
  if (typeof lastName === 'string' && lastName.includes(' ')) {
    const mark = TRAILING_MARK.exec(lastName.trim())
    if (mark !== null) return mark[0].trim()
  }
  return suffix
}

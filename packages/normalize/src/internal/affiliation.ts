/**
 * What company directories and email display names write after a person, in brackets or after a dash or bar:
 * a department (`Hans Müller (Vertrieb)`), a job title (`Anna Schmidt | Geschäftsführerin`), or a note on the
 * person that is neither (`Peter Meier (extern)`). None of them is a nickname or a part of the name.
 *
 * @internal
 * @packageDocumentation
 */

/** @internal What a segment after a name is. */
export type Affiliation = 'department' | 'jobTitle' | 'note'

// Each word as written and, where it has umlauts or `ß`, without them both ways (`ä` as `a` and as `ae`).
function spellings(words: readonly string[]): ReadonlySet<string> {
  const all = new Set<string>()
  for (const word of words) {
    all.add(word)
    all.add(word.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/ß/g, 'ss'))
    all.add(word.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss'))
  }
  return all
}

// In lower case as written; `spellings` adds the forms without umlauts (`geschaftsfuhrer`, `geschaeftsfuehrer`).
// German and English departments.
const DEPARTMENTS = spellings([
  'vertrieb',
  'verkauf',
  'einkauf',
  'beschaffung',
  'marketing',
  'buchhaltung',
  'finanzbuchhaltung',
  'rechnungswesen',
  'controlling',
  'finanzen',
  'personalwesen',
  'personalabteilung',
  'hr',
  'it',
  'edv',
  'technik',
  'entwicklung',
  'forschung',
  'produktion',
  'fertigung',
  'logistik',
  'versand',
  'lager',
  'disposition',
  'konstruktion',
  'qualitätssicherung',
  'qualitätsmanagement',
  'qm',
  'qs',
  'kundendienst',
  'kundenservice',
  'service',
  'support',
  'innendienst',
  'außendienst',
  'export',
  'import',
  'recht',
  'presse',
  'kommunikation',
  'unternehmenskommunikation',
  'empfang',
  'zentrale',
  'sekretariat',
  'assistenz',
  'geschäftsleitung',
  'geschäftsführung',
  'verwaltung',
  'auftragsabwicklung',
  'projektmanagement',
  'datenschutz',
  'sales',
  'purchasing',
  'procurement',
  'accounting',
  'finance',
  'engineering',
  'research',
  'development',
  'production',
  'operations',
  'logistics',
  'shipping',
  'warehouse',
  'quality',
  'legal',
  'press',
  'communications',
  'pr',
  'reception',
  'administration',
  'management',
  'customer',
  'human',
  'resources',
])

// Job titles and role words (a segment with one of them is a job title).
const ROLES = spellings([
  'geschäftsführer',
  'geschäftsführerin',
  'geschäftsführender',
  'geschäftsführende',
  'gesellschafter',
  'gesellschafterin',
  'inhaber',
  'inhaberin',
  'prokurist',
  'prokuristin',
  'vorstand',
  'vorstandin',
  'leiter',
  'leiterin',
  'leitung',
  'teamleitung',
  'sachbearbeiter',
  'sachbearbeiterin',
  'referent',
  'referentin',
  'berater',
  'beraterin',
  'assistent',
  'assistentin',
  'mitarbeiter',
  'mitarbeiterin',
  'einkäufer',
  'einkäuferin',
  'praktikant',
  'praktikantin',
  'werkstudent',
  'werkstudentin',
  'azubi',
  'gründer',
  'gründerin',
  'ceo',
  'cto',
  'cfo',
  'coo',
  'cio',
  'cmo',
  'md',
  'director',
  'head',
  'manager',
  'managerin',
  'assistant',
  'consultant',
  'founder',
  'owner',
  'partner',
  'trainee',
  'vorsitzender',
  'vorsitzende',
  'präsident',
  'präsidentin',
  'chairman',
  'chairwoman',
  'chair',
  'president',
  'vp',
  'svp',
  'evp',
])

// A note on the person, not a department or title.
// `Personal` is the German personnel department and the English "private"; `intern` is German for internal and
// English for a trainee: neither is told apart, so both are notes.
const NOTES = spellings([
  'extern',
  'externe',
  'externer',
  'intern',
  'interne',
  'privat',
  'private',
  'personal',
  'external',
  'internal',
  'contractor',
  'gast',
  'guest',
])

// Words that only go with the others: regions, connectors, `Team`, `Abteilung`.
const COMPANIONS = spellings([
  'nord',
  'süd',
  'ost',
  'west',
  'mitte',
  'international',
  'national',
  'dach',
  'emea',
  'apac',
  'europe',
  'europa',
  'deutschland',
  'germany',
  'inland',
  'ausland',
  'und',
  'and',
  'of',
  'der',
  'des',
  'für',
  'for',
  'the',
  'team',
  'abteilung',
  'bereich',
  'department',
  'dept',
  'key',
  'account',
  'senior',
  'junior',
  'stellv',
  'stellvertretender',
  'stellvertretende',
  'deputy',
  'vice',
  'general',
  'managing',
  'chief',
  'officer',
])

// The last part of a German compound: `Vertriebsleiter`, `Exportabteilung`, `Kundenservice`, `Vertriebsinnendienst`.
function ending(words: readonly string[]): RegExp {
  return new RegExp(`(?:${[...spellings(words)].join('|')})$`)
}

const ROLE_ENDING = ending([
  'vorsitzender',
  'vorsitzende',
  'präsident',
  'präsidentin',
  'leiter',
  'leiterin',
  'leitung',
  'manager',
  'managerin',
  'referent',
  'referentin',
  'berater',
  'beraterin',
  'assistent',
  'assistentin',
  'mitarbeiter',
  'mitarbeiterin',
  'sachbearbeiter',
  'sachbearbeiterin',
  'führer',
  'führerin',
  'kaufmann',
  'kauffrau',
])
const DEPARTMENT_ENDING = ending([
  'abteilung',
  'service',
  'vertrieb',
  'einkauf',
  'management',
  'dienst',
  'buchhaltung',
  'technik',
  'entwicklung',
  'planung',
  'verwaltung',
  'logistik',
  'marketing',
])
// Endings count only in words this long, so a short surname such as `Kaufmann` stays a name.
const SHORTEST_COMPOUND = 9
const WORD_BREAK = /[\s/,+–-]+/
const DOTS = /\./g
const UNIT_CODE = /^[A-ZÄÖÜ0-9]{2,4}$/
// A segment is a few words; a longer text after a name is something else.
const MAX_WORDS = 6

/**
 * @internal The kind of a segment written after a name, or `undefined` when it is not made of department, role
 * and note words (a name, a company, anything else).
 */
export function affiliationOf(segment: string): Affiliation | undefined {
  const words = (segment.includes('.') ? segment.replace(DOTS, '') : segment).toLowerCase().split(WORD_BREAK)
  if (words.length > MAX_WORDS) return undefined
  let role = false
  let department = false
  let note = false
  let unknown: string[] | undefined
  for (const word of words) {
    if (word === '') continue
    const compound = word.length >= SHORTEST_COMPOUND
    if (ROLES.has(word) || (compound && ROLE_ENDING.test(word))) role = true
    else if (DEPARTMENTS.has(word) || (compound && DEPARTMENT_ENDING.test(word))) department = true
    else if (NOTES.has(word)) note = true
    else if (!COMPANIONS.has(word)) {
      // Allowed only beside a known word, and only as a code in capitals (checked below).
      unknown ??= []
      unknown.push(word)
    }
  }
  // Most segments after a name are names, suffixes or nicknames: no word is known.
  if (!role && !department && !note) return undefined
  // A short code in capitals goes with the others: `ABC-Vertrieb`, `Vertrieb NRW`.
  if (unknown !== undefined) {
    const codes = new Set(
      segment
        .split(WORD_BREAK)
        .filter((token) => UNIT_CODE.test(token))
        .map((token) => token.toLowerCase()),
    )
    if (!unknown.every((word) => codes.has(word))) return undefined
  }
  if (role) return 'jobTitle'
  return department ? 'department' : 'note'
}

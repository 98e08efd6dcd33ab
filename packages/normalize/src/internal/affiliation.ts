/**
 * What company directories and email display names write after a person, in brackets or after a dash or bar:
 * a department (`Hans Müller (Vertrieb)`), a job title (`Anna Schmidt | Geschäftsführerin`), or a note on the
 * person that is neither (`Peter Meier (extern)`). None of them is a nickname or a part of the name.
 *
 * @internal
 * @packageDocumentation
 */
import { fold } from './fold.js'

/** @internal What a segment after a name is. */
export type Affiliation = 'department' | 'jobTitle' | 'note'

// Folded (lower case, no diacritics, `ß` as `ss`): German and English departments.
const DEPARTMENTS = new Set([
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
  'qualitatssicherung',
  'qualitatsmanagement',
  'qm',
  'qs',
  'kundendienst',
  'kundenservice',
  'service',
  'support',
  'innendienst',
  'aussendienst',
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
  'geschaftsleitung',
  'geschaftsfuhrung',
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
const ROLES = new Set([
  'geschaftsfuhrer',
  'geschaftsfuhrerin',
  'geschaftsfuhrender',
  'geschaftsfuhrende',
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
  'einkaufer',
  'einkauferin',
  'praktikant',
  'praktikantin',
  'werkstudent',
  'werkstudentin',
  'azubi',
  'grunder',
  'grunderin',
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
])

// A note on the person, not a department or title.
// `Personal` is the German personnel department and the English "private"; `intern` is German for internal and
// English for a trainee: neither is told apart, so both are notes.
const NOTES = new Set([
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
const COMPANIONS = new Set([
  'nord',
  'sud',
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
  'fur',
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

// German compounds: `Vertriebsleiter`, `Exportabteilung`, `Kundenservice`, `Vertriebsinnendienst`.
const ROLE_ENDING =
  /.{3}(?:leiter|leiterin|leitung|manager|managerin|referent|referentin|berater|beraterin|assistent|assistentin|mitarbeiter|mitarbeiterin|sachbearbeiter|sachbearbeiterin|fuhrer|fuhrerin|kaufmann|kauffrau)$/
const DEPARTMENT_ENDING =
  /.{3}(?:abteilung|service|vertrieb|einkauf|management|dienst|buchhaltung|technik|entwicklung|planung|verwaltung|logistik|marketing)$/
const WORD_BREAK = /[\s/,+-]+/
const UNIT_CODE = /^[A-ZÄÖÜ0-9]{2,4}$/
// A segment is a few words; a longer text after a name is something else.
const MAX_WORDS = 6

/**
 * @internal The kind of a segment written after a name, or `undefined` when it is not made of department, role
 * and note words (a name, a company, anything else).
 */
export function affiliationOf(segment: string): Affiliation | undefined {
  const written = segment.replace(/\./g, '').split(WORD_BREAK).filter(Boolean)
  if (written.length === 0 || written.length > MAX_WORDS) return undefined
  let role = false
  let department = false
  let note = false
  for (const token of written) {
    const word = fold(token)
    if (ROLES.has(word) || ROLE_ENDING.test(word)) role = true
    else if (DEPARTMENTS.has(word) || DEPARTMENT_ENDING.test(word)) department = true
    else if (NOTES.has(word)) note = true
    // A short code in capitals goes with the others: `ABC-Vertrieb`, `Vertrieb NRW`.
    else if (!COMPANIONS.has(word) && !UNIT_CODE.test(token)) return undefined
  }
  if (role) return 'jobTitle'
  if (department) return 'department'
  return note ? 'note' : undefined
}

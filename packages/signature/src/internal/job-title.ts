import { foldedWords } from './fold.js'

// Whole-word job titles and title words, folded. German compounds are caught by SUFFIXES.
const TITLE_WORDS = new Set([
  // German
  'geschaftsfuhrer',
  'geschaftsfuhrerin',
  'geschaftsfuhrender',
  'geschaftsfuhrende',
  'gesellschafter',
  'gesellschafterin',
  'vorstand',
  'vorstandsvorsitzender',
  'vorstandsvorsitzende',
  'prokurist',
  'prokuristin',
  'leiter',
  'leiterin',
  'leitung',
  'inhaber',
  'inhaberin',
  'rechtsanwalt',
  'rechtsanwaltin',
  'steuerberater',
  'steuerberaterin',
  'wirtschaftsprufer',
  'wirtschaftspruferin',
  'notar',
  'notarin',
  'architekt',
  'architektin',
  'sachbearbeiter',
  'sachbearbeiterin',
  'mitarbeiter',
  'mitarbeiterin',
  'assistenz',
  'sekretariat',
  'sekretarin',
  'einkaufer',
  'einkauferin',
  'kaufmann',
  'kauffrau',
  'praktikant',
  'praktikantin',
  'auszubildender',
  'auszubildende',
  'werkstudent',
  'werkstudentin',
  'grunder',
  'grunderin',
  'mitgrunder',
  'mitgrunderin',
  'geschaftsleitung',
  'bereichsleitung',
  'teamleitung',
  'vertriebsleitung',
  'projektleitung',
  'prokura',
  'ingenieur',
  'ingenieurin',
  'entwickler',
  'entwicklerin',
  'disponent',
  'disponentin',
  'fachanwalt',
  'fachanwaltin',
  'aussendienst',
  'innendienst',
  'vertriebsmitarbeiter',
  'vertriebsmitarbeiterin',
  'partnerin',
  'justiziar',
  'justiziarin',
  'syndikusrechtsanwalt',
  'personalreferent',
  'personalreferentin',
  'buchhalter',
  'buchhalterin',
  'controllerin',
  'professor',
  'professorin',
  'dozent',
  'dozentin',
  // English
  'ceo',
  'cto',
  'cfo',
  'coo',
  'cio',
  'cmo',
  'cso',
  'cpo',
  'vp',
  'svp',
  'evp',
  'founder',
  'cofounder',
  'co founder',
  'president',
  'chairman',
  'chairwoman',
  'chair',
  'director',
  'manager',
  'engineer',
  'developer',
  'analyst',
  'specialist',
  'coordinator',
  'assistant',
  'executive',
  'officer',
  'associate',
  'consultant',
  'advisor',
  'adviser',
  'representative',
  'recruiter',
  'administrator',
  'architect',
  'designer',
  'lead',
  'principal',
  'owner',
  'secretary',
  'accountant',
  'attorney',
  'counsel',
  'lawyer',
  'paralegal',
  'supervisor',
  'technician',
  'scientist',
  'lecturer',
  'editor',
  'producer',
  'agent',
  'broker',
  'trader',
  'partner',
  'intern',
  'controller',
  'head',
  'chief',
  'senior',
  'junior',
  'sr',
  'jr',
  'team',
  'strategist',
  'planner',
  'buyer',
  'receptionist',
  'clerk',
  'solicitor',
  'barrister',
  'auditor',
  'treasurer',
  'programmer',
  'product',
  'sales',
  // French, Spanish, Italian, Dutch
  'directeur',
  'directrice',
  'gerant',
  'gerante',
  'responsable',
  'ingenieure',
  'commercial',
  'commerciale',
  'charge',
  'chargee',
  'conseiller',
  'conseillere',
  'president',
  'presidente',
  'fondateur',
  'fondatrice',
  'directora',
  'gerente',
  'jefe',
  'jefa',
  'ingeniero',
  'ingeniera',
  'asesor',
  'asesora',
  'consultor',
  'consultora',
  'direttore',
  'direttrice',
  'responsabile',
  'amministratore',
  'ingegnere',
  'consulente',
  'titolare',
  'directeur',
  'adviseur',
  'medewerker',
  'medewerkster',
  'accountmanager',
  'eigenaar',
  'projectleider',
  'verkoper',
  'bedrijfsleider',
  'teamleider',
  'afdelingshoofd',
  'vorsitzende',
  'vorsitzender',
  'kundenbetreuung',
  'kundenberatung',
  'arzt',
  'arztin',
  'facharzt',
  'facharztin',
  'meister',
  'meisterin',
])

const SUFFIXES = [
  'leiter',
  'leiterin',
  'manager',
  'managerin',
  'berater',
  'beraterin',
  'referent',
  'referentin',
  'ingenieur',
  'ingenieurin',
  'entwickler',
  'entwicklerin',
  'assistent',
  'assistentin',
  'fuhrer',
  'fuhrerin',
  'kaufmann',
  'kauffrau',
  'spezialist',
  'spezialistin',
  'koordinator',
  'koordinatorin',
  'techniker',
  'technikerin',
  'betreuer',
  'betreuerin',
  'planer',
  'planerin',
  'vorstand',
  'direktor',
  'direktorin',
  'beauftragter',
  'beauftragte',
  'sachverstandiger',
  'sachverstandige',
  'consultant',
  'officer',
  'designer',
  'designerin',
  'mitarbeiter',
  'mitarbeiterin',
  'prufer',
  'pruferin',
  'anwalt',
  'anwaltin',
  'informatiker',
  'informatikerin',
  'arzt',
  'arztin',
  'meister',
  'meisterin',
  'betreuung',
  'beratung',
]
const SUFFIX_WORDS = new Set(SUFFIXES)
// Every suffix has at least four letters, so its last three always index it.
const SUFFIXES_BY_TAIL = new Map<string, string[]>()
for (const suffix of SUFFIXES) {
  const tail = suffix.slice(-3)
  SUFFIXES_BY_TAIL.set(tail, [...(SUFFIXES_BY_TAIL.get(tail) ?? []), suffix])
}

const DEPARTMENT_WORDS = new Map<string, string>([
  ['vertrieb', 'Vertrieb'],
  ['verkauf', 'Verkauf'],
  ['einkauf', 'Einkauf'],
  ['marketing', 'Marketing'],
  ['personal', 'Personal'],
  ['personalabteilung', 'Personalabteilung'],
  ['buchhaltung', 'Buchhaltung'],
  ['finanzen', 'Finanzen'],
  ['controlling', 'Controlling'],
  ['technik', 'Technik'],
  ['entwicklung', 'Entwicklung'],
  ['forschung', 'Forschung'],
  ['kundenservice', 'Kundenservice'],
  ['kundendienst', 'Kundendienst'],
  ['support', 'Support'],
  ['logistik', 'Logistik'],
  ['produktion', 'Produktion'],
  ['qualitatsmanagement', 'Qualitätsmanagement'],
  ['rechtsabteilung', 'Rechtsabteilung'],
  ['innendienst', 'Innendienst'],
  ['aussendienst', 'Außendienst'],
  ['geschaftsleitung', 'Geschäftsleitung'],
  ['sales', 'Sales'],
  ['purchasing', 'Purchasing'],
  ['procurement', 'Procurement'],
  ['finance', 'Finance'],
  ['accounting', 'Accounting'],
  ['legal', 'Legal'],
  ['engineering', 'Engineering'],
  ['operations', 'Operations'],
  ['logistics', 'Logistics'],
  ['quality', 'Quality'],
  ['production', 'Production'],
  ['it', 'IT'],
  ['hr', 'HR'],
  ['human resources', 'Human Resources'],
  ['customer service', 'Customer Service'],
  ['customer success', 'Customer Success'],
  ['research', 'Research'],
  ['research and development', 'Research & Development'],
  ['r d', 'R&D'],
  ['business development', 'Business Development'],
  ['communications', 'Communications'],
  ['kommunikation', 'Kommunikation'],
  ['unternehmenskommunikation', 'Unternehmenskommunikation'],
  ['presse', 'Presse'],
  ['public relations', 'Public Relations'],
  ['pr', 'PR'],
  ['projektmanagement', 'Projektmanagement'],
  ['key account management', 'Key Account Management'],
  ['export', 'Export'],
  ['service', 'Service'],
])

const DEPARTMENT_MARKERS = [
  'abteilung',
  'lehrstuhl',
  'fachbereich',
  'fachgebiet',
  'referat',
  'dezernat',
  'sachgebiet',
  'stabsstelle',
  'department',
  'dept',
  'bereich',
  'division',
  'team',
  'afdeling',
  'service',
  'servicio',
  'reparto',
]

/**
 * Tells whether a short line reads as a job title ("Geschäftsführer", "Leiter Vertrieb",
 * "Senior Key Account Manager", "Head of Sales", "Directeur commercial").
 *
 * @internal
 */
export function isJobTitle(line: string, words: readonly string[] = foldedWords(line)): boolean {
  if (words.length === 0 || words.length > 8) return false
  for (const word of words) {
    if (TITLE_WORDS.has(word) || SUFFIX_WORDS.has(word)) return true
    // Only suffixes ending like the word can match: look them up by their last three letters.
    const candidates = word.length > 6 ? SUFFIXES_BY_TAIL.get(word.slice(-3)) : undefined
    if (candidates !== undefined) {
      for (const suffix of candidates) {
        if (word.length > suffix.length + 2 && word.endsWith(suffix)) return true
      }
    }
  }
  return words.length >= 2 && TITLE_WORDS.has(`${words[0]} ${words[1]}`)
}

/**
 * The department named in a line ("Vertrieb", "Abteilung Einkauf", "Sales & Marketing"), if any.
 *
 * @internal
 */
export function findDepartment(
  line: string,
  words: readonly string[] = foldedWords(line),
): string | undefined {
  if (words.length === 0 || words.length > 8) return undefined
  for (let i = 0; i < words.length; i++) {
    const marker = words[i] as string
    if (DEPARTMENT_MARKERS.includes(marker) && i + 1 < words.length && i === 0) {
      return line.trim()
    }
  }
  for (let n = 3; n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const phrase = words.slice(i, i + n).join(' ')
      const hit = DEPARTMENT_WORDS.get(phrase)
      if (hit !== undefined) return hit
    }
  }
  return undefined
}

/**
 * Tells whether a line is only a department ("Vertrieb Innendienst", "Abteilung Einkauf", "Sales Operations").
 *
 * @internal
 */
export function isDepartmentLine(line: string, words: readonly string[] = foldedWords(line)): boolean {
  if (words.length === 0 || words.length > 5) return false
  if (DEPARTMENT_MARKERS.includes(words[0] as string) && words.length > 1) return true
  let named = false
  for (const word of words) {
    if (DEPARTMENT_WORDS.has(word)) named = true
    else if (!CONJUNCTIONS.has(word) && !DEPARTMENT_QUALIFIERS.has(word) && !isCapitalsCode(line, word))
      return false
  }
  return named
}

const CONJUNCTIONS = new Set(['und', 'and', 'et'])

// Words that narrow a department down to a region or market without naming one: `Vertrieb Nord`, `Vertrieb DACH`,
// `Einkauf International` (folded, as `foldedWords` gives them).
const DEPARTMENT_QUALIFIERS = new Set([
  'nord',
  'sud',
  'ost',
  'west',
  'mitte',
  'nordost',
  'nordwest',
  'sudost',
  'sudwest',
  'north',
  'south',
  'east',
  'central',
  'international',
  'national',
  'inland',
  'ausland',
  'global',
  'europe',
  'europa',
  'emea',
  'dach',
  'apac',
  'americas',
  'deutschland',
  'germany',
])

// A short code written in capitals in the line (`Vertrieb NRW`): a region or unit, not a word of a name.
function isCapitalsCode(line: string, word: string): boolean {
  if (word.length < 2 || word.length > 4 || !ASCII_LETTERS.test(word)) return false
  const code = word.toUpperCase()
  for (let at = line.indexOf(code); at >= 0; at = line.indexOf(code, at + 1)) {
    if (!LETTER.test(line.charAt(at - 1)) && !LETTER.test(line.charAt(at + code.length))) return true
  }
  return false
}

const ASCII_LETTERS = /^[a-z]+$/
const LETTER = /\p{L}/u

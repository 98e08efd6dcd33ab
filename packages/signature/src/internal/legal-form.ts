import { foldedWords } from './fold.js'

// Legal forms as folded word sequences ("GmbH & Co. KG" → "gmbh co kg").
const LEGAL_FORMS = [
  'gmbh co kg',
  'gmbh co kgaa',
  'ag co kg',
  'se co kg',
  'ug haftungsbeschrankt',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'gbr',
  'ug',
  'e k',
  'ek',
  'e v',
  'ev',
  'se',
  'kgaa',
  'partg',
  'partg mbb',
  'mbb',
  'eg',
  'ges m b h',
  'gesmbh',
  'ltd',
  'limited',
  'llc',
  'l l c',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'plc',
  'llp',
  'lp',
  'co',
  'company',
  'sa',
  's a',
  'sarl',
  's a r l',
  'sas',
  's a s',
  'sl',
  's l',
  'slu',
  'spa',
  's p a',
  'srl',
  's r l',
  'bv',
  'b v',
  'nv',
  'n v',
  'ab',
  'oy',
  'as',
  'a s',
  'aps',
  'pty ltd',
  'pty',
  'sagl',
  'scs',
  'snc',
  'eurl',
  'sasu',
  'gie',
  'kft',
  'sp z o o',
  'vof',
  'cv',
]
const LEGAL_FORM_SET = new Set(LEGAL_FORMS)
const LAST_WORDS = new Set(LEGAL_FORMS.map((form) => form.split(' ').pop() as string))
// "AG", "SE", "CO", "AS" are also ordinary words; accept them only written in capitals.
const NEEDS_CAPITALS = new Set([
  'ag',
  'se',
  'co',
  'as',
  'sa',
  'ab',
  'eg',
  'ek',
  'ev',
  'sl',
  'lp',
  'cv',
  'ug',
  'kg',
  'nv',
  'bv',
])

/**
 * The legal form a company line ends with ("GmbH & Co. KG", "AG", "Ltd.", "S.A.S."), if any.
 *
 * @internal
 */
export function findLegalForm(
  line: string,
  words: readonly string[] = foldedWords(line),
): string | undefined {
  if (words.length < 2 || words.length > 12) return undefined
  // A legal form ends the line or is followed by at most two words: check those last words first.
  const last = words.length - 1
  if (
    !LAST_WORDS.has(words[last] as string) &&
    !LAST_WORDS.has(words[last - 1] as string) &&
    !LAST_WORDS.has(words[last - 2] ?? '')
  ) {
    return undefined
  }
  for (let n = Math.min(5, words.length - 1); n >= 1; n--) {
    for (let end = words.length; end >= n + 1 && end >= words.length - 2; end--) {
      const phrase = words.slice(end - n, end).join(' ')
      if (!LEGAL_FORM_SET.has(phrase)) continue
      if (NEEDS_CAPITALS.has(phrase) && !line.includes(phrase.toUpperCase())) continue
      return phrase
    }
  }
  return undefined
}

const GENERIC_COMPANY_WORDS = new Set([
  'group',
  'gruppe',
  'holding',
  'bank',
  'versicherung',
  'stadtwerke',
  'consulting',
  'solutions',
  'systems',
  'software',
  'technologies',
  'technology',
  'partners',
  'partner',
  'services',
  'kanzlei',
  'rechtsanwalte',
  'steuerberatung',
  'agentur',
  'agency',
  'studio',
  'labs',
  'werke',
  'industries',
  'international',
  'associates',
  'research',
  'media',
  'logistik',
  'logistics',
  'energie',
  'energy',
  'bau',
  'immobilien',
  'verlag',
  'institut',
  'university',
  'universitat',
  'hochschule',
  'klinikum',
  'stiftung',
  'verband',
  'gesellschaft',
  'ag',
  'praxis',
  'agence',
  'associes',
  'organics',
  'catering',
  'handel',
  'design',
])

/**
 * Tells whether a line names an organisation by a typical word ("Stadtwerke München", "Müller Consulting").
 *
 * @internal
 */
export function hasCompanyWord(line: string, words: readonly string[] = foldedWords(line)): boolean {
  if (words.length === 0 || words.length > 8) return false
  return words.some((word) => GENERIC_COMPANY_WORDS.has(word))
}

// Words that make a line an organisation even when it also holds a job-title word ("Kanzlei Neumann & Partner").
const STRONG_COMPANY_WORDS = new Set([
  'kanzlei',
  'gruppe',
  'group',
  'bank',
  'stadtwerke',
  'institut',
  'university',
  'universitat',
  'hochschule',
  'agentur',
  'agency',
  'agence',
  'verlag',
  'klinikum',
  'stiftung',
  'verband',
  'praxis',
  'holding',
])

/**
 * Tells whether a line names an organisation by a word no job title has ("Kanzlei", "Stadtwerke", "Institut").
 *
 * @internal
 */
export function hasStrongCompanyWord(line: string, words: readonly string[] = foldedWords(line)): boolean {
  return words.length > 0 && words.length <= 8 && words.some((word) => STRONG_COMPANY_WORDS.has(word))
}

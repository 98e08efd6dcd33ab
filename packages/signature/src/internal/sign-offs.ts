import { foldedWords } from './fold.js'

// Closing formulas, folded (lower case, no diacritics, ß → ss, punctuation as spaces).
// Greeting formulas may be followed by a short tail ("Viele Grüße aus München", "Best regards, Anna").
const GREETINGS = [
  // German
  'mit freundlichen grussen',
  'mit freundlichem gruss',
  'mit freundlichen gruss',
  'freundliche grusse',
  'freundlichen gruss',
  'freundlicher gruss',
  'viele grusse',
  'viele gruse',
  'beste grusse',
  'liebe grusse',
  'herzliche grusse',
  'schone grusse',
  'schonen gruss',
  'sonnige grusse',
  'mit besten grussen',
  'mit herzlichen grussen',
  'mit kollegialen grussen',
  'mit freundlichen empfehlungen',
  'besten gruss',
  'herzlichen gruss',
  'lieben gruss',
  'gruss',
  'grusse',
  'gruss und dank',
  'danke und gruss',
  'danke und grusse',
  'vielen dank und viele grusse',
  'vielen dank und beste grusse',
  'hochachtungsvoll',
  'herzlichst',
  'mfg',
  'lg',
  'vg',
  'bg',
  'gruss aus',
  'grusse aus',
  'bis bald',
  'bis dann',
  'tschuss',
  'ciao',
  'servus',
  'bis morgen',
  'mit bestem dank',
  'mit dank und gruss',
  'freundliche grusse aus',
  // English
  'best regards',
  'kind regards',
  'kindest regards',
  'warm regards',
  'warmest regards',
  'regards',
  'best wishes',
  'with best regards',
  'with kind regards',
  'with best wishes',
  'many thanks and best regards',
  'thanks and regards',
  'thanks and best regards',
  'thanks and kind regards',
  'thanks regards',
  'best',
  'all best',
  'all the best',
  'cheers',
  'sincerely',
  'yours sincerely',
  'sincerely yours',
  'yours faithfully',
  'yours truly',
  'very truly yours',
  'respectfully',
  'take care',
  'greetings',
  'rgds',
  'br',
  'kr',
  'love',
  'talk soon',
  'speak soon',
  'have a great day',
  'have a nice day',
  'have a great weekend',
  'have a nice weekend',
  'with thanks',
  'best rgds',
  'cordially',
  'warmly',
  'your pal',
  // French
  'cordialement',
  'bien cordialement',
  'tres cordialement',
  'bien a vous',
  'salutations',
  'meilleures salutations',
  'sinceres salutations',
  'salutations distinguees',
  'amicalement',
  'bien amicalement',
  'a bientot',
  'bonne journee',
  'bonne fin de journee',
  'respectueusement',
  'je vous prie d agreer',
  'veuillez agreer',
  'meilleurs sentiments',
  // Spanish
  'saludos',
  'saludos cordiales',
  'un saludo',
  'un cordial saludo',
  'reciba un cordial saludo',
  'atentamente',
  'cordialmente',
  'un abrazo',
  'muchos saludos',
  // Italian
  'cordiali saluti',
  'distinti saluti',
  'saluti',
  'un saluto',
  'un caro saluto',
  'molti saluti',
  'buona giornata',
  'a presto',
  'i migliori saluti',
  // Dutch
  'met vriendelijke groet',
  'met vriendelijke groeten',
  'vriendelijke groet',
  'vriendelijke groeten',
  'groeten',
  'groet',
  'met hartelijke groet',
  'hartelijke groet',
  'hartelijke groeten',
  'met groet',
  'mvg',
  'met dank',
]

// Thanks formulas: a sign-off only on their own or followed by a comma and a name.
const THANKS = [
  'thanks',
  'thank you',
  'many thanks',
  'thanks again',
  'thanks a lot',
  'thank you very much',
  'thanks so much',
  'thx',
  'ty',
  'thanks in advance',
  'danke',
  'vielen dank',
  'danke schon',
  'herzlichen dank',
  'besten dank',
  'vielen dank im voraus',
  'danke im voraus',
  'merci',
  'merci beaucoup',
  'merci d avance',
  'gracias',
  'muchas gracias',
  'grazie',
  'grazie mille',
  'bedankt',
  'alvast bedankt',
  'dank je wel',
  'dank u wel',
  'hartelijk dank',
]

const GREETING_SET = new Set(GREETINGS)
const ABBREVIATIONS = new Set(['lg', 'vg', 'bg', 'mfg', 'br', 'kr', 'mvg', 'rgds'])
const FIRST_WORDS = new Set([...GREETINGS, ...THANKS].map((phrase) => phrase.split(' ')[0] as string))
// Formulas that also open ordinary sentences ("Best price ..."): a tail needs a comma first.
const AMBIGUOUS = new Set([
  'best',
  'love',
  'cheers',
  'greetings',
  'take care',
  'br',
  'kr',
  'lg',
  'vg',
  'bg',
  'mfg',
  'ciao',
  'servus',
  'warmly',
  'cordially',
  'bis bald',
  'bis dann',
  'a presto',
  'saludos',
  'groet',
  'all best',
  'talk soon',
  'speak soon',
])
const THANKS_SET = new Set(THANKS)
const MAX_PHRASE_WORDS = 6

/** How a line relates to the closing-formula lexicon. @internal */
export type SignOffMatch = 'none' | 'exact' | 'with-tail'

/**
 * Tells whether a line is a closing formula ("Mit freundlichen Grüßen", "Best regards,", "Thanks,",
 * "Cordialement") — alone (`exact`) or followed by a short tail such as a name or "aus München" (`with-tail`).
 *
 * @internal
 */
export function matchSignOff(line: string, folded?: readonly string[]): SignOffMatch {
  const trimmed = line.trim()
  if (trimmed.length === 0 || trimmed.length > 70) return 'none'
  // Cheap test of the first word before folding the whole line.
  const first = folded?.[0] ?? foldedWords(trimmed.slice(0, 16))[0]
  if (first === undefined || !FIRST_WORDS.has(first)) return 'none'
  const words = folded ?? foldedWords(trimmed)
  if (words.length === 0 || words.length > MAX_PHRASE_WORDS + 4) return 'none'
  for (let n = Math.min(MAX_PHRASE_WORDS, words.length); n >= 1; n--) {
    const phrase = words.slice(0, n).join(' ')
    const isGreeting = GREETING_SET.has(phrase)
    const isThanks = THANKS_SET.has(phrase)
    if (!isGreeting && !isThanks) continue
    const tail = words.length - n
    if (tail === 0) return 'exact'
    if (isGreeting && tail <= 4 && !AMBIGUOUS.has(phrase)) return 'with-tail'
    // "LG Sabine" / "VG Tom": a chat-style abbreviation right before a first name.
    if (tail === 1 && ABBREVIATIONS.has(phrase) && startsCapitalised(trimmed, n)) return 'with-tail'
    // "Thanks, Anna" / "Best, Tom" — a comma right after the formula and a capitalised name.
    if (tail <= 3 && hasCommaAfterWords(trimmed, n) && startsCapitalised(trimmed, n)) return 'with-tail'
    return 'none'
  }
  return 'none'
}

const WORD_CHAR = /[\p{L}\p{N}]/u

function wordEnd(line: string, count: number): number {
  let seen = 0
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const isWordChar = WORD_CHAR.test(line[i] as string)
    if (isWordChar && !inWord) inWord = true
    if (!isWordChar && inWord) {
      inWord = false
      seen++
      if (seen === count) return i
    }
  }
  return line.length
}

function hasCommaAfterWords(line: string, count: number): boolean {
  const end = wordEnd(line, count)
  const rest = line.slice(end).trimStart()
  return rest.startsWith(',') || rest.startsWith('-') || rest.startsWith('–')
}

function startsCapitalised(line: string, count: number): boolean {
  const rest = line
    .slice(wordEnd(line, count))
    .replace(/^[\s,\-–]+/, '')
    .trim()
  const first = rest[0]
  return first !== undefined && first !== first.toLowerCase()
}

/**
 * The text after a closing formula on the same line ("Viele Grüße, Anna Schäfer" → "Anna Schäfer",
 * "LG Sabine" → "Sabine"), or undefined when the line is not a formula with a tail.
 *
 * @internal
 */
export function signOffTail(line: string): string | undefined {
  const trimmed = line.trim()
  const words = foldedWords(trimmed)
  for (let n = Math.min(MAX_PHRASE_WORDS, words.length - 1); n >= 1; n--) {
    const phrase = words.slice(0, n).join(' ')
    if (!GREETING_SET.has(phrase) && !THANKS_SET.has(phrase)) continue
    const tail = trimmed
      .slice(wordEnd(trimmed, n))
      .replace(/^[\s,;:!.\-–]+/, '')
      .trim()
    return tail === '' ? undefined : tail
  }
  return undefined
}

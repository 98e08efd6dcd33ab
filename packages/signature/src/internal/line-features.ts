import { isAddressLine } from './address-pattern.js'
import { hasDisclaimerMarker, hasRegisterMarker } from './disclaimer.js'
import { foldedWords } from './fold.js'
import { findDepartment, isDepartmentLine, isJobTitle } from './job-title.js'
import { findLegalForm, hasCompanyWord } from './legal-form.js'
import { isMobileFooterWords } from './mobile-footer.js'
import { lonelyLabel } from './phone-label.js'
import { findBareDomains, findEmails, findPhones, findUrls, type Span } from './scan.js'
import { type SenderKeys, senderNameScore } from './sender.js'
import { matchSignOff, type SignOffMatch } from './sign-offs.js'

/** What one line looks like, for signature detection. @internal */
export interface LineFeatures {
  text: string
  blank: boolean
  words: number
  emails: Span[]
  urls: Span[]
  phones: Span[]
  signOff: SignOffMatch
  /** `--` / `-- ` on its own: the RFC 3676 signature delimiter. */
  delimiter: boolean
  /** A rule of `-`, `_`, `=` or `*`. */
  rule: boolean
  mobile: boolean
  sender: number
  senderEmail: boolean
  jobTitle: boolean
  department: boolean
  company: boolean
  /** A street, postcode or PO box line (only tested when the line's channels do not already make it contact data). */
  address: boolean
  register: boolean
  social: boolean
  nameLike: boolean
  /** Contact data dominates the line (phone, e-mail, URL, address, social profile with little else). */
  contact: boolean
  /** Nothing but a contact label ("Tel.:", "Mobil:", "E-Mail:"): its value stands on the next line. */
  label: boolean
  prose: boolean
  disclaimer: boolean
  /** The words of the folded line (`foldedWords`), for reuse by the parser; absent on blank and overlong lines. */
  foldedWords?: readonly string[]
}

const FUNCTION_WORDS = new Set([
  'the',
  'and',
  'to',
  'you',
  'your',
  'we',
  'i',
  'is',
  'are',
  'be',
  'of',
  'for',
  'in',
  'on',
  'that',
  'this',
  'it',
  'with',
  'have',
  'if',
  'please',
  'will',
  'would',
  'can',
  'me',
  'my',
  'our',
  'as',
  'at',
  'not',
  'was',
  'a',
  'an',
  'der',
  'die',
  'das',
  'und',
  'ich',
  'sie',
  'wir',
  'ist',
  'sind',
  'bitte',
  'ein',
  'eine',
  'zu',
  'mit',
  'fur',
  'den',
  'dem',
  'nicht',
  'auf',
  'es',
  'wie',
  'ihnen',
  'uns',
  'noch',
  'auch',
  'le',
  'la',
  'les',
  'et',
  'je',
  'vous',
  'nous',
  'est',
  'de',
  'des',
  'el',
  'los',
  'y',
  'que',
  'es',
  'il',
  'di',
  'che',
  'e',
  'het',
  'een',
  'en',
  'ik',
  'wij',
  'u',
])
const LABEL_WORDS = new Set([
  'tel',
  'telefon',
  'telephone',
  'phone',
  'fon',
  'fax',
  'telefax',
  'mobil',
  'mobile',
  'handy',
  'cell',
  'mob',
  'm',
  't',
  'f',
  'p',
  'e',
  'w',
  'd',
  'mail',
  'email',
  'e mail',
  'web',
  'internet',
  'www',
  'office',
  'direct',
  'direkt',
  'durchwahl',
  'zentrale',
  'home',
  'work',
  'privat',
  'ext',
  'x',
  'tél',
  'tel.',
  'portable',
  'movil',
  'cellulare',
  'gsm',
  'mobiel',
  'telefono',
  'tfno',
  'main',
  'hotline',
  'switchboard',
  'skype',
  'and',
  'or',
  'oder',
  'und',
  'at',
  'sitz',
  'vat',
  'linkedin',
  'xing',
  'twitter',
  'x',
  'de',
  'com',
  'site',
  'website',
  'homepage',
  'adresse',
  'address',
  'anschrift',
  'tele',
  'mobilfunk',
  'fix',
  'fixe',
  'ph',
  'fx',
  'cel',
  'tlf',
])
const ABBREVIATION_END =
  /(?:\b(?:Dr|Prof|Inc|Ltd|Co|Corp|Jr|Sr|Ph\.D|St|Str|Nr|e\.V|e\.K|mbH|Dipl|Ing|M\.A|B\.A|M\.Sc|B\.Sc|LL\.M|S\.A|B\.V|N\.V|S\.L|Ave|Tel)\.|\b[A-Z]\.)$/
// An extension alone on its line ("x-37059", "Ext. 104", "Durchwahl -23").
const EXTENSION_ONLY = /^(?:x|ext\.?|extension|dw|durchwahl|app\.?)\s?-?\s?\d{2,6}$/i
// Unicode patterns live at module level: a build for Node 20 turns some `\p{…}` literals into `new RegExp`
// calls, which inside a function would compile on every call.
const LEADING_NON_LETTERS = /^[^\p{L}]+/u
const LOWER_START = /^\p{Ll}/u
const WHITESPACE_RUN = /\s+/
const MAX_LINE = 1000
const TOKEN_PUNCTUATION = /[.,'’-]/g
/** Tokens of academic titles and salutations that a name line may hold besides the name. @internal */
export const TITLE_TOKENS: ReadonlySet<string> = new Set([
  'dr',
  'prof',
  'dipl',
  'ing',
  'mag',
  'mba',
  'phd',
  'ph',
  'd',
  'msc',
  'bsc',
  'ma',
  'ba',
  'llm',
  'll',
  'herr',
  'frau',
  'mr',
  'mrs',
  'ms',
  'jr',
  'sr',
  'ii',
  'iii',
  'rer',
  'nat',
  'med',
  'jur',
  'h',
  'c',
  'b',
  'sc',
  'eng',
  'cpa',
  'esq',
  'mme',
  'dott',
  'dipl ing',
  'kfm',
  'oec',
  'pol',
  'phil',
  'mult',
  'fh',
  'univ',
  'm',
  'a',
  's',
  'dres',
  'rae',
  'ra',
  'dipling',
  'dring',
  'drrernat',
  'drmed',
  'drjur',
  'drphil',
  'drhc',
  'mag',
])
/** Name particles (`von`, `van`, `de` ...), which start in lower case. @internal */
export const PARTICLES: ReadonlySet<string> = new Set([
  'von',
  'van',
  'der',
  'den',
  'de',
  'di',
  'da',
  'zu',
  'la',
  'le',
  'del',
  'dos',
  'du',
  'ten',
  'ter',
  'vom',
  'zur',
  'y',
  'und',
  'and',
  '&',
])
// One scan instead of a search per host.
const SOCIAL_HOST =
  /linkedin\.com|xing\.com|twitter\.com|x\.com\/|github\.com|instagram\.com|facebook\.com|youtube\.com|mastodon/i

/**
 * Tells whether a line is the `-- ` signature delimiter (also `--`, `—`, `-- --`): the same answer as
 * {@link lineFeatures}' `delimiter`, without classifying the line.
 *
 * @internal
 */
export function isDelimiterLine(raw: string): boolean {
  const text = raw.trim()
  if (text.length > 5) return false
  return text === '--' || raw === '-- ' || text === '—' || text === '-- --'
}

/**
 * Tells whether a line is a rule of `-`, `_`, `=`, `*` or `~`: the same answer as {@link lineFeatures}'
 * `rule`, without classifying the line.
 *
 * @internal
 */
export function isRuleOnlyLine(raw: string): boolean {
  const text = raw.trim()
  return text.length <= MAX_LINE && !isDelimiterLine(raw) && isRuleLine(text)
}

function isRuleLine(text: string): boolean {
  if (text.length < 3) return false
  const first = text[0] as string
  if (!'-_=*~'.includes(first)) return false
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== first && text[i] !== ' ') return false
  }
  return true
}

/**
 * Tells whether a line reads as a personal or company name: one to five capitalised words (all-caps
 * allowed), academic titles and particles such as `von`/`van`, no digits, no sentence punctuation.
 *
 * @internal
 */
export function isNameLike(text: string): boolean {
  text = dropSigningPrefix(text)
  if (text.length < 2 || text.length > 60) return false
  // A second prefix ("i. A. ppa. ...") is dropped too before the tests below.
  const bare = dropSigningPrefix(text)
  if (NOT_IN_NAMES.test(bare)) return false
  let nameWords = 0
  for (const token of bare.replace(NAME_QUOTES, ' ').split(' ')) {
    if (token.length === 0) continue
    const lower = token.toLowerCase()
    const folded = lower.replace(TOKEN_PUNCTUATION, '')
    if (folded === '' || TITLE_TOKENS.has(folded) || PARTICLES.has(lower)) continue
    const first = firstLetter(token)
    if (first === undefined) continue
    if (first === first.toLowerCase()) return false
    // More than five name words: no name, whatever follows.
    if (++nameWords > 5) return false
  }
  return nameWords >= 1
}

const SIGNING_PREFIX = /^(?:i\. ?A\.|i\. ?V\.|ppa\.) /
const NOT_IN_NAMES = /[\d@:/?!;]/
const NAME_QUOTES = /[,()"“”„]/g

// "i. A. " / "i. V. " / "ppa. " in front of a name; the pattern runs only on lines starting with i or p.
function dropSigningPrefix(text: string): string {
  const code = text.charCodeAt(0)
  return code === 105 || code === 112 ? text.replace(SIGNING_PREFIX, '') : text
}

// The first letter of a token (its first UTF-16 unit), skipping what precedes it; ASCII without a pattern.
function firstLetter(token: string): string | undefined {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i)
    if (code >= 128) return token.slice(i).replace(LEADING_NON_LETTERS, '')[0]
    const lower = code | 32
    if (lower >= 97 && lower <= 122) return token[i]
  }
  return undefined
}

function countFunctionWords(words: readonly string[]): number {
  let count = 0
  for (const word of words) if (FUNCTION_WORDS.has(word)) count++
  return count
}

// Whitespace-separated tokens that start with a lower-case letter.
function countLowerStarts(text: string): number {
  return text.split(WHITESPACE_RUN).filter((token) => LOWER_START.test(token)).length
}

// Words that are neither labels nor plain numbers.
function countRemainder(words: readonly string[]): number {
  let count = 0
  for (const word of words) if (!LABEL_WORDS.has(word) && !ALL_DIGITS.test(word)) count++
  return count
}

const ALL_DIGITS = /^\d+$/

function remainderWords(text: string, spans: Span[]): string[] {
  let rest = text
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    rest = `${rest.slice(0, span.start)} ${rest.slice(span.end)}`
  }
  return foldedWords(rest).filter((word) => !LABEL_WORDS.has(word) && !ALL_DIGITS.test(word))
}

/**
 * Classifies one line of a mail.
 *
 * @internal
 */
export function lineFeatures(raw: string, sender: SenderKeys): LineFeatures {
  const text = raw.trim()
  const blank = text.length === 0
  const features: LineFeatures = {
    text,
    blank,
    words: 0,
    emails: [],
    urls: [],
    phones: [],
    signOff: 'none',
    delimiter: false,
    rule: false,
    mobile: false,
    sender: 0,
    senderEmail: false,
    jobTitle: false,
    department: false,
    company: false,
    address: false,
    register: false,
    social: false,
    nameLike: false,
    contact: false,
    label: false,
    prose: false,
    disclaimer: false,
  }
  if (blank) return features
  // No signature line is this long: skip the scanners (a 1 MB line must stay cheap).
  if (text.length > MAX_LINE) {
    features.prose = true
    features.words = Math.ceil(text.length / 6)
    features.disclaimer = hasDisclaimerMarker(text.slice(0, MAX_LINE))
    return features
  }
  const words = foldedWords(text)
  features.words = words.length
  features.foldedWords = words
  features.delimiter = isDelimiterLine(raw)
  features.rule = !features.delimiter && isRuleLine(text)
  if (features.delimiter || features.rule) return features
  const long = text.length > 160
  features.emails = findEmails(text)
  features.urls = long ? [] : findUrls(text)
  const domains = long ? [] : findBareDomains(text)
  features.phones = long ? [] : findPhones(text)
  features.signOff = matchSignOff(text, words)
  features.mobile = isMobileFooterWords(text, words)
  features.social = !long && SOCIAL_HOST.test(text)
  if (sender.address !== undefined) {
    features.senderEmail = features.emails.some((email) => email.value.toLowerCase() === sender.address)
  }
  const hasChannel =
    features.emails.length + features.urls.length + features.phones.length + domains.length > 0
  // Words besides the channels and their labels; without channels only one rule below needs their count.
  const rest = hasChannel
    ? remainderWords(text, [...features.emails, ...features.urls, ...features.phones, ...domains])
    : undefined
  const restLength = () => (rest !== undefined ? rest.length : countRemainder(words))
  features.register = !long && words.length <= 30 && hasRegisterMarker(text, words)
  const channelLine = rest !== undefined && rest.length <= 4
  // The address test is the dearest one; a line that is contact data by its channels needs no more evidence.
  features.address = !long && !channelLine && isAddressLine(text)
  const short = words.length <= 8 && text.length <= 80
  features.jobTitle = short && !hasChannel && isJobTitle(text, words)
  features.department =
    short &&
    !hasChannel &&
    (isDepartmentLine(text, words) || (features.jobTitle && findDepartment(text, words) !== undefined))
  features.company = short && (findLegalForm(text, words) !== undefined || hasCompanyWord(text, words))
  features.nameLike = short && !hasChannel && isNameLike(text)
  features.sender =
    features.signOff === 'none' || features.signOff === 'with-tail' ? senderNameScore(text, sender, words) : 0
  if (
    features.sender > 0 &&
    (words.length > 5 ||
      /[?!]$/.test(text) ||
      (!features.nameLike && features.signOff === 'none' && words.length > 2))
  ) {
    features.sender = 0
  }
  features.contact = channelLine || features.address || features.social || EXTENSION_ONLY.test(text)
  features.label = !hasChannel && text.length <= 24 && lonelyLabel(text, words) !== undefined

  features.disclaimer = words.length >= 6 && hasDisclaimerMarker(text, words)
  // Prose: a sentence, or a line too long for a signature that holds no contact data.
  // Counted only when a rule below needs them: most lines are decided by length or structure first.
  const functionWords = () => countFunctionWords(words)
  const endsSentence = /[.?!:]$/.test(text) && !ABBREVIATION_END.test(text)
  const lowerStarts = () => countLowerStarts(text)
  const structured =
    features.contact ||
    features.jobTitle ||
    features.company ||
    features.register ||
    features.label ||
    features.signOff !== 'none'
  if (!structured) {
    if (words.length >= 10 || text.length > 90) features.prose = true
    else if (endsSentence && words.length >= 3 && lowerStarts() >= 2) features.prose = true
    else if (words.length >= 6 && lowerStarts() >= 4) features.prose = true
    else if (/[?!]$/.test(text) && features.sender === 0) features.prose = true
    else if (words.length >= 5 && functionWords() >= 3) features.prose = true
    else if (text.endsWith(':') && features.sender === 0) features.prose = true
  } else if (features.register && !features.disclaimer) {
    // Imprint lines (Geschäftsführer, Amtsgericht, HRB, USt-IdNr.) are long but never body text.
  } else if (!features.contact && (restLength() >= 10 || (hasChannel && restLength() > 6))) {
    features.prose = true
  } else if (
    hasChannel &&
    restLength() >= 2 &&
    ((endsSentence && lowerStarts() >= 1) || functionWords() >= 2)
  ) {
    features.prose = true
  }
  if (features.label) features.nameLike = false
  if (features.prose) {
    features.nameLike = false
    features.jobTitle = false
    features.company = false
  }
  return features
}

/**
 * Tells whether a classified line looks like part of a signature (any signature evidence, no prose).
 *
 * @internal
 */
export function isSignatureish(line: LineFeatures): boolean {
  if (line.blank || line.prose) return false
  return (
    line.contact ||
    line.label ||
    line.jobTitle ||
    line.department ||
    line.company ||
    line.register ||
    line.nameLike ||
    line.sender > 0 ||
    line.senderEmail ||
    line.signOff !== 'none' ||
    line.rule ||
    line.delimiter
  )
}

/**
 * Tells whether a line is hard evidence of a contact block.
 *
 * @internal
 */
export function isStrong(line: LineFeatures): boolean {
  return (
    line.contact ||
    line.jobTitle ||
    line.register ||
    line.senderEmail ||
    line.sender > 0 ||
    (line.company && !line.nameLike)
  )
}

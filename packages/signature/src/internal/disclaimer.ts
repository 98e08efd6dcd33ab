import { foldedWords } from './fold.js'

// Words that mark a confidentiality notice, legal disclaimer or an environmental plea.
const DISCLAIMER_MARKERS = [
  'confidential',
  'confidentiality',
  'disclaimer',
  'intended recipient',
  'intended only',
  'privileged',
  'this e mail',
  'this email',
  'this message',
  'the information contained',
  'unauthorised',
  'unauthorized',
  'if you have received',
  'please notify the sender',
  'virus',
  'legally binding',
  'vertraulich',
  'vertrauliche',
  'diese e mail',
  'diese email',
  'diese nachricht',
  'irrtumlich',
  'empfanger',
  'unbefugte',
  'haftung',
  'datenschutz',
  'datenschutzerklarung',
  'privacy',
  'gdpr',
  'dsgvo',
  'umwelt',
  'environment',
  'before printing',
  'bevor sie diese',
  'ce message',
  'ce courriel',
  'ce mail',
  'confidentiel',
  'destinataire',
  'este mensaje',
  'este correo',
  'confidencial',
  'destinatario',
  'questo messaggio',
  'questa e mail',
  'riservat',
  'dit bericht',
  'deze e mail',
  'vertrouwelijk',
  'geadresseerde',
  'pflichtangaben',
  'rechtliche hinweise',
  'legal notice',
]

// Company register data that stays with the contact (German Impressumspflicht, UK Companies Act, ...).
const REGISTER_MARKERS = [
  'geschaftsfuhrer',
  'geschaftsfuhrung',
  'geschaftsfuhrerin',
  'vorstand',
  'aufsichtsrat',
  'amtsgericht',
  'registergericht',
  'handelsregister',
  'hrb',
  'hra',
  'ust id',
  'ust idnr',
  'ustid',
  'ust nr',
  'umsatzsteuer',
  'steuernummer',
  'sitz der gesellschaft',
  'sitz',
  'firmenbuch',
  'fn',
  'uid',
  'vat',
  'vat no',
  'vat number',
  'registered in',
  'registered office',
  'company number',
  'company no',
  'company registration',
  'rcs',
  'siret',
  'siren',
  'tva',
  'capital social',
  'cif',
  'nif',
  'partita iva',
  'p iva',
  'kvk',
  'btw',
  'che',
  'managing director',
  'managing directors',
  'directors',
  'prokura',
  'komplementar',
  'persoenlich haftende',
  'personlich haftende',
]
const DISCLAIMER_INDEX = indexPhrases(DISCLAIMER_MARKERS)
const REGISTER_INDEX = indexPhrases(REGISTER_MARKERS)

// Phrases indexed by their first word, so a line is checked word by word instead of phrase by phrase.
function indexPhrases(phrases: readonly string[]): Map<string, string[][]> {
  const index = new Map<string, string[][]>()
  for (const phrase of phrases) {
    const words = phrase.split(' ')
    const first = words[0] as string
    index.set(first, [...(index.get(first) ?? []), words])
  }
  return index
}

function containsAny(words: readonly string[], index: Map<string, string[][]>): boolean {
  for (let i = 0; i < words.length; i++) {
    const candidates = index.get(words[i] as string)
    if (candidates === undefined) continue
    for (const phrase of candidates) {
      let k = 1
      while (k < phrase.length && words[i + k] === phrase[k]) k++
      if (k === phrase.length) return true
    }
  }
  return false
}

/**
 * Tells whether a text (a paragraph; `words` are its folded words when already at hand) reads as a confidentiality notice or legal disclaimer.
 *
 * @internal
 */
export function hasDisclaimerMarker(text: string, words: readonly string[] = foldedWords(text)): boolean {
  return containsAny(words, DISCLAIMER_INDEX)
}

/**
 * Tells whether a line carries company register data (Geschäftsführer, Amtsgericht, HRB, USt-IdNr., Sitz, VAT).
 *
 * @internal
 */
export function hasRegisterMarker(line: string, words: readonly string[] = foldedWords(line)): boolean {
  return containsAny(words, REGISTER_INDEX)
}

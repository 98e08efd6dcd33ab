import { foldLine } from './fold.js'

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

function containsPhrase(folded: string, phrase: string): boolean {
  let from = 0
  for (;;) {
    const index = folded.indexOf(phrase, from)
    if (index < 0) return false
    const before = index === 0 || folded[index - 1] === ' '
    const end = index + phrase.length
    const after = end === folded.length || folded[end] === ' '
    if (before && after) return true
    from = index + 1
  }
}

/**
 * Tells whether a text (a paragraph, folded or not) reads as a confidentiality notice or legal disclaimer.
 *
 * @internal
 */
export function hasDisclaimerMarker(text: string): boolean {
  const folded = foldLine(text)
  return DISCLAIMER_MARKERS.some((marker) => containsPhrase(folded, marker))
}

/**
 * Tells whether a line carries company register data (Geschäftsführer, Amtsgericht, HRB, USt-IdNr., Sitz, VAT).
 *
 * @internal
 */
export function hasRegisterMarker(line: string): boolean {
  const folded = foldLine(line)
  return REGISTER_MARKERS.some((marker) => containsPhrase(folded, marker))
}

import { foldText } from '@contactkit/core'
import type { MappingField } from '../fields.js'

/**
 * Header synonyms in English, German and French (and common CRM spellings), keyed by field. Matching folds
 * case, diacritics and punctuation, so `E-Mail-Adresse`, `e-mail adresse` and `EMAIL_ADRESSE` agree.
 *
 * @internal
 */
export const SYNONYMS: Readonly<Partial<Record<MappingField, readonly string[]>>> = {
  id: ['id', 'contact id', 'kontakt id', 'kundennummer', 'record id', 'external id', 'identifiant'],
  name: [
    'name',
    'full name',
    'fullname',
    'display name',
    'contact name',
    'vollstandiger name',
    'nom complet',
    'kontakt',
    'ansprechpartner',
    'contact',
  ],
  salutation: ['salutation', 'anrede', 'civilite', 'name prefix', 'prefix', 'greeting', 'mr ms'],
  title: ['academic title', 'titel', 'akademischer titel', 'grade', 'titre academique', 'degree'],
  firstName: ['first name', 'firstname', 'given name', 'forename', 'vorname', 'vornamen', 'prenom', 'first'],
  middleName: [
    'middle name',
    'middlename',
    'additional name',
    'weitere vornamen',
    'zweiter vorname',
    'deuxieme prenom',
  ],
  lastName: [
    'last name',
    'lastname',
    'surname',
    'family name',
    'nachname',
    'familienname',
    'zuname',
    'nom',
    'nom de famille',
    'last',
  ],
  suffix: ['suffix', 'name suffix', 'namenszusatz', 'suffixe'],
  jobTitle: [
    'job title',
    'jobtitle',
    'position',
    'role',
    'function',
    'funktion',
    'berufsbezeichnung',
    'stellenbezeichnung',
    'poste',
    'fonction',
    'titre',
    'organization title',
    'occupation',
    'beruf',
  ],
  department: [
    'department',
    'abteilung',
    'bereich',
    'service',
    'departement',
    'organization department',
    'division',
  ],
  company: [
    'company',
    'company name',
    'firma',
    'firmenname',
    'unternehmen',
    'organisation',
    'organization',
    'organization name',
    'organisation name',
    'account',
    'account name',
    'societe',
    'entreprise',
    'raison sociale',
    'arbeitgeber',
    'employer',
  ],
  email: [
    'email',
    'e mail',
    'email address',
    'e mail address',
    'e mail adresse',
    'email adresse',
    'mail',
    'emailadresse',
    'adresse e mail',
    'courriel',
    'adresse electronique',
    'primary email',
  ],
  'email.work': [
    'work email',
    'business email',
    'e mail geschaftlich',
    'email geschaftlich',
    'dienstliche e mail',
    'courriel professionnel',
    'email professionnel',
  ],
  'email.home': [
    'home email',
    'personal email',
    'private email',
    'e mail privat',
    'email privat',
    'private e mail',
    'courriel personnel',
  ],
  'email.other': [
    'other email',
    'secondary email',
    'additional email',
    'weitere e mail',
    'e mail 2',
    'email 2',
    'autre courriel',
  ],
  phone: [
    'phone',
    'phone number',
    'telephone',
    'telefon',
    'telefonnummer',
    'tel',
    'rufnummer',
    'numero de telephone',
    'tel fixe',
    'primary phone',
    'haupttelefon',
  ],
  'phone.work': [
    'work phone',
    'business phone',
    'office phone',
    'telefon geschaftlich',
    'telefon buro',
    'durchwahl',
    'dienstlich',
    'telephone professionnel',
    'tel pro',
    'direct phone',
    'company phone',
  ],
  'phone.mobile': [
    'mobile',
    'mobile phone',
    'mobile phone number',
    'cell',
    'cell phone',
    'cellphone',
    'mobiltelefon',
    'mobil',
    'handy',
    'mobilnummer',
    'handynummer',
    'portable',
    'telephone portable',
    'tel portable',
    'mobile number',
  ],
  'phone.fax': ['fax', 'fax number', 'telefax', 'faxnummer', 'business fax', 'fax geschaftlich', 'telecopie'],
  'phone.home': ['home phone', 'private phone', 'telefon privat', 'telephone domicile', 'tel domicile'],
  'phone.other': ['other phone', 'weiteres telefon', 'autre telephone', 'phone 2', 'telefon 2'],
  'address.line': [
    'address',
    'adresse',
    'anschrift',
    'postal address',
    'full address',
    'formatted address',
    'postanschrift',
  ],
  'address.street': [
    'street',
    'street address',
    'strasse',
    'str',
    'strasse und hausnummer',
    'strasse hausnummer',
    'rue',
    'adresse postale',
    'address line 1',
    'address 1',
    'mailing street',
    'voie',
  ],
  'address.houseNumber': [
    'house number',
    'hausnummer',
    'hausnr',
    'hnr',
    'nr',
    'numero',
    'street number',
    'building number',
  ],
  'address.postalCode': [
    'postal code',
    'postcode',
    'post code',
    'zip',
    'zip code',
    'zipcode',
    'plz',
    'postleitzahl',
    'code postal',
    'cp',
    'mailing zip postal code',
  ],
  'address.city': ['city', 'town', 'ort', 'stadt', 'wohnort', 'ville', 'localite', 'commune', 'mailing city'],
  'address.region': [
    'region',
    'state',
    'state region',
    'province',
    'county',
    'bundesland',
    'kanton',
    'departement region',
    'mailing state province',
  ],
  'address.country': [
    'country',
    'country region',
    'land',
    'staat',
    'pays',
    'nation',
    'country code',
    'landercode',
    'mailing country',
  ],
  'address.work.street': ['business street', 'strasse geschaftlich', 'work street', 'office street'],
  'address.work.city': ['business city', 'ort geschaftlich', 'work city'],
  'address.work.postalCode': [
    'business postal code',
    'postleitzahl geschaftlich',
    'plz geschaftlich',
    'work postal code',
    'work zip',
  ],
  'address.work.region': ['business state', 'region geschaftlich', 'work state'],
  'address.work.country': [
    'business country region',
    'business country',
    'land region geschaftlich',
    'land geschaftlich',
    'work country',
  ],
  'address.home.street': ['home street', 'strasse privat', 'private street'],
  'address.home.city': ['home city', 'ort privat'],
  'address.home.postalCode': ['home postal code', 'postleitzahl privat', 'plz privat', 'home zip'],
  'address.home.region': ['home state', 'bundesland kanton privat', 'bundesland privat'],
  'address.home.country': ['home country region', 'home country', 'land region privat', 'land privat'],
  website: [
    'website',
    'web site',
    'web page',
    'webpage',
    'url',
    'homepage',
    'webseite',
    'internetseite',
    'internet',
    'site web',
    'site internet',
    'website url',
    'web',
  ],
  'social.linkedin': ['linkedin', 'linkedin url', 'linkedin profile', 'linkedin profil'],
  'social.xing': ['xing', 'xing profil', 'xing url'],
  'social.twitter': ['twitter', 'twitter handle', 'twitter username', 'x handle'],
  'custom.notes': [
    'notes',
    'note',
    'notizen',
    'bemerkung',
    'bemerkungen',
    'kommentar',
    'comments',
    'remarks',
    'description',
    'beschreibung',
    'commentaire',
    'remarques',
  ],
  'custom.birthday': [
    'birthday',
    'date of birth',
    'birthdate',
    'dob',
    'geburtstag',
    'geburtsdatum',
    'date de naissance',
  ],
  updatedAt: [
    'updated at',
    'last modified',
    'last modified date',
    'modified',
    'geandert am',
    'letzte anderung',
    'date de modification',
    'lastmodifieddate',
  ],
}

/** @internal Folds a header for comparison: case, diacritics, punctuation and camelCase/snake_case. */
export function foldHeader(header: string): string {
  return foldText(header.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' '))
}

const LOOKUP = new Map<string, MappingField>()
for (const [field, names] of Object.entries(SYNONYMS)) {
  for (const name of names ?? []) {
    const key = foldHeader(name)
    if (!LOOKUP.has(key)) LOOKUP.set(key, field as MappingField)
  }
}

/** @internal Every folded synonym with its field, for fuzzy matching. */
export const SYNONYM_ENTRIES: readonly (readonly [string, MappingField])[] = [...LOOKUP.entries()]

/** @internal The field whose synonym equals the folded header, if any. */
export function matchHeaderSynonym(header: string): MappingField | undefined {
  return LOOKUP.get(foldHeader(header))
}

// At module level: Node 20 builds compile Unicode property patterns with `new RegExp` where they stand.
const HAS_LETTER = /\p{L}/u

/** @internal Whether a cell reads like a column label rather than a value. */
export function looksLikeHeaderLabel(cell: string): boolean {
  const value = cell.trim()
  if (value === '' || value.length > 60) return false
  if (value.includes('@') && !/^@|e-?mail/i.test(value)) return false
  if (/^[\d\s+()./:,-]+$/.test(value)) return false
  if (/^https?:\/\//i.test(value)) return false
  return HAS_LETTER.test(value)
}

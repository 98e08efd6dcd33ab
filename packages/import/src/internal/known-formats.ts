import type { MappingField } from '../fields.js'

/** @internal One product's export format: its header cells as written, and what each maps to (`null`: no contact field). */
export interface KnownFormat {
  name: string
  columns: Readonly<Record<string, MappingField | null>>
  /** Resolves numbered columns (`E-mail 2 - Value`) that a fixed table cannot list. */
  pattern?: (header: string) => MappingField | null | undefined
}

const OUTLOOK_ADDRESS = (
  street: string,
  city: string,
  region: string,
  postal: string,
  country: string,
  kind: 'work' | 'home' | 'other',
) => ({
  [street]: `address.${kind}.street` as MappingField,
  [city]: `address.${kind}.city` as MappingField,
  [region]: `address.${kind}.region` as MappingField,
  [postal]: `address.${kind}.postalCode` as MappingField,
  [country]: `address.${kind}.country` as MappingField,
})

// Outlook (classic and new) "Comma Separated Values" export, English UI. "Title" is the salutation here.
const OUTLOOK_EN: KnownFormat = {
  name: 'outlook-en',
  columns: {
    Title: 'salutation',
    'First Name': 'firstName',
    'Middle Name': 'middleName',
    'Last Name': 'lastName',
    Suffix: 'suffix',
    Company: 'company',
    Department: 'department',
    'Job Title': 'jobTitle',
    ...OUTLOOK_ADDRESS(
      'Business Street',
      'Business City',
      'Business State',
      'Business Postal Code',
      'Business Country/Region',
      'work',
    ),
    'Business Street 2': null,
    'Business Street 3': null,
    ...OUTLOOK_ADDRESS(
      'Home Street',
      'Home City',
      'Home State',
      'Home Postal Code',
      'Home Country/Region',
      'home',
    ),
    'Home Street 2': null,
    'Home Street 3': null,
    ...OUTLOOK_ADDRESS(
      'Other Street',
      'Other City',
      'Other State',
      'Other Postal Code',
      'Other Country/Region',
      'other',
    ),
    'Other Street 2': null,
    'Other Street 3': null,
    "Assistant's Phone": null,
    'Business Fax': 'phone.fax',
    'Business Phone': 'phone.work',
    'Business Phone 2': 'phone.work',
    Callback: null,
    'Car Phone': 'phone.other',
    'Company Main Phone': 'phone.work',
    'Home Fax': 'phone.fax',
    'Home Phone': 'phone.home',
    'Home Phone 2': 'phone.home',
    ISDN: null,
    'Mobile Phone': 'phone.mobile',
    'Other Fax': 'phone.fax',
    'Other Phone': 'phone.other',
    Pager: null,
    'Primary Phone': 'phone',
    'Radio Phone': null,
    'TTY/TDD Phone': null,
    Telex: null,
    Birthday: 'custom.birthday',
    Categories: 'custom.categories',
    'E-mail Address': 'email',
    'E-mail Type': null,
    'E-mail Display Name': null,
    'E-mail 2 Address': 'email.other',
    'E-mail 2 Type': null,
    'E-mail 2 Display Name': null,
    'E-mail 3 Address': 'email.other',
    'E-mail 3 Type': null,
    'E-mail 3 Display Name': null,
    Notes: 'custom.notes',
    'Web Page': 'website',
    Location: null,
    'Office Location': null,
    Private: null,
    Sensitivity: null,
    Priority: null,
    Account: null,
    Anniversary: null,
    Initials: null,
    Gender: null,
  },
}

// Outlook export, German UI: other names and another column order; "Ort" there is the office location, not a city.
const OUTLOOK_DE: KnownFormat = {
  name: 'outlook-de',
  columns: {
    Anrede: 'salutation',
    Vorname: 'firstName',
    'Weitere Vornamen': 'middleName',
    Nachname: 'lastName',
    Suffix: 'suffix',
    Firma: 'company',
    Abteilung: 'department',
    Position: 'jobTitle',
    ...OUTLOOK_ADDRESS(
      'Straße geschäftlich',
      'Ort geschäftlich',
      'Region geschäftlich',
      'Postleitzahl geschäftlich',
      'Land/Region geschäftlich',
      'work',
    ),
    'Straße geschäftlich 2': null,
    'Straße geschäftlich 3': null,
    ...OUTLOOK_ADDRESS(
      'Straße privat',
      'Ort privat',
      'Bundesland/Kanton privat',
      'Postleitzahl privat',
      'Land/Region privat',
      'home',
    ),
    'Straße privat 2': null,
    'Straße privat 3': null,
    ...OUTLOOK_ADDRESS(
      'Weitere Straße',
      'Weiterer Ort',
      'Weiteres/r Bundesland/Kanton',
      'Weitere Postleitzahl',
      'Weiteres/r Land/Region',
      'other',
    ),
    'Weitere Straße 2': null,
    'Weitere Straße 3': null,
    'Telefon Assistent': null,
    'Fax geschäftlich': 'phone.fax',
    'Telefon geschäftlich': 'phone.work',
    'Telefon geschäftlich 2': 'phone.work',
    Rückmeldung: null,
    Autotelefon: 'phone.other',
    'Telefon Firma': 'phone.work',
    'Fax privat': 'phone.fax',
    'Telefon privat': 'phone.home',
    'Telefon privat 2': 'phone.home',
    ISDN: null,
    Mobiltelefon: 'phone.mobile',
    'Weiteres Fax': 'phone.fax',
    'Weiteres Telefon': 'phone.other',
    Pager: null,
    Haupttelefon: 'phone',
    'Mobiltelefon 2': 'phone.mobile',
    'Telefon für Hörbehinderte': null,
    Telex: null,
    Beruf: null,
    Büro: null,
    'E-Mail-Adresse': 'email',
    'E-Mail-Typ': null,
    'E-Mail: Angezeigter Name': null,
    'E-Mail 2: Adresse': 'email.other',
    'E-Mail 2: Typ': null,
    'E-Mail 2: Angezeigter Name': null,
    'E-Mail 3: Adresse': 'email.other',
    'E-Mail 3: Typ': null,
    'E-Mail 3: Angezeigter Name': null,
    Geburtstag: 'custom.birthday',
    Geschlecht: null,
    Initialen: null,
    Kategorien: 'custom.categories',
    Notizen: 'custom.notes',
    Ort: null,
    Privat: null,
    Vertraulichkeit: null,
    Priorität: null,
    Konto: null,
    Jahrestag: null,
    Webseite: 'website',
  },
}

const GOOGLE_MULTI =
  /^(E-mail|Phone|Address|Website|Organization|Relation|Event|IM|Custom Field) (\d+) - (.+)$/

// Google Contacts "Google CSV": numbered Label/Value (older: Type/Value) pairs; several values in one cell joined by " ::: ".
const GOOGLE: KnownFormat = {
  name: 'google',
  columns: {
    'First Name': 'firstName',
    'Middle Name': 'middleName',
    'Last Name': 'lastName',
    'Name Prefix': 'salutation',
    'Name Suffix': 'suffix',
    'Organization Name': 'company',
    'Organization Title': 'jobTitle',
    'Organization Department': 'department',
    Birthday: 'custom.birthday',
    Notes: 'custom.notes',
    Labels: 'custom.labels',
    Nickname: null,
    'File As': null,
    Photo: null,
    'Phonetic First Name': null,
    'Phonetic Middle Name': null,
    'Phonetic Last Name': null,
    Name: 'name',
    'Given Name': 'firstName',
    'Additional Name': 'middleName',
    'Family Name': 'lastName',
    'Group Membership': 'custom.labels',
  },
  pattern(header) {
    const match = GOOGLE_MULTI.exec(header)
    if (!match) return undefined
    const [, kind, , part] = match
    const isValue = part === 'Value'
    switch (kind) {
      case 'E-mail':
        return isValue ? 'email' : null
      case 'Phone':
        return isValue ? 'phone' : null
      case 'Website':
        return isValue ? 'website' : null
      case 'Address': {
        const parts: Record<string, MappingField> = {
          Formatted: 'address.line',
          Street: 'address.street',
          City: 'address.city',
          Region: 'address.region',
          'Postal Code': 'address.postalCode',
          Country: 'address.country',
        }
        return parts[part as string] ?? null
      }
      case 'Organization': {
        const parts: Record<string, MappingField> = {
          Name: 'company',
          Title: 'jobTitle',
          Department: 'department',
        }
        return match[2] === '1' ? (parts[part as string] ?? null) : null
      }
      default:
        return null
    }
  },
}

// HubSpot contact export: property labels (UI export) and internal names (API / "internal names" export).
const HUBSPOT: KnownFormat = {
  name: 'hubspot',
  columns: {
    'Record ID': 'id',
    'First Name': 'firstName',
    'Last Name': 'lastName',
    Email: 'email',
    'Phone Number': 'phone.work',
    'Mobile Phone Number': 'phone.mobile',
    'Fax Number': 'phone.fax',
    'Company Name': 'company',
    'Job Title': 'jobTitle',
    'Street Address': 'address.street',
    City: 'address.city',
    'State/Region': 'address.region',
    'Postal Code': 'address.postalCode',
    'Country/Region': 'address.country',
    'Website URL': 'website',
    Salutation: 'salutation',
    'Last Modified Date': 'updatedAt',
    'Contact owner': null,
    'Lifecycle Stage': null,
    'Lead Status': null,
    'Create Date': null,
    'Associated Company': 'company',
    hs_object_id: 'id',
    firstname: 'firstName',
    lastname: 'lastName',
    email: 'email',
    phone: 'phone.work',
    mobilephone: 'phone.mobile',
    fax: 'phone.fax',
    company: 'company',
    jobtitle: 'jobTitle',
    address: 'address.street',
    city: 'address.city',
    state: 'address.region',
    zip: 'address.postalCode',
    country: 'address.country',
    website: 'website',
    salutation: 'salutation',
    lastmodifieddate: 'updatedAt',
    hubspot_owner_id: null,
    lifecyclestage: null,
    createdate: null,
  },
}

// Salesforce Contact and Lead API names (Data Loader / Data Export); "Title" is the job title here.
const SALESFORCE: KnownFormat = {
  name: 'salesforce',
  columns: {
    Id: 'id',
    Salutation: 'salutation',
    FirstName: 'firstName',
    MiddleName: 'middleName',
    LastName: 'lastName',
    Suffix: 'suffix',
    Title: 'jobTitle',
    Department: 'department',
    Email: 'email',
    Phone: 'phone.work',
    MobilePhone: 'phone.mobile',
    HomePhone: 'phone.home',
    OtherPhone: 'phone.other',
    Fax: 'phone.fax',
    MailingStreet: 'address.work.street',
    MailingCity: 'address.work.city',
    MailingState: 'address.work.region',
    MailingPostalCode: 'address.work.postalCode',
    MailingCountry: 'address.work.country',
    OtherStreet: 'address.other.street',
    OtherCity: 'address.other.city',
    OtherState: 'address.other.region',
    OtherPostalCode: 'address.other.postalCode',
    OtherCountry: 'address.other.country',
    Company: 'company',
    'Account.Name': 'company',
    AccountName: 'company',
    Street: 'address.street',
    City: 'address.city',
    State: 'address.region',
    PostalCode: 'address.postalCode',
    Country: 'address.country',
    Website: 'website',
    Birthdate: 'custom.birthday',
    Description: 'custom.notes',
    LastModifiedDate: 'updatedAt',
    AccountId: null,
    OwnerId: null,
    LeadSource: null,
    CreatedDate: null,
    IsDeleted: null,
    MasterRecordId: null,
  },
}

const CONTACTKIT_NUMBERED = /^(Email|Phone|Address|Website) (\d+)(?: (.+))?$/
const CONTACTKIT_KEYED = /^(Social|Custom): (.+)$/
const CONTACTKIT_ADDRESS: Readonly<Record<string, MappingField>> = {
  Street: 'address.street',
  'House Number': 'address.houseNumber',
  'Postal Code': 'address.postalCode',
  City: 'address.city',
  Region: 'address.region',
  Country: 'address.country',
}

// The layout exportContacts writes, so that an export reads back to the same contacts.
const CONTACTKIT: KnownFormat = {
  name: 'contactkit',
  columns: {
    ID: 'id',
    Salutation: 'salutation',
    'Academic Title': 'title',
    'First Name': 'firstName',
    'Middle Name': 'middleName',
    'Last Name': 'lastName',
    Suffix: 'suffix',
    'Job Title': 'jobTitle',
    Department: 'department',
    Company: 'company',
    'Updated At': 'updatedAt',
  },
  pattern(header) {
    const keyed = CONTACTKIT_KEYED.exec(header)
    if (keyed) return `${keyed[1] === 'Social' ? 'social' : 'custom'}.${keyed[2]}` as MappingField
    const match = CONTACTKIT_NUMBERED.exec(header)
    if (!match) return undefined
    const [, kind, , part] = match
    if (kind === 'Address') return part === undefined ? undefined : (CONTACTKIT_ADDRESS[part] ?? null)
    if (part !== undefined) return null
    return kind === 'Email' ? 'email' : kind === 'Phone' ? 'phone' : 'website'
  },
}

/** @internal For a column of the contactkit layout: its group and the headers of its kind and extension partners. */
export function contactkitPartners(
  header: string,
): { group: number; kind?: string; extension?: string } | undefined {
  const match = CONTACTKIT_NUMBERED.exec(header)
  if (!match) return undefined
  const [, kind, number, part] = match
  const group = Number(number)
  if (kind === 'Address') return part === 'Kind' ? { group } : { group, kind: `Address ${number} Kind` }
  if (part !== undefined || kind === 'Website') return { group }
  return kind === 'Phone'
    ? { group, kind: `Phone ${number} Kind`, extension: `Phone ${number} Extension` }
    : { group, kind: `Email ${number} Kind` }
}

/** @internal The formats recognised by their header rows, most specific first. */
export const KNOWN_FORMATS: readonly KnownFormat[] = [
  CONTACTKIT,
  OUTLOOK_DE,
  OUTLOOK_EN,
  GOOGLE,
  SALESFORCE,
  HUBSPOT,
]

/** @internal The format whose header names cover most of the given headers (at least 60 % and 6 columns). */
export function detectKnownFormat(headers: readonly string[]): KnownFormat | undefined {
  let best: KnownFormat | undefined
  let bestShare = 0
  const filled = headers.map((header) => header.trim()).filter((header) => header !== '')
  if (filled.length < 3) return undefined
  for (const format of KNOWN_FORMATS) {
    const hits = filled.filter(
      (header) => header in format.columns || (format.pattern?.(header) ?? undefined) !== undefined,
    ).length
    const share = hits / filled.length
    if (hits >= 6 && share >= 0.6 && share > bestShare) {
      best = format
      bestShare = share
    }
  }
  return best
}

/** @internal For Google's `X n - Value` column, the header of its `X n - Label` (or older `Type`) partner. */
export function googleLabelHeaders(header: string): string[] {
  const match = GOOGLE_MULTI.exec(header)
  if (match === null) return []
  if (match[3] !== 'Value') return []
  return [`${match[1]} ${match[2]} - Label`, `${match[1]} ${match[2]} - Type`]
}

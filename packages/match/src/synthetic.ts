import type { Contact } from '@contactkit/core'
import { MatchError } from './error.js'
import { seededRandom } from './train.js'

/**
 * Options of {@link generateContacts}.
 *
 * @example
 * ```ts
 * const options: GenerateContactsOptions = { count: 10_000, seed: 7, duplicateShare: 0.3, germanShare: 0.7 }
 * ```
 */
export interface GenerateContactsOptions {
  /** Number of records (originals plus duplicates). */
  count: number
  /** Seed: the same seed and options give the same records. Default 1. */
  seed?: number
  /** Share of records that are corrupted duplicates of another record. Default 0.3. */
  duplicateShare?: number
  /** Share of German (rest: English) persons. Default 0.6. */
  germanShare?: number
  /**
   * Emit canonical values as @contactkit/normalize would (phone `value` in E.164, email lower case), keeping
   * what was "written" in `raw`. With `false` the written forms are the values. Default `true`.
   */
  canonical?: boolean
}

/**
 * Records made by {@link generateContacts} and their ground truth.
 *
 * @example
 * ```ts
 * const { contacts, entityOf } = generateContacts({ count: 100 })
 * entityOf.get(contacts[0]!.id!) // 'e0'
 * ```
 */
export interface GeneratedContacts {
  /** The records, duplicates interleaved with the originals at random places; ids are `s<number>`. */
  contacts: Contact[]
  /** Entity of each record id: two records with one entity are true duplicates. */
  entityOf: Map<string, string>
}

const GERMAN_FIRST = [
  'Jürgen',
  'Jörg',
  'Günter',
  'Björn',
  'Sören',
  'Hans',
  'Johannes',
  'Josef',
  'Katharina',
  'Stefanie',
  'Friedrich',
  'Ulrich',
  'Anna',
  'Maria',
  'Lukas',
  'Matthias',
  'Sebastian',
  'Andreas',
  'Thomas',
  'Michael',
  'Wolfgang',
  'Klaus',
  'Sabine',
  'Ursula',
  'Monika',
  'Petra',
  'Birgit',
  'Susanne',
  'Christine',
  'Elisabeth',
  'Margarete',
  'Franziska',
  'Jörn',
  'Uwe',
  'Dieter',
  'Horst',
  'Heinz',
  'Bernd',
  'Ralf',
  'Frank',
  'Dörte',
  'Bärbel',
  'Käthe',
  'Lena',
  'Leonie',
  'Maximilian',
  'Felix',
  'Tobias',
  'Florian',
  'Niklas',
  'Jan',
  'Tim',
  'Sophie',
  'Hannah',
  'Lea',
  'Jana',
  'Gabriele',
]
const ENGLISH_FIRST = [
  'James',
  'John',
  'Robert',
  'Michael',
  'William',
  'David',
  'Richard',
  'Joseph',
  'Thomas',
  'Charles',
  'Mary',
  'Patricia',
  'Jennifer',
  'Linda',
  'Elizabeth',
  'Barbara',
  'Susan',
  'Jessica',
  'Sarah',
  'Karen',
  'Katherine',
  'Christopher',
  'Daniel',
  'Matthew',
  'Anthony',
  'Margaret',
  'Emily',
  'Rebecca',
  'Andrew',
  'Edward',
  'Alexander',
  'Victoria',
  'Samuel',
  'Benjamin',
  'Nicholas',
  'Jonathan',
  'Stephanie',
  'Frederick',
  'Catherine',
  'Peter',
]
const GERMAN_SURNAME = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Bauer',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Krause',
  'Meier',
  'Lehmann',
  'Köhler',
  'Weiß',
  'Groß',
  'Jäger',
  'Vogel',
  'Fuchs',
  'Günther',
  'Böhm',
  'Süß',
  'Strauß',
]
const SURNAME_HEADS = [
  'Ober',
  'Unter',
  'Brand',
  'Stein',
  'Kirch',
  'Hohen',
  'Alt',
  'Neu',
  'Rosen',
  'Linden',
  'Eich',
  'Buch',
  'Tann',
  'Wald',
  'Berg',
  'Feld',
  'Moos',
  'Bach',
  'Hassel',
  'Wester',
  'Oster',
  'Sonnen',
  'Mittel',
  'Gross',
  'Klein',
  'Hage',
  'Lieb',
  'Grün',
  'Schön',
  'Mühl',
  'Sauer',
  'Kreuz',
  'Falken',
  'Adler',
  'Hirsch',
  'Wolfs',
  'Bären',
  'Fried',
  'Heil',
  'Kalten',
]
const SURNAME_TAILS = [
  'huber',
  'stätter',
  'mann',
  'hoff',
  'meier',
  'berger',
  'bauer',
  'müller',
  'reiter',
  'inger',
  'hauser',
  'maier',
  'schmid',
  'wieser',
  'leitner',
  'gruber',
  'lechner',
  'thaler',
  'hammer',
  'brunner',
  'felder',
  'egger',
  'moser',
  'kamp',
  'beck',
  'horst',
  'dorf',
  'städt',
  'hagen',
  'kötter',
  'wald',
  'rath',
  'stein',
  'bach',
  'loh',
  'kemper',
]
const ENGLISH_SURNAME = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Martin',
  'Jackson',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  'Evans',
  'Turner',
  'Parker',
  'Collins',
  'Edwards',
  'Stewart',
  'Morris',
  'Murphy',
  'Cook',
]
const ENGLISH_TAILS = [
  'ton',
  'ford',
  'ley',
  'wood',
  'worth',
  'field',
  'by',
  'ham',
  'well',
  'ridge',
  'more',
  'brook',
]
const INDUSTRY_DE = [
  'Bau',
  'Logistik',
  'Maschinenbau',
  'Elektrotechnik',
  'Software',
  'Immobilien',
  'Metallbau',
  'Druck',
  'Handel',
  'Beratung',
  'Medizintechnik',
  'Werkzeugbau',
]
const INDUSTRY_EN = [
  'Consulting',
  'Logistics',
  'Software',
  'Engineering',
  'Holdings',
  'Trading',
  'Systems',
  'Analytics',
  'Labs',
  'Partners',
]
const LEGAL_DE = ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.', 'UG (haftungsbeschränkt)', 'OHG', 'SE']
const LEGAL_EN = ['Ltd', 'Ltd.', 'Inc.', 'LLC', 'plc', 'Limited']
const CITIES_DE: [string, string, string][] = [
  ['München', '80', '89'],
  ['Berlin', '10', '30'],
  ['Hamburg', '20', '40'],
  ['Köln', '50', '221'],
  ['Frankfurt am Main', '60', '69'],
  ['Stuttgart', '70', '711'],
  ['Düsseldorf', '40', '211'],
  ['Nürnberg', '90', '911'],
  ['Würzburg', '97', '931'],
  ['Lübeck', '23', '451'],
  ['Göttingen', '37', '551'],
  ['Saarbrücken', '66', '681'],
  ['Regensburg', '93', '941'],
  ['Fürth', '90', '911'],
  ['Osnabrück', '49', '541'],
]
const CITIES_EN: [string, string, string][] = [
  ['London', 'EC1', '20'],
  ['Manchester', 'M1', '161'],
  ['Birmingham', 'B1', '121'],
  ['Leeds', 'LS1', '113'],
  ['Bristol', 'BS1', '117'],
  ['Edinburgh', 'EH1', '131'],
  ['Cambridge', 'CB1', '1223'],
  ['Oxford', 'OX1', '1865'],
]
const STREETS_DE = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Schillerstraße',
  'Goethestraße',
  'Lindenweg',
  'Marktplatz',
  'Kirchgasse',
  'Am Mühlbach',
  'Industriestraße',
  'Königsallee',
  'Lerchenfeldstraße',
  'Gärtnerplatz',
  'Brückenstraße',
  'Schloßallee',
  'Rosenheimer Straße',
]
const STREETS_EN = [
  'High Street',
  'Station Road',
  'Church Lane',
  'Victoria Road',
  'Mill Lane',
  'Park Avenue',
  'King Street',
  'Queens Road',
  'London Road',
  'Green Lane',
]
const TITLES = ['Dr.', 'Prof. Dr.', 'Dipl.-Ing.', 'Dr. med.']
const FREE_MAIL_DE = ['gmx.de', 'web.de', 't-online.de', 'gmail.com']
const FREE_MAIL_EN = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'hotmail.com']
const NICKNAMES: Record<string, string[]> = {
  Johannes: ['Hans', 'Hannes'],
  Josef: ['Sepp', 'Jupp'],
  Katharina: ['Kathi', 'Katja'],
  Stefanie: ['Steffi'],
  Friedrich: ['Fritz'],
  Ulrich: ['Uli'],
  Matthias: ['Hias'],
  Sebastian: ['Basti'],
  Maximilian: ['Max'],
  Elisabeth: ['Lisa', 'Liesl'],
  Margarete: ['Grete'],
  Franziska: ['Franzi'],
  Andreas: ['Andi'],
  Michael: ['Michi'],
  William: ['Bill', 'Will'],
  Robert: ['Bob', 'Rob'],
  Richard: ['Dick', 'Rick'],
  James: ['Jim', 'Jimmy'],
  Elizabeth: ['Liz', 'Beth'],
  Katherine: ['Kate', 'Kathy'],
  Christopher: ['Chris'],
  Daniel: ['Dan'],
  Matthew: ['Matt'],
  Anthony: ['Tony'],
  Margaret: ['Peggy', 'Maggie'],
  Alexander: ['Alex'],
  Samuel: ['Sam'],
  Benjamin: ['Ben'],
  Nicholas: ['Nick'],
  Jonathan: ['Jon'],
  Frederick: ['Fred'],
  Edward: ['Ted', 'Ed'],
}
// Confusions of OCR engines on business cards and scans.
const OCR: [string, string][] = [
  ['rn', 'm'],
  ['m', 'rn'],
  ['l', '1'],
  ['O', '0'],
  ['ü', 'u'],
  ['ß', 'B'],
  ['S', '5'],
  ['e', 'c'],
  ['i', 'l'],
  ['cl', 'd'],
]

interface Person {
  german: boolean
  title: string | undefined
  firstName: string
  lastName: string
  company: string | undefined
  domain: string | undefined
  email: string | undefined
  phone: { country: string; area: string; number: string; extension: string | undefined } | undefined
  street: string
  houseNumber: string
  postalCode: string
  city: string
  country: string
}

function asciiDomain(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/**
 * Generates seeded synthetic German and English business contacts with known duplicates, for evaluation and
 * benchmarks. Originals have names with umlauts and ß, academic titles, companies with legal forms
 * (`GmbH & Co. KG`, `Ltd`), work or free-mail addresses, phones and postal addresses.
 *
 * Corruption model: each duplicate copies an original and applies 1–3 corruptions drawn uniformly from:
 * a keyboard typo in a name, street or company (insert, delete, substitute or transpose one letter); an OCR
 * confusion (`rn`→`m`, `l`→`1`, `ß`→`B`, `ü`→`u` ...); umlaut transliteration (`Müller`→`Mueller`); a nickname or
 * short form (`Josef`→`Sepp`, `William`→`Bill`); the first name cut to an initial (`J.`); first and last name
 * swapped; a title added or dropped; a missing value (email, phone, company or address removed); the company's legal
 * form changed or dropped; the email's case changed or a `+tag` added. Independently of corruption, the phone
 * is written in one of the forms `+49 89 1234567`, `0049 (0)89 1234567` or `089 1234567` (national forms for
 * the person's own country). With `canonical: true` (the default, as @contactkit/normalize would leave them) the
 * phone value is E.164 and the written form is in `raw`.
 *
 * @param options - Count, seed, duplicate share and German share.
 * @returns The shuffled records and the entity of each id.
 * @throws {MatchError} MATCH_INVALID_CONFIG when `count` is not a positive integer or a share is outside [0, 1].
 *
 * @example
 * ```ts
 * const { contacts, entityOf } = generateContacts({ count: 1000, seed: 42 })
 * contacts.length // 1000
 * ```
 */
export function generateContacts(options: GenerateContactsOptions): GeneratedContacts {
  checkOptions(options)
  const entityOf = new Map<string, string>()
  const contacts: Contact[] = []
  for (const [contact, entity] of synthesize(options)) {
    entityOf.set(contact.id as string, `e${entity}`)
    contacts.push(contact)
  }
  return { contacts, entityOf }
}

/**
 * The records of {@link generateContacts} with the same options, one at a time: the same contacts in the same
 * order, made as they are read. For benchmarks and tests of streamed inputs (`findDuplicates` accepts an
 * iterable), without holding every contact object at once; only the originals that duplicates copy are kept.
 * Ground truth: `generateContacts` gives the entity of each id.
 *
 * @param options - Count, seed, duplicate share and German share, as for {@link generateContacts}.
 * @returns An iterator over the contacts (use it once).
 * @throws {MatchError} MATCH_INVALID_CONFIG when `count` is not a positive integer or a share is outside [0, 1].
 *
 * @example
 * ```ts
 * const matcher = createMatcher()
 * const result = await matcher.findDuplicates(generateContactStream({ count: 1_000_000, seed: 2026 }))
 * ```
 */
export function generateContactStream(options: GenerateContactsOptions): IterableIterator<Contact> {
  checkOptions(options)
  const records = synthesize(options)
  const stream: IterableIterator<Contact> = {
    next() {
      const step = records.next()
      return step.done ? { done: true, value: undefined } : { done: false, value: step.value[0] }
    },
    [Symbol.iterator]: () => stream,
  }
  return stream
}

function checkOptions(options: GenerateContactsOptions): void {
  const { count } = options
  const duplicateShare = options.duplicateShare ?? 0.3
  const germanShare = options.germanShare ?? 0.6
  if (
    !Number.isInteger(count) ||
    count < 1 ||
    !(duplicateShare >= 0 && duplicateShare < 1) ||
    !(germanShare >= 0 && germanShare <= 1)
  ) {
    throw new MatchError(
      'MATCH_INVALID_CONFIG',
      'generateContacts needs a positive integer count and shares in [0, 1).',
      {
        details: { count, duplicateShare, germanShare },
      },
    )
  }
}

// The records with the index of their entity (the order of its original among the originals).
function* synthesize(options: GenerateContactsOptions): Generator<[Contact, number]> {
  const { count } = options
  const duplicateShare = options.duplicateShare ?? 0.3
  const germanShare = options.germanShare ?? 0.6
  const canonical = options.canonical ?? true
  const random = seededRandom(options.seed ?? 1)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  // Zipf-like: low indexes are far more common, as with real surnames.
  const pickSkewed = <T>(list: readonly T[]): T => list[Math.floor(list.length * random() ** 2.2)] as T
  const digits = (length: number) =>
    Array.from({ length }, (_, i) =>
      String(Math.floor(random() * (i === 0 ? 9 : 10)) + (i === 0 ? 1 : 0)),
    ).join('')

  function surname(german: boolean): string {
    if (german)
      return random() < 0.45 ? pickSkewed(GERMAN_SURNAME) : pick(SURNAME_HEADS) + pick(SURNAME_TAILS)
    return random() < 0.5
      ? pickSkewed(ENGLISH_SURNAME)
      : pick(SURNAME_HEADS.slice(0, 20)).replace(/[äöüß]/g, 'e') + pick(ENGLISH_TAILS)
  }

  function person(): Person {
    const german = random() < germanShare
    const firstName = pick(german ? GERMAN_FIRST : ENGLISH_FIRST)
    const lastName = surname(german)
    const [city, postalPrefix, area] = pick(german ? CITIES_DE : CITIES_EN)
    const hasCompany = random() < 0.9
    const companyBase = random() < 0.5 ? surname(german) : `${pick(SURNAME_HEADS)}${pick(SURNAME_TAILS)}`
    const company = hasCompany
      ? `${companyBase} ${pick(german ? INDUSTRY_DE : INDUSTRY_EN)} ${pick(german ? LEGAL_DE : LEGAL_EN)}`
      : undefined
    const domain = company
      ? `${asciiDomain(companyBase)}-${asciiDomain(company.split(' ')[1] as string)}.${german ? 'de' : 'co.uk'}`
      : undefined
    const local = `${asciiDomain(firstName)}.${asciiDomain(lastName)}`
    const email =
      random() < 0.85
        ? domain && random() < 0.8
          ? `${local}@${domain}`
          : `${local}${Math.floor(random() * 100)}@${pick(german ? FREE_MAIL_DE : FREE_MAIL_EN)}`
        : undefined
    return {
      german,
      title: german && random() < 0.12 ? pick(TITLES) : undefined,
      firstName,
      lastName,
      company,
      domain,
      email,
      phone:
        random() < 0.8
          ? {
              country: german ? '49' : '44',
              area,
              number: digits(german ? 7 : 6),
              extension: random() < 0.2 ? digits(2) : undefined,
            }
          : undefined,
      street: pick(german ? STREETS_DE : STREETS_EN),
      houseNumber: String(1 + Math.floor(random() * 180)) + (random() < 0.1 ? 'a' : ''),
      postalCode: german
        ? `${postalPrefix}${digits(3)}`
        : `${postalPrefix} ${digits(1)}${pick(['AB', 'XY', 'QT', 'HN'])}`,
      city,
      country: german ? 'DE' : 'GB',
    }
  }

  function typo(text: string): string {
    if (text.length < 3) return text
    const at = 1 + Math.floor(random() * (text.length - 2))
    const letter = String.fromCharCode(97 + Math.floor(random() * 26))
    switch (Math.floor(random() * 4)) {
      case 0:
        return text.slice(0, at) + letter + text.slice(at)
      case 1:
        return text.slice(0, at) + text.slice(at + 1)
      case 2:
        return text.slice(0, at) + letter + text.slice(at + 1)
      default:
        return text.slice(0, at - 1) + text.charAt(at) + text.charAt(at - 1) + text.slice(at + 1)
    }
  }

  function ocr(text: string): string {
    const candidates = OCR.filter(([from]) => text.includes(from))
    if (candidates.length === 0) return typo(text)
    const [from, to] = pick(candidates)
    return text.replace(from, to)
  }

  function corrupt(original: Person): Person {
    const copy: Person = { ...original, phone: original.phone && { ...original.phone } }
    const corruptions = 1 + Math.floor(random() * 3)
    for (let k = 0; k < corruptions; k++) {
      const field = pick(['firstName', 'lastName', 'street', 'company'] as const)
      switch (Math.floor(random() * 10)) {
        case 0:
          if (field === 'company' ? copy.company : true) copy[field] = typo(copy[field] as string)
          break
        case 1:
          if (field === 'company' ? copy.company : true) copy[field] = ocr(copy[field] as string)
          break
        case 2:
          copy.lastName = copy.lastName
            .replace(/ä/g, 'ae')
            .replace(/ö/g, 'oe')
            .replace(/ü/g, 'ue')
            .replace(/ß/g, 'ss')
          copy.firstName = copy.firstName.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue')
          break
        case 3: {
          const nicknames = NICKNAMES[copy.firstName]
          copy.firstName = nicknames ? pick(nicknames) : `${copy.firstName.charAt(0)}.`
          break
        }
        case 4:
          copy.firstName = `${copy.firstName.charAt(0)}.`
          break
        case 5:
          ;[copy.firstName, copy.lastName] = [copy.lastName, copy.firstName]
          break
        case 6:
          copy.title = copy.title ? undefined : pick(TITLES)
          break
        case 7: {
          const missing = pick(['email', 'phone', 'company', 'address'] as const)
          if (missing === 'address') copy.street = ''
          else copy[missing] = undefined
          break
        }
        case 8:
          if (copy.company) {
            const legal = copy.german ? LEGAL_DE : LEGAL_EN
            const form = legal.find((candidate) => copy.company?.endsWith(candidate))
            const base = form ? copy.company.slice(0, -form.length).trim() : copy.company
            copy.company = random() < 0.5 ? base : `${base} ${pick(legal)}`
          }
          break
        default:
          if (copy.email) {
            const [local, domain] = copy.email.split('@')
            copy.email =
              random() < 0.5
                ? `${local}+crm@${domain}`
                : `${local?.charAt(0).toUpperCase()}${local?.slice(1)}@${domain?.toUpperCase()}`
          }
      }
    }
    return copy
  }

  function toContact(p: Person, id: string): Contact {
    const contact: Contact = {
      id,
      firstName: p.firstName,
      lastName: p.lastName,
      emails: [],
      phones: [],
      addresses: [],
      websites: [],
    }
    if (p.title) contact.title = p.title
    if (p.company) contact.company = p.company
    if (p.email) {
      contact.emails.push(
        canonical && p.email !== p.email.toLowerCase()
          ? { value: p.email.toLowerCase(), kind: 'work', raw: p.email }
          : { value: p.email, kind: 'work' },
      )
    }
    if (p.phone) {
      const { country, area, number, extension } = p.phone
      const form = Math.floor(random() * 3)
      const written =
        form === 0
          ? `+${country} ${area} ${number}`
          : form === 1
            ? `00${country} (0)${area} ${number}`
            : `0${area} ${number}`
      const phone = canonical
        ? { value: `+${country}${area}${number}`, kind: 'work' as const, raw: written }
        : { value: written, kind: 'work' as const }
      contact.phones.push(extension ? { ...phone, extension } : phone)
    }
    if (p.street) {
      contact.addresses.push({
        street: p.street,
        houseNumber: p.houseNumber,
        postalCode: p.postalCode,
        city: p.city,
        country: p.country,
      })
    }
    return contact
  }

  const originals: Person[] = []
  for (let i = 0; i < count; i++) {
    const duplicate = originals.length > 0 && random() < duplicateShare
    const entity = duplicate ? Math.floor(random() * originals.length) : originals.length
    if (!duplicate) originals.push(person())
    const base = originals[entity] as Person
    yield [toContact(duplicate ? corrupt(base) : base, `s${i}`), entity]
  }
}

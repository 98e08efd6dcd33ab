// Deterministic synthetic contacts for the benchmark: a CRM record and the business card of the same person,
// written the way each source writes (E.164 vs national phone formats, `Str.` vs `Straße`, upper-case exports).
import type { Contact } from '@contactkit/core'

/** A small seeded PRNG (mulberry32), so every run benchmarks the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = [
  'Anna',
  'Jürgen',
  'Hans-Peter',
  'Sabine',
  'Michael',
  'Özlem',
  'Klaus',
  'Friederike',
  'Thomas',
  'Jörg',
]
const LAST = ['Müller', 'Schäfer', 'Groß', 'Meier', 'Weiß', 'Schmidt', 'Köhler', 'Bäcker', 'Fuchs', 'Nguyen']
const MIDDLE = ['Maria', 'Josef', 'Luise', undefined, undefined]
const TITLES = ['Dr.', 'Prof. Dr.', 'Dipl.-Ing.', undefined]
const JOBS = ['Leiterin Einkauf', 'Geschäftsführer', 'Head of Procurement', 'Vertriebsleiter', 'Einkauf']
const COMPANIES = ['Muster GmbH & Co. KG', 'Beispiel AG', 'Schäfer & Söhne OHG', 'Nordlicht Logistik GmbH']
const STREETS: [full: string, short: string][] = [
  ['Musterstraße', 'Musterstr.'],
  ['Hauptstraße', 'Hauptstr.'],
  ['Lindenstraße', 'Lindenstr.'],
  ['Bahnhofstraße', 'Bahnhofstr.'],
]
const CITIES: [code: string, city: string, area: string][] = [
  ['80331', 'München', '89'],
  ['10115', 'Berlin', '30'],
  ['20095', 'Hamburg', '40'],
  ['50667', 'Köln', '221'],
]

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T
}

function ascii(text: string): string {
  return text
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replaceAll('Ö', 'Oe')
    .toLowerCase()
}

function set<T extends object>(target: T, key: keyof T, value: T[keyof T] | undefined): void {
  if (value !== undefined) target[key] = value
}

/** The same person as the CRM keeps it and as a business card shows it; numbers are unique per index. */
export function typicalPair(index: number): { existing: Contact; incoming: Contact } {
  const next = random(index + 1)
  const first = pick(next, FIRST)
  const last = pick(next, LAST)
  const [code, city, area] = pick(next, CITIES)
  const [street, short] = pick(next, STREETS)
  const company = pick(next, COMPANIES)
  const domain = `${ascii(company.split(' ')[0] ?? 'firma')}.de`
  const office = String(1000000 + ((index * 7919) % 8999999))
  const mobile = String(10000000 + ((index * 104729) % 89999999))
  const house = String(1 + (index % 120))
  const existing: Contact = {
    id: `crm-${index}`,
    salutation: 'Frau',
    firstName: next() < 0.3 ? first.toUpperCase() : first,
    lastName: next() < 0.3 ? last.toUpperCase() : last,
    company,
    jobTitle: pick(next, JOBS),
    emails: [
      { value: `${ascii(first)}.${ascii(last)}@${domain}`, kind: 'work' },
      { value: `${ascii(first)}${index}@gmx.de`, kind: 'home' },
    ],
    phones: [
      { value: `+49${area}${office}`, kind: 'work' },
      { value: `+49171${mobile}`, kind: 'mobile' },
      { value: `+49${area}${office.slice(0, -1)}9`, kind: 'fax' },
    ],
    addresses: [{ street, houseNumber: house, postalCode: code, city, country: 'DE', kind: 'work' }],
    websites: [`https://www.${domain}/`],
    updatedAt: '2025-03-01T10:00:00+01:00',
    source: { kind: 'crm' },
  }
  set(existing, 'title', pick(next, TITLES))
  set(existing, 'middleName', pick(next, MIDDLE))
  const incoming: Contact = {
    salutation: 'Frau',
    firstName: next() < 0.2 ? `${first[0]}.` : first,
    lastName: last,
    company,
    jobTitle: pick(next, JOBS),
    emails: [
      { value: `${ascii(first)}.${ascii(last)}@${domain}`.replace(/^./, (letter) => letter.toUpperCase()) },
      { value: `${ascii(first)}@${domain}` },
    ],
    phones: [
      { value: `0${area} ${office}` },
      { value: `+49 (0)171 ${mobile}`, kind: 'mobile' },
      { value: `+49 ${area} ${office.slice(0, -1)}8`, kind: 'work' },
    ],
    addresses: [{ street: short, houseNumber: house, postalCode: code, city }],
    websites: [`${domain}`],
    source: { kind: 'businessCard', at: '2026-11-02T09:30:00Z', confidence: 0.9 },
  }
  set(incoming, 'title', pick(next, TITLES))
  set(incoming, 'middleName', pick(next, MIDDLE))
  return { existing, incoming }
}

/** A cluster of `size` records of one person: two CRM duplicates and imports, signatures and cards. */
export function cluster(size: number, seed = 1): Contact[] {
  const { existing, incoming } = typicalPair(seed)
  const kinds = ['import', 'signature', 'businessCard', 'visitReport'] as const
  const records: Contact[] = [existing, { ...incoming, id: `crm-dup-${seed}`, source: { kind: 'crm' } }]
  for (let index = 2; index < size; index++) {
    const next = random(seed * 100003 + index)
    const variant: Contact = {
      ...incoming,
      jobTitle: pick(next, JOBS),
      // Every fifth record brings a number nobody had; the rest repeat known numbers in another form.
      phones:
        index % 5 === 0
          ? [...incoming.phones, { value: `+49 151 ${String(20000000 + index)}`, kind: 'mobile' }]
          : incoming.phones,
      emails:
        index % 7 === 0 ? [...incoming.emails, { value: `contact${index}@example.de` }] : incoming.emails,
      updatedAt: new Date(Date.UTC(2026, 0, 1) + index * 3600_000).toISOString(),
      source: {
        kind: pick(next, kinds),
        at: new Date(Date.UTC(2026, 0, 1) + index * 3600_000).toISOString(),
      },
    }
    records.push(variant)
  }
  return records.slice(0, size)
}

// CPU time per call of the functions other packages call per value: normalizePhone (with and without the
// display formats), the matching keys on canonical values (what a normalised contact holds, as merge passes
// them) and on raw values (as typed), and normalizeContact on typical import rows. Every value differs (5,000
// contacts; company, street and site names made unique), so the bounded memos in the key functions miss; the
// "repeated" rows show a caller that passes the same 50 values again and again.
//
// Set NORMALIZE_BASELINE to the src/ folder of another checkout (e.g. a `git worktree` of an older commit) to
// measure that implementation in the same process, alternating rounds, and print the ratio.
import { pathToFileURL } from 'node:url'
import * as current from '../src/index.js'
import { typicalContacts } from './contacts.js'

type Api = typeof current

const ROUNDS = 9
const contacts = typicalContacts(5_000)
const COUNTRY = { defaultCountry: 'DE' }
const WEBSITES = [
  'www.Muster-GmbH.de/',
  'https://beispiel.de/kontakt/?utm_source=newsletter',
  'http://shop.acme.co.uk',
  'nordlicht-ug.de',
]

const SYLLABLES = ['ba', 'ke', 'lo', 'mu', 'ri', 'sa', 'te', 'wi', 'no', 'dö', 'gen', 'hal']

// A made-up capitalised word per index: `Keloba`, `Gensa`, ...
function word(index: number): string {
  let text = ''
  let rest = index + SYLLABLES.length
  while (rest > 0) {
    text += SYLLABLES[rest % SYLLABLES.length]
    rest = Math.floor(rest / SYLLABLES.length)
  }
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

interface Case {
  name: string
  run: (api: Api) => number
}

let sink = 0
const sinkOf = (value: unknown) => (typeof value === 'string' ? value.length : value ? 1 : 0)

function casesFor(reference: Api): Case[] {
  const rawPhones = contacts.flatMap((contact) => contact.phones)
  // Canonical values as a normalised contact holds them, built with the value functions rather than
  // normalizeContact: a function's speed depends on what ran before it, and normalizeContact is measured first.
  const e164 = rawPhones.map((phone) => reference.normalizePhone(phone, COUNTRY).e164 ?? phone)
  // As typed: a display name, capitals in the domain, a space after.
  const rawEmails = contacts.map((contact, index) =>
    index % 2 ? `${contact.emails.replace('.de', '.DE')} ` : `"${contact.name}" <${contact.emails}>`,
  )
  const emails = contacts.map((contact) => reference.normalizeEmail(contact.emails).address ?? contact.emails)
  // Company, street and site names get a made-up word per contact, so each differs (the memos miss).
  const rawCompanies = contacts.map((contact, index) => `${word(index)} ${contact.company ?? ''}`)
  const companies = rawCompanies.map((company) => reference.normalizeCompany(company).name)
  const rawAddresses = contacts.map(
    (contact, index) =>
      `${word(index)}${contact.addresses.replace(/^(?:Am |Haupt|Bahnhof)/, '').toLowerCase()}`,
  )
  const addresses = rawAddresses.map((line) => reference.normalizeAddress(line, COUNTRY))
  const names = contacts.map((contact) => reference.parseName(contact.name).lastName ?? '')
  const websites = contacts.map((_, index) => {
    const site = WEBSITES[index % WEBSITES.length] ?? ''
    return site.replace(/muster|beispiel|acme|nordlicht/i, word(index).toLowerCase())
  })
  const canonicalSites = websites.map((site) => reference.normalizeUrl(site).url ?? site)
  const few = e164.slice(0, 50)
  const fewEmails = emails.slice(0, 50)
  const fewCompanies = companies.slice(0, 50)
  const each =
    <T>(values: T[], call: (api: Api, value: T) => unknown) =>
    (api: Api) => {
      for (const value of values) sink += sinkOf(call(api, value))
      return values.length
    }
  return [
    {
      name: 'normalizeContact, typical row',
      run: each(contacts, (api, v) => api.normalizeContact(v, COUNTRY).issues),
    },
    {
      name: 'normalizePhone, raw, default',
      run: each(rawPhones, (api, v) => api.normalizePhone(v, COUNTRY).e164),
    },
    {
      name: 'normalizePhone, raw, formats: false',
      run: each(rawPhones, (api, v) => api.normalizePhone(v, { defaultCountry: 'DE', formats: false }).e164),
    },
    { name: 'phoneKey, E.164', run: each(e164, (api, v) => api.phoneKey(v, 'DE')) },
    { name: 'phoneKey, raw', run: each(rawPhones, (api, v) => api.phoneKey(v, 'DE')) },
    {
      name: 'phoneKey, E.164, 50 values repeated',
      run: (api) => {
        for (let round = 0; round < 100; round++) for (const v of few) sink += api.phoneKey(v, 'DE').length
        return few.length * 100
      },
    },
    { name: 'emailKey, canonical', run: each(emails, (api, v) => api.emailKey(v)) },
    { name: 'emailKey, raw', run: each(rawEmails, (api, v) => api.emailKey(v)) },
    {
      name: 'emailKey, canonical, 50 values repeated',
      run: (api) => {
        for (let round = 0; round < 100; round++) for (const v of fewEmails) sink += sinkOf(api.emailKey(v))
        return fewEmails.length * 100
      },
    },
    { name: 'companyKey, canonical', run: each(companies, (api, v) => api.companyKey(v)) },
    { name: 'companyKey, raw', run: each(rawCompanies, (api, v) => api.companyKey(v)) },
    { name: 'normalizeCompany, canonical', run: each(companies, (api, v) => api.normalizeCompany(v).key) },
    {
      name: 'companyKey, canonical, 50 values repeated',
      run: (api) => {
        for (let round = 0; round < 100; round++)
          for (const v of fewCompanies) sink += api.companyKey(v).length
        return fewCompanies.length * 100
      },
    },
    { name: 'addressKey, normalised address', run: each(addresses, (api, v) => api.addressKey(v)) },
    {
      name: 'addressKey(normalizeAddress(raw))',
      run: each(rawAddresses, (api, v) => api.addressKey(api.normalizeAddress(v, COUNTRY))),
    },
    { name: 'streetKey, canonical', run: each(addresses, (api, v) => api.streetKey(v.street ?? '')) },
    { name: 'normalizeUrl, canonical', run: each(canonicalSites, (api, v) => api.normalizeUrl(v).url) },
    { name: 'normalizeUrl, raw', run: each(websites, (api, v) => api.normalizeUrl(v).url) },
    { name: 'nameKey, canonical', run: each(names, (api, v) => api.nameKey(v)) },
  ]
}

async function main(): Promise<void> {
  const apis: [string, Api][] = [['current', current]]
  const baseline = process.env.NORMALIZE_BASELINE
  if (baseline) {
    const url = pathToFileURL(`${baseline.replace(/\/$/, '')}/index.ts`).href
    apis.unshift(['baseline', (await import(url)) as Api])
  }
  // Each implementation prepares the inputs once, so both have the same history when measured; the current
  // one's inputs are used.
  let cases: Case[] = []
  for (const [, api] of [...apis].reverse()) cases = casesFor(api)
  const rows: string[][] = []
  for (const testCase of cases) {
    const cpu = new Map<string, number[]>(apis.map(([label]) => [label, []]))
    // Warm-up round for each implementation, then alternate rounds so both see the same machine load.
    for (const [, api] of apis) testCase.run(api)
    for (let round = 0; round < ROUNDS; round++) {
      // Swap the order every round: the second of two runs pays part of the first one's garbage collection.
      for (const [label, api] of round % 2 ? [...apis].reverse() : apis) {
        const start = process.cpuUsage()
        const count = testCase.run(api)
        const used = process.cpuUsage(start)
        cpu.get(label)?.push((used.user + used.system) / count)
      }
    }
    const medians = apis.map(([label]) => median(cpu.get(label) ?? []))
    const row = [testCase.name, ...medians.map((value) => value.toFixed(2))]
    if (medians.length === 2) row.push(`${((medians[0] ?? 0) / (medians[1] || 1)).toFixed(1)}×`)
    rows.push(row)
  }
  const header = ['µs CPU per call (median)', ...apis.map(([label]) => label)]
  if (apis.length === 2) header.push('speed-up')
  console.log(`| ${header.join(' | ')} |`)
  console.log(`| ${header.map(() => '---').join(' | ')} |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
  console.log(`(checksum ${sink})`)
}

await main()

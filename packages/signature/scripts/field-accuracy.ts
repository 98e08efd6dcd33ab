// `pnpm accuracy`: per-field accuracy of parseSignature / parseBusinessCard / extractSignature over the
// labelled corpus in test/fixtures (JSON gold beside each sample), compared after normalisation.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { foldText } from '@contactkit/core'
import { normalizeAddress, normalizeCompany, normalizePhone, normalizeUrl } from '@contactkit/normalize'
import { extractSignature, type ParsedSignature, parseBusinessCard, parseSignature } from '../src/index.js'

interface Gold {
  from?: { name?: string; address?: string }
  defaultCountry?: string
  firstName?: string
  lastName?: string
  title?: string
  jobTitle?: string
  department?: string
  company?: string
  emails: string[]
  phones: { value: string; kind: string }[]
  websites: string[]
  address?: {
    street?: string | undefined
    houseNumber?: string | undefined
    postalCode?: string | undefined
    city?: string | undefined
    country?: string | undefined
  }
  social?: Record<string, string>
}

/** Accuracy of one field: correct / total, plus the sample ids that failed. */
export interface FieldScore {
  correct: number
  total: number
  failures: string[]
}

export type FieldName = 'name' | 'jobTitle' | 'company' | 'email' | 'url' | 'phone' | 'address' | 'social'

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url))
const fold = (text: string | undefined) => foldText(text ?? '')
const url = (text: string) => normalizeUrl(text).url ?? text.toLowerCase()

function addressKey(address: Gold['address'] | undefined): string {
  if (address === undefined) return ''
  const normalized = normalizeAddress(address, address.country ? { defaultCountry: address.country } : {})
  return [
    normalized.streetKey ?? fold(address.street),
    normalized.houseNumber ?? '',
    normalized.postalCode ?? '',
    fold(normalized.city ?? address.city),
    normalized.country ?? '',
  ]
    .join('|')
    .toLowerCase()
}

function companyKey(name: string | undefined): string {
  if (name === undefined) return ''
  const normalized = normalizeCompany(name)
  return `${normalized.key}|${normalized.legalForm ?? ''}`
}

function run(kind: 'signatures' | 'cards', file: string, gold: Gold): ParsedSignature {
  const text = readFileSync(join(fixtures, kind, file), 'utf8')
  if (kind === 'cards')
    return parseBusinessCard(text, gold.defaultCountry ? { defaultCountry: gold.defaultCountry } : {})
  if (file.endsWith('.html')) {
    const result = extractSignature({ html: text, from: gold.from })
    return {
      contact: result.contact ?? { emails: [], phones: [], addresses: [], websites: [] },
      fields: result.fields ?? [],
    }
  }
  return parseSignature(text, { from: gold.from, defaultCountry: gold.defaultCountry })
}

/** Scores every sample of the corpus. */
export function measureFieldAccuracy(kind: 'signatures' | 'cards'): Record<FieldName, FieldScore> {
  const scores = {} as Record<FieldName, FieldScore>
  for (const field of [
    'name',
    'jobTitle',
    'company',
    'email',
    'url',
    'phone',
    'address',
    'social',
  ] as FieldName[]) {
    scores[field] = { correct: 0, total: 0, failures: [] }
  }
  const score = (field: FieldName, id: string, ok: boolean, detail: string) => {
    const entry = scores[field]
    entry.total++
    if (ok) entry.correct++
    else entry.failures.push(`${id}: ${detail}`)
  }
  const dir = join(fixtures, kind)
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.txt') && !file.endsWith('.html')) continue
    const id = file.replace(/\.(txt|html)$/, '')
    const gold = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as Gold
    const { contact } = run(kind, file, gold)
    const country = gold.defaultCountry ?? gold.address?.country
    if (gold.firstName !== undefined || gold.lastName !== undefined) {
      const ok =
        fold(contact.firstName) === fold(gold.firstName) && fold(contact.lastName) === fold(gold.lastName)
      score('name', id, ok, `${contact.firstName} ${contact.lastName}`)
    }
    if (gold.jobTitle !== undefined)
      score('jobTitle', id, fold(contact.jobTitle) === fold(gold.jobTitle), String(contact.jobTitle))
    if (gold.company !== undefined)
      score('company', id, companyKey(contact.company) === companyKey(gold.company), String(contact.company))
    for (const email of gold.emails) {
      score(
        'email',
        id,
        contact.emails.some((entry) => entry.value.toLowerCase() === email.toLowerCase()),
        email,
      )
    }
    for (const site of gold.websites) score('url', id, contact.websites.map(url).includes(url(site)), site)
    for (const phone of gold.phones) {
      const want = normalizePhone(phone.value, { defaultCountry: country }).e164 ?? phone.value
      const ok = contact.phones.some((entry) => entry.value === want && entry.kind === phone.kind)
      score(
        'phone',
        id,
        ok,
        `${want}/${phone.kind} got ${contact.phones.map((entry) => `${entry.value}/${entry.kind}`).join(',')}`,
      )
    }
    if (gold.address !== undefined) {
      const got = contact.addresses[0]
      score(
        'address',
        id,
        addressKey(got) === addressKey(gold.address),
        `${addressKey(got)} vs ${addressKey(gold.address)}`,
      )
    }
    for (const [network, value] of Object.entries(gold.social ?? {})) {
      score(
        'social',
        id,
        url(contact.social?.[network] ?? '') === url(value),
        `${network}: ${contact.social?.[network]}`,
      )
    }
  }
  return scores
}

const TARGETS: Partial<Record<FieldName, number>> = {
  email: 0.98,
  url: 0.98,
  phone: 0.95,
  name: 0.95,
  company: 0.9,
  jobTitle: 0.85,
  address: 0.9,
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const kind of ['signatures', 'cards'] as const) {
    const scores = measureFieldAccuracy(kind)
    console.log(`\n## ${kind}\n\n| field | accuracy | correct/total | target |\n| --- | --- | --- | --- |`)
    for (const [field, entry] of Object.entries(scores)) {
      const target = TARGETS[field as FieldName]
      const accuracy = entry.total === 0 ? 1 : entry.correct / entry.total
      console.log(
        `| ${field} | ${accuracy.toFixed(3)} | ${entry.correct}/${entry.total} | ${target === undefined ? '-' : `${target} ${accuracy >= target ? 'met' : 'NOT met'}`} |`,
      )
    }
    if (process.argv.includes('--failures')) {
      for (const [field, entry] of Object.entries(scores))
        for (const failure of entry.failures) console.log(`  ${field} ✗ ${failure}`)
    }
  }
}

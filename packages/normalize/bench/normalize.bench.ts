// Speed of normalizeContact on typical contacts beside libphonenumber-js parsing alone (which bounds it:
// every contact carries two phone numbers). Plain loops, median of several rounds, one core.
import parsePhoneNumber from 'libphonenumber-js/max'
import { normalizeContact } from '../src/index.js'
import { typicalContacts } from './contacts.js'

const contacts = typicalContacts(5_000)
const phones = contacts.flatMap((contact) => contact.phones)
const ROUNDS = 7

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

// CPU time per item is reported beside the wall-clock rate: on a shared machine it is the steadier figure.
const cpuMicros = new Map<() => number, number>()

function perSecond(run: () => number): number {
  const rates: number[] = []
  const cpu: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint()
    const cpuStart = process.cpuUsage()
    const count = run()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const used = process.cpuUsage(cpuStart)
    rates.push(count / seconds)
    cpu.push((used.user + used.system) / count)
  }
  cpuMicros.set(run, median(cpu))
  return median(rates)
}

function cpuOf(run: () => number): string {
  return `${(cpuMicros.get(run) ?? 0).toFixed(2)} µs CPU each`
}

let sink = 0
// Warm up both paths so the JIT has compiled them before measuring.
for (const contact of contacts)
  sink += normalizeContact(contact, { defaultCountry: 'DE' }).contact.phones.length
for (const phone of phones) sink += parsePhoneNumber(phone, 'DE')?.isValid() ? 1 : 0

const normalizeAll = () => {
  for (const contact of contacts) sink += normalizeContact(contact, { defaultCountry: 'DE' }).issues.length
  return contacts.length
}
const parseAndValidate = () => {
  for (const phone of phones) sink += parsePhoneNumber(phone, 'DE')?.isValid() ? 1 : 0
  return phones.length
}
const parseOnly = () => {
  for (const phone of phones) sink += parsePhoneNumber(phone, 'DE') ? 1 : 0
  return phones.length
}
const contactsPerSecond = perSecond(normalizeAll)
const parsesPerSecond = perSecond(parseAndValidate)
const parseOnlyPerSecond = perSecond(parseOnly)

const rate = (value: number) => Math.round(value).toLocaleString('en')
console.log(
  `normalizeContact (name, company, 2 phones, 1 email, 1 address): ${rate(contactsPerSecond)} contacts/s (${cpuOf(normalizeAll)})`,
)
console.log(
  `libphonenumber-js parse alone (max metadata):   ${rate(parseOnlyPerSecond)} numbers/s (${cpuOf(parseOnly)})`,
)
console.log(
  `libphonenumber-js parse + isValid (max metadata): ${rate(parsesPerSecond)} numbers/s (${cpuOf(parseAndValidate)})`,
)
console.log(`  bound from two parses + isValid per contact: ${rate(parsesPerSecond / 2)} contacts/s`)
console.log(`ratio normalizeContact / that bound: ${(contactsPerSecond / (parsesPerSecond / 2)).toFixed(2)}`)
console.log(
  `target ≥ 50,000 contacts/s: ${contactsPerSecond >= 50_000 ? 'met' : 'NOT met'} (checksum ${sink})`,
)

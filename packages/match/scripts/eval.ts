// Quality evaluation: `pnpm eval:match` (from the root) or `pnpm run eval` in packages/match.
// Febrl 1-3 and a synthetic German/English set; our matcher (one default threshold) beside fuzzball's
// token_set_ratio at cutoff 80. EVAL_FUZZ_SECONDS caps fuzzball's all-pairs run per dataset (default 60 s);
// past the cap it scores every true pair plus a uniform sample of the other pairs and extrapolates.
import type { Contact } from '@contactkit/core'
import * as fuzz from 'fuzzball'
import { candidatePairs } from '../src/candidate-pairs.js'
import { createMatcher, type MatcherConfig } from '../src/index.js'
import { compileModel, prepareFeatures } from '../src/model.js'
import { generateContacts } from '../src/synthetic.js'
import { seededRandom } from '../src/train.js'
import { FEBRL_CONFIG, loadFebrl, pairKey, truePairs } from './febrl.js'

interface Row {
  dataset: string
  method: string
  precision: number
  recall: number
  f1: number
  note: string
}

function scores(
  predicted: Set<string>,
  truth: Set<string>,
): { precision: number; recall: number; f1: number } {
  let tp = 0
  for (const pair of predicted) if (truth.has(pair)) tp++
  const precision = predicted.size === 0 ? 1 : tp / predicted.size
  const recall = truth.size === 0 ? 1 : tp / truth.size
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  }
}

function blockingQuality(config: MatcherConfig, contacts: Contact[], truth: Set<string>) {
  const model = compileModel(config)
  const features = contacts.map((contact) =>
    prepareFeatures(model, contact as unknown as Record<string, unknown>),
  )
  const { codes } = candidatePairs(model, features)
  const n = contacts.length
  const found = new Set<string>()
  for (const code of codes) {
    const i = Math.floor(code / n)
    found.add(pairKey(contacts[i]?.id as string, contacts[code - i * n]?.id as string))
  }
  let covered = 0
  for (const pair of truth) if (found.has(pair)) covered++
  const all = (n * (n - 1)) / 2
  return {
    pairCompleteness: covered / truth.size,
    reductionRatio: 1 - codes.length / all,
    candidates: codes.length,
  }
}

function recordText(contact: Contact): string {
  const address = contact.addresses[0] ?? {}
  return [
    contact.firstName,
    contact.lastName,
    address.houseNumber,
    address.street,
    address.postalCode,
    address.city,
    address.region,
    ...Object.values(contact.custom ?? {}).map(String),
    contact.company,
    ...contact.emails.map((email) => email.value),
    ...contact.phones.map((phone) => phone.value),
  ]
    .filter(Boolean)
    .join(' ')
}

function fuzzballRow(dataset: string, contacts: Contact[], truth: Set<string>, capSeconds: number): Row {
  const texts = contacts.map((contact) => fuzz.full_process(recordText(contact)))
  const n = texts.length
  const all = (n * (n - 1)) / 2
  const options = { full_process: false }
  const started = performance.now()
  const predicted = new Set<string>()
  let compared = 0
  let capped = false
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (fuzz.token_set_ratio(texts[i] as string, texts[j] as string, options) >= 80) {
        predicted.add(pairKey(contacts[i]?.id as string, contacts[j]?.id as string))
      }
      compared++
    }
    if (performance.now() - started > capSeconds * 1000) {
      capped = true
      break
    }
  }
  const seconds = (performance.now() - started) / 1000
  if (!capped) {
    return {
      dataset,
      method: 'fuzzball token_set_ratio ≥ 80',
      ...scores(predicted, truth),
      note: `all ${all.toLocaleString('en')} pairs, ${seconds.toFixed(1)} s`,
    }
  }
  // Capped: exact recall over every true pair, precision from a uniform sample of the other pairs.
  const index = new Map(contacts.map((contact, i) => [contact.id as string, i]))
  let tp = 0
  for (const pair of truth) {
    const [a, b] = pair.split('|') as [string, string]
    if (
      fuzz.token_set_ratio(
        texts[index.get(a) as number] as string,
        texts[index.get(b) as number] as string,
        options,
      ) >= 80
    )
      tp++
  }
  const random = seededRandom(11)
  const sample = 200_000
  let falseHits = 0
  let sampledNegatives = 0
  for (let k = 0; k < sample; k++) {
    const i = Math.floor(random() * n)
    let j = Math.floor(random() * (n - 1))
    if (j >= i) j++
    if (truth.has(pairKey(contacts[i]?.id as string, contacts[j]?.id as string))) continue
    sampledNegatives++
    if (fuzz.token_set_ratio(texts[i] as string, texts[j] as string, options) >= 80) falseHits++
  }
  const fp = (falseHits / sampledNegatives) * (all - truth.size)
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp)
  const recall = tp / truth.size
  return {
    dataset,
    method: 'fuzzball token_set_ratio ≥ 80',
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall || 1),
    note: `time cap ${capSeconds} s hit after ${compared.toLocaleString('en')} pairs (${((100 * compared) / all).toFixed(1)}%): all true pairs + ${sample.toLocaleString('en')} sampled pairs, FP extrapolated`,
  }
}

async function ourRows(
  dataset: string,
  config: MatcherConfig,
  contacts: Contact[],
  truth: Set<string>,
): Promise<Row[]> {
  const rows: Row[] = []
  for (const trained of [false, true]) {
    const matcher = createMatcher(config)
    if (trained) matcher.train(contacts)
    const started = performance.now()
    const result = await matcher.findDuplicates(contacts)
    const seconds = (performance.now() - started) / 1000
    const predicted = new Set(
      result.pairs.filter((pair) => pair.verdict === 'duplicate').map((pair) => pairKey(pair.a, pair.b)),
    )
    rows.push({
      dataset,
      method: trained ? 'contactkit, EM-trained (unsupervised)' : 'contactkit, default m/u',
      ...scores(predicted, truth),
      note: `${result.stats.candidatePairs.toLocaleString('en')} candidate pairs, ${seconds.toFixed(2)} s`,
    })
  }
  return rows
}

const fuzzCap = Number(process.env.EVAL_FUZZ_SECONDS ?? 60)
const only = process.env.EVAL_ONLY?.split(',')
const rows: Row[] = []
const blocking: string[] = []
const datasets: { name: string; contacts: Contact[]; truth: Set<string>; config: MatcherConfig }[] = []
for (const file of ['dataset1.csv', 'dataset2.csv', 'dataset3.csv']) {
  const name = `febrl${file.charAt(7)}`
  if (only && !only.includes(name)) continue
  const { contacts, entityOf } = loadFebrl(file)
  datasets.push({
    name,
    contacts,
    truth: truePairs(
      contacts.map((c) => c.id as string),
      entityOf,
    ),
    config: FEBRL_CONFIG,
  })
}
if (!only || only.includes('synthetic')) {
  const { contacts, entityOf } = generateContacts({ count: 5000, seed: 42, canonical: false })
  datasets.push({
    name: 'synthetic de/en (5,000, seed 42, phones as written)',
    contacts,
    truth: truePairs(
      contacts.map((c) => c.id as string),
      entityOf,
    ),
    config: {},
  })
}
for (const { name, contacts, truth, config } of datasets) {
  const quality = blockingQuality(config, contacts, truth)
  blocking.push(
    `| ${name} | ${contacts.length.toLocaleString('en')} | ${truth.size.toLocaleString('en')} | ${quality.candidates.toLocaleString('en')} | ${quality.pairCompleteness.toFixed(4)} | ${quality.reductionRatio.toFixed(5)} |`,
  )
  rows.push(...(await ourRows(name, config, contacts, truth)))
  if (process.env.EVAL_SKIP_FUZZBALL !== '1') rows.push(fuzzballRow(name, contacts, truth, fuzzCap))
}
console.log('\n| dataset | records | true pairs | candidate pairs | pair completeness | reduction ratio |')
console.log('|---|---|---|---|---|---|')
for (const line of blocking) console.log(line)
console.log('\n| dataset | method | precision | recall | F1 | note |')
console.log('|---|---|---|---|---|---|')
for (const row of rows) {
  console.log(
    `| ${row.dataset} | ${row.method} | ${row.precision.toFixed(4)} | ${row.recall.toFixed(4)} | ${row.f1.toFixed(4)} | ${row.note} |`,
  )
}

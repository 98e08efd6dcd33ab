import type { Contact } from '@contactkit/core'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { contact } from '../test/helpers.js'
import { candidatePairs } from './candidate-pairs.js'
import {
  boundedWeight,
  buildTable,
  featuresAt,
  keyCodes,
  packedLoader,
  packValues,
  pairWeight,
  planOf,
  tableFrequencies,
  tableRows,
  tableScorer,
  unpackValue,
  valueWeights,
} from './feature-table.js'
import {
  compileModel,
  countFrequencies,
  emptyFrequencies,
  exactWeight,
  type Features,
  log2Ratio,
  type Model,
  type ModelField,
  prepareFeatures,
  scoreWeight,
} from './model.js'
import { generateContacts } from './synthetic.js'

const model = compileModel()
const febrlLike = compileModel({
  customFields: [
    { field: 'custom.dateOfBirth', comparator: 'date', blocking: true },
    { field: 'custom.id', comparator: 'levenshtein', termFrequency: true },
  ],
})

/** Every pair of a table scored by the kernel, against `scoreWeight` on per-record features. */
function checkAllPairs(m: Model, contacts: readonly Contact[], minWeight: number): number {
  const records = contacts as unknown as Record<string, unknown>[]
  const table = buildTable(m, records)
  const features = records.map((record) => prepareFeatures(m, record))
  const counted = emptyFrequencies(m)
  for (const record of features) countFrequencies(m, counted, record, 1)
  const frequencies = tableFrequencies(m, table)
  expect(frequencies).toEqual(counted)
  const weights = valueWeights(m, table, frequencies)
  const scorer = tableScorer(planOf(m), tableRows(table, weights), table.values, weights)
  let kept = 0
  // Collected, not asserted pair by pair: tens of thousands of expect() calls would dominate the run.
  const wrong: string[] = []
  for (let i = 0; i < records.length; i++) {
    for (let j = i + 1; j < records.length; j++) {
      const expected = scoreWeight(m, features[i] as Features, features[j] as Features, counted)
      const full = pairWeight(scorer, i, j, Number.NEGATIVE_INFINITY)
      const bounded = pairWeight(scorer, i, j, minWeight)
      if (full !== expected) wrong.push(`${i}-${j}: full ${full} ≠ ${expected}`)
      if (expected >= minWeight) {
        if (bounded !== expected) wrong.push(`${i}-${j}: kept ${bounded} ≠ ${expected}`)
        kept++
      } else if (bounded !== Number.NEGATIVE_INFINITY && bounded !== expected) {
        wrong.push(`${i}-${j}: dropped ${bounded} ≠ ${expected}`)
      }
    }
  }
  expect(wrong).toEqual([])
  return kept
}

const given = fc.constantFrom('Jürgen', 'Juergen', 'Hans', 'Johannes', 'J.', 'Sepp', 'Josef', 'Anna', '')
const surname = fc.constantFrom('Müller', 'Mueller', 'Meier', 'Mayr', 'Schmidt', 'Schmitt', 'Groß', '')
const company = fc.constantFrom(
  '',
  'BMW AG',
  'Bayerische Motoren Werke AG',
  'Muster Bau GmbH',
  'Musterbau GmbH & Co. KG',
  'Huber Technik Service GmbH',
)
const email = fc.constantFrom(
  'anna@muster.de',
  'Anna@Muster.de',
  'anna@gmx.de',
  'info@muster.de',
  'j.huber@huber-bau.de',
  'b@muster.de',
)
const phone = fc.constantFrom('+49891234567', '+49301234567', '+4989123456', '+43 1 234567')
const address = fc.record({
  street: fc.constantFrom('Musterstraße', 'Musterstr.', 'Hauptstraße', 'Bahnhofstr.'),
  houseNumber: fc.constantFrom('5', '5a', '12', ''),
  postalCode: fc.constantFrom('80331', '80333', '10115', '803'),
  city: fc.constantFrom('München', 'Muenchen', 'Berlin', 'Münster'),
})
const arbitraryContact = fc
  .record({
    first: given,
    last: surname,
    company,
    emails: fc.array(email, { maxLength: 2 }),
    phones: fc.array(phone, { maxLength: 2 }),
    addresses: fc.array(address, { maxLength: 2 }),
  })
  .map((v) =>
    contact({
      ...(v.first ? { firstName: v.first } : {}),
      ...(v.last ? { lastName: v.last } : {}),
      ...(v.company ? { company: v.company } : {}),
      emails: v.emails.map((value) => ({ value })),
      phones: v.phones.map((value) => ({ value })),
      addresses: v.addresses.map((a) => ({ ...a, country: 'DE' })),
    }),
  )

describe('feature table and scoring kernel', () => {
  test.prop([
    fc.array(arbitraryContact, { minLength: 2, maxLength: 12 }),
    fc.double({ min: -20, max: 20, noNaN: true }),
  ])(
    'scores every pair exactly as scoreWeight, and drops only pairs below the minimum weight',
    (contacts, minWeight) => {
      checkAllPairs(model, contacts, minWeight)
    },
  )

  it('agrees with scoreWeight on a synthetic German/English base with custom fields and term frequencies', () => {
    const { contacts } = generateContacts({ count: 250, seed: 11, canonical: false })
    const withCustom = contacts.map((c, i) => ({
      ...c,
      custom: { dateOfBirth: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, id: String(1000 + (i % 97)) },
    }))
    const kept = checkAllPairs(febrlLike, withCustom, log2Ratio(0.5, 0.5))
    // The base holds duplicates: some pairs must pass the threshold, or the check above proved nothing.
    expect(kept).toBeGreaterThan(20)
  })

  it('shares one value id between records with the same raw value', () => {
    const table = buildTable(model, [
      contact({ firstName: 'Jürgen', lastName: 'Groß' }),
      contact({ firstName: 'Jürgen', lastName: 'Gross' }),
      contact({ lastName: 'Groß' }),
    ] as unknown as Record<string, unknown>[])
    const first = table.ids[0] as Int32Array
    const last = table.ids[1] as Int32Array
    expect([...first]).toEqual([0, 0, -1])
    expect([...last]).toEqual([0, 1, 0])
    expect(featuresAt(table, 2, [])[1]).toMatchObject({ text: 'gross' })
  })

  it('finds the same candidate pairs from a table as from per-record features', () => {
    const { contacts } = generateContacts({ count: 1200, seed: 5 })
    const records = contacts as unknown as Record<string, unknown>[]
    const table = buildTable(model, records)
    const scratch: Features = []
    const fromTable = candidatePairs(
      model,
      records.map((_, i) => [...featuresAt(table, i, scratch)]),
    )
    const fromRecords = candidatePairs(
      model,
      records.map((record) => prepareFeatures(model, record)),
    )
    expect(fromTable.codes).toEqual(fromRecords.codes)
    expect(fromTable.codes.length).toBeGreaterThan(1000)
  })

  test.prop([arbitraryContact, fc.array(arbitraryContact, { minLength: 1, maxLength: 8 })])(
    'bounds a query against indexed records without changing kept weights',
    (query, indexed) => {
      const plan = planOf(model)
      const a = prepareFeatures(model, query as unknown as Record<string, unknown>)
      const exactA = Float64Array.from(model.fields, (field, f) =>
        a[f] === undefined ? 0 : exactWeight(field as ModelField, f, a[f], undefined),
      )
      const scratch = new Float64Array(model.fields.length)
      const codesA = new Int32Array(4 * model.fields.length)
      keyCodes(plan, a, codesA, 0)
      // Record b's codes sit at an offset, as in the index's array of all slots.
      const codesB = new Int32Array(8 * model.fields.length)
      for (const other of indexed) {
        const b = prepareFeatures(model, other as unknown as Record<string, unknown>)
        keyCodes(plan, b, codesB, 4 * model.fields.length)
        const at = 4 * model.fields.length
        const expected = scoreWeight(model, a, b)
        expect(boundedWeight(plan, a, exactA, codesA, b, codesB, at, Number.NEGATIVE_INFINITY, scratch)).toBe(
          expected,
        )
        const bounded = boundedWeight(plan, a, exactA, codesA, b, codesB, at, 0, scratch)
        expect(bounded === expected || (bounded === Number.NEGATIVE_INFINITY && expected < 0)).toBe(true)
      }
    },
  )

  it('packs the values a worker reads as JSON that parses back to equal features', () => {
    const { contacts } = generateContacts({ count: 400, seed: 21, canonical: false })
    const table = buildTable(model, contacts as unknown as Record<string, unknown>[])
    const packed = packValues(table, 150)
    let checked = 0
    for (let r = 150; r < table.n; r++) {
      for (let f = 0; f < model.fields.length; f++) {
        const id = (table.ids[f] as Int32Array)[r] as number
        if (id < 0) continue
        expect(unpackValue(packed[f] as (typeof packed)[number], id)).toEqual(
          (table.values[f] as unknown[])[id],
        )
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1500)
  })

  it('packs a contact base larger than its first scratch buffer, and non-ASCII text, and leaves unused values empty', () => {
    const { contacts } = generateContacts({ count: 3000, seed: 22, canonical: false })
    const table = buildTable(model, contacts as unknown as Record<string, unknown>[])
    const first = 1000
    const packed = packValues(table, first)
    const total = packed.reduce((sum, field) => sum + field.bytes.byteLength, 0)
    expect(total).toBeGreaterThan(1 << 16)
    for (let f = 0; f < model.fields.length; f++) {
      const column = table.ids[f] as Int32Array
      const field = packed[f] as (typeof packed)[number]
      const used = new Set<number>()
      for (let r = first; r < table.n; r++) if ((column[r] as number) >= 0) used.add(column[r] as number)
      const values = table.values[f] as unknown[]
      for (let id = 0; id < values.length; id++) {
        const length = (field.offsets[id + 1] as number) - (field.offsets[id] as number)
        if (!used.has(id)) {
          expect(length).toBe(0)
          continue
        }
        const value = unpackValue(field, id)
        expect(value).toEqual(values[id])
      }
    }
    // Built-in features are folded to ASCII; custom comparators may keep any text (multi-byte in UTF-8).
    const texts = ['Müller-Lüdenscheidt', 'Straße 7', '北京 office', 'Zoë 👋']
    const custom = { n: 4, ids: [Int32Array.from([0, 1, 2, 3])], values: [texts.map((text) => ({ text }))] }
    const [field] = packValues(custom, 0)
    expect(texts.map((_, id) => unpackValue(field as (typeof packed)[number], id))).toEqual(custom.values[0])
  })

  const loaderTable = buildTable(
    model,
    generateContacts({ count: 600, seed: 23, canonical: false }).contacts as unknown as Record<
      string,
      unknown
    >[],
  )
  const loaderBase = { table: loaderTable, packed: packValues(loaderTable, 0) }
  test.prop([fc.array(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(1, 4, 64)])(
    'a bounded loader returns the packed value for every read, however ids collide in its cache',
    (reads, size) => {
      const { table, packed } = loaderBase
      const load = packedLoader(packed, size)
      for (const read of reads) {
        const f = read % model.fields.length
        const values = table.values[f] as unknown[]
        if (values.length === 0) continue
        const id = Math.floor(read / model.fields.length) % values.length
        expect(load(f, id)).toEqual(values[id])
      }
    },
  )
})

import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { type EncodedBatch, ValueReader, ValueWriter } from './value-codec.js'

function roundTrip(values: unknown[], batchSize = values.length || 1): unknown[] {
  const writer = new ValueWriter()
  const reader = new ValueReader()
  const batches: EncodedBatch[] = []
  for (let i = 0; i < values.length; i++) {
    writer.write(values[i])
    if ((i + 1) % batchSize === 0 || i === values.length - 1) batches.push(writer.take())
  }
  // A structured clone, as postMessage gives the main thread.
  const out: unknown[] = []
  for (const batch of structuredClone(batches)) {
    reader.addShapes(batch)
    reader.open(batch)
    while (reader.more) out.push(reader.next())
  }
  return out
}

describe('ValueWriter and ValueReader', () => {
  it('hand over an import row with the keys in the order JSON gives them', () => {
    const row = {
      rowNumber: 3,
      issues: [
        {
          code: 'POSTCODE_REPAIRED',
          message: 'Leading zero restored',
          field: 'addresses.0.postalCode',
          column: 6,
          header: 'PLZ',
        },
      ],
      raw: ['Herr', 'Jürgen', 'Weiß', '1067', 'Dresden', '0351 123456', 'j.weiss@example.de'],
      contact: {
        emails: [{ value: 'j.weiss@example.de' }],
        phones: [{ value: '+49351123456', kind: 'work', raw: '0351 123456' }],
        addresses: [{ postalCode: '01067', city: 'Dresden', country: 'DE' }],
        websites: [],
        salutation: 'Herr',
        firstName: 'Jürgen',
        lastName: 'Weiß',
        optional: undefined,
      },
    }
    const [back] = roundTrip([row, null])
    expect(JSON.stringify(back)).toBe(JSON.stringify(row))
    expect(roundTrip([row, null])[1]).toBeNull()
  })

  it('keeps __proto__ as an own key and does not change the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')
    const [back] = roundTrip([value]) as Record<string, unknown>[]
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(Object.keys(back as object)).toEqual(['__proto__', 'a'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('gives what JSON gives for dates, negative and fractional numbers, NaN and undefined items', () => {
    const value = {
      at: new Date(Date.UTC(2024, 11, 31)),
      n: -3,
      f: 0.5,
      nan: Number.NaN,
      list: [1, undefined, 'x'],
    }
    expect(roundTrip([value])).toEqual([JSON.parse(JSON.stringify(value))])
  })

  test.prop([fc.array(fc.jsonValue(), { maxLength: 30 }), fc.integer({ min: 1, max: 7 })])(
    'reads back any JSON value exactly as JSON.parse(JSON.stringify(value)), key order included, in batches',
    (values, batchSize) => {
      const back = roundTrip(values, batchSize)
      expect(back.map((value) => JSON.stringify(value))).toEqual(values.map((value) => JSON.stringify(value)))
    },
  )
})

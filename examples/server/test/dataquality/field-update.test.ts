import type { Contact } from '@contactkit/core'
import { toFieldUpdate } from '@contactkit/merge'
import { fc, test } from '@fast-check/vitest'
import { describe } from 'vitest'
import { applyFieldUpdate } from '../../src/dataquality/builtin-connector.js'

const text = fc.constantFrom(
  'Müller',
  'Schäfer',
  'Weiß & Söhne OHG',
  'Prof. Dr.',
  'Leiterin Einkauf',
  'Anna',
  '',
)
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })

const contact: fc.Arbitrary<Contact> = fc
  .record({
    title: optional(text),
    firstName: optional(text),
    lastName: optional(text),
    company: optional(text),
    jobTitle: optional(text),
    department: optional(text),
    emails: fc.array(
      fc.record({
        value: fc.constantFrom('a.mueller@muster.de', 'k.weiss@weiss-soehne.de'),
        kind: optional(fc.constantFrom('work' as const, 'home' as const)),
      }),
      { maxLength: 2 },
    ),
    phones: fc.array(fc.record({ value: fc.constantFrom('+49891234560', '+491712345678') }), {
      maxLength: 2,
    }),
    addresses: fc.constant([]),
    websites: fc.array(fc.constantFrom('https://muster.de', 'https://weiss-soehne.de'), { maxLength: 2 }),
    social: optional(
      fc.dictionary(
        fc.constantFrom('linkedin', 'xing'),
        fc.constantFrom('https://xing.com/p/1', 'https://linkedin.com/in/a'),
      ),
    ),
    custom: optional(
      fc.dictionary(fc.constantFrom('kundennummer', 'segment'), fc.constantFrom('K-1042', 'A')),
    ),
  })
  .map((record) => JSON.parse(JSON.stringify(record)) as Contact)

describe('applyFieldUpdate', () => {
  test.prop([contact, contact])(
    'turns the existing record into the merged one with toFieldUpdate',
    (existing, merged) => {
      const applied = applyFieldUpdate(existing as never, toFieldUpdate(existing, merged))
      const withoutEmptyMaps = (value: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(value).filter(
            ([, v]) =>
              !(v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
          ),
        )
      return (
        JSON.stringify(sortKeys(withoutEmptyMaps(applied))) ===
        JSON.stringify(sortKeys(withoutEmptyMaps(merged as never)))
      )
    },
  )
})

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    )
  return value
}

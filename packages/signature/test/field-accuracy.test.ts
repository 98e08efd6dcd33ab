import { describe, expect, it } from 'vitest'
import { type FieldName, measureFieldAccuracy } from '../scripts/field-accuracy.js'

const TARGETS: [FieldName, number][] = [
  ['email', 0.98],
  ['url', 0.98],
  ['phone', 0.95],
  ['name', 0.95],
  ['company', 0.9],
  ['jobTitle', 0.85],
  ['address', 0.9],
]

describe.each(['signatures', 'cards'] as const)('field accuracy on the %s corpus', (kind) => {
  const scores = measureFieldAccuracy(kind)

  it('has enough samples', () => {
    expect(scores.name.total).toBeGreaterThanOrEqual(kind === 'signatures' ? 60 : 20)
  })

  it.each(TARGETS)('keeps %s at or above %d', (field, target) => {
    const { correct, total, failures } = scores[field]
    expect({ accuracy: total === 0 ? 1 : correct / total, failures }).toMatchObject({
      accuracy: expect.any(Number),
    })
    expect(correct / total, failures.join('\n')).toBeGreaterThanOrEqual(target)
  })
})

import { describe, expect, it } from 'vitest'
import { createMatcher } from './matcher.js'
import { generateContacts } from './synthetic.js'

describe('train', () => {
  it('estimates m and u so that exact agreement outweighs disagreement, and adopts them', () => {
    const { contacts } = generateContacts({ count: 2000, seed: 9 })
    const matcher = createMatcher()
    const before = matcher.parameters()
    const report = matcher.train(contacts, { seed: 1 })
    expect(report.records).toBe(2000)
    expect(report.candidatePairs).toBeGreaterThan(0)
    expect(report.prior).toBeGreaterThan(0)
    expect(report.prior).toBeLessThan(0.01)
    const after = matcher.parameters()
    expect(after).not.toEqual(before)
    for (const field of after) {
      const exact = field.levels[0]
      const different = field.levels.at(-1)
      expect(exact?.weight).toBeGreaterThan(different?.weight as number)
    }
    const lastName = report.fields.find((field) => field.field === 'lastName')
    expect(lastName?.u[0]).toBeLessThan(0.05)
  })

  it('is reproducible for one seed', () => {
    const { contacts } = generateContacts({ count: 800, seed: 4 })
    const a = createMatcher().train(contacts, { seed: 3 })
    const b = createMatcher().train(contacts, { seed: 3 })
    expect(a).toEqual(b)
  })

  it('rejects fewer than two records', () => {
    expect(() => createMatcher().train([])).toThrow(
      expect.objectContaining({ code: 'MATCH_INVALID_CONTACT' }),
    )
  })
})

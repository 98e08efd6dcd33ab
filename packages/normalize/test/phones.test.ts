import { describe, expect, it } from 'vitest'
import { normalizePhone } from '../src/index.js'
import { PHONE_CASES } from './fixtures/phones.js'

describe('normalizePhone on the phone table', () => {
  it('has at least 80 cases', () => {
    expect(PHONE_CASES.length).toBeGreaterThanOrEqual(80)
  })

  it.each(PHONE_CASES.map((item) => [item.input, item.country, item] as const))(
    'reads %j with default %s',
    (_input, _country, item) => {
      const phone = normalizePhone(item.input, { defaultCountry: item.country })
      expect(phone).toMatchObject(item.expected)
      if (item.expected.valid === false)
        expect(phone.issues.map((issue) => issue.code)).toContain('PHONE_INVALID')
      if (item.expected.confidence === 'low') {
        expect(phone.issues.map((issue) => issue.code)).toContain('PHONE_COUNTRY_GUESSED')
      }
      if (!('label' in item.expected)) expect(phone.label === undefined || phone.label === 'work').toBe(true)
    },
  )
})

import { describe, expect, it } from 'vitest'
import { companyKey, normalizeCompany } from '../src/index.js'
import { COMPANY_CASES } from './fixtures/companies.js'

describe('normalizeCompany on the company table', () => {
  it('has at least 60 cases', () => {
    expect(COMPANY_CASES.length).toBeGreaterThanOrEqual(60)
  })

  it.each(COMPANY_CASES.map((item) => [item.input, item] as const))('reads %j', (_input, item) => {
    const company = normalizeCompany(item.input)
    expect({ name: company.name, legalForm: company.legalForm, key: company.key }).toEqual({
      name: item.name,
      legalForm: item.legalForm,
      key: item.key,
    })
    expect(companyKey(item.input)).toBe(item.key)
  })

  it('gives every spelling of one company the same key', () => {
    const keys = new Set(
      ['Müller & Söhne GmbH & Co. KG', 'MUELLER UND SOEHNE GMBH', 'Müller + Söhne KG', 'müller & söhne'].map(
        companyKey,
      ),
    )
    expect([...keys]).toEqual(['mueller soehne'])
  })

  it('is idempotent on its display name', () => {
    for (const item of COMPANY_CASES) expect(normalizeCompany(item.name).name).toBe(item.name)
  })
})

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

describe('normalizeCompany with a status after the legal form', () => {
  it.each([
    ['Nordlicht Logistik GmbH i.L.', 'inLiquidation', 'Nordlicht Logistik GmbH'],
    ['Nordlicht Logistik GmbH i. Liq.', 'inLiquidation', 'Nordlicht Logistik GmbH'],
    ['Muster AG in Abwicklung', 'inLiquidation', 'Muster AG'],
    ['Muster GmbH & Co. KG i.A.', 'inLiquidation', 'Muster GmbH & Co. KG'],
    ['Start GmbH i.G.', 'inFormation', 'Start GmbH'],
    ['Start GmbH in Gründung', 'inFormation', 'Start GmbH'],
    ['Pleite GmbH i.I.', 'inInsolvency', 'Pleite GmbH'],
  ] as const)('reads %j as %s and matches %j', (input, status, without) => {
    const company = normalizeCompany(input)
    expect(company.status).toBe(status)
    expect(company.key).toBe(companyKey(without))
    expect(company.legalForm).toBe(normalizeCompany(without).legalForm)
  })

  it('reads no status without a legal form before it, or inside the name', () => {
    expect(normalizeCompany('Muster i.L.').status).toBeUndefined()
    expect(normalizeCompany('Muster GmbH').status).toBeUndefined()
    expect(normalizeCompany('In Gründung GmbH').status).toBeUndefined()
  })
})

describe('normalizeCompany with a branch after the legal form', () => {
  it.each([
    ['Muster GmbH, Niederlassung Köln', 'Niederlassung Köln', 'GmbH'],
    ['Muster GmbH (Zweigniederlassung Wien)', 'Zweigniederlassung Wien', 'GmbH'],
    ['Muster GmbH Niederlassung München', 'Niederlassung München', 'GmbH'],
    ['Muster GmbH - Werk Ulm', 'Werk Ulm', 'GmbH'],
    ['Muster GmbH & Co KG, Filiale Hamburg', 'Filiale Hamburg', 'GmbH & Co. KG'],
    ['Muster AG, Standort Berlin-Adlershof', 'Standort Berlin-Adlershof', 'AG'],
  ] as const)('reads %j with the branch %j, matching the company without it', (input, branch, legalForm) => {
    const company = normalizeCompany(input)
    expect(company).toMatchObject({ branch, legalForm, baseName: 'Muster', key: 'muster' })
    expect(companyKey(input)).toBe(companyKey(`Muster ${legalForm}`))
    // The display name keeps the branch and reads the same again.
    expect(company.name).toContain(branch)
    expect(normalizeCompany(company.name)).toMatchObject({ name: company.name, branch })
  })

  it('reads no branch without a legal form before it, or where the word is the name', () => {
    expect(normalizeCompany('Standort Hamburg').branch).toBeUndefined()
    expect(normalizeCompany('Werk GmbH')).toMatchObject({ baseName: 'Werk', legalForm: 'GmbH' })
    expect(normalizeCompany('Werk GmbH').branch).toBeUndefined()
    expect(normalizeCompany('Zweigniederlassung der Muster GmbH').branch).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { companyKey, normalizeCompany } from './company.js'

describe('normalizeCompany', () => {
  it('spells GmbH & Co KG canonically and keys the name without it', () => {
    expect(normalizeCompany('Muster GmbH & Co KG')).toMatchObject({
      name: 'Muster GmbH & Co. KG',
      baseName: 'Muster',
      legalForm: 'GmbH & Co. KG',
      key: 'muster',
    })
  })

  it('reads the long form of GmbH', () => {
    expect(normalizeCompany('Muster Gesellschaft mit beschränkter Haftung')).toMatchObject({
      name: 'Muster GmbH',
      legalForm: 'GmbH',
    })
  })

  it('keeps a name without legal form as it is', () => {
    expect(normalizeCompany('Deutsche Bahn')).toEqual({
      raw: 'Deutsche Bahn',
      name: 'Deutsche Bahn',
      baseName: 'Deutsche Bahn',
      key: 'deutsche bahn',
    })
  })

  it('narrows the jurisdictions with the country option', () => {
    expect(normalizeCompany('Muster GmbH', { country: 'AT' }).legalFormCountries).toEqual(['AT'])
  })
})

describe('normalizeCompany with a status', () => {
  it('reads the status also in brackets, and writes it without them', () => {
    expect(normalizeCompany('ACME GmbH & Co. KG (in Gründung)')).toMatchObject({
      name: 'ACME GmbH & Co. KG in Gründung',
      baseName: 'ACME',
      legalForm: 'GmbH & Co. KG',
      status: 'inFormation',
    })
    expect(normalizeCompany('Muster GmbH (i.L.)')).toMatchObject({
      name: 'Muster GmbH i.L.',
      status: 'inLiquidation',
    })
    expect(normalizeCompany('Muster GmbH (i.L.)').key).toBe(normalizeCompany('Muster GmbH').key)
  })
})

describe('companyKey', () => {
  it('ignores legal form, punctuation, case, umlaut spelling and und/&', () => {
    expect(companyKey('Müller & Söhne GmbH & Co. KG')).toBe(companyKey('MUELLER UND SOEHNE GMBH'))
  })
})

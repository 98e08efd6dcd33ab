import { describe, expect, it } from 'vitest'
import { normalizeCompany } from '../src/index.js'
import { ELF_CODES, LEGAL_FORMS } from '../src/internal/legal-forms.js'

describe('ISO 20275 ELF codes (legalFormCode)', () => {
  it.each([
    ['Muster GmbH', 'DE', '2HBR'],
    ['Muster GmbH', 'AT', 'AXSB'],
    ['Muster GmbH', 'CH', '3EKS'],
    ['Muster Gesellschaft mit beschränkter Haftung', 'DE', '2HBR'],
    ['Muster AG', 'CH', 'MVII'],
    ['Muster SA', 'CH', 'MVII'],
    ['Muster KG', 'AT', 'ONF1'],
    ['Muster SE', 'DE', 'SGST'],
    ['Muster SE', 'FR', 'TPNT'],
    ['Muster S.A.', 'ES', '5RDO'],
    ['Muster Ltd', 'GB', 'H0PO'],
    ['Muster AB', 'SE', 'XJHM'],
    ['Muster AB', 'FI', 'DKUW'],
    ['Muster A/S', 'DK', 'ZRPO'],
    ['Muster PLC', 'GB', 'B6ES'],
    ['Muster B.V.', 'NL', '54M6'],
    ['Muster N.V.', 'NL', 'B5PM'],
    ['Muster S.à r.l.', 'LU', 'DVXS'],
  ])('%s in %s is %s', (name, country, code) => {
    expect(normalizeCompany(name, { country }).legalFormCode).toBe(code)
  })

  it.each([
    ['Muster UG (haftungsbeschränkt)', '63KS'],
    ['Muster gGmbH', 'SCE1'],
    ['Muster PartG mbB', '2YZO'],
    ['Muster e. K.', 'OL20'],
    ['Muster eG', 'AZFE'],
    ['Muster e. V.', 'QZ3L'],
    ['Muster OHG', '40DB'],
    ['Muster SAS', '6CHY'],
    ['Muster S.p.A.', 'P418'],
    ['Muster S.L.', 'DP3Q'],
    ['Muster Oy', 'DKUW'],
    ['Muster ApS', 'H8VP'],
  ])('%s is %s without a country: the form exists in one jurisdiction', (name, code) => {
    expect(normalizeCompany(name).legalFormCode).toBe(code)
  })

  it('leaves the code out while the jurisdiction is open or the list has none', () => {
    // GmbH exists in DE, AT, CH and LI: which code is unknown without a country.
    expect(normalizeCompany('Muster GmbH').legalFormCode).toBeUndefined()
    // US forms are coded per state in the ELF list.
    expect(normalizeCompany('Acme, Inc.').legalFormCode).toBeUndefined()
    expect(normalizeCompany('Acme LLC', { country: 'US' }).legalFormCode).toBeUndefined()
    // A GmbH & Co. KG shares the KG's code (8Z6G); left out so it stays told apart from a plain KG.
    expect(normalizeCompany('Muster GmbH & Co. KG', { country: 'DE' }).legalFormCode).toBeUndefined()
    // A country the form does not exist in narrows nothing.
    expect(normalizeCompany('Muster GmbH', { country: 'FR' }).legalFormCode).toBeUndefined()
    expect(normalizeCompany('Deutsche Bahn').legalFormCode).toBeUndefined()
  })

  it('lists codes only for known forms, in countries where the form exists, in the ELF format', () => {
    const forms = new Map(LEGAL_FORMS.map((form) => [form.abbreviation, form]))
    for (const [abbreviation, codes] of Object.entries(ELF_CODES)) {
      const form = forms.get(abbreviation)
      expect(form, abbreviation).toBeDefined()
      for (const [country, code] of Object.entries(codes)) {
        expect(form?.countries, `${abbreviation} ${country}`).toContain(country)
        expect(code).toMatch(/^[A-Z0-9]{4}$/)
      }
    }
  })
})

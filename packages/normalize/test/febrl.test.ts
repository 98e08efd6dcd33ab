// Robustness on third-party synthetic records: Febrl dataset 1 (1,000 Australian persons with typos, OCR errors,
// swapped and missing fields), read from the shared test data beside the repository (never shipped).
import { readFileSync } from 'node:fs'
import { ContactSchema } from '@contactkit/core'
import { describe, expect, it } from 'vitest'
import { normalizeContact } from '../src/index.js'

const file = new URL('../../../../shared/data/febrl/dataset1.csv', import.meta.url)
const rows = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(', ').map((cell) => cell.trim()))

function inputOf(row: string[]) {
  const [, givenName, surname, streetNumber, address1, address2, suburb, postcode, state] = row
  const street = [streetNumber, address1].filter(Boolean).join(' ')
  return {
    ...(givenName ? { firstName: givenName } : {}),
    ...(surname ? { lastName: surname } : {}),
    addresses: [
      {
        ...(street ? { street } : {}),
        ...(address2 ? { line: address2 } : {}),
        ...(postcode ? { postalCode: postcode } : {}),
        ...(suburb ? { city: suburb } : {}),
        ...(state ? { region: state.toUpperCase() } : {}),
      },
    ],
  }
}

describe('normalizeContact on Febrl dataset 1', () => {
  const results = rows.map((row) => ({
    row,
    result: normalizeContact(inputOf(row), { defaultCountry: 'AU' }),
  }))

  it('reads all 1,000 records into valid contacts, idempotently', () => {
    expect(results).toHaveLength(1000)
    for (const { result } of results) {
      expect(ContactSchema.safeParse(result.contact).success).toBe(true)
      expect(normalizeContact(result.contact, { defaultCountry: 'AU' }).contact).toEqual(result.contact)
    }
  })

  it('repairs the lower-case names and keeps what was typed', () => {
    const mccarthy = results.find(({ row }) => row[2] === 'mccarthy')
    expect(mccarthy?.result.contact.lastName).toBe('McCarthy')
    expect(mccarthy?.result.contact.raw?.lastName).toBe('mccarthy')
    const berry = results.find(({ row }) => row[0] === 'rec-122-org')
    expect(berry?.result.contact).toMatchObject({ firstName: 'Lachlan', lastName: 'Berry' })
  })

  it('checks Australian postcodes and reports the corrupted ones', () => {
    const invalid = results.filter(({ result }) =>
      result.issues.some((issue) => issue.code === 'POSTCODE_INVALID'),
    )
    for (const { row } of invalid) expect(row[7]).not.toMatch(/^\d{4}$/)
    const valid = results.filter(({ row }) => /^\d{4}$/.test(row[7] ?? ''))
    expect(valid.length).toBeGreaterThan(900)
    for (const { result } of valid)
      expect(result.issues.map((issue) => issue.code)).not.toContain('POSTCODE_INVALID')
  })
})

import { describe, expect, it } from 'vitest'
import type { ValueReader } from '../src/internal/value-codec.js'
import { liveWorkerCount, RowWorkerPool } from '../src/internal/worker-pool.js'
import type { RowContext } from '../src/process-row.js'

const context: RowContext = {
  headers: ['Vorname', 'Nachname', 'Telefon'],
  mapping: [
    { column: 0, field: 'firstName' },
    { column: 1, field: 'lastName' },
    { column: 2, field: 'phone.work' },
  ],
  maxCellLength: 1000,
  defaultCountry: 'DE',
}
const csv = { delimiter: ';', maxRowLength: 100, encoding: 'windows-1252' as const }
const bytes = (text: string) => {
  const array = Uint8Array.from(text, (char) => (char === '€' ? 0x80 : char.charCodeAt(0)))
  return { bytes: array.buffer, length: array.byteLength }
}

describe('RowWorkerPool', () => {
  it('decodes, parses and normalises a Windows-1252 piece and hands the rows back in order, blank rows as null', async () => {
    const pool = new RowWorkerPool(1, context, csv)
    try {
      const answer = await pool.run({
        ...bytes('Jürgen;Weiß;0211 123456\r\n;;\r\nAnna;Schäfer €;089 12\r\n'),
        line: 7,
        offset: 4096,
      })
      const reader: ValueReader = answer.reader
      reader.open(answer.batch)
      const rows = []
      while (reader.more) rows.push(reader.next())
      expect(rows).toHaveLength(3)
      expect(rows[0]).toMatchObject({
        rowNumber: 7,
        raw: ['Jürgen', 'Weiß', '0211 123456'],
        contact: { firstName: 'Jürgen', lastName: 'Weiß', phones: [{ value: '+49211123456', kind: 'work' }] },
      })
      expect(rows[1]).toBeNull()
      expect(rows[2]).toMatchObject({ rowNumber: 9, raw: ['Anna', 'Schäfer €', '089 12'] })
      expect((rows[2] as { issues: { code: string; column?: number }[] }).issues).toContainEqual(
        expect.objectContaining({ code: 'PHONE_INVALID', column: 2, header: 'Telefon' }),
      )
    } finally {
      await pool.close()
    }
    expect(liveWorkerCount()).toBe(0)
  }, 30_000)

  it('passes a limit error from the worker on with its code and details', async () => {
    const pool = new RowWorkerPool(1, context, csv)
    try {
      const job = pool.run({ ...bytes(`Anna;Weiß;1\r\nBjörn;${'x'.repeat(200)};2\r\n`), line: 41, offset: 0 })
      await expect(job).rejects.toMatchObject({
        name: 'ImportError',
        code: 'IMPORT_ROW_TOO_LONG',
        details: { line: 42, maxRowLength: 100 },
      })
    } finally {
      await pool.close()
    }
  }, 30_000)
})

import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { fixture } from '../test/fixtures.js'
import { listSheets, readWorkbook, writeWorkbook } from './excel.js'

/** A one-part zip named like an xlsx part, whose central directory may lie about the inflated size. */
function zipWith(content: Uint8Array, declaredSize: number): Uint8Array {
  const name = Buffer.from('xl/worksheets/sheet1.xml')
  const data = deflateRawSync(content)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.byteLength, 18)
  local.writeUInt32LE(declaredSize, 22)
  local.writeUInt16LE(name.byteLength, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.byteLength, 20)
  central.writeUInt32LE(declaredSize, 24)
  central.writeUInt16LE(name.byteLength, 28)
  central.writeUInt32LE(0, 42)
  const directoryOffset = local.byteLength + name.byteLength + data.byteLength
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.byteLength + name.byteLength, 12)
  end.writeUInt32LE(directoryOffset, 16)
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]))
}

describe('readWorkbook', () => {
  it.each(['title-row.xlsx', 'title-row.xls', 'title-row.ods'])(
    'skips the title rows of %s and finds the header',
    (name) => {
      const sheet = readWorkbook(fixture(name))
      expect(sheet).toMatchObject({ sheets: ['Kontakte', 'Firmen'], sheet: 'Kontakte', headerRowNumber: 3 })
      expect(sheet.headers).toEqual([
        'Anrede',
        'Vorname',
        'Nachname',
        'Firma',
        'PLZ',
        'Ort',
        'E-Mail',
        'Telefon',
        'Letzter Kontakt',
      ])
      expect(sheet.rows.map((row) => row.rowNumber)).toEqual([4, 5, 6])
      expect(sheet.rows[1]?.cells.slice(0, 5)).toEqual([
        'Herr',
        'Jürgen',
        'Weiß',
        'Weiß Maschinenbau GmbH',
        '1067',
      ])
    },
  )

  it('gives date cells as displayed and as ISO dates', () => {
    const [first] = readWorkbook(fixture('title-row.xlsx')).rows
    expect(first?.cells[8]).toBe('31.12.2024')
    expect(first?.dates?.[8]).toBe('2024-12-31')
  })

  it('reads another sheet by name or index', () => {
    expect(readWorkbook(fixture('title-row.xlsx'), { sheet: 'Firmen' }).rows[0]?.cells).toEqual([
      'Muster GmbH',
      'München',
    ])
    expect(readWorkbook(fixture('title-row.xlsx'), { sheet: 1 }).headers).toEqual(['Firma', 'Ort'])
    expect(() => readWorkbook(fixture('title-row.xlsx'), { sheet: 'Leads' })).toThrow(
      expect.objectContaining({ code: 'IMPORT_INVALID_OPTIONS' }),
    )
  })

  it('refuses a password-protected workbook with IMPORT_ENCRYPTED_WORKBOOK', () => {
    expect(() => readWorkbook(fixture('encrypted.xlsx'))).toThrow(
      expect.objectContaining({ code: 'IMPORT_ENCRYPTED_WORKBOOK' }),
    )
  })

  it('refuses a workbook whose declared parts exceed maxUncompressedBytes', () => {
    expect(() => readWorkbook(fixture('title-row.xlsx'), { limits: { maxUncompressedBytes: 4096 } })).toThrow(
      expect.objectContaining({ code: 'IMPORT_FILE_TOO_LARGE' }),
    )
  })

  it('catches a zip bomb that declares a small size but inflates far beyond it', () => {
    const bomb = zipWith(new Uint8Array(8 * 1024 * 1024).fill(0x20), 100)
    expect(bomb.byteLength).toBeLessThan(64 * 1024)
    expect(() => readWorkbook(bomb)).toThrow(expect.objectContaining({ code: 'IMPORT_FILE_TOO_LARGE' }))
  })

  it('caps rows and columns of the used range', () => {
    expect(() => readWorkbook(fixture('title-row.xlsx'), { limits: { maxRows: 1 } })).toThrow(
      expect.objectContaining({ code: 'IMPORT_TOO_MANY_ROWS' }),
    )
    expect(() => readWorkbook(fixture('title-row.xlsx'), { limits: { maxColumns: 4 } })).toThrow(
      expect.objectContaining({ code: 'IMPORT_TOO_MANY_COLUMNS' }),
    )
  })

  it('throws IMPORT_MALFORMED for a corrupt workbook and IMPORT_UNSUPPORTED_FORMAT for a CSV', () => {
    const corrupt = fixture('title-row.xlsx').slice(0, 3000)
    expect(() => readWorkbook(corrupt)).toThrow(expect.objectContaining({ code: 'IMPORT_MALFORMED' }))
    expect(() => readWorkbook(fixture('excel-de-ansi.csv'))).toThrow(
      expect.objectContaining({ code: 'IMPORT_UNSUPPORTED_FORMAT' }),
    )
  })
})

describe('listSheets', () => {
  it('lists sheet names in tab order', () => {
    expect(listSheets(fixture('title-row.ods'))).toEqual(['Kontakte', 'Firmen'])
  })
})

describe('writeWorkbook', () => {
  it('writes text cells that read back unchanged, leading zeros and formula-like text included', () => {
    const rows = [
      ['Vorname', 'PLZ', 'Notiz'],
      ['Jürgen', '01067', "'=1+1"],
    ]
    const sheet = readWorkbook(writeWorkbook(rows, { sheetName: 'Kontakte' }))
    expect(sheet.sheet).toBe('Kontakte')
    expect(sheet.rows[0]?.cells).toEqual(['Jürgen', '01067', "'=1+1"])
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { createCsvEngine, createCsvParser, parseCsvPiece } from './csv-parser.js'
import { isImportError } from './error.js'

const spectrum = new URL('../../../../shared/data/csv-spectrum/', import.meta.url)

function parseAll(text: string, delimiter = ',', chunkSize = text.length || 1, maxRowLength?: number) {
  const parser = createCsvParser(maxRowLength === undefined ? { delimiter } : { delimiter, maxRowLength })
  const records = []
  for (let i = 0; i < text.length; i += chunkSize) records.push(...parser.push(text.slice(i, i + chunkSize)))
  records.push(...parser.end())
  return records
}

function caught(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('createCsvParser', () => {
  const cases = readdirSync(new URL('csvs/', spectrum)).map((file) => file.replace('.csv', ''))
  it.each(cases)('passes csv-spectrum %s in chunks of 1, 5 and whole', (name) => {
    const text = readFileSync(new URL(`csvs/${name}.csv`, spectrum), 'utf8')
    let expected = JSON.parse(readFileSync(new URL(`json/${name}.json`, spectrum), 'utf8'))
    // Upstream bug (see the data README): the expected file is one object with another phone number.
    if (name === 'location_coordinates') expected = [{ ...expected, 'Contact Phone Number': '2095257564' }]
    for (const size of [1, 5, text.length]) {
      const [header, ...rows] = parseAll(text, ',', size).map((record) => record.cells)
      const objects = rows.map((row) => Object.fromEntries((header ?? []).map((key, i) => [key, row[i]])))
      expect(objects).toEqual(expected)
    }
  })

  it('reads a German Excel row with semicolons, quotes and a line break in a cell', () => {
    const text =
      'Firma;Bemerkung;Ort\r\n"Müller; Söhne GmbH";"Angebot „X2“\r\nbis 31.12.";"Köln"\r\nWeiß AG;;Düsseldorf\r\n'
    const records = parseAll(text, ';', 7)
    expect(records).toEqual([
      { line: 1, cells: ['Firma', 'Bemerkung', 'Ort'] },
      { line: 2, cells: ['Müller; Söhne GmbH', 'Angebot „X2“\r\nbis 31.12.', 'Köln'] },
      { line: 4, cells: ['Weiß AG', '', 'Düsseldorf'] },
    ])
  })

  it('keeps ragged rows as they are and skips blank lines', () => {
    const records = parseAll('a,b,c\n\n1,2\n1,2,3,4\n', ',')
    expect(records.map((record) => [record.line, record.cells])).toEqual([
      [1, ['a', 'b', 'c']],
      [3, ['1', '2']],
      [4, ['1', '2', '3', '4']],
    ])
  })

  it('keeps text after a closing quote instead of dropping it', () => {
    expect(parseAll('"Dr." Müller,x\n').map((r) => r.cells)).toEqual([['Dr. Müller', 'x']])
  })

  it('throws IMPORT_MALFORMED with line and column for a quote left open at the end', () => {
    const error = caught(() => parseAll('Name,Firma\nKlaus,"Meier GmbH\nPetra,Schulz KG\n', ',', 4))
    expect(isImportError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'IMPORT_MALFORMED', details: { line: 2, column: 7 } })
  })

  it('throws IMPORT_ROW_TOO_LONG for an unterminated quote that swallows the file, before buffering it all', () => {
    const parser = createCsvParser({ delimiter: ',', maxRowLength: 64 * 1024 })
    parser.push('Name,Firma\nKlaus,"Meier')
    const chunk = 'x'.repeat(16 * 1024)
    const error = caught(() => {
      for (let i = 0; i < 100; i++) parser.push(chunk)
    })
    expect(error).toMatchObject({ code: 'IMPORT_ROW_TOO_LONG', details: { line: 2 } })
  })

  it('throws IMPORT_ROW_TOO_LONG for a single line without any line break', () => {
    const parser = createCsvParser({ delimiter: ';', maxRowLength: 1024 })
    expect(() => {
      for (let i = 0; i < 10; i++) parser.push('abc;'.repeat(100))
    }).toThrow(expect.objectContaining({ code: 'IMPORT_ROW_TOO_LONG' }))
  })

  it('rejects a delimiter that is not one character', () => {
    expect(() => createCsvParser({ delimiter: ';;' })).toThrow(
      expect.objectContaining({ code: 'IMPORT_INVALID_OPTIONS' }),
    )
  })

  const cell = fc.string({ unit: fc.constantFrom('a', 'ä', '€', ' ', ';', ',', '"', '\n', '\r\n', 'x') })
  const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 })
  test.prop([table, fc.constantFrom(',', ';', '\t'), fc.integer({ min: 1, max: 40 })])(
    'parses back what an RFC 4180 writer wrote, whatever the chunking',
    (rows, delimiter, chunkSize) => {
      const quote = (value: string) => `"${value.replaceAll('"', '""')}"`
      const text = rows.map((row) => row.map(quote).join(delimiter)).join('\r\n')
      expect(parseAll(text, delimiter, chunkSize).map((record) => record.cells)).toEqual(rows)
    },
  )

  // Worker threads parse pieces cut by the main thread; that must give the records (and errors) of one parser.
  const messy = fc.string({
    unit: fc.constantFrom('a', 'ä', ';', '"', '""', '\n', '\r\n', '\r', ' ', 'Weiß'),
    maxLength: 120,
  })
  function viaPieces(text: string, chunkSize: number, maxRowLength?: number) {
    const options = maxRowLength === undefined ? { delimiter: ';' } : { delimiter: ';', maxRowLength }
    const engine = createCsvEngine(options)
    const pieces = []
    for (let i = 0; i < text.length; i += chunkSize) {
      const piece = engine.cut(text.slice(i, i + chunkSize))
      if (piece) pieces.push(piece)
    }
    const last = engine.finish()
    if (last) pieces.push(last)
    expect(pieces.map((piece) => parseCsvPiece(piece, options).length)).toEqual(
      pieces.map((piece) => piece.records),
    )
    return pieces.flatMap((piece) => parseCsvPiece(piece, options))
  }
  const outcome = (run: () => unknown) => {
    try {
      return { value: run() }
    } catch (error) {
      return {
        error: (error as { code?: string; details?: unknown }).code,
        details: (error as { details?: unknown }).details,
      }
    }
  }
  test.prop([
    messy,
    fc.integer({ min: 1, max: 50 }),
    fc.option(fc.integer({ min: 4, max: 40 }), { nil: undefined }),
  ])(
    'gives the same records, line numbers and errors when cut into pieces and parsed piece by piece',
    (text, chunkSize, maxRowLength) => {
      expect(outcome(() => viaPieces(text, chunkSize, maxRowLength))).toEqual(
        outcome(() => parseAll(text, ';', chunkSize, maxRowLength)),
      )
    },
  )

  it('cuts pieces only at record boundaries, also inside a quoted cell that spans lines', () => {
    const engine = createCsvEngine({ delimiter: ';' })
    const first = engine.cut('Firma;Bemerkung\r\n"Müller GmbH";"Angebot\r\nbis')
    expect(first).toEqual({ text: 'Firma;Bemerkung\r\n', line: 1, records: 1 })
    const second = engine.cut(' 31.12."\r\nWeiß AG;ok\r\nBecker')
    expect(second).toEqual({
      text: '"Müller GmbH";"Angebot\r\nbis 31.12."\r\nWeiß AG;ok\r\n',
      line: 2,
      records: 2,
    })
    expect(engine.finish()).toEqual({ text: 'Becker', line: 5, records: 1 })
    expect(parseCsvPiece(second as { text: string; line: number }, { delimiter: ';' })).toEqual([
      { line: 2, cells: ['Müller GmbH', 'Angebot\r\nbis 31.12.'] },
      { line: 4, cells: ['Weiß AG', 'ok'] },
    ])
  })
})

import { fc, test } from '@fast-check/vitest'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { createCsvEngine } from '../csv-parser.js'
import { cutRecords } from './byte-cutter.js'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('cutRecords', () => {
  it('cuts a German Excel export after its last complete record, also when a quoted cell spans lines', () => {
    const text =
      'Firma;Bemerkung\r\n"Müller GmbH";"Angebot\r\nbis 31.12."\r\nWeiß AG;ok\r\n"Becker; Söhne";"offen'
    const bytes = utf8(text)
    const cut = cutRecords(bytes, 59, false)
    expect(new TextDecoder().decode(bytes.subarray(0, cut.end))).toBe(
      'Firma;Bemerkung\r\n"Müller GmbH";"Angebot\r\nbis 31.12."\r\nWeiß AG;ok\r\n',
    )
    expect(cut).toMatchObject({ records: 3, lines: 4 })
  })

  it('counts a last record without a line break only at the end of the file', () => {
    const bytes = utf8('Vorname;Nachname\nAnna;Schäfer')
    expect(cutRecords(bytes, 59, false)).toEqual({ end: 17, records: 1, lines: 1 })
    expect(cutRecords(bytes, 59, true)).toEqual({ end: bytes.byteLength, records: 2, lines: 2 })
  })

  it('finds the same boundaries in Windows-1252 bytes (€ „ “ are single bytes ≥ 0x80)', () => {
    const text = 'Firma;Preis\r\n"Schäfer „Bau“";"12 €\r\nnetto"\r\nWeiß;3 €\r\n'
    const bytes = new Uint8Array(iconv.encode(text, 'windows-1252'))
    expect(cutRecords(bytes, 59, false)).toEqual({ end: bytes.byteLength, records: 3, lines: 4 })
  })

  // The worker path relies on this: for any text, the bytes up to the cut are the text the CSV engine hands out
  // as complete records, with the same record and line counts.
  const messy = fc.string({
    unit: fc.constantFrom('a', 'ä', '€', ';', '"', '""', '\n', '\r\n', '\r', ' ', 'Weiß', '"a"b'),
    maxLength: 120,
  })
  test.prop([messy, fc.boolean()], { numRuns: 1000 })(
    'agrees with the CSV engine on boundaries, records and lines, in UTF-8 and Windows-1252',
    (text, windows) => {
      const engine = createCsvEngine({ delimiter: ';', maxRowLength: 1e9 })
      const piece = engine.cut(text)
      const bytes = windows ? new Uint8Array(iconv.encode(text, 'windows-1252')) : utf8(text)
      const cut = cutRecords(bytes, 59, false)
      const decoded = windows
        ? iconv.decode(Buffer.from(bytes.subarray(0, cut.end)), 'windows-1252')
        : new TextDecoder().decode(bytes.subarray(0, cut.end))
      // The engine hands out no piece for blank lines alone (it still counts their lines).
      if (piece) expect(decoded).toBe(piece.text)
      else expect(createCsvEngine({ delimiter: ';' }).parseWhole(decoded)).toEqual([])
      expect(cut.records).toBe(piece?.records ?? 0)
      expect(cut.lines + 1).toBe(engine.nextLine())
      // At the end of the file every record counts, as the engine's own count of a final parse.
      let whole: number | undefined
      try {
        whole = createCsvEngine({ delimiter: ';' }).parseWhole(text).length
      } catch {
        whole = undefined
      }
      if (whole !== undefined) expect(cutRecords(bytes, 59, true).records).toBe(whole)
    },
  )
})

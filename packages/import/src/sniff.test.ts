import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { fixture } from '../test/fixtures.js'
import { sniff } from './sniff.js'

describe('sniff', () => {
  it.each([
    ['excel-de-ansi.csv', { format: 'csv', encoding: 'windows-1252', bom: false, delimiter: ';' }],
    ['excel-de-utf8-bom.csv', { format: 'csv', encoding: 'utf-8', bom: true, delimiter: ';' }],
    ['excel-unicode-text.txt', { format: 'tsv', encoding: 'utf-16le', bom: true, delimiter: '\t' }],
    ['utf16be-bom.csv', { format: 'csv', encoding: 'utf-16be', bom: true, delimiter: ';' }],
    ['outlook-de.csv', { format: 'csv', encoding: 'windows-1252', delimiter: ',' }],
    ['outlook-en.csv', { format: 'csv', encoding: 'windows-1252', delimiter: ',' }],
    ['google-contacts.csv', { format: 'csv', encoding: 'utf-8', bom: false, delimiter: ',' }],
    ['salesforce-contacts.csv', { format: 'csv', encoding: 'utf-8', delimiter: ',' }],
    ['sep-line.csv', { format: 'csv', delimiter: ';', sepLine: true, headerRow: 0 }],
    ['title-row.xlsx', { format: 'xlsx', encrypted: false }],
    ['title-row.xls', { format: 'xls', encrypted: false }],
    ['title-row.ods', { format: 'ods', encrypted: false }],
    ['encrypted.xlsx', { format: 'xlsx', encrypted: true }],
  ])('recognises %s', (name, expected) => {
    expect(sniff(fixture(name))).toMatchObject({ hasHeader: true, ...expected })
  })

  it('skips the title row above the header of a hand-made list', () => {
    expect(sniff(fixture('ragged.csv'))).toMatchObject({ delimiter: ',', headerRow: 1, hasHeader: true })
  })

  it('judges the delimiter with quotes taken into account', () => {
    // Each line has more commas than semicolons, but every comma sits inside quotes.
    const text = 'Firma;Ort;PLZ\n"Müller, Meier & Co., KG";"Köln, Innenstadt";50667\n"A, B, C";"X, Y";10115\n'
    expect(sniff(new TextEncoder().encode(text)).delimiter).toBe(';')
  })

  it('tells Windows-1252 from UTF-8 and reads € „ “ through iconv-lite', () => {
    const bytes = iconv.encode('Preis;Notiz\n12,50 €;„Angebot“ für Groß\n', 'windows-1252')
    expect(bytes.includes(0x80)).toBe(true)
    expect(sniff(bytes)).toMatchObject({ encoding: 'windows-1252', delimiter: ';' })
  })

  it('does not take a truncated UTF-8 character at the end of a window for Windows-1252', () => {
    const bytes = new TextEncoder().encode('Vorname;Nachname\nJürgen;Weiß\nBjörn;Öz')
    const cut = bytes.subarray(0, bytes.byteLength - 1)
    expect(sniff(cut, { complete: false }).encoding).toBe('utf-8')
  })

  it('detects BOM-less UTF-16 LE by its NUL bytes', () => {
    const bytes = iconv.encode('Vorname\tNachname\nAnna\tSchäfer\n', 'utf-16le')
    expect(sniff(bytes)).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', format: 'tsv' })
  })

  it('reports a file of data without header row', () => {
    const text = 'Anna;Schäfer;anna@muster.de;+49 89 1234567\nJürgen;Weiß;j.weiss@weiss.de;0211 123456\n'
    expect(sniff(new TextEncoder().encode(text))).toMatchObject({ hasHeader: false, headerRow: 0 })
  })

  it.each([
    ['an empty file', new Uint8Array(), 'IMPORT_EMPTY'],
    ['blank lines only', new TextEncoder().encode('\r\n\r\n  \n'), 'IMPORT_EMPTY'],
    [
      'a PNG image',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0, 0, 0, 0, 0, 0]),
      'IMPORT_UNSUPPORTED_FORMAT',
    ],
    [
      'a zip that is no workbook',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0]),
      'IMPORT_UNSUPPORTED_FORMAT',
    ],
  ])('throws for %s', (_, bytes, code) => {
    expect(() => sniff(bytes)).toThrow(expect.objectContaining({ code }))
  })
})

describe('sniff line endings', () => {
  it('flags bare CR line breaks and still finds delimiter and header', () => {
    expect(sniff(new TextEncoder().encode('Vorname;Nachname\rAnna;Schäfer\r'))).toMatchObject({
      delimiter: ';',
      crLineBreaks: true,
      hasHeader: true,
    })
  })
})

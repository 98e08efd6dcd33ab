import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { type ImportRow, type ImportRun, importContacts } from '../src/index.js'
import { liveWorkerCount, readyWorkerCount, workerJobCount } from '../src/internal/worker-pool.js'
import { fixture } from './fixtures.js'

async function collect(run: ImportRun): Promise<ImportRow[]> {
  const rows: ImportRow[] = []
  for await (const row of run) rows.push(row)
  return rows
}

// Workers take jobs only once warmed up, which under the test runner's loader can take longer than the whole
// import: hold the first row until `workers` are ready, so that the rows after it are shared with them.
async function collectShared(run: ImportRun, workers: number): Promise<ImportRow[]> {
  const rows: ImportRow[] = []
  const jobs = workerJobCount()
  for await (const row of run) {
    if (rows.length === 0) await untilReady(workers)
    rows.push(row)
  }
  expect(workerJobCount()).toBeGreaterThan(jobs)
  return rows
}

async function untilReady(workers: number): Promise<void> {
  while (readyWorkerCount() < workers) await new Promise((resolve) => setTimeout(resolve, 10))
}

const encode = (text: string) => new TextEncoder().encode(text)
// How many of the rows 0..rows-1 have `i % every === at`.
const every = (rows: number, step: number, at: number) => Math.floor((rows - 1 - at) / step) + 1

const FIRST = ['Jürgen', 'Anna', 'Björn', 'Zoë', 'Klaus-Peter']
const LAST = ['Weiß', 'Schäfer', 'Groß-Öztürk', 'Müller', 'Krüger']

// A German Excel-style export (semicolons, CRLF) well beyond the 1 MiB the importer sniffs and parses itself, so
// that most of it reaches the workers as text: quoted cells with `;`, `""` and line breaks, blank lines, a blank
// row, ragged rows, rows without contact data and phone numbers that normalisation rejects.
function germanExport(rows: number): string {
  const lines = ['Vorname;Nachname;Firma;PLZ;Ort;Telefon geschäftlich;E-Mail;Bemerkung']
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length] as string
    const last = LAST[(i * 3) % LAST.length] as string
    if (i % 997 === 5) lines.push('')
    if (i % 1499 === 7) lines.push(';;;;;;;')
    if (i % 1201 === 9) lines.push(';;;;;;;Nur eine Bemerkung')
    if (i % 1301 === 11) lines.push(`${first};${last};Muster GmbH`)
    const company = i % 3 === 0 ? `"Müller; Meier ""& Partner"" mbB"` : 'Weiß Maschinenbau AG'
    const note = i % 5 === 0 ? `"Angebot „Fräse X2“\r\nbis ${(i % 28) + 1}.12."` : ''
    const phone = i % 11 === 0 ? '089 12' : `0211 ${100000 + i}`
    lines.push(
      `${first};${last};${company};${String(1067 + (i % 90000)).padStart(5, '0')};Düsseldorf;${phone};${first.toLowerCase().replace(/[^a-z]/g, '')}.${i}@example.de;${note}`,
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

// Chunks of an odd size, as a network upload might deliver them.
function stream(bytes: Uint8Array, size = 40_000): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.byteLength; at += size) yield bytes.subarray(at, at + size)
    })(),
  )
}

const ROWS = 16_000

describe('importContacts with workers', () => {
  const text = germanExport(ROWS)
  const bytes = encode(text)

  it('gives the rows, row numbers, issues and summary of one thread for a file far beyond the sniffed head', async () => {
    expect(bytes.byteLength).toBeGreaterThan(1.5 * 1024 * 1024)
    const one = importContacts(stream(bytes), { defaultCountry: 'DE' })
    const oneRows = await collect(one)
    const two = importContacts(stream(bytes), { defaultCountry: 'DE', workers: 2 })
    const twoRows = await collectShared(two, 2)
    expect(twoRows).toEqual(oneRows)
    expect(two.summary).toEqual(one.summary)
    // Each note spans two lines, so row numbers run ahead of the row count; blank rows are skipped.
    expect(oneRows.length).toBe(ROWS + every(ROWS, 1201, 9) + every(ROWS, 1301, 11))
    expect(one.summary.rowsSkipped).toBe(every(ROWS, 1499, 7))
    const last = twoRows.at(-1) as ImportRow
    expect(last.contact?.emails[0]?.value).toBe('klauspeter.15999@example.de')
    expect(last.rowNumber).toBe(text.split('\r\n').length - 1)
    expect(twoRows.find((row) => row.raw[5] === '089 12')?.issues).toContainEqual(
      expect.objectContaining({ column: 5, header: 'Telefon geschäftlich' }),
    )
    expect(twoRows.find((row) => row.raw[0] === '' && row.raw[7] !== '')?.issues).toContainEqual(
      expect.objectContaining({ code: 'ROW_NO_CONTACT_DATA' }),
    )
    expect(liveWorkerCount()).toBe(0)
  }, 60_000)

  it('gives the same rows from bytes (1 MiB slices) as from a stream', async () => {
    const fromStream = await collectShared(
      importContacts(stream(bytes, 65_536), { defaultCountry: 'DE', workers: 1 }),
      1,
    )
    const fromBytes = await collectShared(importContacts(bytes, { defaultCountry: 'DE', workers: 3 }), 3)
    expect(fromBytes).toEqual(fromStream)
  }, 60_000)

  it('stops its worker threads when the consumer breaks off early', async () => {
    let seen = 0
    for await (const row of importContacts(stream(bytes), { workers: 2 })) {
      seen = row.rowNumber
      if (row.rowNumber > 12_000) {
        expect(liveWorkerCount()).toBe(2)
        break
      }
    }
    expect(seen).toBeGreaterThan(12_000)
    expect(liveWorkerCount()).toBe(0)
  }, 60_000)

  it('stops its worker threads when the signal fires', async () => {
    const controller = new AbortController()
    let count = 0
    let error: unknown
    try {
      for await (const _ of importContacts(stream(bytes), { workers: 2, signal: controller.signal })) {
        if (++count === 12_000) controller.abort()
      }
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'IMPORT_ABORTED' })
    expect(count).toBe(12_000)
    expect(liveWorkerCount()).toBe(0)
  }, 60_000)

  it('yields every row before a quote left open near the end, then IMPORT_MALFORMED with its line', async () => {
    const broken = encode(`${text}Petra;Schulz;"Schulz KG;01067\r\nAnna;Weiß;x\r\n`)
    const rows: ImportRow[] = []
    let error: unknown
    try {
      for await (const row of importContacts(stream(broken), { workers: 2 })) {
        if (rows.length === 0) await untilReady(2)
        rows.push(row)
      }
    } catch (caught) {
      error = caught
    }
    const lines = text.split('\r\n').length
    expect(error).toMatchObject({ code: 'IMPORT_MALFORMED', details: { line: lines, column: 14 } })
    expect(rows.at(-1)?.rowNumber).toBe(lines - 1)
    expect(rows).toHaveLength(ROWS + every(ROWS, 1201, 9) + every(ROWS, 1301, 11))
    expect(liveWorkerCount()).toBe(0)
  }, 60_000)

  it('gives the rows of one thread for a Windows-1252 export (German Excel, no BOM) cut as raw bytes', async () => {
    const windows = new Uint8Array(iconv.encode(text.replaceAll('Angebot', 'Angebot 12 €'), 'windows-1252'))
    const one = importContacts(stream(windows), { defaultCountry: 'DE' })
    const oneRows = await collect(one)
    const two = importContacts(stream(windows), { defaultCountry: 'DE', workers: 2 })
    expect(await collectShared(two, 2)).toEqual(oneRows)
    expect(two.summary).toEqual(one.summary)
    expect(one.summary.encoding).toBe('windows-1252')
    expect(oneRows.find((row) => row.raw[7] !== '')?.raw[7]).toContain('12 €')
  }, 60_000)

  it('gives the rows of one thread for a UTF-8 file with a BOM and a cell that starts with U+FEFF far inside', async () => {
    const withBom = encode(`\ufeff${text}Zoë;Weiß;\ufeffFirma;01067;Dresden;0351 123456;z@example.de;\r\n`)
    const oneRows = await collect(importContacts(stream(withBom), { defaultCountry: 'DE' }))
    const twoRows = await collectShared(
      importContacts(stream(withBom, 65_536), { defaultCountry: 'DE', workers: 2 }),
      2,
    )
    expect(twoRows).toEqual(oneRows)
    expect(twoRows[0]?.raw[0]).toBe('Jürgen')
    expect(twoRows.at(-1)?.raw[2]).toBe('\ufeffFirma')
  }, 60_000)

  it('gives the rows of one thread for a UTF-16 file (cut as text, not bytes)', async () => {
    const utf16 = new Uint8Array(iconv.encode(`\ufeff${text}`, 'utf-16le'))
    const one = importContacts(stream(utf16), { defaultCountry: 'DE' })
    const oneRows = await collect(one)
    const two = importContacts(stream(utf16, 65_537), { defaultCountry: 'DE', workers: 1 })
    expect(await collectShared(two, 1)).toEqual(oneRows)
    expect(one.summary.encoding).toBe('utf-16le')
    expect(two.summary).toEqual(one.summary)
  }, 60_000)

  it('finds a NUL byte in a cell far inside the file, on one thread and with workers', async () => {
    const withNul = encode(text.replace('.14999@example.de', '.14999\u0000@example.de'))
    const oneRows = await collect(importContacts(stream(withNul), { defaultCountry: 'DE' }))
    const twoRows = await collectShared(
      importContacts(stream(withNul), { defaultCountry: 'DE', workers: 2 }),
      2,
    )
    expect(twoRows).toEqual(oneRows)
    const row = oneRows.find((candidate) => candidate.raw[6]?.includes('\u0000'))
    expect(row?.issues).toContainEqual(
      expect.objectContaining({ code: 'CELL_CONTROL_CHARACTERS', column: 6 }),
    )
    expect(row?.contact?.emails[0]?.value).toMatch(/\.14999@example\.de$/)
    expect(
      oneRows.filter((candidate) =>
        candidate.issues.some((issue) => issue.code === 'CELL_CONTROL_CHARACTERS'),
      ),
    ).toHaveLength(1)
  }, 60_000)

  it('ends with IMPORT_ROW_TOO_LONG and the line of a row over the limit far inside the file', async () => {
    const long = encode(`${text}Anna;${'ä'.repeat(3_000)};x\r\nBjörn;Weiß;y\r\n`)
    const lines = text.split('\r\n').length
    for (const workers of [0, 2]) {
      const rows: ImportRow[] = []
      let error: unknown
      try {
        for await (const row of importContacts(stream(long), { workers, limits: { maxRowLength: 2_000 } })) {
          if (rows.length === 0) await untilReady(workers)
          rows.push(row)
        }
      } catch (caught) {
        error = caught
      }
      expect(error).toMatchObject({
        code: 'IMPORT_ROW_TOO_LONG',
        details: { line: lines, maxRowLength: 2_000 },
      })
      // The rows read before it are a prefix of the file (those parsed together with it are not given, on one
      // thread as with workers).
      expect(rows.length).toBeGreaterThan(10_000)
      expect(rows.at(-1)?.rowNumber).toBeLessThan(lines)
    }
    expect(liveWorkerCount()).toBe(0)
  }, 60_000)

  it('ends with IMPORT_MALFORMED for a byte that is not UTF-8 far inside a UTF-8 file', async () => {
    const bad = new Uint8Array([...bytes, ...encode('Anna;Wei'), 0xdf, ...encode(';x\r\n')])
    let error: unknown
    try {
      let first = true
      for await (const _row of importContacts(stream(bad), { workers: 2 })) {
        if (first) await untilReady(2)
        first = false
      }
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'IMPORT_MALFORMED', details: { encoding: 'utf-8' } })
    expect(liveWorkerCount()).toBe(0)
  }, 60_000)

  it('ends with IMPORT_TOO_MANY_ROWS past maxRows and leaves no worker behind', async () => {
    const rows: ImportRow[] = []
    let error: unknown
    try {
      for await (const row of importContacts(stream(bytes), { workers: 2, limits: { maxRows: 14_000 } })) {
        rows.push(row)
      }
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', details: { maxRows: 14_000 } })
    expect(rows.length).toBeLessThanOrEqual(14_000)
    expect(liveWorkerCount()).toBe(0)
  }, 60_000)
})

describe('importContacts with workers on a workbook', () => {
  it('hands parsed rows to the workers and keeps the ISO dates of date cells', async () => {
    const one = await collect(importContacts(fixture('title-row.xlsx'), { defaultCountry: 'DE' }))
    const two = await collect(importContacts(fixture('title-row.xlsx'), { defaultCountry: 'DE', workers: 2 }))
    expect(two).toEqual(one)
    expect(two.map((row) => row.rowNumber)).toEqual([4, 5, 6])
    expect(two[0]?.dates?.[8]).toBe('2024-12-31')
    expect(two[1]?.issues).toContainEqual(
      expect.objectContaining({ code: 'POSTCODE_REPAIRED', header: 'PLZ' }),
    )
    expect(liveWorkerCount()).toBe(0)
  }, 30_000)
})

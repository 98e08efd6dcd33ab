import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { type ImportRow, type ImportRun, importContacts, previewImport } from '../src/index.js'
import { fixture } from './fixtures.js'

async function collect(run: ImportRun): Promise<ImportRow[]> {
  const rows: ImportRow[] = []
  for await (const row of run) rows.push(row)
  return rows
}

async function failure(run: ImportRun): Promise<unknown> {
  try {
    await collect(run)
  } catch (error) {
    return error
  }
  return undefined
}

const encode = (text: string) => new TextEncoder().encode(text)

describe('importContacts', () => {
  it('reads a department in a name column and a whole name in the first-name column (Windows-1252, semicolons)', async () => {
    const csv = [
      'Vorname;Nachname;Firma;E-Mail',
      'Anna;Schmidt (Einkauf);Beispiel AG;anna.schmidt@beispiel.de',
      '"Weiß, Jürgen";;Nordlicht Logistik UG (haftungsbeschränkt);j.weiss@nordlicht.de',
      '',
    ].join('\r\n')
    const run = importContacts(iconv.encode(csv, 'windows-1252'), { defaultCountry: 'DE' })
    const rows = await collect(run)
    expect(run.summary.encoding).toBe('windows-1252')
    expect(rows[0]?.contact).toMatchObject({
      firstName: 'Anna',
      lastName: 'Schmidt',
      department: 'Einkauf',
      raw: { lastName: 'Schmidt (Einkauf)' },
    })
    expect(rows[1]?.contact).toMatchObject({
      firstName: 'Jürgen',
      lastName: 'Weiß',
      company: 'Nordlicht Logistik UG (haftungsbeschränkt)',
      raw: { firstName: 'Weiß, Jürgen' },
    })
  })

  it('imports German Excel CSV in Windows-1252 with semicolons, repairing a postcode and naming its column', async () => {
    const run = importContacts(fixture('excel-de-ansi.csv'), { defaultCountry: 'DE' })
    const rows = await collect(run)
    expect(rows.map((row) => row.rowNumber)).toEqual([2, 3, 4])
    expect(rows[0]?.contact).toMatchObject({
      salutation: 'Herr',
      title: 'Prof. Dr.',
      firstName: 'Jürgen',
      lastName: 'Weiß',
      company: 'Weiß Maschinenbau GmbH & Co. KG',
      emails: [{ value: 'j.weiss@weiss-maschinenbau.de' }],
      addresses: [
        { street: 'Königsallee', houseNumber: '12', postalCode: '40212', city: 'Düsseldorf', country: 'DE' },
      ],
      custom: { notes: 'Angebot „Fräse X2“ offen' },
    })
    expect(rows[0]?.contact?.phones.map((phone) => [phone.value, phone.kind])).toEqual([
      ['+492111234560', 'work'],
      ['+491712345678', 'mobile'],
    ])
    expect(rows[0]?.raw[13]).toBe('12.500,00 €')
    expect(rows[1]?.contact?.addresses[0]?.postalCode).toBe('01067')
    expect(rows[1]?.issues).toContainEqual(
      expect.objectContaining({ code: 'POSTCODE_REPAIRED', column: 7, header: 'PLZ' }),
    )
    expect(run.summary).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      rowsRead: 3,
      rowsImported: 3,
      rowsWithIssues: 1,
      issuesByCode: { POSTCODE_REPAIRED: 1 },
    })
  })

  it.each(['excel-de-utf8-bom.csv', 'excel-unicode-text.txt', 'sep-line.csv', 'utf16be-bom.csv'])(
    'reads %s to the same contacts as the Windows-1252 file',
    async (name) => {
      const expected = (
        await collect(importContacts(fixture('excel-de-ansi.csv'), { defaultCountry: 'DE' }))
      ).map((r) => r.contact)
      const rows = await collect(importContacts(fixture(name), { defaultCountry: 'DE' }))
      expect(rows.map((r) => r.contact)).toEqual(expected.slice(0, rows.length))
      expect(rows[0]?.contact?.lastName).toBe('Weiß')
    },
  )

  it('imports an Outlook German export with work address, office location ignored', async () => {
    const rows = await collect(importContacts(fixture('outlook-de.csv'), { defaultCountry: 'DE' }))
    expect(rows[0]?.contact).toMatchObject({
      firstName: 'Jürgen',
      department: 'Vertrieb',
      addresses: [{ city: 'Düsseldorf', kind: 'work' }],
      websites: ['https://weiss-maschinenbau.de'],
    })
    expect(JSON.stringify(rows[0]?.contact)).not.toContain('Halle 3')
  })

  it('imports an Outlook English export, "Title" as salutation', async () => {
    const rows = await collect(importContacts(fixture('outlook-en.csv'), { defaultCountry: 'GB' }))
    expect(rows[0]?.contact).toMatchObject({ salutation: 'Mr.', firstName: 'James', lastName: "O'Connor" })
    expect(rows[0]?.contact?.company).toContain('Harbour Logistics')
    // Outlook puts academic titles into the same "Title" column.
    expect(rows[1]?.contact).toMatchObject({ title: 'Prof. Dr.', lastName: 'Schäfer' })
    expect(rows[1]?.contact?.salutation).toBeUndefined()
    expect(rows[2]?.contact?.emails.map((email) => email.value)).toEqual([
      'olivia@bennett-sons.example',
      'olivia.bennett@gmail.com',
    ])
    expect(rows[2]?.contact?.addresses[0]).toMatchObject({ city: 'Leeds', kind: 'home' })
  })

  it('splits Google multi-values and takes kinds from the label columns', async () => {
    const rows = await collect(importContacts(fixture('google-contacts.csv'), { defaultCountry: 'DE' }))
    expect(rows[0]?.contact?.emails).toEqual([
      { value: 'lukas@hoffmann-consulting.de', kind: 'work' },
      { value: 'l.hoffmann@hoffmann-consulting.de', kind: 'work' },
      { value: 'lukas.hoffmann@web.de', kind: 'home' },
    ])
    expect(rows[0]?.contact?.phones.map((phone) => phone.kind)).toEqual(['mobile', 'work'])
    expect(rows[0]?.contact?.addresses).toEqual([
      expect.objectContaining({
        street: 'Friedrichstraße',
        postalCode: '10117',
        city: 'Berlin',
        kind: 'work',
      }),
    ])
    // The quoted address cell spans three lines, so the second contact starts on line 5.
    expect(rows[1]?.rowNumber).toBe(5)
    expect(rows[1]?.contact?.phones[0]?.kind).toBe('fax')
  })

  it.each([
    ['hubspot-labels.csv', 'Wagner'],
    ['hubspot-internal.csv', 'Wagner'],
    ['salesforce-contacts.csv', 'Becker'],
  ])('imports %s', async (name, lastName) => {
    const rows = await collect(importContacts(fixture(name), { defaultCountry: 'DE' }))
    expect(rows[0]?.contact).toMatchObject({
      lastName,
      emails: [expect.objectContaining({ value: expect.stringContaining('@') })],
    })
    expect(rows[0]?.contact?.phones.length).toBeGreaterThan(0)
  })

  it('reports ragged rows and NUL bytes as issues and goes on', async () => {
    const run = importContacts(fixture('ragged.csv'), { defaultCountry: 'DE' })
    const rows = await collect(run)
    expect(rows.map((row) => [row.rowNumber, row.issues.map((issue) => issue.code)])).toEqual([
      [3, []],
      [4, ['ROW_RAGGED']],
      [5, ['ROW_RAGGED']],
      [7, ['CELL_CONTROL_CHARACTERS']],
    ])
    expect(rows[2]?.raw.slice(5)).toEqual(['extra', 'noch mehr'])
    expect(rows[3]?.contact?.lastName).toBe('Krüger')
    expect(run.summary).toMatchObject({ rowsRead: 4, rowsImported: 4, rowsWithIssues: 3 })
  })

  it('applies a saved mapping by header name instead of the suggestion', async () => {
    const rows = await collect(
      importContacts(encode('Kd.-Nr.;Name;Kontakt\n4711;Meier GmbH;info@meier.de\n'), {
        mapping: { 'Kd.-Nr.': 'id', Name: 'company', Kontakt: 'email' },
      }),
    )
    expect(rows[0]?.contact).toMatchObject({
      id: '4711',
      company: 'Meier GmbH',
      emails: [{ value: 'info@meier.de' }],
    })
  })

  it('gives a row without contact data an issue and no contact', async () => {
    const rows = await collect(
      importContacts(encode('Vorname;Nachname;Bemerkung\nAnna;Schäfer;\n;;nur eine Notiz\n')),
    )
    expect(rows[1]).toMatchObject({
      rowNumber: 3,
      issues: [expect.objectContaining({ code: 'ROW_NO_CONTACT_DATA' })],
    })
    expect(rows[1]?.contact).toBeUndefined()
  })

  it('skips blank rows Excel writes as bare delimiters and counts them', async () => {
    const run = importContacts(encode('Vorname;Nachname\nAnna;Schäfer\n;\n;\nJürgen;Weiß\n'))
    expect((await collect(run)).map((row) => row.rowNumber)).toEqual([2, 5])
    expect(run.summary.rowsSkipped).toBe(2)
  })

  it('reads a Node.js stream, a web ReadableStream and a Blob alike', async () => {
    const bytes = fixture('excel-de-ansi.csv')
    const small = (size: number) =>
      Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
        bytes.subarray(i * size, (i + 1) * size),
      )
    const sources = [
      Readable.from(small(7)),
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of small(13)) controller.enqueue(chunk)
          controller.close()
        },
      }),
      new Blob([bytes]),
    ]
    for (const source of sources) {
      const rows = await collect(importContacts(source, { defaultCountry: 'DE' }))
      expect(rows.map((row) => row.contact?.lastName)).toEqual(['Weiß', 'Schäfer', 'Öztürk'])
    }
  })

  it('reports progress in bytes and rows', async () => {
    const seen: number[] = []
    await collect(
      importContacts(fixture('excel-de-ansi.csv'), {
        onProgress: (progress) => seen.push(progress.rowsRead),
      }),
    )
    expect(seen.at(-1)).toBe(3)
  })

  it('normalises in worker threads with the same result as in this thread', async () => {
    const header = 'Vorname;Nachname;Firma;PLZ;Ort;Telefon;E-Mail\n'
    const body = Array.from(
      { length: 600 },
      (_, i) => `Anna${i};Schäfer;Muster GmbH;${1067 + i};Dresden;0351 ${100000 + i};a${i}@muster.de`,
    ).join('\n')
    const bytes = encode(header + body)
    const inThread = await collect(importContacts(bytes, { defaultCountry: 'DE' }))
    const inWorkers = await collect(importContacts(bytes, { defaultCountry: 'DE', workers: 2 }))
    expect(inWorkers).toEqual(inThread)
    expect(inWorkers).toHaveLength(600)
  }, 30_000)
})

describe('importContacts on bad input', () => {
  it('ends with IMPORT_ROW_TOO_LONG on a 1 GB single line, reading only a few MiB of it', async () => {
    let served = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x61)
    const endless = Readable.from(
      (function* () {
        yield encode('Vorname,Nachname\n')
        while (served < 1024 * 1024 * 1024) {
          served += chunk.byteLength
          yield chunk
        }
      })(),
    )
    const error = await failure(importContacts(endless))
    expect(error).toMatchObject({ code: 'IMPORT_ROW_TOO_LONG', details: { line: 2 } })
    expect(served).toBeLessThan(8 * 1024 * 1024)
  })

  it('ends with IMPORT_MALFORMED naming line and column for an unterminated quote', async () => {
    const run = importContacts(
      encode('Vorname;Firma\nAnna;Muster GmbH\nKlaus;"Meier GmbH\nPetra;Schulz KG\n'),
    )
    const rows: ImportRow[] = []
    let error: unknown
    try {
      for await (const row of run) rows.push(row)
    } catch (caught) {
      error = caught
    }
    expect(rows.map((row) => row.contact?.company)).toEqual(['Muster GmbH'])
    expect(error).toMatchObject({ code: 'IMPORT_MALFORMED', details: { line: 3, column: 7 } })
  })

  it('refuses a binary file full of NUL bytes with IMPORT_UNSUPPORTED_FORMAT', async () => {
    const bytes = new Uint8Array(4096)
    bytes.set(encode('%PDF-1.7\n'))
    expect(await failure(importContacts(bytes))).toMatchObject({ code: 'IMPORT_UNSUPPORTED_FORMAT' })
  })

  it('reports invalid UTF-8 found after the sniffed window instead of replacing it', async () => {
    const head = `Vorname;Bemerkung\n${`Anna;${'ä'.repeat(1000)}\n`.repeat(600)}`
    const bytes = Buffer.concat([Buffer.from(head, 'utf8'), iconv.encode('Jürgen;Weiß\n', 'windows-1252')])
    expect(bytes.byteLength).toBeGreaterThan(1024 * 1024)
    expect(await failure(importContacts(bytes))).toMatchObject({ code: 'IMPORT_MALFORMED' })
  })

  it.each([
    ['maxBytes', { maxBytes: 100 }, 'IMPORT_FILE_TOO_LARGE'],
    ['maxRows', { maxRows: 2 }, 'IMPORT_TOO_MANY_ROWS'],
    ['maxColumns', { maxColumns: 5 }, 'IMPORT_TOO_MANY_COLUMNS'],
  ])('enforces %s with a typed error', async (_, limits, code) => {
    expect(await failure(importContacts(fixture('excel-de-ansi.csv'), { limits }))).toMatchObject({ code })
  })

  it('drops a cell longer than maxCellLength with a CELL_TOO_LONG issue', async () => {
    const rows = await collect(
      importContacts(encode(`Vorname;Bemerkung\nAnna;${'x'.repeat(200)}\n`), {
        limits: { maxCellLength: 100 },
      }),
    )
    expect(rows[0]?.issues).toEqual([
      expect.objectContaining({ code: 'CELL_TOO_LONG', column: 1, header: 'Bemerkung' }),
    ])
    expect(rows[0]?.contact?.custom).toBeUndefined()
  })

  it.each([
    ['an empty file', '', 'IMPORT_EMPTY'],
    ['a header without rows', 'Vorname;Nachname\n', 'IMPORT_EMPTY'],
  ])('throws for %s', async (_, text, code) => {
    expect(await failure(importContacts(encode(text)))).toMatchObject({ code })
  })

  it('stops with IMPORT_ABORTED when the signal fires', async () => {
    const controller = new AbortController()
    const body = Array.from({ length: 50_000 }, (_, i) => `Anna${i};Schäfer`).join('\n')
    const run = importContacts(Readable.from([encode(`Vorname;Nachname\n${body}`)]), {
      signal: controller.signal,
    })
    let count = 0
    let error: unknown
    try {
      for await (const _ of run) {
        count++
        if (count === 10) controller.abort()
      }
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'IMPORT_ABORTED' })
    expect(count).toBeLessThan(50_000)
  })

  it('rejects invalid options at once with IMPORT_INVALID_OPTIONS', () => {
    expect(() => importContacts(new Uint8Array(), { defaultCountry: 'Deutschland' })).toThrow(
      expect.objectContaining({ code: 'IMPORT_INVALID_OPTIONS' }),
    )
    expect(() => importContacts(new Uint8Array(), { limits: { maxRows: -1 } })).toThrow(
      expect.objectContaining({ code: 'IMPORT_INVALID_OPTIONS' }),
    )
  })
})

describe('previewImport', () => {
  it('shows the layout, the header after the title row, a sample and the suggestions', async () => {
    const preview = await previewImport(fixture('ragged.csv'))
    expect(preview.sniffed).toMatchObject({ delimiter: ',', headerRow: 1 })
    expect(preview.headers).toEqual(['Vorname', 'Nachname', 'Firma', 'E-Mail', 'Telefon'])
    expect(preview.sample[0]).toEqual([
      'Klaus',
      'Meier',
      'Meier GmbH',
      'k.meier@meier-gmbh.de',
      '+49 511 123456',
    ])
    expect(preview.suggestions.map((s) => s.field)).toEqual([
      'firstName',
      'lastName',
      'company',
      'email',
      'phone',
    ])
  })
})

describe('importContacts dates', () => {
  it('reads German dates of an updatedAt column', async () => {
    const rows: ImportRow[] = []
    for await (const row of importContacts(
      encode('Vorname;Nachname;Geändert am\nAnna;Schäfer;31.12.2024 14:05\n'),
    ))
      rows.push(row)
    expect(rows[0]?.contact?.updatedAt).toBe('2024-12-31T14:05:00Z')
  })
})

describe('importContacts on workbooks', () => {
  it.each(['title-row.xlsx', 'title-row.xls', 'title-row.ods'])(
    'imports %s below its title rows',
    async (name) => {
      const run = importContacts(fixture(name), { defaultCountry: 'DE' })
      const rows = await collect(run)
      expect(rows.map((row) => row.rowNumber)).toEqual([4, 5, 6])
      expect(rows[1]?.contact).toMatchObject({
        firstName: 'Jürgen',
        lastName: 'Weiß',
        addresses: [{ postalCode: '01067', city: 'Dresden' }],
      })
      expect(rows[1]?.issues).toContainEqual(
        expect.objectContaining({ code: 'POSTCODE_REPAIRED', header: 'PLZ' }),
      )
      expect(run.summary).toMatchObject({
        format: name.slice(-4).replace('.', ''),
        sheet: 'Kontakte',
        rowsRead: 3,
      })
    },
  )

  it('gives date cells as displayed in raw and as ISO dates beside', async () => {
    const [first] = await collect(importContacts(fixture('title-row.xlsx')))
    expect(first?.raw[8]).toBe('31.12.2024')
    expect(first?.dates?.[8]).toBe('2024-12-31')
  })

  it('reads the sheet the caller picks', async () => {
    const rows = await collect(importContacts(fixture('title-row.xlsx'), { sheet: 'Firmen' }))
    expect(rows[0]?.contact).toMatchObject({ company: 'Muster GmbH', addresses: [{ city: 'München' }] })
  })

  it('refuses a password-protected workbook with IMPORT_ENCRYPTED_WORKBOOK', async () => {
    expect(await failure(importContacts(fixture('encrypted.xlsx')))).toMatchObject({
      code: 'IMPORT_ENCRYPTED_WORKBOOK',
    })
  })
})

describe('importContacts and the source stream', () => {
  it('cancels a web ReadableStream when the consumer stops early or the file is refused', async () => {
    let cancelled = 0
    const stream = (text: string) =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(encode(text))
        },
        cancel() {
          cancelled++
        },
      })
    for await (const _ of importContacts(stream('Vorname;Nachname\nAnna;Schäfer\n'))) break
    await previewImport(stream('Vorname;Nachname\nAnna;Schäfer\n'))
    expect(await failure(importContacts(stream('\u0000\u0000\u0000\u0000'.repeat(1000))))).toMatchObject({
      code: 'IMPORT_UNSUPPORTED_FORMAT',
    })
    expect(cancelled).toBe(3)
  })
})

describe('importContacts edge layouts', () => {
  it('reads the last row of a file without a final line break', async () => {
    const rows = await collect(importContacts(encode('Vorname;Nachname\r\nAnna;Schäfer\r\nJürgen;Weiß')))
    expect(rows.map((row) => row.contact?.lastName)).toEqual(['Schäfer', 'Weiß'])
  })

  it('maps a file without header row by its values', async () => {
    const run = importContacts(
      encode('Anna;anna.schaefer@muster.de;+49 89 1234567\nJürgen;j.weiss@weiss.de;0211 123456\n'),
      {
        defaultCountry: 'DE',
      },
    )
    const rows = await collect(run)
    expect(run.summary.headers).toEqual(['Column 1', 'Column 2', 'Column 3'])
    expect(rows.map((row) => row.rowNumber)).toEqual([1, 2])
    expect(rows[0]?.contact?.emails[0]?.value).toBe('anna.schaefer@muster.de')
    expect(rows[1]?.contact?.phones[0]?.value).toBe('+49211123456')
  })

  it('leaves suggestions below minConfidence unmapped', async () => {
    const text = 'Vorname;Nachnahme\nAnna;Schäfer\n'
    const loose = await collect(importContacts(encode(text)))
    const strict = await collect(importContacts(encode(text), { minConfidence: 0.9 }))
    expect(loose[0]?.contact?.lastName).toBe('Schäfer')
    expect(strict[0]?.contact?.lastName).toBeUndefined()
  })
})

describe('importContacts on old Mac Excel files', () => {
  it('reads lines that end in a bare CR ("CSV (Macintosh)")', async () => {
    const run = importContacts(encode('Vorname;Nachname;PLZ\rAnna;Schäfer;80331\rJürgen;Weiß;01067\r'))
    const rows = await collect(run)
    expect(rows.map((row) => [row.rowNumber, row.contact?.lastName])).toEqual([
      [2, 'Schäfer'],
      [3, 'Weiß'],
    ])
  })
})

describe('importContacts with workers and long rows', () => {
  it('splits batches by size and keeps the row order', async () => {
    const note = 'ä'.repeat(12_000)
    const body = Array.from({ length: 400 }, (_, i) => `Anna${i};Schäfer;${note}`).join('\n')
    const rows = await collect(importContacts(encode(`Vorname;Nachname;Bemerkung\n${body}`), { workers: 2 }))
    expect(rows.map((row) => row.contact?.firstName)).toEqual(
      Array.from({ length: 400 }, (_, i) => `Anna${i}`),
    )
    expect(rows[399]?.contact?.custom).toEqual({ notes: note })
  }, 30_000)
})

import type { Contact } from '@contactkit/core'
import { normalizeContact } from '@contactkit/normalize'
import { fc, test } from '@fast-check/vitest'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import {
  exportContacts,
  exportIssues,
  type ImportRow,
  importContacts,
  neutralizeFormula,
} from '../src/index.js'

async function reimport(bytes: Uint8Array): Promise<ImportRow[]> {
  const rows: ImportRow[] = []
  for await (const row of importContacts(bytes, { defaultCountry: 'DE' })) rows.push(row)
  return rows
}

// `raw` keeps what a source typed; a re-import of canonical values has nothing to keep.
function withoutRaw(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRaw)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'raw')
        .map(([key, inner]) => [key, withoutRaw(inner)]),
    )
  }
  return value
}

const weiss: Contact = {
  salutation: 'Herr',
  title: 'Prof. Dr.',
  firstName: 'Jürgen',
  lastName: 'Weiß',
  company: 'Weiß Maschinenbau GmbH & Co. KG',
  jobTitle: 'Geschäftsführer',
  emails: [{ value: 'j.weiss@weiss-maschinenbau.de', kind: 'work' }],
  phones: [{ value: '+49211123456', kind: 'work', extension: '12' }],
  addresses: [
    {
      street: 'Königsallee',
      houseNumber: '12',
      postalCode: '01067',
      city: 'Dresden',
      country: 'DE',
      kind: 'work',
    },
  ],
  websites: ['https://weiss-maschinenbau.de'],
  custom: { notes: 'Angebot „Fräse X2“; 12.500 €' },
}

describe('exportContacts', () => {
  it('writes German Excel CSV: semicolons, UTF-8 BOM, quotes where needed', async () => {
    const bytes = await exportContacts([weiss], { format: 'csv', dialect: 'excel-de' })
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.subarray(3)).split('\r\n')
    expect(lines[0]?.startsWith('ID;Salutation;Academic Title;First Name;')).toBe(true)
    expect(lines[1]).toContain(';"Angebot „Fräse X2“; 12.500 €";')
    expect(lines[1]).toContain(";'+49211123456;work;12;")
  })

  it('writes Windows-1252 for the excel-de-ansi dialect and refuses characters it lacks', async () => {
    const bytes = await exportContacts([weiss], { dialect: 'excel-de-ansi' })
    expect(iconv.decode(Buffer.from(bytes), 'windows-1252')).toContain('Angebot „Fräse X2“; 12.500 €')
    expect(bytes.includes(0x80)).toBe(true)
    await expect(
      exportContacts([{ ...weiss, lastName: 'Łukasiewicz' }], { dialect: 'excel-de-ansi' }),
    ).rejects.toMatchObject({
      code: 'IMPORT_UNENCODABLE',
    })
  })

  it('neutralises formula injection in every cell', async () => {
    const evil: Contact = {
      ...weiss,
      company: '=HYPERLINK("http://evil.example","Klick")',
      jobTitle: '@SUM(A1)',
      department: '\tx',
    }
    const text = new TextDecoder().decode(await exportContacts([evil]))
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Klick"")"`)
    expect(text).toContain("'@SUM(A1)")
    expect(text).not.toMatch(/(^|,)[=+\-@]/m)
  })

  it('reads back an export to the same contacts, kinds and extensions included', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const rows = await reimport(await exportContacts([weiss], { format }))
      expect(withoutRaw(rows[0]?.contact)).toEqual(withoutRaw(weiss))
    }
  })

  it('rejects unknown options', async () => {
    await expect(exportContacts([], { dialect: 'excel-fr' as never })).rejects.toMatchObject({
      code: 'IMPORT_INVALID_OPTIONS',
    })
  })
})

describe('neutralizeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+49 89 1234567', "'+49 89 1234567"],
    ['-5', "'-5"],
    ['@user', "'@user"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['Müller', 'Müller'],
  ])('turns %j into %j', (value, expected) => {
    expect(neutralizeFormula(value)).toBe(expected)
  })
})

const firstNames = ['Jürgen', 'Anna', 'Björn', 'Émilie', 'Klaus-Peter', 'Zoë']
const lastNames = ['Weiß', 'Schäfer', 'Groß-Öztürk', "O'Connor", 'Müller', 'von Bülow']
const companies = [
  'Muster GmbH & Co. KG',
  'Öko-Bäckerei Süß e.K.',
  'Acme Widgets, Inc.',
  '=cmd|calc',
  '"Quote" AG',
  'Müller; Söhne OHG',
]
const notes = ['Angebot „Fräse X2“ über 12.500 €', 'Zeile 1\nZeile 2', '+1 Rückruf', '-', '@home', 'a;b,c"d']
const cities = [
  ['80331', 'München'],
  ['01067', 'Dresden'],
  ['20457', 'Hamburg'],
  ['40212', 'Düsseldorf'],
] as const
const contactInput = fc.record(
  {
    firstName: fc.constantFrom(...firstNames),
    lastName: fc.constantFrom(...lastNames),
    company: fc.constantFrom(...companies),
    emails: fc.array(
      fc.constantFrom('info@muster.de', 'j.weiss@weiss-maschinenbau.de', 'anna.schaefer@web.de'),
      { maxLength: 2 },
    ),
    phones: fc.array(
      fc.record({
        value: fc.constantFrom('+49 89 1234567', '0351 4567890', '+49 171 2345678'),
        kind: fc.constantFrom('work', 'mobile', 'fax'),
      }),
      { maxLength: 2 },
    ),
    addresses: fc.array(
      fc
        .record({
          street: fc.constantFrom('Königsallee', 'Bahnhofstraße', 'Hafenstraße'),
          houseNumber: fc.constantFrom('1', '12a', '3-5'),
          place: fc.constantFrom(...cities),
          kind: fc.constantFrom('work', 'home'),
        })
        .map(({ place, ...rest }) => ({ ...rest, postalCode: place[0], city: place[1], country: 'DE' })),
      { maxLength: 1 },
    ),
    custom: fc.record({ notes: fc.constantFrom(...notes) }),
  },
  { requiredKeys: ['lastName'] },
)

describe('exportContacts round trip', () => {
  test.prop(
    [
      fc.array(contactInput, { minLength: 1, maxLength: 4 }),
      fc.constantFrom('rfc4180', 'excel', 'excel-de', 'tsv'),
      fc.boolean(),
    ],
    {
      numRuns: 40,
    },
  )('export then import gives the same contacts', async (inputs, dialect, xlsx) => {
    const contacts = inputs.map(
      (input) => withoutRaw(normalizeContact(input, { defaultCountry: 'DE' }).contact) as Contact,
    )
    const bytes = await exportContacts(contacts, xlsx ? { format: 'xlsx' } : { format: 'csv', dialect })
    const rows = await reimport(bytes)
    expect(rows.map((row) => withoutRaw(row.contact))).toEqual(contacts)
  })
})

describe('exportIssues', () => {
  it('writes one line per issue with row, column, code and the value as written, neutralised', async () => {
    const text = 'Vorname;Nachname;PLZ;Telefon\nAnna;Schäfer;1067;\nKlaus;Meier;80331;=cmd|calc\n'
    const rows: ImportRow[] = []
    for await (const row of importContacts(new TextEncoder().encode(text), { defaultCountry: 'DE' }))
      rows.push(row)
    const report = new TextDecoder()
      .decode(await exportIssues(rows, { dialect: 'excel-de' }))
      .replace(/^\uFEFF/, '')
    const lines = report.trim().split('\r\n')
    expect(lines[0]).toBe('Row;Column;Field;Code;Message;Value')
    expect(lines).toContainEqual(
      expect.stringMatching(/^2;PLZ;addresses\.0\.postalCode;POSTCODE_REPAIRED;.*;1067$/),
    )
    expect(lines).toContainEqual(expect.stringMatching(/^3;Telefon;phones\.0;PHONE_INVALID;.*;'=cmd\|calc$/))
  })
})

// Writes a realistic contact CSV for the benchmarks into the OS temp folder (never committed).
import { createWriteStream, existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const FIRST = [
  'Jürgen',
  'Anna',
  'Björn',
  'Sophie',
  'Klaus-Peter',
  'Zoë',
  'Mehmet',
  'Laura',
  'Thomas',
  'Brigitte',
]
const LAST = [
  'Weiß',
  'Schäfer',
  'Groß-Öztürk',
  'Müller',
  'Becker',
  'Hoffmann',
  'Wagner',
  'Schulz',
  'Krüger',
  'Vogel',
]
const COMPANY = [
  'Muster GmbH & Co. KG',
  '"Müller, Meier & Partner mbB"',
  'Öko-Bäckerei Süß e.K.',
  'Weiß Maschinenbau AG',
  'Becker IT Services GmbH',
  '"Vogel ""Logistik"" OHG"',
]
const STREET = ['Königsallee', 'Bahnhofstraße', 'Hafenstraße', 'Maximilianstraße', 'Friedrichstraße']
const CITY = [
  ['80331', 'München', '089'],
  ['01067', 'Dresden', '0351'],
  ['20457', 'Hamburg', '040'],
  ['40212', 'Düsseldorf', '0211'],
  ['10117', 'Berlin', '030'],
] as const
const TITLE = ['', '', 'Dr.', 'Prof. Dr.']

export const HEADER =
  'Anrede,Titel,Vorname,Nachname,Firma,Straße,PLZ,Ort,Land,Telefon geschäftlich,Mobiltelefon,E-Mail'

/** One data line; deterministic for row `i`. */
export function line(i: number): string {
  const first = FIRST[i % FIRST.length] as string
  const last = LAST[(i * 7) % LAST.length] as string
  const [postal, city, area] = CITY[(i * 3) % CITY.length] as (typeof CITY)[number]
  const mobile = i % 3 === 0 ? `0171 ${String(1000000 + (i % 8999999))}` : ''
  const email = `${first.toLowerCase().replace(/[^a-z]/g, '')}.${i}@example-firma.de`
  return [
    i % 2 === 0 ? 'Herr' : 'Frau',
    TITLE[i % TITLE.length],
    first,
    last,
    COMPANY[i % COMPANY.length],
    `${STREET[i % STREET.length]} ${(i % 120) + 1}`,
    postal,
    city,
    'Deutschland',
    `${area} ${String(100000 + (i % 899999))}-${i % 100}`,
    mobile,
    email,
  ].join(',')
}

/** Writes `rows` contacts unless the file is already there; returns its path and size. */
export async function contactCsv(rows: number): Promise<{ path: string; bytes: number }> {
  const path = join(tmpdir(), `contactkit-import-bench-${rows}.csv`)
  if (!existsSync(path)) {
    const out = createWriteStream(path)
    const write = (text: string) =>
      new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)))
    await write(`${HEADER}\r\n`)
    let batch: string[] = []
    for (let i = 0; i < rows; i++) {
      batch.push(line(i))
      if (batch.length === 10_000) {
        await write(`${batch.join('\r\n')}\r\n`)
        batch = []
      }
    }
    if (batch.length > 0) await write(`${batch.join('\r\n')}\r\n`)
    await new Promise<void>((resolve) => out.end(resolve))
  }
  return { path, bytes: statSync(path).size }
}

import type { Client } from '../support/server.js'

/** A multipart/form-data body with one file field, as a browser sends it. */
export function multipartFile(
  fileName: string,
  bytes: Uint8Array,
  type = 'text/csv',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----contactkit-test-boundary'
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** Uploads a file into a list through the import API. */
export async function upload(
  client: Client,
  listId: string,
  fileName: string,
  bytes: Uint8Array,
  type?: string,
) {
  const { payload, headers } = multipartFile(fileName, bytes, type)
  return client.request('POST', `/imports?listId=${listId}`, payload, headers)
}

/** A semicolon CSV in Windows-1252, as Excel saves it in German locales. */
export function windows1252(text: string): Buffer {
  return Buffer.from(text.replaceAll('\n', '\r\n'), 'latin1')
}

export const messeCsv = windows1252(
  [
    'Anrede;Titel;Vorname;Nachname;Firma;Position;E-Mail;Telefon;Straße;PLZ;Ort',
    'Herr;Prof. Dr.;Hans-Jürgen;Müller;Müller Maschinenbau GmbH & Co. KG;CEO;h.mueller@mueller-maschinenbau.de;089 1234560;Leopoldstraße 12;80802;München',
    'Frau;;Anna;Schäfer;Schäfer Logistik AG;Leiterin Einkauf;anna.schaefer@schaefer-logistik.de;+49 40 5556677;Am Sandtorkai 5;20457;Hamburg',
    'Herr;Dr.;Klaus;Weiß;Weiß & Söhne OHG;Geschäftsführer;k.weiss@weiss-soehne;0211 1234560;Königsallee 1;4021;Düsseldorf',
    ';;;;;;;;;;',
    'Frau;;Anna;Schäfer;Schäfer Logistik AG;;anna.schaefer@schaefer-logistik.de;;;;',
    'Herr;;Otto;Ölmann;;;=HYPERLINK("http://evil.example");;;;',
    '',
  ].join('\n'),
)

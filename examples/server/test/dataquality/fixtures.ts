import type { Client } from '../support/server.js'

/** A CRM record as a trade-fair team would have it: title, umlauts, legal form, phone with (0). */
export const muellerCrm = {
  name: 'Prof. Dr. Hans-Jürgen Müller',
  company: 'Müller Maschinenbau GmbH & Co. KG',
  jobTitle: 'Geschäftsführer',
  emails: ['H.Mueller@Mueller-Maschinenbau.DE'],
  phones: ['+49 (0)89 123456-0'],
  addresses: [{ street: 'Leopoldstraße 12', postalCode: '80802', city: 'München', country: 'DE' }],
}

/** The same person from a business card: transliterated surname, new job title, a mobile number. */
export const muellerCard = {
  firstName: 'Hans-Jürgen',
  lastName: 'Mueller',
  company: 'Müller Maschinenbau GmbH & Co. KG',
  jobTitle: 'CEO',
  emails: ['h.mueller@mueller-maschinenbau.de'],
  phones: ['089 1234560', { value: '0171 2345678', kind: 'mobile' as const }],
}

/** Same surname and city, nothing else: a possible duplicate. */
export const muellerPossible = { firstName: 'Hans', lastName: 'Müller', addresses: [{ city: 'München' }] }

export const schaefer = {
  name: 'Anna Schäfer',
  company: 'Schäfer Logistik AG',
  emails: ['anna.schaefer@schaefer-logistik.de'],
  phones: ['+49 40 5556677'],
  addresses: [{ street: 'Am Sandtorkai 5', postalCode: '20457', city: 'Hamburg', country: 'DE' }],
}

export const weiss = {
  name: 'Dr. Klaus Weiß',
  company: 'Weiß & Söhne OHG',
  emails: ['k.weiss@weiss-soehne.de'],
  phones: ['0211 1234560'],
}

/** Creates a list and adds contacts through the contact API; returns the list id and contact ids. */
export async function seedList(
  client: Client,
  name: string,
  contacts: readonly Record<string, unknown>[],
): Promise<{ listId: string; ids: string[] }> {
  const list = await client.request('POST', '/lists', { name })
  if (list.statusCode !== 201) throw new Error(`list: ${list.body}`)
  const listId = list.json().id as string
  const ids: string[] = []
  for (const contact of contacts) {
    const created = await client.request('POST', `/lists/${listId}/contacts`, {
      contact,
      source: { kind: 'crm' },
      defaultCountry: 'DE',
    })
    if (created.statusCode !== 201) throw new Error(`contact: ${created.body}`)
    ids.push(created.json().id)
  }
  return { listId, ids }
}

import type { Contact } from '@contactkit/core'
import { exportContacts } from '@contactkit/import'
import { generateContacts } from '@contactkit/match'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settleJobs } from '../../src/dataquality/job-queue.js'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { muellerCrm, seedList } from './fixtures.js'
import { messeCsv, upload } from './upload.js'

describe.each(STORE_KINDS)('spreadsheet import on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  let listId: string
  let crmId: string
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    ;({
      listId,
      ids: [crmId = ''],
    } = await seedList(admin, 'Messe', [muellerCrm]))
  }, 60_000)
  afterAll(() => server.stop())

  async function importAndWait(mapping?: unknown) {
    const uploaded = await upload(admin, listId, 'messe-kontakte.csv', messeCsv)
    expect(uploaded.statusCode).toBe(201)
    const id = uploaded.json().id
    const started = await admin.request('POST', `/imports/${id}/start`, {
      defaultCountry: 'DE',
      ...(mapping ? { mapping } : {}),
    })
    expect(started.statusCode).toBe(202)
    await settleJobs(server.store)
    return id as string
  }

  it('suggests a mapping for a Windows-1252 semicolon CSV', async () => {
    const response = await upload(admin, listId, 'messe-kontakte.csv', messeCsv)
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body.status).toBe('uploaded')
    expect(body.preview).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';' })
    expect(body.preview.headers).toContain('Straße')
    const fields = Object.fromEntries(
      body.preview.suggestions.map((s: { header: string; field: string }) => [s.header, s.field]),
    )
    expect(fields).toMatchObject({ Vorname: 'firstName', Nachname: 'lastName', Firma: 'company' })
    expect(body.preview.fields).toContain('phone.mobile')
  })

  it('creates new rows, holds duplicates for review and lists rows with issues', async () => {
    const id = await importAndWait()
    const state = (await admin.request('GET', `/imports/${id}`)).json()
    expect(state.status).toBe('done')
    expect(state.progress).toMatchObject({ rowsRead: 5, created: 3, review: 2 })
    expect(state.progress.bytesRead).toBe(state.progress.totalBytes)

    const review = (await admin.request('GET', `/imports/${id}/rows?outcome=review`)).json().rows
    expect(review.map((row: { rowNumber: number }) => row.rowNumber)).toEqual([2, 6])
    expect(review[0].candidates[0]).toMatchObject({ id: crmId, verdict: 'duplicate' })
    // Row 6 repeats row 3 of the same file, which the import had just created.
    const created = (await admin.request('GET', `/imports/${id}/rows?outcome=created`)).json().rows
    const schaefer = created.find((row: { rowNumber: number }) => row.rowNumber === 3)
    expect(review[1].candidates[0].id).toBe(schaefer.contactId)

    const list = (await admin.request('GET', `/lists/${listId}/contacts`)).json().contacts
    const names = list.map((c: { contact: { lastName: string } }) => c.contact.lastName).sort()
    expect(names).toEqual(['Müller', 'Schäfer', 'Weiß', 'Ölmann'])
    const weiss = list.find((c: { contact: { lastName: string } }) => c.contact.lastName === 'Weiß')
    expect(weiss.contact.phones[0].value).toBe('+492111234560')
    expect(weiss.provenance.lastName.source).toBe(`import:${id}`)

    // Created rows are keyed by the import itself and leave nothing on the re-key queue; a contact written any
    // other way afterwards is still queued by the trigger.
    const createdIds = created.map((row: { contactId: string }) => row.contactId)
    const keyed = await server.store.db
      .selectFrom('dq_blocking_keys')
      .select('contact_id')
      .distinct()
      .where('contact_id', 'in', createdIds)
      .execute()
    expect(keyed).toHaveLength(createdIds.length)
    const queue = () => server.store.db.selectFrom('dq_blocking_key_queue').select('contact_id').execute()
    expect(await queue()).toEqual([])
    const later = await admin.request('POST', `/lists/${listId}/contacts`, {
      contact: { name: 'Jörg Nachzügler', emails: ['j.nachzuegler@example.de'] },
    })
    expect(await queue()).toEqual([{ contact_id: later.json().id }])

    const csv = await admin.request('GET', `/imports/${id}/issues.csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe(
      'Row;Outcome;Issues;Anrede;Titel;Vorname;Nachname;Firma;Position;E-Mail;Telefon;Straße;PLZ;Ort',
    )
    const weissLine = lines.find((line) => line.startsWith('4;'))
    expect(weissLine).toContain('k.weiss@weiss-soehne')
    expect(weissLine).toContain('POSTCODE_REPAIRED')
    // A formula in a cell comes back neutralised, never live.
    const formulaLine = lines.find((line) => line.startsWith('7;')) ?? ''
    expect(formulaLine).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
    expect(formulaLine).not.toMatch(/;"?=/)
  })

  it('resolves review rows: create anyway, skip, or merged', async () => {
    const id = await importAndWait()
    // A colleague who may only read the list sees the import but cannot resolve its rows.
    const reader = await server.createUser(admin, 'user', `leser-${id.slice(0, 8)}@kontakt-werk.de`)
    await admin.request('PUT', `/lists/${listId}/members/${reader.userId}`, { access: 'read' })
    expect((await reader.request('GET', `/imports/${id}`)).statusCode).toBe(200)
    const refused = await reader.request('POST', `/imports/${id}/rows/6/resolve`, { action: 'create' })
    expect(refused.statusCode).toBe(403)
    const created = await admin.request('POST', `/imports/${id}/rows/6/resolve`, { action: 'create' })
    expect(created.statusCode).toBe(200)
    expect(created.json()).toMatchObject({ outcome: 'created' })
    expect((await admin.request('GET', `/contacts/${created.json().contactId}`)).statusCode).toBe(200)
    const skipped = await admin.request('POST', `/imports/${id}/rows/2/resolve`, { action: 'skip' })
    expect(skipped.json().outcome).toBe('skipped')
    const again = await admin.request('POST', `/imports/${id}/rows/2/resolve`, { action: 'create' })
    expect(again.statusCode).toBe(409)
  })

  it('checks each batch against the contacts the batches before it created', async () => {
    // 650 different people and two of them again: one as the first row of the next 200-row batch, one at the end.
    const { contacts } = generateContacts({ count: 650, seed: 23, duplicateShare: 0 })
    const people = contacts.map(({ id: _id, ...contact }) => contact as Contact)
    const sequence = [...people.slice(0, 200), people[195], ...people.slice(200), people[4]] as Contact[]
    const file = await exportContacts(sequence, {
      format: 'csv',
      dialect: 'excel-de',
    })
    const { listId: fairList } = await seedList(admin, 'Messe Hannover', [])
    const uploaded = await upload(admin, fairList, 'hannover.csv', file)
    const id = uploaded.json().id
    await admin.request('POST', `/imports/${id}/start`, { defaultCountry: 'DE' })
    await settleJobs(server.store)
    const rows = await server.store.db
      .selectFrom('dq_import_rows')
      .select(['row_number', 'outcome', 'contact_id', 'candidates'])
      .where('import_id', '=', id)
      .orderBy('row_number')
      .execute()
    expect(rows).toHaveLength(652)
    const byRow = new Map(rows.map((row) => [row.row_number, row]))
    // Row numbers count the header as row 1.
    for (const [original, repeat] of [
      [197, 202],
      [6, 653],
    ] as const) {
      expect(byRow.get(original)?.outcome).toBe('created')
      expect(byRow.get(repeat)?.outcome).toBe('review')
      const candidates = byRow.get(repeat)?.candidates as { id: string }[]
      expect(candidates.map((candidate) => candidate.id)).toContain(byRow.get(original)?.contact_id)
    }
  }, 60_000)

  it('imports with an adjusted mapping and refuses a second start', async () => {
    const uploaded = (await upload(admin, listId, 'messe.csv', messeCsv)).json()
    const mapping = uploaded.preview.suggestions.map(
      (s: { column: number; header: string; field: string | null }) => ({
        column: s.column,
        field: s.header === 'Position' ? 'department' : s.field,
      }),
    )
    expect((await admin.request('POST', `/imports/${uploaded.id}/start`, { mapping })).statusCode).toBe(202)
    expect((await admin.request('POST', `/imports/${uploaded.id}/start`, {})).statusCode).toBe(409)
    await settleJobs(server.store)
    const rows = (await admin.request('GET', `/imports/${uploaded.id}/rows?limit=10`)).json().rows
    const row2 = rows.find((row: { rowNumber: number }) => row.rowNumber === 2)
    expect(row2.contact).toMatchObject({ department: 'CEO' })
    expect(row2.contact.jobTitle).toBeUndefined()
  })

  it('refuses files over the size limit, unreadable files and foreign lists', async () => {
    const big = await upload(admin, listId, 'riesig.csv', Buffer.alloc(21 * 1024 * 1024, 'a;b\n'))
    expect(big.statusCode).toBe(413)
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE')
    const empty = await upload(admin, listId, 'leer.csv', Buffer.from(''))
    expect(empty.statusCode).toBe(400)
    const stranger = await server.createOrganisation('Fremd GmbH', 'admin@fremd.de')
    const foreign = await upload(stranger, listId, 'messe.csv', messeCsv)
    expect(foreign.statusCode).toBe(404)
  })
})

import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../src/clock.js'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { muellerCard, muellerCrm, schaefer, seedList } from './fixtures.js'

describe.each(STORE_KINDS)('merge API on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  let reporter: Client
  let listId: string
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    reporter = await server.createUser(admin, 'reporter', 'rita@kontakt-werk.de')
    ;({ listId } = await seedList(admin, 'CRM', []))
  }, 60_000)
  beforeEach(async () => {
    admin = await server.login('admin@kontakt-werk.de', admin.password)
    reporter = await server.login('rita@kontakt-werk.de', reporter.password)
  })
  afterAll(() => server.stop())

  async function addContact(contact: Record<string, unknown>): Promise<string> {
    const created = await admin.request('POST', `/lists/${listId}/contacts`, {
      contact,
      source: { kind: 'crm' },
      defaultCountry: 'DE',
    })
    expect(created.statusCode).toBe(201)
    return created.json().id
  }

  it('previews equivalent values as equivalent, not as conflicts', async () => {
    const targetId = await addContact(muellerCrm)
    const response = await admin.request('POST', '/merges/preview', {
      incoming: { contact: muellerCard },
      targetId,
      defaultCountry: 'DE',
    })
    expect(response.statusCode).toBe(200)
    const { diff, existing } = response.json()
    expect(existing.id).toBe(targetId)
    const kinds = Object.fromEntries(
      diff.entries.map((e: { path: string; kind: string }) => [e.path, e.kind]),
    )
    expect(kinds).toMatchObject({
      lastName: 'equivalent',
      'phones[+49891234560]': 'equivalent',
      'emails[h.mueller@mueller-maschinenbau.de]': 'equivalent',
      jobTitle: 'changed',
      'phones[+491712345678]': 'added',
      title: 'removed',
    })
  })

  it('writes only the chosen changes, keeps the journal and undoes them', async () => {
    const targetId = await addContact(muellerCrm)
    const before = (await admin.request('GET', `/contacts/${targetId}`)).json()
    const preview = (
      await admin.request('POST', '/merges/preview', {
        incoming: { contact: muellerCard },
        targetId,
        defaultCountry: 'DE',
      })
    ).json()
    const merged = await admin.request('POST', '/merges', {
      incoming: { contact: muellerCard },
      targetId,
      defaultCountry: 'DE',
      expectedUpdatedAt: preview.existing.updatedAt,
      choices: { jobTitle: 'takeIncoming', 'phones[+491712345678]': 'union', lastName: 'keepExisting' },
    })
    expect(merged.statusCode).toBe(201)
    const result = merged.json()
    expect(Object.keys(result.fieldUpdate).sort()).toEqual(['jobTitle', 'phones'])
    expect(result.fieldUpdate.jobTitle).toBe('CEO')

    const after = (await admin.request('GET', `/contacts/${targetId}`)).json()
    expect(after.contact.jobTitle).toBe('CEO')
    expect(after.contact.lastName).toBe('Müller')
    expect(after.contact.title).toBe('Prof. Dr.')
    expect(after.contact.phones.map((p: { value: string }) => p.value)).toEqual([
      '+49891234560',
      '+491712345678',
    ])
    expect(after.provenance.jobTitle.source).toBe('manual:merge')
    expect(after.provenance.lastName).toEqual(before.provenance.lastName)

    // The new number is now a blocking key of the record.
    const byMobile = await admin.request('POST', '/duplicates/check', {
      contact: { lastName: 'Müller', phones: ['+49 171 2345678'] },
    })
    expect(byMobile.json().candidates.map((c: { id: string }) => c.id)).toContain(targetId)

    const history = (await admin.request('GET', `/merges?targetId=${targetId}`)).json()
    expect(history.merges).toEqual([
      expect.objectContaining({
        id: result.id,
        fields: ['jobTitle', 'phones'],
        undoable: true,
        undoneAt: null,
      }),
    ])
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', 'like', 'merge.%')
      .where('target_id', '=', targetId)
      .execute()
    expect(audit).toEqual([{ action: 'merge.apply', target_id: targetId }])

    const undo = await admin.request('POST', `/merges/${result.id}/undo`)
    expect(undo.statusCode).toBe(200)
    const restored = (await admin.request('GET', `/contacts/${targetId}`)).json()
    expect(restored.contact).toEqual(before.contact)
    expect((await admin.request('POST', `/merges/${result.id}/undo`)).statusCode).toBe(409)
    const again = (await admin.request('GET', `/merges?targetId=${targetId}`)).json()
    expect(again.merges[0]).toMatchObject({ undoable: false })
    expect(again.merges[0].undoneAt).not.toBeNull()
  })

  it('refuses a merge when the record changed since the preview', async () => {
    const targetId = await addContact(schaefer)
    const preview = (
      await admin.request('POST', '/merges/preview', {
        incoming: { contact: { ...schaefer, jobTitle: 'COO' } },
        targetId,
      })
    ).json()
    server.clock.advance(1000)
    await admin.request('PATCH', `/contacts/${targetId}`, { contact: { department: 'Einkauf' } })
    const stale = await admin.request('POST', '/merges', {
      incoming: { contact: { ...schaefer, jobTitle: 'COO' } },
      targetId,
      expectedUpdatedAt: preview.existing.updatedAt,
      choices: {},
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('CONFLICT')
  })

  it('refuses undo after the record was edited again, and after 30 days', async () => {
    const targetId = await addContact(schaefer)
    const merged = (
      await admin.request('POST', '/merges', {
        incoming: { contact: { ...schaefer, jobTitle: 'Leiterin Einkauf' } },
        targetId,
        choices: { jobTitle: 'takeIncoming' },
      })
    ).json()
    server.clock.advance(1000)
    await admin.request('PATCH', `/contacts/${targetId}`, { contact: { jobTitle: 'Prokuristin' } })
    const conflict = await admin.request('POST', `/merges/${merged.id}/undo`)
    expect(conflict.statusCode).toBe(409)

    const other = await addContact({ ...schaefer, emails: ['anna@schaefer-logistik.de'] })
    const second = (
      await admin.request('POST', '/merges', {
        incoming: { contact: { ...schaefer, department: 'Einkauf' } },
        targetId: other,
        choices: {},
      })
    ).json()
    server.clock.advance(31 * DAY_MS)
    admin = await server.login('admin@kontakt-werk.de', admin.password)
    const expired = await admin.request('POST', `/merges/${second.id}/undo`)
    expect(expired.statusCode).toBe(410)
  })

  it('merges a stored duplicate into another, deleting it, and undo brings it back', async () => {
    const targetId = await addContact(muellerCrm)
    const duplicateId = await addContact({ ...muellerCard, emails: ['hj.mueller@mueller-maschinenbau.de'] })
    const merged = await admin.request('POST', '/merges', {
      incoming: { contactId: duplicateId },
      targetId,
      choices: { 'emails[hj.mueller@mueller-maschinenbau.de]': 'union' },
    })
    expect(merged.statusCode).toBe(201)
    expect((await admin.request('GET', `/contacts/${duplicateId}`)).statusCode).toBe(404)
    const target = (await admin.request('GET', `/contacts/${targetId}`)).json()
    expect(target.contact.emails).toHaveLength(2)
    expect((await admin.request('POST', `/merges/${merged.json().id}/undo`)).statusCode).toBe(200)
    expect((await admin.request('GET', `/contacts/${duplicateId}`)).statusCode).toBe(200)
    expect((await admin.request('GET', `/contacts/${targetId}`)).json().contact.emails).toHaveLength(1)
    const self = await admin.request('POST', '/merges', { incoming: { contactId: targetId }, targetId })
    expect(self.statusCode).toBe(400)
  })

  it('answers 404 for records the caller cannot see and 400 for unknown choice paths', async () => {
    const targetId = await addContact(schaefer)
    const hidden = await reporter.request('POST', '/merges/preview', {
      incoming: { contact: schaefer },
      targetId,
    })
    expect(hidden.statusCode).toBe(404)
    const unknown = await admin.request('POST', '/merges', {
      incoming: { contact: schaefer },
      targetId,
      choices: { 'phones[+4900000]': 'takeIncoming' },
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.details.mergeCode).toBe('MERGE_UNKNOWN_PATH')
  })
  // A failure after the CRM update (here: the journal write, refused by a trigger) must leave nothing behind.
  async function withFailingJournal(event: 'insert' | 'update', work: () => Promise<void>): Promise<void> {
    const db = server.store.db
    await sql`create or replace function ck_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$`.execute(db)
    await sql`create trigger ck_test_fail before ${sql.raw(event)} on dq_merges
      for each row execute function ck_test_fail()`.execute(db)
    try {
      await work()
    } finally {
      await sql`drop trigger ck_test_fail on dq_merges`.execute(db)
    }
  }

  async function stateOf(ids: string[]) {
    const db = server.store.db
    const contacts = await db
      .selectFrom('contacts')
      .select(['id', 'data', 'provenance', 'updated_at', 'deleted_at'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute()
    const keys = await db
      .selectFrom('dq_blocking_keys')
      .select(['contact_id', 'key'])
      .where('contact_id', 'in', ids)
      .orderBy('contact_id')
      .orderBy('key')
      .execute()
    const queued = await db
      .selectFrom('dq_blocking_key_queue')
      .select('contact_id')
      .where('contact_id', 'in', ids)
      .orderBy('contact_id')
      .execute()
    const merges = await db
      .selectFrom('dq_merges')
      .select(['id', 'undone_at'])
      .where('target_id', 'in', ids)
      .execute()
    return { contacts, keys, queued, merges }
  }

  it('leaves the record, its keys and the absorbed contact untouched when the journal write fails', async () => {
    const targetId = await addContact(muellerCrm)
    const duplicateId = await addContact({ ...muellerCard, emails: ['hj.mueller@mueller-maschinenbau.de'] })
    // A check keys the new contacts (the re-key queue is worked before a search).
    await admin.request('POST', '/duplicates/check', { contact: muellerCard })
    const before = await stateOf([targetId, duplicateId])
    expect(before.keys.length).toBeGreaterThan(0)
    expect(before.queued).toEqual([])
    await withFailingJournal('insert', async () => {
      const failed = await admin.request('POST', '/merges', {
        incoming: { contactId: duplicateId },
        targetId,
        choices: { 'emails[hj.mueller@mueller-maschinenbau.de]': 'union', 'phones[+491712345678]': 'union' },
      })
      expect(failed.statusCode).toBe(500)
      expect(failed.json().error.code).toBe('INTERNAL')
    })
    expect(await stateOf([targetId, duplicateId])).toEqual(before)
    // The same merge goes through once the store accepts the journal again.
    const merged = await admin.request('POST', '/merges', {
      incoming: { contactId: duplicateId },
      targetId,
      choices: { 'emails[hj.mueller@mueller-maschinenbau.de]': 'union' },
    })
    expect(merged.statusCode).toBe(201)
    const after = await stateOf([targetId, duplicateId])
    expect(after.merges).toHaveLength(1)
    expect(after.keys.map((k) => k.key)).toContain('email:hj.mueller@mueller-maschinenbau.de')
  })

  it('keeps a merge applied when marking its undo fails', async () => {
    const targetId = await addContact(muellerCrm)
    const duplicateId = await addContact({ ...muellerCard, emails: ['hj.mueller@mueller-maschinenbau.de'] })
    const merged = await admin.request('POST', '/merges', {
      incoming: { contactId: duplicateId },
      targetId,
      choices: { 'emails[hj.mueller@mueller-maschinenbau.de]': 'union', jobTitle: 'takeIncoming' },
    })
    expect(merged.statusCode).toBe(201)
    const before = await stateOf([targetId, duplicateId])
    expect(before.contacts.find((c) => c.id === duplicateId)?.deleted_at).not.toBeNull()
    server.clock.advance(1000)
    await withFailingJournal('update', async () => {
      const failed = await admin.request('POST', `/merges/${merged.json().id}/undo`)
      expect(failed.statusCode).toBe(500)
    })
    expect(await stateOf([targetId, duplicateId])).toEqual(before)
    const undone = await admin.request('POST', `/merges/${merged.json().id}/undo`)
    expect(undone.statusCode).toBe(200)
    const after = await stateOf([targetId, duplicateId])
    expect(after.contacts.find((c) => c.id === duplicateId)?.deleted_at).toBeNull()
    expect(after.merges[0]?.undone_at).not.toBeNull()
  })
})

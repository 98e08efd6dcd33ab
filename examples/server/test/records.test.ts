import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../src/clock.js'
import { purgeDeleted } from '../src/records/soft-delete.js'
import { type Client, TestServer } from './support/server.js'
import { STORE_KINDS } from './support/stores.js'

const messeKontakt = {
  name: 'Prof. Dr. Hans-Jürgen Müller',
  company: 'Müller Maschinenbau GmbH & Co. KG',
  jobTitle: 'Geschäftsführer',
  emails: ['H.Mueller@Mueller-Maschinenbau.DE'],
  phones: ['+49 (0)89 123456-0'],
}

describe.each(STORE_KINDS)('lists and contacts on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  let owner: Client
  let colleague: Client
  let reporter: Client
  const emails = {
    admin: 'admin@kontakt-werk.de',
    owner: 'olga.owner@kontakt-werk.de',
    colleague: 'carl.kollege@kontakt-werk.de',
    reporter: 'rita.reporter@kontakt-werk.de',
  }
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', emails.admin)
    owner = await server.createUser(admin, 'user', emails.owner)
    colleague = await server.createUser(admin, 'template_curator', emails.colleague)
    reporter = await server.createUser(admin, 'reporter', emails.reporter)
  }, 60_000)
  // Tests move the clock by days, which ends idle sessions: log everyone in afresh.
  beforeEach(async () => {
    admin = await server.login(emails.admin, admin.password)
    owner = await server.login(emails.owner, owner.password)
    colleague = await server.login(emails.colleague, colleague.password)
    reporter = await server.login(emails.reporter, reporter.password)
  })
  afterAll(() => server.stop())

  async function newList(name = 'Hannover Messe 2026'): Promise<string> {
    const response = await owner.request('POST', '/lists', { name })
    expect(response.statusCode).toBe(201)
    return response.json().id
  }

  it('stores a contact normalised, with its raw values and per-field provenance', async () => {
    const listId = await newList()
    const response = await owner.request('POST', `/lists/${listId}/contacts`, {
      contact: messeKontakt,
      source: { kind: 'businessCard', id: 'scan-4711', confidence: 0.85 },
      defaultCountry: 'DE',
    })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body.contact).toMatchObject({
      title: 'Prof. Dr.',
      firstName: 'Hans-Jürgen',
      lastName: 'Müller',
      phones: [expect.objectContaining({ value: '+49891234560' })],
    })
    // The local part keeps its case (RFC 5321); the domain is folded.
    expect(body.contact.emails[0].value).toBe('H.Mueller@mueller-maschinenbau.de')
    expect(body.raw).toEqual(messeKontakt)
    expect(body.provenance.lastName).toEqual({
      source: 'businessCard:scan-4711',
      at: server.clock.now().toISOString(),
      confidence: 0.85,
    })
    expect(body.provenance.phones.source).toBe('businessCard:scan-4711')

    server.clock.advance(60_000)
    const patched = await owner.request('PATCH', `/contacts/${body.id}`, {
      contact: { jobTitle: 'Technischer Leiter' },
      source: { kind: 'manual' },
    })
    expect(patched.statusCode).toBe(200)
    const after = patched.json()
    expect(after.contact.jobTitle).toBe('Technischer Leiter')
    expect(after.provenance.jobTitle).toMatchObject({ source: 'manual', confidence: 1 })
    expect(after.provenance.lastName).toEqual(body.provenance.lastName)
    expect(after.raw.jobTitle).toBe('Technischer Leiter')
  })

  it("reads national phone numbers with the organisation's default country unless the request names one", async () => {
    const listId = await newList('Kundentag München')
    const add = (extra: Record<string, unknown> = {}, phone = '089 1234567') =>
      owner.request('POST', `/lists/${listId}/contacts`, {
        contact: { name: 'Anna Schäfer', phones: [phone] },
        ...extra,
      })
    const before = (await add()).json()
    // Without a country the number stays as written (flagged), never guessed.
    expect(before.contact.phones).toEqual([expect.objectContaining({ value: '089 1234567' })])

    const settings = await admin.request('PUT', '/organisation/settings', {
      name: 'Kontakt-Werk GmbH',
      defaultCountry: 'DE',
    })
    expect(settings.statusCode).toBe(200)
    const after = await add()
    expect(after.statusCode).toBe(201)
    expect(after.json().contact.phones).toEqual([expect.objectContaining({ value: '+49891234567' })])
    const austrian = (await add({ defaultCountry: 'AT' }, '01 5123456')).json()
    expect(austrian.contact.phones).toEqual([expect.objectContaining({ value: '+4315123456' })])

    const patched = await owner.request('PATCH', `/contacts/${before.id}`, {
      contact: { jobTitle: 'Einkauf' },
    })
    expect(patched.json().contact.phones).toEqual([expect.objectContaining({ value: '+49891234567' })])
    await admin.request('PUT', '/organisation/settings', { name: 'Kontakt-Werk GmbH', defaultCountry: null })
  })

  it('lets the owner decide who may read or write a list', async () => {
    const listId = await newList('Kundenliste Süd')
    expect((await colleague.request('GET', `/lists/${listId}`)).statusCode).toBe(404)
    const shared = await owner.request('PUT', `/lists/${listId}/members/${colleague.userId}`, {
      access: 'read',
    })
    expect(shared.statusCode).toBe(200)
    expect((await colleague.request('GET', `/lists/${listId}`)).statusCode).toBe(200)
    const write = await colleague.request('POST', `/lists/${listId}/contacts`, {
      contact: { name: 'Erika Mustermann' },
    })
    expect(write.statusCode).toBe(403)
    await owner.request('PUT', `/lists/${listId}/members/${colleague.userId}`, { access: 'write' })
    expect(
      (
        await colleague.request('POST', `/lists/${listId}/contacts`, {
          contact: { name: 'Erika Mustermann' },
        })
      ).statusCode,
    ).toBe(201)
    expect(
      (await colleague.request('PUT', `/lists/${listId}/members/${reporter.userId}`, { access: 'read' }))
        .statusCode,
    ).toBe(403)
    expect((await colleague.request('DELETE', `/lists/${listId}`)).statusCode).toBe(403)
    expect((await owner.request('DELETE', `/lists/${listId}/members/${colleague.userId}`)).statusCode).toBe(
      204,
    )
    expect((await colleague.request('GET', `/lists/${listId}`)).statusCode).toBe(404)
    const mine = (await colleague.request('GET', '/lists'))
      .json()
      .lists.map((list: { id: string }) => list.id)
    expect(mine).not.toContain(listId)
  })

  it('shows a reporter only the contacts they captured', async () => {
    const listId = await newList('Messe-Berichte')
    await owner.request('PUT', `/lists/${listId}/members/${reporter.userId}`, { access: 'write' })
    const theirs = await owner.request('POST', `/lists/${listId}/contacts`, {
      contact: { name: 'Dr. Anna Schmidt' },
    })
    const own = await reporter.request('POST', `/lists/${listId}/contacts`, {
      contact: { name: 'Jörg Weiß', company: 'Weiß AG' },
    })
    expect(own.statusCode).toBe(201)
    const seen = (await reporter.request('GET', `/lists/${listId}/contacts`))
      .json()
      .contacts.map((c: { id: string }) => c.id)
    expect(seen).toEqual([own.json().id])
    expect((await reporter.request('GET', `/contacts/${theirs.json().id}`)).statusCode).toBe(404)
    expect((await reporter.request('DELETE', `/contacts/${theirs.json().id}`)).statusCode).toBe(404)
    expect((await owner.request('GET', `/lists/${listId}/contacts`)).json().contacts).toHaveLength(2)
  })

  it('pages through contacts', async () => {
    const listId = await newList('Große Liste')
    for (const name of ['Anna Ähnlich', 'Bernd Bäcker', 'Clara Çelik']) {
      await owner.request('POST', `/lists/${listId}/contacts`, { contact: { name } })
    }
    const first = (await owner.request('GET', `/lists/${listId}/contacts?limit=2`)).json()
    expect(first.contacts).toHaveLength(2)
    const second = (
      await owner.request('GET', `/lists/${listId}/contacts?limit=2&after=${first.next}`)
    ).json()
    expect(second.contacts).toHaveLength(1)
    expect(second.next).toBeNull()
  })

  describe('soft delete', () => {
    it('restores a deleted contact within 30 days, and not after', async () => {
      const listId = await newList('Papierkorb-Test')
      const created = (
        await owner.request('POST', `/lists/${listId}/contacts`, { contact: messeKontakt })
      ).json()
      expect((await owner.request('DELETE', `/contacts/${created.id}`)).statusCode).toBe(204)
      expect((await owner.request('GET', `/contacts/${created.id}`)).statusCode).toBe(404)
      const trash = (await owner.request('GET', `/lists/${listId}/contacts?deleted=true`)).json().contacts
      expect(trash.map((c: { id: string }) => c.id)).toEqual([created.id])

      server.clock.advance(29 * DAY_MS)
      owner = await server.login(emails.owner, owner.password)
      expect((await owner.request('POST', `/contacts/${created.id}/restore`)).statusCode).toBe(200)
      expect((await owner.request('GET', `/contacts/${created.id}`)).statusCode).toBe(200)

      await owner.request('DELETE', `/contacts/${created.id}`)
      server.clock.advance(30 * DAY_MS + 1000)
      owner = await server.login(emails.owner, owner.password)
      const late = await owner.request('POST', `/contacts/${created.id}/restore`)
      expect(late.statusCode).toBe(410)
      expect(late.json().error.code).toBe('RESTORE_EXPIRED')
    })

    it('lets only the owner or an admin restore a list', async () => {
      const listId = await newList('Wiederherstellbar')
      await owner.request('PUT', `/lists/${listId}/members/${colleague.userId}`, { access: 'write' })
      expect((await owner.request('DELETE', `/lists/${listId}`)).statusCode).toBe(204)
      expect((await colleague.request('POST', `/lists/${listId}/restore`)).statusCode).toBe(403)
      expect((await reporter.request('POST', `/lists/${listId}/restore`)).statusCode).toBe(404)
      const deletedLists = (await owner.request('GET', '/lists?deleted=true'))
        .json()
        .lists.map((l: { id: string }) => l.id)
      expect(deletedLists).toContain(listId)
      expect((await admin.request('POST', `/lists/${listId}/restore`)).statusCode).toBe(200)
      expect((await colleague.request('GET', `/lists/${listId}`)).statusCode).toBe(200)
    })

    it('purges rows deleted more than 30 days ago for good, and keeps younger ones', async () => {
      const listId = await newList('Alte Liste')
      const oldContact = (
        await owner.request('POST', `/lists/${listId}/contacts`, { contact: { name: 'Alt Bestand' } })
      ).json()
      const keptListId = await newList('Behalten')
      const young = (
        await owner.request('POST', `/lists/${keptListId}/contacts`, { contact: { name: 'Jung Frisch' } })
      ).json()
      await owner.request('DELETE', `/contacts/${oldContact.id}`)
      await owner.request('DELETE', `/lists/${listId}`)
      server.clock.advance(31 * DAY_MS)
      owner = await server.login(emails.owner, owner.password)
      await owner.request('DELETE', `/contacts/${young.id}`)

      const result = await purgeDeleted(server.store.db, server.clock)
      expect(result.lists).toBeGreaterThanOrEqual(1)
      expect(result.contacts).toBeGreaterThanOrEqual(1)
      const gone = await server.store.db
        .selectFrom('contacts')
        .select('id')
        .where('id', '=', oldContact.id)
        .execute()
      expect(gone).toEqual([])
      const list = await server.store.db.selectFrom('lists').select('id').where('id', '=', listId).execute()
      expect(list).toEqual([])
      expect((await owner.request('POST', `/contacts/${young.id}/restore`)).statusCode).toBe(200)
    })
  })

  describe('audit log', () => {
    it('records writes with who, what, which record, when and from where, readable by admins only', async () => {
      const listId = await newList('Audit-Liste')
      const response = await admin.request('GET', '/audit?action=list.create&limit=1')
      expect(response.statusCode).toBe(200)
      expect(response.json().entries[0]).toMatchObject({
        action: 'list.create',
        actorUserId: owner.userId,
        actorKind: 'user',
        targetType: 'list',
        targetId: listId,
        ip: '127.0.0.1',
        at: server.clock.now().toISOString(),
      })
      expect((await owner.request('GET', '/audit')).statusCode).toBe(403)
    })

    it('offers no route that edits or deletes entries', async () => {
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        expect((await admin.request(method, '/audit', {})).statusCode).toBe(404)
        expect((await admin.request(method, '/audit/1', {})).statusCode).toBe(404)
      }
    })
  })
})

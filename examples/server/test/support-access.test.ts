import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, TestServer } from './support/server.js'
import { STORE_KINDS } from './support/stores.js'

describe.each(STORE_KINDS)('support staff access on the %s store', (kind) => {
  const server = new TestServer(kind)
  let support: Client
  let plainUser: Client
  let customerAdmin: Client
  let customerOrg: string
  let customerList: string

  beforeAll(async () => {
    await server.start()
    const vendorAdmin = await server.createOrganisation('contactkit Support', 'admin@support.example')
    support = await server.createUser(vendorAdmin, 'user', 'helga.hilfe@support.example')
    plainUser = await server.createUser(vendorAdmin, 'user', 'kein.support@support.example')
    // Only the operator flags support staff, in the database; there is no API for it.
    await server.store.db
      .updateTable('users')
      .set({ is_support: true })
      .where('id', '=', support.userId)
      .execute()
    customerAdmin = await server.createOrganisation('Kunde Süd GmbH', 'admin@kunde-sued.de')
    customerOrg = customerAdmin.orgId
    customerList = (await customerAdmin.request('POST', '/lists', { name: 'Kundenliste' })).json().id
  }, 60_000)
  afterAll(() => server.stop())

  const header = () => ({ 'x-contactkit-organisation': customerOrg })

  it('lets support staff read another organisation and records each access in its audit log', async () => {
    const response = await support.request('GET', '/lists', undefined, header())
    expect(response.statusCode).toBe(200)
    expect(response.json().lists.map((list: { id: string }) => list.id)).toEqual([customerList])
    const audit = await customerAdmin.request('GET', '/audit?action=support.access')
    expect(audit.json().entries[0]).toMatchObject({
      actorKind: 'support',
      actorUserId: support.userId,
      actorOrganisationId: support.orgId,
      targetType: 'request',
      details: { method: 'GET', route: '/lists' },
    })
  })

  it('keeps support access read-only', async () => {
    const response = await support.request('POST', '/lists', { name: 'Von Support' }, header())
    expect(response.statusCode).toBe(403)
    expect(response.json().error.message).toContain('read-only')
  })

  it('refuses the header from anyone else', async () => {
    const response = await plainUser.request('GET', '/lists', undefined, header())
    expect(response.statusCode).toBe(403)
  })

  it('answers 404 for an organisation that does not exist', async () => {
    const response = await support.request('GET', '/lists', undefined, {
      'x-contactkit-organisation': '00000000-0000-4000-8000-000000000000',
    })
    expect(response.statusCode).toBe(404)
  })
})

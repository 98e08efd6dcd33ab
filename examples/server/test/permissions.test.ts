import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAPABILITIES, type Capability, can, PERMISSIONS } from '../src/permissions.js'
import { ROLES, type Role } from '../src/store/schema.js'
import { type Client, TestServer } from './support/server.js'
import { STORE_KINDS } from './support/stores.js'

// The matrix as the product defines it, written out independently of src/permissions.ts.
const EXPECTED: Record<Role, Capability[]> = {
  reporter: ['contacts.write'],
  user: ['contacts.write', 'contacts.read_others', 'lists.create', 'tokens.manage', 'users.directory'],
  template_curator: [
    'contacts.write',
    'contacts.read_others',
    'lists.create',
    'tokens.manage',
    'users.directory',
    'templates.curate',
  ],
  template_manager: [
    'contacts.write',
    'contacts.read_others',
    'lists.create',
    'tokens.manage',
    'users.directory',
    'templates.curate',
    'templates.manage',
  ],
  admin: [...CAPABILITIES],
}

const CASES = ROLES.flatMap((role) => CAPABILITIES.map((capability) => [role, capability] as const))

describe('PERMISSIONS', () => {
  it.each(CASES)('%s: %s matches the product matrix', (role, capability) => {
    expect(can(role, capability)).toBe(EXPECTED[role].includes(capability))
  })

  it('names only known roles', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const role of roles) expect(ROLES).toContain(role)
  })
})

describe.each(STORE_KINDS)('permission enforcement over HTTP on the %s store', (kind) => {
  const server = new TestServer(kind)
  const clients = {} as Record<Role, Client>
  let admin: Client
  let sharedListId: string
  let privateListId: string
  let adminContactId: string

  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Rollen & Rechte GmbH', 'admin@rollen-rechte.de')
    clients.admin = admin
    for (const role of ROLES.filter((entry) => entry !== 'admin')) {
      clients[role] = await server.createUser(admin, role, `${role.replace('_', '.')}@rollen-rechte.de`)
    }
    sharedListId = (await admin.request('POST', '/lists', { name: 'Geteilte Liste' })).json().id
    privateListId = (await admin.request('POST', '/lists', { name: 'Private Liste' })).json().id
    adminContactId = (
      await admin.request('POST', `/lists/${sharedListId}/contacts`, {
        contact: { name: 'Dr. Friedrich Größer' },
      })
    ).json().id
    for (const role of ROLES.filter((entry) => entry !== 'admin')) {
      await admin.request('PUT', `/lists/${sharedListId}/members/${clients[role].userId}`, {
        access: 'write',
      })
    }
  }, 90_000)
  afterAll(() => server.stop())

  // For each capability with a route: does the call succeed for this role?
  const probes: Partial<Record<Capability, (client: Client) => Promise<boolean>>> = {
    'contacts.write': async (client) =>
      (await client.request('POST', `/lists/${sharedListId}/contacts`, { contact: { name: 'Eva Groß' } }))
        .statusCode === 201,
    'contacts.read_others': async (client) =>
      (await client.request('GET', `/contacts/${adminContactId}`)).statusCode === 200,
    'lists.create': async (client) =>
      (await client.request('POST', '/lists', { name: 'Neue Liste' })).statusCode === 201,
    'tokens.manage': async (client) =>
      (await client.request('POST', '/tokens', { name: 'Skript' })).statusCode === 201,
    'users.directory': async (client) => (await client.request('GET', '/directory')).statusCode === 200,
    'users.manage': async (client) => (await client.request('GET', '/users')).statusCode === 200,
    'organisation.manage': async (client) =>
      (await client.request('PATCH', '/organisation', { name: 'Rollen & Rechte GmbH' })).statusCode === 200,
    'audit.read': async (client) => (await client.request('GET', '/audit')).statusCode === 200,
    'integrations.manage': async (client) =>
      (await client.request('GET', '/crm/connection')).statusCode === 200,
    // Allowed: 404 (no mail server yet); refused: 403 before any lookup.
    'mail_server.manage': async (client) =>
      (await client.request('GET', '/organisation/mail-server')).statusCode === 404,
    'records.administer': async (client) =>
      (await client.request('GET', `/lists/${privateListId}`)).statusCode === 200,
  }
  const httpCases = CASES.filter(([, capability]) => probes[capability])

  it('probes every capability a route requires; the others have no route yet', () => {
    const required = new Set(server.app.routeTable.map((route) => route.capability).filter(Boolean))
    expect([...required].sort()).toEqual(
      CAPABILITIES.filter((capability) => capability !== 'contacts.read_others' && probes[capability]).sort(),
    )
    expect(CAPABILITIES.filter((capability) => !probes[capability])).toEqual([
      'templates.curate',
      'templates.manage',
    ])
  })

  it.each(httpCases)('%s: %s is enforced', async (role, capability) => {
    const probe = probes[capability] as (client: Client) => Promise<boolean>
    expect(await probe(clients[role])).toBe(can(role, capability))
  })

  it('answers a missing capability with 403 and names it', async () => {
    const response = await clients.user.request('GET', '/audit')
    expect(response.statusCode).toBe(403)
    expect(response.json()).toEqual({
      error: {
        code: 'FORBIDDEN',
        message: 'Your role does not allow this.',
        details: { capability: 'audit.read' },
      },
    })
  })
})

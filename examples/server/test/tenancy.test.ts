import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, TestServer } from './support/server.js'
import { STORE_KINDS } from './support/stores.js'

// A valid body for every route that takes one, so requests reach the handler instead of failing validation.
const BODIES: Record<string, unknown> = {
  'PATCH /lists/{id}': { name: 'Übernommen' },
  'PUT /lists/{id}/members/{userId}': { access: 'write' },
  'POST /lists/{id}/contacts': { contact: { name: 'Eindringling' } },
  'PATCH /contacts/{id}': { contact: { jobTitle: 'Übernommen' } },
  'PATCH /users/{id}': { role: 'admin' },
  'POST /imports/{id}/start': {},
  'POST /imports/{id}/rows/{row}/resolve': { action: 'skip' },
}

/** A multipart upload of a small semicolon CSV, as Excel writes it. */
function csvUpload(): { payload: string; headers: Record<string, string> } {
  const boundary = 'contactkitTenancyBoundary'
  const payload = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="beta-kunden.csv"',
    'Content-Type: text/csv',
    '',
    'Vorname;Nachname;Firma;E-Mail',
    'Anna;Schmidt;Beta Handel AG;anna.schmidt@beta-handel.de',
    `--${boundary}--`,
    '',
  ].join('\r\n')
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe.each(STORE_KINDS)('tenant isolation on the %s store', (kind) => {
  const server = new TestServer(kind)
  let adminA: Client
  let userA: Client
  let adminB: Client
  const b: Record<string, string> = {}

  beforeAll(async () => {
    await server.start()
    adminA = await server.createOrganisation('Alpha Vertrieb GmbH', 'admin@alpha.de')
    userA = await server.createUser(adminA, 'user', 'nutzer@alpha.de')
    adminB = await server.createOrganisation('Beta Handel AG', 'admin@beta.de')
    const userB = await server.createUser(adminB, 'user', 'nutzer@beta.de')
    b.list = (await adminB.request('POST', '/lists', { name: 'Beta Kunden' })).json().id
    await adminB.request('PUT', `/lists/${b.list}/members/${userB.userId}`, { access: 'write' })
    b.contact = (
      await adminB.request('POST', `/lists/${b.list}/contacts`, { contact: { name: 'Geheim Kunde' } })
    ).json().id
    b.deletedList = (await adminB.request('POST', '/lists', { name: 'Beta Papierkorb' })).json().id
    b.deletedContact = (
      await adminB.request('POST', `/lists/${b.list}/contacts`, { contact: { name: 'Gelöscht Kunde' } })
    ).json().id
    await adminB.request('DELETE', `/lists/${b.deletedList}`)
    await adminB.request('DELETE', `/contacts/${b.deletedContact}`)
    b.user = userB.userId
    b.token = (await adminB.request('POST', '/tokens', { name: 'Beta Sync' })).json().id
    b.session = (await adminB.request('GET', '/auth/sessions')).json().sessions[0].id
    const mergeTarget = (
      await adminB.request('POST', `/lists/${b.list}/contacts`, {
        contact: { name: 'Zielkontakt Beta', company: 'Beta Handel AG' },
      })
    ).json().id
    const merge = await adminB.request('POST', '/merges', {
      incoming: { contact: { name: 'Zielkontakt Beta', jobTitle: 'Einkauf' } },
      targetId: mergeTarget,
    })
    if (merge.statusCode !== 201) throw new Error(`merge setup failed: ${merge.body}`)
    b.merge = merge.json().id
    const upload = csvUpload()
    const created = await adminB.request('POST', `/imports?listId=${b.list}`, upload.payload, upload.headers)
    if (created.statusCode !== 201) throw new Error(`import setup failed: ${created.body}`)
    b.import = created.json().id
    const run = await adminB.request('POST', '/dedupe-runs')
    if (run.statusCode !== 202) throw new Error(`dedupe setup failed: ${run.body}`)
    b.dedupeRun = run.json().id
  }, 90_000)
  afterAll(() => server.stop())

  function fill(path: string, method: string): string[] {
    if (path.startsWith('/lists/{id}/members/{userId}')) {
      return [
        path.replace('{id}', b.list as string).replace('{userId}', b.user as string),
        // Org A's own list with org B's user: the user must not be found either.
        path.replace('{userId}', b.user as string),
      ]
    }
    if (path === '/lists/{id}/restore') return [path.replace('{id}', b.deletedList as string)]
    if (path === '/contacts/{id}/restore') return [path.replace('{id}', b.deletedContact as string)]
    const prefixes: Array<[string, string | undefined]> = [
      ['/lists', b.list],
      ['/contacts', b.contact],
      ['/users', b.user],
      ['/tokens', b.token],
      ['/auth/sessions', b.session],
      ['/merges', b.merge],
      ['/imports', b.import],
      ['/dedupe-runs', b.dedupeRun],
    ]
    const id = prefixes.find(([prefix]) => path.startsWith(prefix))?.[1]
    if (!id) throw new Error(`no org-B id for ${method} ${path}: add it to the tenancy test`)
    return [path.replace('{id}', id).replace('{row}', '1')]
  }

  it('answers 404 to every route with an id of another organisation, for an admin and a user', async () => {
    const ownList = (await adminA.request('POST', '/lists', { name: 'Alpha Liste' })).json().id as string
    const document = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      path.includes('{') ? Object.keys(methods).map((method) => [method.toUpperCase(), path] as const) : [],
    )
    expect(routes.length).toBeGreaterThanOrEqual(15)
    for (const client of [adminA, userA]) {
      for (const [method, path] of routes) {
        for (const url of fill(path, method)) {
          const target = url.replace('{id}', ownList)
          const response = await client.request(
            method as 'GET',
            target,
            BODIES[`${method} ${path}`] ?? (method === 'GET' || method === 'DELETE' ? undefined : {}),
          )
          // A role without the route's capability is turned away before any lookup (403 naming the
          // capability), which says nothing about the record; everything else must look nonexistent.
          const roleDenied =
            response.statusCode === 403 && response.json().error.details?.capability !== undefined
          expect({ route: `${method} ${target}`, status: response.statusCode }).toEqual({
            route: `${method} ${target}`,
            status: roleDenied && client === userA ? 403 : 404,
          })
        }
      }
    }
  })

  it('never lists another organisation’s records', async () => {
    const lists = (await adminA.request('GET', '/lists')).json().lists as Array<{ id: string }>
    const deleted = (await adminA.request('GET', '/lists?deleted=true')).json().lists as Array<{ id: string }>
    const users = (await adminA.request('GET', '/users')).json().users as Array<{ id: string }>
    const directory = (await userA.request('GET', '/directory')).json().users as Array<{ id: string }>
    const audit = (await adminA.request('GET', '/audit?limit=500')).json().entries as Array<{
      targetId: string | null
    }>
    const ids = [...lists, ...deleted, ...users, ...directory].map((entry) => entry.id)
    for (const foreign of Object.values(b)) {
      expect(ids).not.toContain(foreign)
      expect(audit.map((entry) => entry.targetId)).not.toContain(foreign)
    }
  })

  it('leaves organisation B’s data untouched', async () => {
    const contact = await adminB.request('GET', `/contacts/${b.contact}`)
    expect(contact.json().contact.jobTitle).toBeUndefined()
    const list = await adminB.request('GET', `/lists/${b.list}`)
    expect(list.json().name).toBe('Beta Kunden')
    expect((await adminB.request('GET', `/users/${b.user}`)).json().role).toBe('user')
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settleJobs } from '../src/dataquality/job-queue.js'
import { muellerCrm, seedList } from './dataquality/fixtures.js'
import { messeCsv, upload } from './dataquality/upload.js'
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

// Bodies that need an id of the caller's own organisation, filled in once it exists.
function bodyFor(route: string, ownList: string): unknown {
  if (route === 'POST /mail-suggestions/{id}/accept') return { listId: ownList }
  return BODIES[route]
}

// Every public route; none of them reads or writes an organisation's records by an id (the DataQuality pages only
// load their HTML, CSS and JavaScript; login and the password reset find one account by its e-mail address or by the
// token mailed to it, and the reset request answers the same for every address). A new public route fails the test
// until it is reviewed and added here.
const PUBLIC_ROUTES = [
  'GET /app',
  'GET /app/:file',
  'GET /health',
  'GET /openapi.json',
  'POST /auth/login',
  'POST /auth/password-reset',
  'POST /auth/password-reset/confirm',
  'POST /setup',
]

// Request fields (query or body) the OpenAPI document shows carrying an id that names no stored record of the
// organisation. Ids inside a submitted contact (`contact.id`, `source.id`) are the caller's data, stored as given.
const NOT_RECORD_IDS: Record<string, string> = {
  'GET /lists/{id}/contacts query.after': 'a keyset cursor compared with ids, never looked up',
  'PUT /crm/connection body.portalId': 'the HubSpot portal, checked with HubSpot',
  'PUT /crm/connection body.clientId': 'the HubSpot app',
  'POST /crm/connection/hubspot/authorize body.portalId': 'the HubSpot portal, checked with HubSpot',
  'POST /crm/connection/hubspot/authorize body.clientId': 'the HubSpot app',
  'PUT /organisation/mail-server body.tenantId': 'the Microsoft tenant, checked by Microsoft',
  'PUT /organisation/mail-server body.clientId': 'the Graph app, checked by Microsoft',
}
const SUBMITTED_CONTACT = /^body\.(contact|contacts\[\]|incoming\.contact|source)\./

/** A request with organisation B's ids in its query or body; `empty`: a filter that must match nothing. */
interface ForeignRequest {
  url: string
  body?: unknown
  upload?: boolean
  expect?: 404 | 'empty'
}

/** The request fields that name a record (`{id}` style path, `query.x` or `body.a.b`), from the OpenAPI document. */
function recordIdFields(document: {
  paths: Record<string, Record<string, OpenApiOperation>>
}): Map<string, string[]> {
  const fields = new Map<string, string[]>()
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const found = new Set<string>()
      const walk = (schema: JsonSchema | undefined, at: string): void => {
        if (!schema || typeof schema !== 'object') return
        for (const [key, child] of Object.entries(schema.properties ?? {})) {
          if (/id$/i.test(key) || child.format === 'uuid') found.add(`${at}.${key}`)
          walk(child, `${at}.${key}`)
        }
        for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
          walk(branch, at)
        if (schema.items) walk(schema.items, `${at}[]`)
      }
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path' && (/id$/i.test(parameter.name) || parameter.schema?.format === 'uuid'))
          found.add(`${parameter.in}.${parameter.name}`)
      }
      for (const content of Object.values(operation.requestBody?.content ?? {})) walk(content.schema, 'body')
      const named = [...found].filter((field) => !SUBMITTED_CONTACT.test(field))
      if (named.length > 0) fields.set(`${method.toUpperCase()} ${path}`, named)
    }
  }
  return fields
}

interface JsonSchema {
  format?: string
  properties?: Record<string, JsonSchema>
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  items?: JsonSchema
}
interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
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
  // Organisation A's own records, to pair with B's ids where a request names several.
  const a = { list: '', userList: '', contact: '', import: '', reviewRow: 0, mailSuggestion: '' }

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
    b.mergeTarget = (
      await adminB.request('POST', `/lists/${b.list}/contacts`, {
        contact: { name: 'Zielkontakt Beta', company: 'Beta Handel AG' },
      })
    ).json().id
    const merge = await adminB.request('POST', '/merges', {
      incoming: { contact: { name: 'Zielkontakt Beta', jobTitle: 'Einkauf' } },
      targetId: b.mergeTarget,
    })
    if (merge.statusCode !== 201) throw new Error(`merge setup failed: ${merge.body}`)
    b.merge = merge.json().id
    const csv = csvUpload()
    const created = await adminB.request('POST', `/imports?listId=${b.list}`, csv.payload, csv.headers)
    if (created.statusCode !== 201) throw new Error(`import setup failed: ${created.body}`)
    b.import = created.json().id
    const run = await adminB.request('POST', '/dedupe-runs')
    if (run.statusCode !== 202) throw new Error(`dedupe setup failed: ${run.body}`)
    b.dedupeRun = run.json().id
    // A contact suggestion from B's mail (written as the mailbox sync writes it), and one of A's user.
    const suggestion = (orgId: string, userId: string) => ({
      id: randomUUID(),
      org_id: orgId,
      user_id: userId,
      sender: 'k.weber@weber-logistik.de',
      contact: JSON.stringify({
        firstName: 'Katharina',
        lastName: 'Weber',
        emails: [],
        phones: [],
        addresses: [],
        websites: [],
      }),
      fields: '[]',
      status: 'open' as const,
      duplicate_status: 'none' as const,
      messages: 1,
      first_seen_at: server.clock.now(),
      last_seen_at: server.clock.now(),
    })
    const bSuggestion = suggestion(adminB.orgId, adminB.userId)
    b.mailSuggestion = bSuggestion.id
    const aSuggestion = suggestion(adminA.orgId, userA.userId)
    a.mailSuggestion = aSuggestion.id
    await server.store.db.insertInto('mail_suggestions').values([bSuggestion, aSuggestion]).execute()

    // A's list (shared with A's user for writing), a contact in it, and an import with a row waiting for review.
    const seeded = await seedList(adminA, 'Alpha Messe', [muellerCrm])
    a.list = seeded.listId
    a.contact = seeded.ids[0] as string
    await adminA.request('PUT', `/lists/${a.list}/members/${userA.userId}`, { access: 'write' })
    a.userList = (await userA.request('POST', '/lists', { name: 'Eigene Liste' })).json().id
    const uploaded = await upload(adminA, a.list, 'messe-kontakte.csv', messeCsv)
    a.import = uploaded.json().id
    await adminA.request('POST', `/imports/${a.import}/start`, { defaultCountry: 'DE' })
    await settleJobs(server.store)
    const review = (await adminA.request('GET', `/imports/${a.import}/rows?outcome=review`)).json().rows
    a.reviewRow = review[0]?.rowNumber
    if (!a.reviewRow) throw new Error('import setup: no row waiting for review')
  }, 120_000)
  afterAll(() => server.stop())

  /** Every registered route, without Fastify's HEAD twins, as `METHOD /path/{param}`. */
  function registeredRoutes(): Array<{ method: string; path: string; public: boolean }> {
    return server.app.routeTable
      .filter((route) => route.method !== 'HEAD' && !route.url.startsWith('/docs'))
      .map((route) => ({
        method: route.method,
        path: route.url.replace(/:(\w+)/g, '{$1}'),
        public: route.public,
      }))
  }

  function fill(path: string, method: string, ownList: string): string[] {
    if (path.startsWith('/lists/{id}/members/{userId}')) {
      return [
        path.replace('{id}', b.list as string).replace('{userId}', b.user as string),
        // A list the caller owns with org B's user: the user must not be found either.
        path.replace('{id}', ownList).replace('{userId}', b.user as string),
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
      ['/mail-suggestions', b.mailSuggestion],
    ]
    const id = prefixes.find(([prefix]) => path.startsWith(prefix))?.[1]
    if (!id) throw new Error(`no org-B id for ${method} ${path}: add it to the tenancy test`)
    return [path.replace('{id}', id).replace('{row}', '1')]
  }

  /** Requests naming organisation B's records in the query or body, per `METHOD path field`. */
  function foreignRequests(): Record<string, ForeignRequest[]> {
    const newcomer = { contact: { name: 'Eindringling', company: 'Alpha Vertrieb GmbH' } }
    const merges = (path: string): Record<string, ForeignRequest[]> => ({
      [`POST ${path} body.targetId`]: [{ url: path, body: { incoming: newcomer, targetId: b.contact } }],
      [`POST ${path} body.incoming.contactId`]: [
        { url: path, body: { incoming: { contactId: b.contact }, targetId: a.contact } },
      ],
      [`POST ${path} body.incoming.recordId`]: [
        { url: path, body: { incoming: { recordId: b.contact }, targetId: a.contact } },
      ],
    })
    return {
      'POST /imports query.listId': [{ url: `/imports?listId=${b.list}`, upload: true }],
      ...merges('/merges/preview'),
      ...merges('/merges'),
      // A filter: it must match nothing rather than show B's merge history.
      'GET /merges query.targetId': [{ url: `/merges?targetId=${b.mergeTarget}`, expect: 'empty' }],
      // A's user accepting their own suggestion into B's list, or as merged into B's contact.
      'POST /mail-suggestions/{id}/accept body.listId': [
        { url: `/mail-suggestions/${a.mailSuggestion}/accept`, body: { listId: b.list } },
      ],
      'POST /mail-suggestions/{id}/accept body.contactId': [
        { url: `/mail-suggestions/${a.mailSuggestion}/accept`, body: { contactId: b.contact } },
      ],
      'POST /imports/{id}/rows/{row}/resolve body.contactId': [
        {
          url: `/imports/${a.import}/rows/${a.reviewRow}/resolve`,
          body: { action: 'merged', contactId: b.contact },
        },
      ],
    }
  }

  it('has reviewed every public route', () => {
    const publicRoutes = registeredRoutes()
      .filter((route) => route.public)
      .map((route) => `${route.method} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`)
      .sort()
    expect(publicRoutes).toEqual(PUBLIC_ROUTES)
  })

  it('answers 404 to every registered route with an id of another organisation, for an admin and a user', async () => {
    const routes = registeredRoutes().filter((route) => !route.public && route.path.includes('{'))
    expect(routes.length).toBeGreaterThanOrEqual(25)
    for (const client of [adminA, userA]) {
      for (const { method, path } of routes) {
        for (const target of fill(path, method, client === adminA ? a.list : a.userList)) {
          const response = await client.request(
            method as 'GET',
            target,
            bodyFor(`${method} ${path}`, client === adminA ? a.list : a.userList) ??
              (method === 'GET' || method === 'DELETE' ? undefined : {}),
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

  it('answers 404 to every query or body naming a record of another organisation', async () => {
    const document = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    const requests = foreignRequests()
    const detected: string[] = []
    for (const [route, fields] of recordIdFields(document)) {
      for (const field of fields) {
        const key = `${route} ${field}`
        if (NOT_RECORD_IDS[key]) continue
        detected.push(key)
        expect(requests[key], `${key}: try it with organisation B's ids below`).toBeDefined()
      }
    }
    // No stale entries: every request below matches a field the document still has.
    expect(Object.keys(requests).sort()).toEqual(detected.sort())
    for (const client of [adminA, userA]) {
      for (const [key, list] of Object.entries(requests)) {
        const method = key.split(' ')[0] as 'GET' | 'POST'
        for (const request of list) {
          const csv = csvUpload()
          const response = request.upload
            ? await client.request(method, request.url, csv.payload, csv.headers)
            : await client.request(method, request.url, request.body)
          if (request.expect === 'empty') {
            expect({ key, status: response.statusCode }).toEqual({ key, status: 200 })
            expect(Object.values(response.json()).flat()).toEqual([])
          } else {
            expect({ key, status: response.statusCode, body: response.json() }).toMatchObject({
              key,
              status: 404,
              body: { error: { code: 'NOT_FOUND' } },
            })
          }
        }
      }
    }
    // Nothing was written on A's side either: the row still waits for review.
    const row = await adminA.request('GET', `/imports/${a.import}/rows/${a.reviewRow}`)
    expect(row.json()).toMatchObject({ outcome: 'review', contactId: null })
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

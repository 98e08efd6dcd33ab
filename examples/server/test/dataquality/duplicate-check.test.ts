import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, TestServer } from '../support/server.js'
import { STORE_KINDS } from '../support/stores.js'
import { muellerCard, muellerCrm, muellerPossible, schaefer, seedList, weiss } from './fixtures.js'

describe.each(STORE_KINDS)('duplicate check on the %s store', (kind) => {
  const server = new TestServer(kind)
  let admin: Client
  let colleague: Client
  let stranger: Client
  let ids: string[]
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    colleague = await server.createUser(admin, 'user', 'carl@kontakt-werk.de')
    stranger = await server.createOrganisation('Andere Firma GmbH', 'admin@andere-firma.de')
    ;({ ids } = await seedList(admin, 'CRM', [muellerCrm, schaefer, weiss]))
  }, 60_000)
  afterAll(() => server.stop())

  it('keys contacts written through the contact API, via the trigger-fed queue', async () => {
    const check = await admin.request('POST', '/duplicates/check', {
      contact: muellerCard,
      defaultCountry: 'DE',
    })
    expect(check.statusCode).toBe(200)
    const keys = await server.store.db
      .selectFrom('dq_blocking_keys')
      .select('key')
      .where('contact_id', '=', ids[0] as string)
      .execute()
    expect(keys.map((row) => row.key)).toEqual(
      expect.arrayContaining(['email:h.mueller@mueller-maschinenbau.de', 'phone:49891234560']),
    )
    const queued = await server.store.db.selectFrom('dq_blocking_key_queue').select('contact_id').execute()
    expect(queued).toEqual([])
  })

  it('answers duplicate with the candidate, its score and per-field reasons', async () => {
    const response = await admin.request('POST', '/duplicates/check', {
      contact: muellerCard,
      defaultCountry: 'DE',
    })
    const body = response.json()
    expect(body.status).toBe('duplicate')
    expect(body.contact).toMatchObject({ firstName: 'Hans-Jürgen', lastName: 'Mueller' })
    expect(body.candidates).toHaveLength(1)
    const [candidate] = body.candidates
    expect(candidate).toMatchObject({ id: ids[0], verdict: 'duplicate' })
    expect(candidate.probability).toBeGreaterThan(0.95)
    expect(candidate.contact).toMatchObject({ title: 'Prof. Dr.', lastName: 'Müller' })
    const byField = Object.fromEntries(candidate.fields.map((f: { field: string }) => [f.field, f]))
    expect(byField.email).toMatchObject({ level: 'exact' })
    expect(byField.phone).toMatchObject({ level: 'exact' })
    expect(byField.email.weight).toBeGreaterThan(0)
    expect(byField.prior.weight).toBeLessThan(0)
  })

  it('answers possible for a weaker match and none for a stranger', async () => {
    const possible = await admin.request('POST', '/duplicates/check', { contact: muellerPossible })
    expect(possible.json()).toMatchObject({
      status: 'possible',
      candidates: [{ id: ids[0], verdict: 'possible' }],
    })
    const none = await admin.request('POST', '/duplicates/check', {
      contact: {
        name: 'Fatma Yılmaz',
        company: 'Yılmaz Feinkost e.K.',
        emails: ['fatma@yilmaz-feinkost.de'],
      },
    })
    expect(none.json()).toMatchObject({ status: 'none', candidates: [] })
  })

  it('follows edits and deletions made through the contact API', async () => {
    const edited = await admin.request('PATCH', `/contacts/${ids[1]}`, {
      contact: { emails: ['a.schaefer@schaefer-logistik.de'] },
    })
    expect(edited.statusCode).toBe(200)
    const byNewEmail = await admin.request('POST', '/duplicates/check', {
      contact: { firstName: 'A.', lastName: 'Schaefer', emails: ['A.Schaefer@schaefer-logistik.de'] },
    })
    expect(byNewEmail.json().candidates.map((c: { id: string }) => c.id)).toEqual([ids[1]])

    expect((await admin.request('DELETE', `/contacts/${ids[2]}`)).statusCode).toBe(204)
    const afterDelete = await admin.request('POST', '/duplicates/check', {
      contact: weiss,
      defaultCountry: 'DE',
    })
    expect(afterDelete.json()).toMatchObject({ status: 'none', candidates: [] })
    const keys = await server.store.db
      .selectFrom('dq_blocking_keys')
      .select('key')
      .where('contact_id', '=', ids[2] as string)
      .execute()
    expect(keys).toEqual([])
    expect((await admin.request('POST', `/contacts/${ids[2]}/restore`)).statusCode).toBe(200)
    const restored = await admin.request('POST', '/duplicates/check', {
      contact: weiss,
      defaultCountry: 'DE',
    })
    expect(restored.json().status).toBe('duplicate')
  })

  it('never shows contacts of another organisation or of lists one may not read', async () => {
    const foreign = await stranger.request('POST', '/duplicates/check', {
      contact: muellerCard,
      defaultCountry: 'DE',
    })
    expect(foreign.json()).toMatchObject({ status: 'none', candidates: [] })
    const notShared = await colleague.request('POST', '/duplicates/check', {
      contact: muellerCard,
      defaultCountry: 'DE',
    })
    expect(notShared.json()).toMatchObject({ status: 'none', candidates: [] })
  })

  it('checks a batch in input order with counts, and refuses more than 1,000', async () => {
    const response = await admin.request('POST', '/duplicates/check-batch', {
      contacts: [muellerCard, muellerPossible, { name: 'Jan Nowak', emails: ['jan@nowak.pl'] }],
      defaultCountry: 'DE',
    })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'possible', 'none'])
    expect(body.counts).toEqual({ duplicate: 1, possible: 1, none: 1 })
    const tooMany = await admin.request('POST', '/duplicates/check-batch', {
      contacts: Array.from({ length: 1001 }, (_, i) => ({ lastName: `Muster${i}` })),
    })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().error.code).toBe('VALIDATION_FAILED')
  })
})

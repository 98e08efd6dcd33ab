import { randomBytes } from 'node:crypto'
import { createSealer, isSealError } from '@contactkit/seal'
import { afterEach, describe, expect, it } from 'vitest'
import { createHubSpotConnector } from '../../src/crm/hubspot/connector.js'
import { createSealedTokenVault } from '../../src/crm/hubspot/token-vault.js'
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js'

const oldKey = randomBytes(32).toString('hex')
const newKey = randomBytes(32).toString('hex')
const sealer = createSealer({ keys: { '2026-11': newKey }, currentKeyId: '2026-11' })
const REFRESH_TOKEN = 'na1-4c1d-9e2f-refresh-token-of-muster-gmbh'

/** A database column holding the sealed string. */
function column(initial?: string) {
  const cell = { value: initial, writes: 0 }
  return {
    cell,
    read: async () => cell.value,
    write: async (sealed: string) => {
      cell.value = sealed
      cell.writes++
    },
  }
}

let fake: FakeHubSpot | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

describe('createSealedTokenVault', () => {
  it('stores tokens only as a sealed string and reads them back', async () => {
    const store = column()
    const vault = createSealedTokenVault({ sealer, context: 'org:42/hubspot:8765432/tokens', ...store })
    expect(await vault.load()).toBeUndefined()
    await vault.save({
      refreshToken: REFRESH_TOKEN,
      accessToken: 'CKDZ-access',
      expiresAt: 1_793_610_000_000,
    })
    expect(store.cell.value).toBeTypeOf('string')
    expect(store.cell.value).not.toContain(REFRESH_TOKEN)
    expect(store.cell.value).not.toContain('CKDZ-access')
    expect(await vault.load()).toEqual({
      refreshToken: REFRESH_TOKEN,
      accessToken: 'CKDZ-access',
      expiresAt: 1_793_610_000_000,
    })
  })

  it('refuses a sealed value copied from another organisation', async () => {
    const store = column()
    await createSealedTokenVault({ sealer, context: 'org:42/hubspot/tokens', ...store }).save({
      refreshToken: REFRESH_TOKEN,
    })
    const other = createSealedTokenVault({
      sealer,
      context: 'org:43/hubspot/tokens',
      read: store.read,
      write: store.write,
    })
    const error = await other.load().catch((e: unknown) => e)
    expect(isSealError(error)).toBe(true)
  })

  it('reseals tokens sealed under a retired key when loading them', async () => {
    const before = createSealer({ keys: { '2026-05': oldKey }, currentKeyId: '2026-05' })
    const store = column()
    await createSealedTokenVault({ sealer: before, context: 'org:42/hubspot/tokens', ...store }).save({
      refreshToken: REFRESH_TOKEN,
    })
    const rotated = createSealer({ keys: { '2026-05': oldKey, '2026-11': newKey }, currentKeyId: '2026-11' })
    const vault = createSealedTokenVault({ sealer: rotated, context: 'org:42/hubspot/tokens', ...store })
    expect(await vault.load()).toEqual({ refreshToken: REFRESH_TOKEN })
    expect(rotated.needsReseal(store.cell.value as string)).toBe(false)
    expect(store.cell.writes).toBe(2)
  })

  it('keeps the refreshed tokens sealed when the connector refreshes', async () => {
    fake = await startFakeHubSpot({ clientId: 'cid', clientSecret: 'csecret', refreshToken: REFRESH_TOKEN })
    const server = fake
    const store = column()
    const context = 'org:42/hubspot:8765432/tokens'
    await createSealedTokenVault({ sealer, context, ...store }).save({ refreshToken: REFRESH_TOKEN })
    const crm = createHubSpotConnector({
      clientId: 'cid',
      clientSecret: 'csecret',
      vault: createSealedTokenVault({ sealer, context, ...store }),
      baseUrl: server.baseUrl,
      now: () => server.now,
    })
    const id = server.addContact({
      firstname: 'Özlem',
      lastname: 'Yılmaz',
      email: 'oezlem.yilmaz@beispiel.de',
    })
    expect((await crm.get(id))?.contact.lastName).toBe('Yılmaz')
    const sent = server.apiRequests()[0]?.authorization?.replace('Bearer ', '') ?? ''
    expect(sent).not.toBe('')
    expect(store.cell.value).not.toContain(sent)
    const stored = await createSealedTokenVault({ sealer, context, ...store }).load()
    expect(stored?.accessToken).toBe(sent)
  })

  it('rejects an empty context', () => {
    expect(() => createSealedTokenVault({ sealer, context: ' ', ...column() })).toThrow(/context/)
  })
})

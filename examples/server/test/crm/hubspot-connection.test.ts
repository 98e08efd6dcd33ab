import { createSealer } from '@contactkit/seal'
import { afterEach, describe, expect, it } from 'vitest'
import {
  authorizationUrl,
  connectWithAuthorizationCode,
  connectWithRefreshToken,
  parseHubSpotConnection,
} from '../../src/crm/hubspot/connection.js'
import { createHubSpotConnector } from '../../src/crm/hubspot/connector.js'
import { createSealedTokenVault } from '../../src/crm/hubspot/token-vault.js'
import { type FakeHubSpot, startFakeHubSpot } from './fake-hubspot.js'

const settings = {
  portalId: '8765432',
  clientId: '6f1b1d5c-93b2-4a41-9c1e-4f0b2d1c7e11',
  clientSecret: 'b7c1e0f4-2d6a-4f3e-8a9b-0c1d2e3f4a5b',
  redirectUri: 'https://contacts.muster-gmbh.de/api/crm/hubspot/callback',
  defaultCountry: 'DE',
  countryLocale: 'de',
}
const sealer = createSealer({ keys: { k1: 'a'.repeat(64) }, currentKeyId: 'k1' })

let fake: FakeHubSpot | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

function sealedColumn() {
  const cell: { value?: string } = {}
  return {
    cell,
    vault: createSealedTokenVault({
      sealer,
      context: 'org:42/hubspot:8765432/tokens',
      read: async () => cell.value,
      write: async (sealed) => {
        cell.value = sealed
      },
    }),
  }
}

describe('parseHubSpotConnection', () => {
  it('accepts an admin configuration and fills the required scopes', () => {
    expect(parseHubSpotConnection(settings).scopes).toEqual([
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
    ])
  })

  it('names the invalid paths without echoing the secret', () => {
    const input = {
      ...settings,
      portalId: 'muster',
      scopes: ['crm.objects.contacts.read'],
      clientSecret: ' ',
      fieldProperties: { department: 'Abteilung!' },
    }
    let caught: unknown
    try {
      parseHubSpotConnection(input)
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({
      code: 'HUBSPOT_INVALID_CONFIG',
      details: { paths: ['portalId', 'clientSecret', 'scopes', 'fieldProperties.department'] },
    })
    const leaked = parseHubSpotConnection.bind(null, { ...settings, clientSecret: 7 })
    expect(leaked).toThrow(/clientSecret/)
  })
})

describe('authorizationUrl', () => {
  it('points the admin at HubSpot with client id, scopes, redirect URI and state', () => {
    const url = new URL(authorizationUrl(parseHubSpotConnection(settings), 'csrf-7f3a'))
    expect(url.origin + url.pathname).toBe('https://app.hubspot.com/oauth/authorize')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      scope: 'crm.objects.contacts.read crm.objects.contacts.write',
      state: 'csrf-7f3a',
    })
    expect(url.toString()).not.toContain(settings.clientSecret)
  })
})

describe('connectWithAuthorizationCode', () => {
  async function start(
    scopes = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    portalId = '8765432',
  ) {
    fake = await startFakeHubSpot({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      refreshToken: 'na1-refresh-from-install',
      portalId,
      authorizationCode: { code: 'code-123', redirectUri: settings.redirectUri, scopes },
    })
    return fake
  }

  it('exchanges the code, checks portal and scopes, and stores the tokens sealed', async () => {
    const server = await start()
    const { cell, vault } = sealedColumn()
    const connection = parseHubSpotConnection(settings)
    const result = await connectWithAuthorizationCode(connection, 'code-123', vault, {
      baseUrl: server.baseUrl,
      now: () => server.now,
    })
    expect(result.portalId).toBe('8765432')
    const [exchange] = server.requests
    expect(exchange?.contentType).toBe('application/x-www-form-urlencoded')
    expect(exchange?.body).toEqual({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      redirect_uri: settings.redirectUri,
      code: 'code-123',
    })
    expect(cell.value).not.toContain('na1-refresh-from-install')
    expect((await vault.load())?.refreshToken).toBe('na1-refresh-from-install')

    const crm = createHubSpotConnector({
      ...connection,
      vault,
      baseUrl: server.baseUrl,
      now: () => server.now,
    })
    const record = await crm.create({
      firstName: 'Grete',
      lastName: 'Groß',
      emails: [{ value: 'grete.gross@muster-gmbh.de' }],
      phones: [],
      addresses: [{ city: 'Wien', country: 'AT' }],
      websites: [],
    })
    expect(server.contacts.get(record.id)?.properties.country).toBe('Österreich')
    expect(server.tokenRefreshes).toBe(0)
  })

  it('refuses an approval for another portal', async () => {
    const server = await start(undefined, '1111111')
    const { cell, vault } = sealedColumn()
    await expect(
      connectWithAuthorizationCode(parseHubSpotConnection(settings), 'code-123', vault, {
        baseUrl: server.baseUrl,
      }),
    ).rejects.toMatchObject({ code: 'HUBSPOT_FORBIDDEN', details: { approvedPortalId: '1111111' } })
    expect(cell.value).toBeUndefined()
  })

  it('refuses an approval without write scope', async () => {
    const server = await start(['oauth', 'crm.objects.contacts.read'])
    await expect(
      connectWithAuthorizationCode(parseHubSpotConnection(settings), 'code-123', sealedColumn().vault, {
        baseUrl: server.baseUrl,
      }),
    ).rejects.toMatchObject({
      code: 'HUBSPOT_FORBIDDEN',
      details: { missingScopes: ['crm.objects.contacts.write'] },
    })
  })

  it('reports a used or wrong code as HUBSPOT_AUTH', async () => {
    const server = await start()
    await expect(
      connectWithAuthorizationCode(parseHubSpotConnection(settings), 'code-999', sealedColumn().vault, {
        baseUrl: server.baseUrl,
      }),
    ).rejects.toMatchObject({ code: 'HUBSPOT_AUTH' })
  })
})

describe('connectWithRefreshToken', () => {
  async function start(portalId = '8765432') {
    fake = await startFakeHubSpot({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      refreshToken: 'na1-refresh-held-by-admin',
      portalId,
    })
    return fake
  }

  it('redeems the refresh token once, checks the portal and stores the tokens sealed', async () => {
    const server = await start()
    const { cell, vault } = sealedColumn()
    const result = await connectWithRefreshToken(
      parseHubSpotConnection(settings),
      'na1-refresh-held-by-admin',
      vault,
      { baseUrl: server.baseUrl, now: () => server.now },
    )
    expect(result.portalId).toBe('8765432')
    expect(
      server.requests.map((request) => `${request.method} ${request.path.split('/').slice(0, 4).join('/')}`),
    ).toEqual(['POST /oauth/v1/token', 'GET /oauth/v1/access-tokens'])
    expect(server.requests[0]?.body).toEqual({
      grant_type: 'refresh_token',
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      refresh_token: 'na1-refresh-held-by-admin',
    })
    expect(cell.value).not.toContain('na1-refresh-held-by-admin')
    expect(await vault.load()).toMatchObject({
      refreshToken: 'na1-refresh-held-by-admin',
      accessToken: expect.stringMatching(/^CKDZ/),
      expiresAt: server.now + 1800 * 1000,
    })
  })

  it('refuses a token of another portal and a token HubSpot does not know, storing nothing', async () => {
    const other = await start('1111111')
    const { cell, vault } = sealedColumn()
    await expect(
      connectWithRefreshToken(parseHubSpotConnection(settings), 'na1-refresh-held-by-admin', vault, {
        baseUrl: other.baseUrl,
      }),
    ).rejects.toMatchObject({ code: 'HUBSPOT_FORBIDDEN', details: { approvedPortalId: '1111111' } })
    let caught: unknown
    try {
      await connectWithRefreshToken(parseHubSpotConnection(settings), 'na1-typo', vault, {
        baseUrl: other.baseUrl,
      })
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'HUBSPOT_AUTH' })
    expect(JSON.stringify(caught)).not.toContain('na1-typo')
    expect(String((caught as Error).message)).not.toContain(settings.clientSecret)
    expect(cell.value).toBeUndefined()
  })
})

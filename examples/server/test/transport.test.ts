import { readFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:tls'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { createSecretBox, generateKeyring } from '../src/secret-box.js'
import type { Store } from '../src/store/store.js'
import { httpsRedirectHandler, plainHttpWarning } from '../src/transport.js'
import { openTestStore } from './support/stores.js'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))

// One store serves the three apps below; transport does not depend on it.
let store: Store
beforeAll(async () => {
  store = await openTestStore('embedded')
}, 60_000)
afterAll(() => store.close())

describe('HTTPS behind a trusted proxy', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildApp({
      store,
      secrets: createSecretBox(generateKeyring()),
      httpsOnly: true,
      trustProxy: true,
      publicUrl: 'https://kontakte.example.de',
    })
  }, 60_000)
  afterAll(() => app.close())

  it('redirects plain HTTP to the public HTTPS origin, keeping path and query', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/lists?deleted=true',
      headers: { 'x-forwarded-proto': 'http' },
    })
    expect(response.statusCode).toBe(308)
    expect(response.headers.location).toBe('https://kontakte.example.de/lists?deleted=true')
    expect(response.headers['strict-transport-security']).toBeUndefined()
  })

  it('sends HSTS over HTTPS', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-forwarded-proto': 'https' },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests')
  })

  it('keeps /health reachable over HTTP for load-balancer probes', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-forwarded-proto': 'http' },
    })
    expect(response.statusCode).toBe(200)
  })
})

describe('HTTPS without a trusted proxy', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildApp({ store, secrets: createSecretBox(generateKeyring()), httpsOnly: true })
  }, 60_000)
  afterAll(() => app.close())

  it('ignores a forged X-Forwarded-Proto and redirects to the requested host', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/docs',
      headers: { 'x-forwarded-proto': 'https', host: 'kontakte.example.de' },
    })
    expect(response.statusCode).toBe(308)
    expect(response.headers.location).toBe('https://kontakte.example.de/docs')
  })
})

describe('TLS terminated by the server', () => {
  let app: FastifyInstance
  let port: number
  beforeAll(async () => {
    app = await buildApp({
      store,
      secrets: createSecretBox(generateKeyring()),
      httpsOnly: true,
      https: { cert: fixture('localhost-cert.pem'), key: fixture('localhost-key.pem') },
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as AddressInfo).port
  }, 60_000)
  afterAll(() => app.close())

  function handshake(maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        rejectUnauthorized: false,
        maxVersion,
        minVersion: 'TLSv1',
      })
      socket.once('secureConnect', () => {
        const protocol = socket.getProtocol() ?? ''
        socket.end()
        resolve(protocol)
      })
      socket.once('error', reject)
    })
  }

  it('refuses TLS 1.1 and accepts TLS 1.2 and 1.3', async () => {
    await expect(handshake('TLSv1.1')).rejects.toThrow()
    expect(await handshake('TLSv1.2')).toBe('TLSv1.2')
    expect(await handshake('TLSv1.3')).toBe('TLSv1.3')
  })

  it('answers over HTTPS with HSTS', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' })
    // inject does not go through TLS; check the real socket instead.
    expect(response.statusCode).toBe(200)
    const body = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
      })
      let data = ''
      socket.on('data', (chunk) => {
        data += chunk
      })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    expect(body).toMatch(/^HTTP\/1\.1 200/)
    expect(body.toLowerCase()).toContain('strict-transport-security: max-age=31536000; includesubdomains')
  })
})

describe('the HTTP listener beside a server that terminates TLS', () => {
  async function redirectOf(options: Parameters<typeof httpsRedirectHandler>[0], host: string, path: string) {
    const server = createServer(httpsRedirectHandler(options))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      return await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, path, method: 'POST', headers: host ? { host } : {} },
          (response) => {
            response.resume()
            resolve({ status: response.statusCode ?? 0, location: response.headers.location })
          },
        )
        request.once('error', reject)
        request.end('{"name":"Messe München"}')
      })
    } finally {
      server.close()
    }
  }

  it('redirects every request to HTTPS on the requested host, keeping path, query and method (308)', async () => {
    expect(await redirectOf({ httpsPort: 8443 }, 'kontakte.example.de:8080', '/lists?deleted=true')).toEqual({
      status: 308,
      location: 'https://kontakte.example.de:8443/lists?deleted=true',
    })
    expect(await redirectOf({ httpsPort: 443 }, '[2001:db8::7]:80', '/auth/login')).toEqual({
      status: 308,
      location: 'https://[2001:db8::7]/auth/login',
    })
  })

  it('redirects to PUBLIC_URL when it is set, whatever the Host header says', async () => {
    expect(
      await redirectOf(
        { publicUrl: 'https://kontakte.example.de', httpsPort: 8443 },
        'evil.example',
        '/docs/',
      ),
    ).toEqual({ status: 308, location: 'https://kontakte.example.de/docs/' })
  })

  it('answers 400 to a request with a malformed Host header', async () => {
    expect(await redirectOf({ httpsPort: 443 }, 'böse host/..', '/')).toMatchObject({ status: 400 })
  })
})

describe('the start banner', () => {
  it('warns about plain HTTP on an address other machines reach, where browsers drop the Secure session cookie', () => {
    expect(plainHttpWarning('0.0.0.0', false)).toMatch(/plain HTTP on 0\.0\.0\.0.*TLS_CERT_FILE/)
    expect(plainHttpWarning('192.168.178.20', false)).toMatch(/session cookie/)
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.1.1'])
      expect(plainHttpWarning(host, false)).toBeUndefined()
    expect(plainHttpWarning('0.0.0.0', true)).toBeUndefined()
  })
})

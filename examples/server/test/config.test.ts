import { describe, expect, it } from 'vitest'
import { formatConfigProblems, loadConfig } from '../src/config.js'

const KEY = `k2026:${'0123456789abcdef'.repeat(4)}`

describe('loadConfig', () => {
  it('runs with no settings on the embedded store in ./data on 127.0.0.1:3000', () => {
    const result = loadConfig({}, '/srv/contactkit')
    expect(result).toEqual({
      success: true,
      config: {
        port: 3000,
        host: '127.0.0.1',
        databaseUrl: undefined,
        dataDir: '/srv/contactkit/data',
        seal: undefined,
        publicUrl: undefined,
        trustProxy: false,
        tls: undefined,
        httpsOnly: false,
        logLevel: 'info',
      },
    })
  })

  it('reads every documented variable', () => {
    const result = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://contactkit@db.internal:5432/contactkit',
      DATA_DIR: '/var/lib/contactkit',
      SEAL_KEYS: `k2025:${Buffer.alloc(32, 7).toString('base64')},${KEY}`,
      SEAL_CURRENT_KEY: 'k2026',
      PUBLIC_URL: 'https://kontakte.example.de/',
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.7',
    })
    if (!result.success) throw new Error(JSON.stringify(result.problems))
    expect(result.config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://contactkit@db.internal:5432/contactkit',
      dataDir: '/var/lib/contactkit',
      seal: {
        currentKeyId: 'k2026',
        keys: { k2025: Buffer.alloc(32, 7).toString('base64'), k2026: '0123456789abcdef'.repeat(4) },
      },
      publicUrl: 'https://kontakte.example.de',
      trustProxy: ['10.0.0.0/8', '192.168.1.7'],
      httpsOnly: true,
    })
  })

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: 'dreitausend' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://db/contacts', SEAL_KEYS: KEY, SEAL_CURRENT_KEY: 'k2026' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/contacts' }, 'SEAL_KEYS'],
    [{ SEAL_KEYS: 'k1:zu-kurz', SEAL_CURRENT_KEY: 'k1' }, 'SEAL_KEYS'],
    // 32 characters but only 24 bytes of base64: long enough to look fine, too weak for the sealer.
    [{ SEAL_KEYS: `k1:${Buffer.alloc(24, 1).toString('base64')}`, SEAL_CURRENT_KEY: 'k1' }, 'SEAL_KEYS'],
    [
      { SEAL_KEYS: `k1:${'Passwort-ist-lang-genug-aber-kein-Schlüssel'}`, SEAL_CURRENT_KEY: 'k1' },
      'SEAL_KEYS',
    ],
    [{ SEAL_KEYS: KEY }, 'SEAL_CURRENT_KEY'],
    [{ SEAL_KEYS: KEY, SEAL_CURRENT_KEY: 'k1999' }, 'SEAL_CURRENT_KEY'],
    [{ PUBLIC_URL: 'kontakte.example.de' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://example.de/app' }, 'PUBLIC_URL'],
    [{ TRUST_PROXY: 'vielleicht' }, 'TRUST_PROXY'],
    [{ TLS_CERT_FILE: '/etc/ssl/cert.pem' }, 'TLS_KEY_FILE'],
    [{ HTTP_REDIRECT_PORT: '80' }, 'HTTP_REDIRECT_PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects %o naming %s', (env, variable) => {
    const result = loadConfig(env)
    expect(result.success).toBe(false)
    if (result.success) return
    expect(result.problems.map((problem) => problem.variable)).toEqual([variable])
    expect(formatConfigProblems(result.problems)).toContain(`  ${variable} `)
  })

  it('treats empty values as unset', () => {
    const result = loadConfig({ PORT: '', DATABASE_URL: '' })
    expect(result.success && result.config.port).toBe(3000)
    expect(result.success && result.config.databaseUrl).toBeUndefined()
  })

  it('lists every bad setting at once', () => {
    const result = loadConfig({ PORT: '0', TRUST_PROXY: 'ja bitte' })
    expect(result.success ? [] : result.problems.map((problem) => problem.variable)).toEqual([
      'PORT',
      'TRUST_PROXY',
    ])
  })

  it('turns HTTPS handling on when TLS is terminated here', () => {
    const result = loadConfig(
      { TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem', HTTP_REDIRECT_PORT: '8080' },
      '/srv',
    )
    expect(result.success && result.config.tls).toEqual({
      certFile: 'cert.pem',
      keyFile: 'key.pem',
      redirectPort: 8080,
    })
    expect(result.success && result.config.httpsOnly).toBe(true)
  })
})

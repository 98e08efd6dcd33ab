import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from './support/net.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * Runs `npm start`'s command (`node --import tsx src/main.ts`: one process, so signals reach the server itself) with
 * the given environment, without the test's DATABASE_URL.
 */
function start(env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...base } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: packageDir,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited, output: () => output }
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'contactkit-main-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('starts on the embedded store with no database configured, prints the URL and a setup token, refuses a second process on the folder, and stops cleanly', async () => {
    const port = await freePort()
    const server = start({ DATA_DIR: dataDir, PORT: String(port) })
    try {
      for (let attempt = 0; attempt < 600 && !server.output().includes('setup token'); attempt++) {
        if (server.child.exitCode !== null) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(server.output()).toContain(`listening on http://127.0.0.1:${port}`)
      expect(server.output()).toMatch(/\n {2}ck_setup_[A-Za-z0-9_-]{43}\n/)
      const health = await fetch(`http://127.0.0.1:${port}/health`)
      expect(await health.json()).toEqual({ status: 'ok', store: 'embedded' })
      expect(existsSync(join(dataDir, 'contactkit.lock'))).toBe(true)
      // PGlite has no lock of its own: a second server on the same folder must refuse to start.
      const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()) })
      expect(await second.exited).toBe(69)
      expect(second.output()).toContain(`The data folder is in use by process ${server.child.pid}.`)
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
    } finally {
      server.child.kill('SIGTERM')
    }
    expect(await server.exited).toBe(0)
    expect(existsSync(join(dataDir, 'contactkit.lock'))).toBe(false)
  }, 120_000)

  it('exits with 78 and names each bad setting', async () => {
    const server = start({ DATA_DIR: dataDir, PORT: 'achtzig', TRUST_PROXY: 'vielleicht' })
    expect(await server.exited).toBe(78)
    expect(server.output()).toContain('PORT must be a whole number')
    expect(server.output()).toContain('TRUST_PROXY must be')
  }, 60_000)

  it('exits with 78 when the TLS files cannot be read, and with 69 when the database cannot be reached, without its password', async () => {
    const tls = start({
      DATA_DIR: dataDir,
      TLS_CERT_FILE: join(dataDir, 'fehlt-cert.pem'),
      TLS_KEY_FILE: join(dataDir, 'fehlt-key.pem'),
    })
    expect(await tls.exited).toBe(78)
    expect(tls.output()).toContain('cannot read TLS_CERT_FILE/TLS_KEY_FILE (ENOENT)')

    const database = start({
      // Nothing listens on port 1.
      DATABASE_URL: 'postgres://kontakte:Lager-Kennwort-2026@127.0.0.1:1/kontakte',
      SEAL_KEYS: `k2026:${Buffer.alloc(32, 9).toString('base64')}`,
      SEAL_CURRENT_KEY: 'k2026',
    })
    expect(await database.exited).toBe(69)
    expect(database.output()).toContain('cannot open the PostgreSQL database')
    expect(database.output()).not.toContain('Lager-Kennwort-2026')
  }, 60_000)
})

import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { buildApp } from './app.js'
import { systemClock } from './clock.js'
import { EXIT_CONFIG, formatConfigProblems, loadConfig } from './config.js'
import { registerDataQualityJobs } from './dataquality/job-queue.js'
import { dataQualityWorker } from './dataquality/jobs.js'
import { startJobs } from './jobs/runner.js'
import { loggerOptions } from './logging.js'
import { registerMailJobs } from './mail/jobs.js'
import { defaultMailSources } from './mail/mail-server.js'
import { createSmtpMailer } from './mailer.js'
import { createSecretBox, loadOrCreateKeyringFile } from './secret-box.js'
import { ensureSetupToken } from './setup.js'
import { EXIT_STORE, openConfiguredStore } from './store/open-configured.js'
import { httpsRedirectHandler, plainHttpWarning } from './transport.js'

/** How long the server waits for the SMTP server at each step (connect, greeting, every reply). */
const SMTP_TIMEOUT_MS = 15_000

async function main(): Promise<void> {
  const loaded = loadConfig(process.env)
  if (!loaded.success) {
    console.error(formatConfigProblems(loaded.problems))
    process.exit(EXIT_CONFIG)
  }
  const config = loaded.config
  let https: { cert: Buffer; key: Buffer } | undefined
  if (config.tls) {
    try {
      https = { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }
    } catch (error) {
      console.error(
        `contactkit server: cannot read TLS_CERT_FILE/TLS_KEY_FILE (${(error as NodeJS.ErrnoException).code})`,
      )
      process.exit(EXIT_CONFIG)
    }
  }

  const opened = await openConfiguredStore(config)
  if ('problem' in opened) {
    console.error(`contactkit server: ${opened.problem}`)
    process.exit(EXIT_STORE)
  }
  const { store } = opened

  let keyring = config.seal
  if (!keyring) {
    const file = loadOrCreateKeyringFile(config.dataDir)
    keyring = file.keyring
    if (file.created)
      console.log(`Created a sealing key in ${config.dataDir}/seal-keys.json; set SEAL_KEYS in production.`)
  }

  const app = await buildApp({
    store,
    secrets: createSecretBox(keyring),
    clock: systemClock,
    logger: loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    httpsOnly: config.httpsOnly,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(https ? { https } : {}),
    // The configuration requires PUBLIC_URL and MAIL_FROM with SMTP_URL; no connection is made before the first mail.
    ...(config.smtp ? { mailer: createSmtpMailer({ ...config.smtp, timeoutMs: SMTP_TIMEOUT_MS }) } : {}),
  })
  const jobs = await startJobs(store, systemClock, app.log)
  // Imports and dedupe runs go through the shared queue, so any server process may work them.
  await registerDataQualityJobs(jobs.boss, store, dataQualityWorker(store, systemClock, app.ctx.secrets))
  await registerMailJobs(
    jobs.boss,
    { store, clock: systemClock, secrets: app.ctx.secrets, sources: defaultMailSources },
    app.log,
  )

  let redirectServer: ReturnType<typeof createServer> | undefined
  const shutdown = async (code: number) => {
    redirectServer?.close()
    await app.close().catch(() => {})
    await jobs.stop().catch(() => {})
    await store.close().catch(() => {})
    process.exit(code)
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(0))

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    console.error(
      `contactkit server: cannot listen on ${config.host}:${config.port} (${(error as NodeJS.ErrnoException).code})`,
    )
    await shutdown(EXIT_STORE)
    return
  }
  if (config.tls?.redirectPort) {
    const redirectPort = config.tls.redirectPort
    redirectServer = createServer(
      httpsRedirectHandler({ publicUrl: config.publicUrl, httpsPort: config.port }),
    )
    redirectServer.once('error', (error: NodeJS.ErrnoException) => {
      console.error(`contactkit server: cannot listen on ${config.host}:${redirectPort} (${error.code})`)
      void shutdown(EXIT_STORE)
    })
    redirectServer.listen(redirectPort, config.host)
  }

  const url = config.publicUrl ?? `${config.tls ? 'https' : 'http'}://${config.host}:${config.port}`
  const setupToken = await ensureSetupToken(store.db, systemClock)
  const lines = [
    '',
    `contactkit server listening on ${url} (${store.kind === 'embedded' ? `embedded store in ${config.dataDir}` : 'PostgreSQL'})`,
    `  API page: ${url}/docs   OpenAPI: ${url}/openapi.json   health: ${url}/health`,
  ]
  const warning = plainHttpWarning(config.host, config.httpsOnly)
  if (warning) lines.push('', warning)
  if (!config.smtp)
    lines.push('', 'Outgoing mail is off (SMTP_URL unset): no password-reset or invitation mails are sent.')
  if (setupToken) {
    lines.push(
      '',
      'No organisation yet. Create it and its first admin with this one-time setup token (valid 24 hours):',
      `  ${setupToken}`,
      '',
      `  curl -X POST ${url}/setup -H 'content-type: application/json' \\`,
      `    -d '{"token":"${setupToken}","organisationName":"Example GmbH","admin":{"name":"Anna Schmidt","email":"anna@example.com","password":"choose a long passphrase"}}'`,
      '',
      'Then log in with POST /auth/login. A restart prints a new token until the setup is done.',
    )
  }
  console.log(lines.join('\n'))
}

void main()

// Serves the app on a bench database: `tsx bench/serve.ts <database url> <port>` (started by the benchmarks).
import { buildApp } from '../src/app.js'
import { systemClock } from '../src/clock.js'
import { createSecretBox, generateKeyring } from '../src/secret-box.js'
import { openStore } from '../src/store/store.js'

const [url, port] = process.argv.slice(2)
if (!url || !port) throw new Error('usage: serve.ts <database url> <port>')
const store = await openStore({ kind: 'postgres', url })
const app = await buildApp({ store, secrets: createSecretBox(generateKeyring()), clock: systemClock })
await app.listen({ port: Number(port), host: '127.0.0.1' })
process.send?.('ready')
// The benchmark asks for this process's CPU time to report CPU per request, which the machine's load cannot inflate.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() })
})
process.on('SIGTERM', async () => {
  await app.close()
  await store.close()
  process.exit(0)
})

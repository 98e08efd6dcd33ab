import { systemClock } from '../clock.js'
import { EXIT_CONFIG, formatConfigProblems, loadConfig } from '../config.js'
import { issueSetupToken } from '../setup.js'
import { EXIT_STORE, openConfiguredStore } from '../store/open-configured.js'

const USAGE = `Usage (from examples/server, same environment as the server):
  npm run admin -- setup-token              print a one-time token that creates one more organisation
  npm run admin -- support <email> on|off   flag a user as support staff (read-only access to other organisations)
With the embedded store, stop the server first: only one process may open the data folder.`

/** Operator commands that have no HTTP API on purpose. */
async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args
  if (command !== 'setup-token' && command !== 'support') {
    console.error(USAGE)
    return 64
  }
  const loaded = loadConfig(process.env)
  if (!loaded.success) {
    console.error(formatConfigProblems(loaded.problems))
    return EXIT_CONFIG
  }
  const { config } = loaded
  const opened = await openConfiguredStore(config)
  if ('problem' in opened) {
    console.error(opened.problem)
    return EXIT_STORE
  }
  const { store } = opened
  try {
    if (command === 'setup-token') {
      const token = await issueSetupToken(store.db, systemClock)
      console.log(`One-time setup token (valid 24 hours), use it with POST /setup:\n  ${token}`)
      return 0
    }
    const [email, state] = rest
    if (!email || (state !== 'on' && state !== 'off')) {
      console.error(USAGE)
      return 64
    }
    const result = await store.db
      .updateTable('users')
      .set({ is_support: state === 'on', updated_at: systemClock.now() })
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) {
      console.error(`no user with the e-mail address ${email}`)
      return 1
    }
    console.log(`${email} is ${state === 'on' ? 'now' : 'no longer'} support staff.`)
    return 0
  } finally {
    await store.close()
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code))

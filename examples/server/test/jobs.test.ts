import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAY_MS } from '../src/clock.js'
import { type JobRunner, PURGE_CRON, PURGE_QUEUE, startJobs } from '../src/jobs/runner.js'
import { type Client, TestServer } from './support/server.js'
import { STORE_KINDS } from './support/stores.js'

const quiet = { info: () => {}, error: () => {} }

describe.each(STORE_KINDS)('pg-boss jobs on the %s store', (kind) => {
  const server = new TestServer(kind)
  let jobs: JobRunner
  let owner: Client
  beforeAll(async () => {
    await server.start()
    owner = await server.createOrganisation('Job & Queue KG', 'admin@job-queue.de')
    jobs = await startJobs(server.store, server.clock, quiet)
  }, 60_000)
  afterAll(async () => {
    await jobs.stop()
    await server.stop()
  })

  it('schedules the nightly purge', async () => {
    const schedules = await jobs.boss.getSchedules()
    expect(schedules).toEqual([
      expect.objectContaining({ name: PURGE_QUEUE, cron: PURGE_CRON, timezone: 'UTC' }),
    ])
  })

  it('purges old deletions when the purge job runs', async () => {
    const listId = (await owner.request('POST', '/lists', { name: 'Abgelaufen' })).json().id
    await owner.request('DELETE', `/lists/${listId}`)
    await owner.request('POST', '/auth/logout')
    server.clock.advance(31 * DAY_MS)
    const jobId = await jobs.boss.send(PURGE_QUEUE, {})
    expect(jobId).toBeTruthy()
    let state: string | undefined
    for (let attempt = 0; attempt < 100 && state !== 'completed' && state !== 'failed'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      state = (await jobs.boss.getJobById(PURGE_QUEUE, jobId as string))?.state
    }
    expect(state).toBe('completed')
    const rows = await server.store.db.selectFrom('lists').select('id').where('id', '=', listId).execute()
    expect(rows).toEqual([])
    // The session ended by logout 31 days ago is gone too; the setup token was used as long ago.
    const sessions = await server.store.db.selectFrom('sessions').select('id').execute()
    expect(sessions).toEqual([])
    expect(await server.store.db.selectFrom('setup_tokens').select('id').execute()).toEqual([])
  }, 60_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDataQualityJobs } from '../../src/dataquality/job-queue.js'
import { dataQualityWorker } from '../../src/dataquality/jobs.js'
import { type JobRunner, startJobs } from '../../src/jobs/runner.js'
import { type Client, TestServer } from '../support/server.js'
import { muellerCrm, seedList } from './fixtures.js'
import { messeCsv, upload } from './upload.js'

describe('DataQuality jobs on the pg-boss queue', () => {
  const server = new TestServer('embedded')
  let admin: Client
  let jobs: JobRunner
  let listId: string
  beforeAll(async () => {
    await server.start()
    admin = await server.createOrganisation('Kontakt-Werk GmbH', 'admin@kontakt-werk.de')
    ;({ listId } = await seedList(admin, 'Messe', [muellerCrm]))
    jobs = await startJobs(server.store, server.clock, { info: () => {}, error: () => {} })
    await registerDataQualityJobs(jobs.boss, server.store, dataQualityWorker(server.store, server.clock))
  }, 60_000)
  afterAll(async () => {
    await jobs.stop()
    await server.stop()
  })

  it('runs an import and a dedupe run through the shared queue', async () => {
    const id = (await upload(admin, listId, 'messe.csv', messeCsv)).json().id
    expect((await admin.request('POST', `/imports/${id}/start`, { defaultCountry: 'DE' })).statusCode).toBe(
      202,
    )
    let status = ''
    for (let attempt = 0; attempt < 150 && status !== 'done' && status !== 'failed'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      status = (await admin.request('GET', `/imports/${id}`)).json().status
    }
    expect(status).toBe('done')
    expect((await admin.request('GET', `/imports/${id}`)).json().counts).toMatchObject({
      created: 3,
      review: 2,
    })

    const run = (await admin.request('POST', '/dedupe-runs')).json()
    let runStatus = ''
    for (let attempt = 0; attempt < 150 && runStatus !== 'done' && runStatus !== 'failed'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      runStatus = (await admin.request('GET', `/dedupe-runs/${run.id}`)).json().status
    }
    expect(runStatus).toBe('done')
  }, 60_000)
})

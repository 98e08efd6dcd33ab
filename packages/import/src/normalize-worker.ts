// Worker-thread entry of importContacts({ workers }): decodes and parses pieces of the file (or takes parsed
// records) and normalises their rows. Not part of the public API.
import { parentPort, workerData } from 'node:worker_threads'
import { isImportError } from './error.js'
import { runJob, type WorkerAnswer, type WorkerCsvOptions, type WorkerJob } from './internal/run-job.js'
import { ValueWriter } from './internal/value-codec.js'
import type { RowContext } from './process-row.js'

interface Data {
  contactkitImport?: boolean
  context: RowContext
  csv: WorkerCsvOptions
}

// Only answer when started by importContacts, never when bundled into someone else's worker.
const data = workerData as Data | undefined
if (parentPort && data?.contactkitImport === true) {
  const port = parentPort
  // One writer for the worker's life: each object shape is sent once, with the first batch that uses it.
  const writer = new ValueWriter()
  port.on('message', (job: WorkerJob) => {
    let answer: WorkerAnswer
    try {
      answer = { id: job.id, batch: runJob(job, data.context, data.csv, writer) }
    } catch (error) {
      // A limit or a malformed record keeps its code and details (line, column) across the thread boundary.
      const failure: WorkerAnswer = {
        id: job.id,
        error: error instanceof Error ? error.message : String(error),
      }
      if (isImportError(error)) {
        failure.code = error.code
        if (error.details) failure.details = error.details as Record<string, unknown>
      }
      port.postMessage(failure)
      return
    }
    // The codes move to the main thread without a copy.
    port.postMessage(answer, [answer.batch.codes.buffer as ArrayBuffer])
  })
}

// Worker-thread entry of importContacts({ workers }): parses pieces of CSV text (or takes parsed records) and
// normalises their rows. Not part of the public API.
import { parentPort, workerData } from 'node:worker_threads'
import type { CsvParserOptions } from './csv-parser.js'
import { runJob, type WorkerAnswer, type WorkerJob } from './internal/run-job.js'
import type { RowContext } from './process-row.js'

interface Data {
  contactkitImport?: boolean
  context: RowContext
  csv: CsvParserOptions
}

// Only answer when started by importContacts, never when bundled into someone else's worker.
const data = workerData as Data | undefined
if (parentPort && data?.contactkitImport === true) {
  const port = parentPort
  port.on('message', (job: WorkerJob) => {
    let answer: WorkerAnswer
    try {
      answer = { id: job.id, ...runJob(job, data.context, data.csv) }
    } catch (error) {
      port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) })
      return
    }
    // The bytes move to the main thread without a copy.
    port.postMessage(answer, [answer.bytes.buffer as ArrayBuffer, answer.ends.buffer as ArrayBuffer])
  })
}

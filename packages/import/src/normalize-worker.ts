// Worker-thread entry of importContacts({ workers }): normalises batches of rows. Not part of the public API.
import { parentPort, workerData } from 'node:worker_threads'
import type { CsvRecord } from './csv-parser.js'
import { processRow, type RowContext } from './process-row.js'

interface Data {
  contactkitImport?: boolean
  context: RowContext
}

// Only answer when started by importContacts, never when bundled into someone else's worker.
const data = workerData as Data | undefined
if (parentPort && data?.contactkitImport === true) {
  const port = parentPort
  port.on('message', (job: { id: number; records: CsvRecord[] }) => {
    try {
      port.postMessage({ id: job.id, rows: job.records.map((record) => processRow(record, data.context)) })
    } catch (error) {
      port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) })
    }
  })
}

import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CsvRecord } from '../csv-parser.js'
import { ImportError } from '../error.js'
import type { ProcessedRow, RowContext } from '../process-row.js'

declare const __filename: string | undefined

function moduleUrl(): string {
  // The CommonJS build has no import.meta; the ESM build and the TypeScript sources have no __filename.
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url
}

// The worker file sits beside this module's bundle: normalize-worker.ts under tsx/vitest, .js or .cjs in dist.
function startWorker(context: RowContext): Worker {
  const here = moduleUrl()
  // A worker only ever holds one batch; capped generations make it collect early, so that the process's peak
  // memory stays flat (measured: 2 workers took ~130 MiB each uncapped).
  const options = {
    workerData: { contactkitImport: true, context },
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  }
  if (here.endsWith('.ts')) {
    const url = new URL('../normalize-worker.ts', here).href
    const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url)}) })`
    return new Worker(code, { ...options, eval: true })
  }
  return new Worker(
    new URL(here.endsWith('.cjs') ? './normalize-worker.cjs' : './normalize-worker.js', here),
    options,
  )
}

/**
 * A fixed set of worker threads that normalise batches of rows; results come back in submission order.
 *
 * @internal
 */
export class RowWorkerPool {
  private readonly workers: Worker[]
  private readonly waiting = new Map<
    number,
    { resolve: (rows: ProcessedRow[]) => void; reject: (error: unknown) => void }
  >()
  private nextId = 0
  private failure: unknown

  constructor(size: number, context: RowContext) {
    this.workers = Array.from({ length: size }, () => {
      const worker = startWorker(context)
      worker.on('message', (message: { id: number; rows?: ProcessedRow[]; error?: string }) => {
        const pending = this.waiting.get(message.id)
        if (!pending) return
        this.waiting.delete(message.id)
        if (message.rows) pending.resolve(message.rows)
        else
          pending.reject(
            new ImportError('IMPORT_MALFORMED', `A normalisation worker failed: ${message.error}`),
          )
      })
      worker.on('error', (error) => this.fail(error))
      return worker
    })
  }

  private fail(error: unknown): void {
    this.failure = error
    for (const pending of this.waiting.values()) {
      pending.reject(new ImportError('IMPORT_MALFORMED', 'A normalisation worker stopped', { cause: error }))
    }
    this.waiting.clear()
  }

  /** Queues a batch on the next worker in turn. */
  run(records: CsvRecord[]): Promise<ProcessedRow[]> {
    if (this.failure !== undefined) {
      return Promise.reject(
        new ImportError('IMPORT_MALFORMED', 'A normalisation worker stopped', { cause: this.failure }),
      )
    }
    const id = this.nextId++
    const worker = this.workers[id % this.workers.length] as Worker
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, records })
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }
}

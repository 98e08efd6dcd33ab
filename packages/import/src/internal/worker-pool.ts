import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CsvRecord } from '../csv-parser.js'
import { ImportError, type ImportErrorCode } from '../error.js'
import type { RowContext } from '../process-row.js'
import type { JobAnswer, PoolInput, WorkerAnswer, WorkerCsvOptions } from './run-job.js'
import { ValueReader } from './value-codec.js'

declare const __filename: string | undefined

function moduleUrl(): string {
  // The CommonJS build has an empty import.meta (the bundler's stand-in) and a __filename. import.meta.url comes
  // first: an ES module may still see a global __filename (`node -e`, some bundlers) that is not its own.
  const url = (import.meta as { url?: string }).url
  return typeof url === 'string' ? url : pathToFileURL(__filename as string).href
}

let live = 0
const noop = () => undefined

let jobsAnswered = 0
let warmedUp = 0

/** @internal Workers of any pool that have answered their warm-up job (and so take jobs) and not yet exited. */
export function readyWorkerCount(): number {
  return warmedUp
}

/** @internal Jobs (not warm-ups) that workers of any pool have answered (for tests that check workers took part). */
export function workerJobCount(): number {
  return jobsAnswered
}

/** @internal Worker threads started by pools and not yet exited (for tests that check none is left behind). */
export function liveWorkerCount(): number {
  return live
}

// The worker file sits beside this module's bundle: normalize-worker.ts under tsx/vitest, .js or .cjs in dist.
function startWorker(context: RowContext, csv: WorkerCsvOptions): Worker {
  const here = moduleUrl()
  // A worker holds at most two pieces of ~64 KiB and writes each row out as it is made, so little survives a
  // scavenge; the young generation still decides the collector's CPU time. Measured on the 1,000,000-row file with
  // two workers: 4 MiB cost ~5 µs a row in V8's collector threads and ~4 µs more in the workers than 32 MiB, which
  // peaked at 235–244 MiB RSS (64 MiB: 351 MiB, no faster).
  const options = {
    workerData: { contactkitImport: true, context, csv },
    resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 64 },
  }
  let worker: Worker
  if (here.endsWith('.ts')) {
    const url = new URL('../normalize-worker.ts', here).href
    const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url)}) })`
    worker = new Worker(code, { ...options, eval: true })
  } else {
    worker = new Worker(
      new URL(here.endsWith('.cjs') ? './normalize-worker.cjs' : './normalize-worker.js', here),
      options,
    )
  }
  live++
  worker.once('exit', () => {
    live--
  })
  return worker
}

/**
 * A fixed set of worker threads that parse and normalise jobs; each job goes to the worker with the fewest
 * jobs outstanding, and its answer is a batch of rows written by that worker's {@link ValueWriter}, with the
 * reader that knows the worker's object shapes.
 *
 * @internal
 */
export class RowWorkerPool {
  private readonly workers: Worker[]
  private readonly readers: ValueReader[]
  private readonly outstanding: number[]
  // A worker gets jobs once it has answered its warm-up job: starting one (loading and compiling the normaliser)
  // takes a good part of a second, and a job waiting for that would hold up every row behind it.
  private readonly ready: boolean[]
  private readonly waiting = new Map<
    number,
    { worker: number; resolve: (answer: JobAnswer) => void; reject: (error: unknown) => void }
  >()
  private nextId = 0
  private failure: unknown

  constructor(size: number, context: RowContext, csv: WorkerCsvOptions, warmUp: CsvRecord[] = []) {
    this.outstanding = new Array(size).fill(0)
    this.ready = new Array(size).fill(false)
    this.readers = Array.from({ length: size }, () => new ValueReader())
    this.workers = Array.from({ length: size }, (_, index) => {
      const worker = startWorker(context, csv)
      const reader = this.readers[index] as ValueReader
      worker.on('message', (answer: WorkerAnswer) => {
        // Shapes are registered as the batches arrive, which is the order the worker wrote them in.
        if (answer.error === undefined) reader.addShapes(answer.batch)
        const pending = this.waiting.get(answer.id)
        if (!pending) return
        this.waiting.delete(answer.id)
        this.outstanding[pending.worker] = (this.outstanding[pending.worker] as number) - 1
        if (answer.error === undefined) {
          jobsAnswered++
          pending.resolve({ batch: answer.batch, reader })
        } else if (answer.code !== undefined)
          pending.reject(
            new ImportError(answer.code as ImportErrorCode, answer.error, {
              ...(answer.details ? { details: answer.details } : {}),
            }),
          )
        else
          pending.reject(
            new ImportError('IMPORT_MALFORMED', `A normalisation worker failed: ${answer.error}`),
          )
      })
      worker.on('error', (error) => this.fail(error))
      worker.on('exit', (code) => {
        if (this.waiting.size > 0) this.fail(new Error(`A worker thread exited with code ${code}`))
      })
      return worker
    })
    this.workers.forEach((worker, index) => {
      const id = this.nextId++
      this.waiting.set(id, {
        worker: index,
        resolve: () => {
          this.ready[index] = true
          warmedUp++
          worker.once('exit', () => {
            warmedUp--
          })
        },
        reject: noop,
      })
      this.outstanding[index] = 1
      worker.postMessage({ id, records: warmUp })
    })
  }

  private fail(error: unknown): void {
    this.failure ??= error
    for (const pending of this.waiting.values()) {
      pending.reject(new ImportError('IMPORT_MALFORMED', 'A normalisation worker stopped', { cause: error }))
    }
    this.waiting.clear()
  }

  /** Whether some worker that is ready has fewer than `perWorker` jobs outstanding. */
  hasRoom(perWorker: number): boolean {
    for (let i = 0; i < this.workers.length; i++) {
      if (this.ready[i] && (this.outstanding[i] as number) < perWorker) return true
    }
    return false
  }

  /** Queues a job on the least busy worker; resolves to its rows. A byte piece's buffer is transferred. */
  run(input: PoolInput): Promise<JobAnswer> {
    if (this.failure !== undefined) {
      return Promise.reject(
        new ImportError('IMPORT_MALFORMED', 'A normalisation worker stopped', { cause: this.failure }),
      )
    }
    let chosen = -1
    for (let i = 0; i < this.workers.length; i++) {
      if (
        this.ready[i] &&
        (chosen === -1 || (this.outstanding[i] as number) < (this.outstanding[chosen] as number))
      )
        chosen = i
    }
    // Only asked for when hasRoom said yes; a pool none of whose workers is ready yet takes the first.
    if (chosen === -1) chosen = 0
    const id = this.nextId++
    this.outstanding[chosen] = (this.outstanding[chosen] as number) + 1
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker: chosen, resolve, reject })
      const worker = this.workers[chosen] as Worker
      if ('bytes' in input) worker.postMessage({ id, ...input }, [input.bytes])
      else worker.postMessage({ id, ...input })
    })
  }

  /** Stops every worker; pending jobs are dropped. */
  async close(): Promise<void> {
    this.waiting.clear()
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }
}

// Worker-thread entry of findDuplicates: rebuilds the model from its plain config and scores a share of the
// candidate pairs over the run's feature table. Not part of the public API.
import { parentPort, workerData } from 'node:worker_threads'
import { packedLoader, planOf, tableScorer } from './feature-table.js'
import { compileModel } from './model.js'
import { type ScoreJob, scoreCodes, type WorkerJob } from './score-pairs.js'

function handle(job: WorkerJob): unknown {
  const scoring = job as ScoreJob
  const model = compileModel(scoring.config)
  const load = packedLoader(scoring.packed)
  // No value is held in `values`: every read goes through `load`.
  const values: unknown[][] = scoring.packed.map(() => [])
  const scorer = tableScorer(planOf(model), scoring.rows, values, scoring, load)
  return scoreCodes(scorer, scoring.n, scoring.codes, scoring.minWeight)
}

// Only answer when started by findDuplicates, never when bundled into someone else's worker.
const port = parentPort
if (port && (workerData as { contactkitMatch?: boolean } | undefined)?.contactkitMatch === true) {
  port.on('message', (job: WorkerJob) => {
    try {
      const result = handle(job) as { codes?: Float64Array; weights?: Float64Array }
      const transfer =
        result.codes && result.weights
          ? [result.codes.buffer as ArrayBuffer, result.weights.buffer as ArrayBuffer]
          : []
      port.postMessage({ ok: true, result }, transfer)
    } catch (error) {
      port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) })
    }
  })
}

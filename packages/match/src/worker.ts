// Worker-thread entry of findDuplicates: rebuilds the model from its plain config and scores a share of the
// candidate pairs. Not part of the public API.
import { parentPort, workerData } from 'node:worker_threads'
import { compileModel, type Features, type Model } from './model.js'
import { type ScoreJob, scoreCodes, type WorkerJob } from './score-pairs.js'

let model: Model | undefined

function handle(job: WorkerJob): unknown {
  model ??= compileModel(job.config)
  const scoring = job as ScoreJob
  const table: Features[] = new Array(scoring.n)
  for (let k = 0; k < scoring.indices.length; k++) {
    table[scoring.indices[k] as number] = scoring.features[k] as Features
  }
  return scoreCodes(scoring, model, (index) => table[index] as Features, scoring.frequencies)
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

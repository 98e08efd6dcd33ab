// Worker-thread entry of findDuplicates: rebuilds the model from its plain config and scores a share of the
// candidate pairs. Not part of the public API.
import { parentPort, workerData } from 'node:worker_threads'
import { compileModel, type Features } from './model.js'
import { type ScoreJob, scoreCodes } from './score-pairs.js'

// Only answer when started by findDuplicates, never when bundled into someone else's worker.
if (parentPort && (workerData as { contactkitMatch?: boolean } | undefined)?.contactkitMatch === true)
  parentPort.on('message', (job: ScoreJob) => {
    try {
      const model = compileModel(job.config)
      const table: Features[] = new Array(job.n)
      for (let k = 0; k < job.indices.length; k++)
        table[job.indices[k] as number] = job.features[k] as Features
      const result = scoreCodes(job, model, (index) => table[index] as Features, job.frequencies)
      parentPort!.postMessage({ ok: true, result }, [
        result.codes.buffer as ArrayBuffer,
        result.weights.buffer as ArrayBuffer,
      ])
    } catch (error) {
      parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) })
    }
  })

import type { MatcherConfig } from './config.js'
import type { compileModel, Features, TermFrequencies } from './model.js'
import { scoreWeight } from './model.js'

/** @internal A job for a worker thread. */
export type WorkerJob = ScoreJob

/** @internal A scoring job. */
export interface ScoreJob {
  type: 'score'
  config: MatcherConfig
  frequencies: TermFrequencies | undefined
  n: number
  indices: Int32Array
  features: Features[]
  codes: Float64Array
  minWeight: number
}

/** @internal The pairs of a job that reached `minWeight`. */
export interface ScoreResult {
  codes: Float64Array
  weights: Float64Array
}

/** @internal Scores the pairs of a job; shared by the worker and the in-thread path. */
export function scoreCodes(
  job: { n: number; codes: Float64Array; minWeight: number },
  model: ReturnType<typeof compileModel>,
  featuresOf: (index: number) => Features,
  frequencies: TermFrequencies | undefined,
): ScoreResult {
  const keptCodes: number[] = []
  const keptWeights: number[] = []
  const { n, codes, minWeight } = job
  for (let k = 0; k < codes.length; k++) {
    const code = codes[k] as number
    const i = Math.floor(code / n)
    const j = code - i * n
    const weight = scoreWeight(model, featuresOf(i), featuresOf(j), frequencies)
    if (weight >= minWeight) {
      keptCodes.push(code)
      keptWeights.push(weight)
    }
  }
  return { codes: Float64Array.from(keptCodes), weights: Float64Array.from(keptWeights) }
}

import type { MatcherConfig } from './config.js'
import { type PackedValues, pairWeight, type TableScorer } from './feature-table.js'

/** @internal A job for a worker thread. */
export type WorkerJob = ScoreJob

/**
 * @internal A scoring job: the feature table (rows and packed values in shared memory),
 * the weights of each value, and the pair codes to score.
 */
export interface ScoreJob {
  type: 'score'
  config: MatcherConfig
  n: number
  rows: Int32Array
  packed: PackedValues[]
  exact: Float64Array[]
  self: Float64Array[]
  codes: Float64Array
  minWeight: number
}

/** @internal The pairs of a job that reached `minWeight`. */
export interface ScoreResult {
  codes: Float64Array
  weights: Float64Array
}

/** @internal Scores pair codes `i * n + j`; shared by the worker and the in-thread path. */
export function scoreCodes(
  scorer: TableScorer,
  n: number,
  codes: Float64Array,
  minWeight: number,
): ScoreResult {
  let keptCodes = new Float64Array(1024)
  let keptWeights = new Float64Array(1024)
  let kept = 0
  for (let k = 0; k < codes.length; k++) {
    const code = codes[k] as number
    const i = Math.floor(code / n)
    const weight = pairWeight(scorer, i, code - i * n, minWeight)
    if (weight >= minWeight) {
      if (kept === keptCodes.length) {
        const codesGrown = new Float64Array(kept * 2)
        codesGrown.set(keptCodes)
        keptCodes = codesGrown
        const weightsGrown = new Float64Array(kept * 2)
        weightsGrown.set(keptWeights)
        keptWeights = weightsGrown
      }
      keptCodes[kept] = code
      keptWeights[kept] = weight
      kept++
    }
  }
  return { codes: keptCodes.slice(0, kept), weights: keptWeights.slice(0, kept) }
}

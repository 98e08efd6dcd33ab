import { candidatePairs } from './candidate-pairs.js'
import type { ComparisonLevel } from './comparator.js'
import { MatchError } from './error.js'
import { toRecord } from './internal/records.js'
import { type Features, levelsOf, log2Ratio, type Model, prepareFeatures } from './model.js'

/**
 * Options of {@link Matcher.train}.
 *
 * @example
 * ```ts
 * const options: TrainOptions = { randomPairs: 200_000, iterations: 20, seed: 7 }
 * ```
 */
export interface TrainOptions {
  /** Random record pairs sampled to estimate u. Default 100,000. */
  randomPairs?: number
  /** Most blocked pairs used by EM (sampled when there are more). Default 1,000,000. */
  maxPairs?: number
  /** EM iterations (stops earlier when m settles). Default 25. */
  iterations?: number
  /** Seed of the pair sampling, for reproducible training. Default 1. */
  seed?: number
}

/**
 * What {@link Matcher.train} estimated.
 *
 * @example
 * ```ts
 * const report: TrainingReport = matcher.train(contacts)
 * report.fields.find((f) => f.field === 'lastName')?.m
 * ```
 */
export interface TrainingReport {
  /** Records trained on. */
  records: number
  /** Random pairs sampled for u. */
  randomPairs: number
  /** Blocked candidate pairs used by EM. */
  candidatePairs: number
  /** EM iterations run. */
  iterations: number
  /** Estimated prior: the share of all record pairs that are duplicates. */
  prior: number
  /** Estimated m and u per field and level (levels marked `fixed` keep their given values). */
  fields: { field: string; levels: string[]; m: number[]; u: number[] }[]
}

/** @internal Mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Probabilities never reach 0 or 1, so no level gets an infinite weight.
function smooth(counts: number[], total: number): number[] {
  const pseudo = 0.5
  return counts.map((count) =>
    Math.min(0.999999, Math.max(1e-7, (count + pseudo / counts.length) / (total + pseudo))),
  )
}

// Levels marked `fixed` keep the model's probability; the field's other levels share the rest in the proportions
// the data gave them.
function keepFixed(
  estimated: number[],
  given: readonly number[],
  levels: readonly ComparisonLevel[],
): number[] {
  let fixedSum = 0
  let restSum = 0
  let any = false
  for (let level = 0; level < estimated.length; level++) {
    if (levels[level]?.fixed === true) {
      fixedSum += given[level] as number
      any = true
    } else restSum += estimated[level] as number
  }
  if (!any) return estimated
  const scale = restSum > 0 ? (1 - fixedSum) / restSum : 0
  return estimated.map((p, level) => (levels[level]?.fixed === true ? (given[level] as number) : p * scale))
}

/** @internal Estimates u from random pairs and m (and the prior) by expectation-maximisation, as Splink does. */
export function trainModel(
  model: Model,
  records: readonly unknown[],
  options: TrainOptions = {},
): { m: number[][]; u: number[][]; prior: number; report: TrainingReport; features: Features[] } {
  if (!Array.isArray(records) || records.length < 2) {
    throw new MatchError('MATCH_INVALID_CONTACT', 'train needs an array of at least two contacts.')
  }
  const n = records.length
  const features = records.map((record, i) => prepareFeatures(model, toRecord(record, i)))
  const random = seededRandom(options.seed ?? 1)
  const fieldCount = model.fields.length
  const levelCounts = model.fields.map((field) => field.comparator.levels.length)

  const randomPairs = Math.min(options.randomPairs ?? 100_000, (n * (n - 1)) / 2)
  const uCounts = levelCounts.map((count) => new Array<number>(count).fill(0))
  const uTotals = new Array<number>(fieldCount).fill(0)
  for (let k = 0; k < randomPairs; k++) {
    const i = Math.floor(random() * n)
    let j = Math.floor(random() * (n - 1))
    if (j >= i) j++
    const levels = levelsOf(model, features[i] as Features, features[j] as Features)
    for (let f = 0; f < fieldCount; f++) {
      const level = levels[f] as number
      if (level < 0) continue
      ;(uCounts[f] as number[])[level]! += 1
      uTotals[f]! += 1
    }
  }
  const u = uCounts.map((counts, f) => {
    const field = model.fields[f] as Model['fields'][number]
    return keepFixed(smooth(counts, uTotals[f] as number), field.u, field.comparator.levels)
  })

  const { codes } = candidatePairs(model, features)
  const maxPairs = options.maxPairs ?? 1_000_000
  const step = codes.length > maxPairs ? codes.length / maxPairs : 1
  const pairLevels: Int8Array[] = []
  for (let k = 0; k < codes.length; k += step) {
    const code = codes[Math.floor(k)] as number
    const i = Math.floor(code / n)
    pairLevels.push(levelsOf(model, features[i] as Features, features[code - i * n] as Features))
  }
  let m = model.fields.map((field) => [...field.m])
  let share = 0.1
  const maxIterations = options.iterations ?? 25
  let iterations = 0
  for (; iterations < maxIterations && pairLevels.length > 0; iterations++) {
    const weights = m.map((mf, f) => mf.map((mi, l) => log2Ratio(mi, (u[f] as number[])[l] as number)))
    const mCounts = levelCounts.map((count) => new Array<number>(count).fill(0))
    const mTotals = new Array<number>(fieldCount).fill(0)
    let matches = 0
    const priorWeight = log2Ratio(share, 1 - share)
    for (const levels of pairLevels) {
      let weight = priorWeight
      for (let f = 0; f < fieldCount; f++) {
        const level = levels[f] as number
        if (level >= 0) weight += (weights[f] as number[])[level] as number
      }
      const p = 1 / (1 + 2 ** -weight)
      matches += p
      for (let f = 0; f < fieldCount; f++) {
        const level = levels[f] as number
        if (level < 0) continue
        ;(mCounts[f] as number[])[level]! += p
        mTotals[f]! += p
      }
    }
    const next = mCounts.map((counts, f) => {
      const field = model.fields[f] as Model['fields'][number]
      return keepFixed(smooth(counts, mTotals[f] as number), field.m, field.comparator.levels)
    })
    const change = Math.max(
      ...next.flatMap((mf, f) => mf.map((mi, l) => Math.abs(mi - ((m[f] as number[])[l] as number)))),
    )
    m = next
    share = Math.min(0.999, Math.max(1e-6, matches / pairLevels.length))
    if (change < 1e-4) {
      iterations++
      break
    }
  }
  const allPairs = (n * (n - 1)) / 2
  const prior = Math.min(0.5, Math.max(1e-9, (share * codes.length) / allPairs))
  return {
    m,
    u,
    prior,
    features,
    report: {
      records: n,
      randomPairs,
      candidatePairs: pairLevels.length,
      iterations,
      prior,
      fields: model.fields.map((field, f) => ({
        field: field.name,
        levels: field.comparator.levels.map((level) => level.name),
        m: m[f] as number[],
        u: u[f] as number[],
      })),
    },
  }
}

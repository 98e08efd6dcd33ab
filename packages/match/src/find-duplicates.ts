import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Contact } from '@contactkit/core'
import { candidatePairsOf } from './candidate-pairs.js'
import { type ClusterConflict, clusterEdges, type DuplicateCluster, type Edge, withIds } from './cluster.js'
import type { ComparatorName, MatcherConfig } from './config.js'
import { MatchError } from './error.js'
import {
  type FeatureTable,
  featuresAt,
  packValues,
  pairWeight,
  planOf,
  type TableScorer,
  tableBuilder,
  tableFrequencies,
  tableRows,
  tableScorer,
  type ValueWeights,
  valueWeights,
} from './feature-table.js'
import { toRecord } from './internal/records.js'
import { type Features, log2Ratio, type Model, probabilityOf, type Verdict, verdictOf } from './model.js'
import { type ScoreJob, type ScoreResult, scoreCodes, type WorkerJob } from './score-pairs.js'

/**
 * Progress of {@link Matcher.findDuplicates}, reported per phase.
 *
 * @example
 * ```ts
 * const progress: FindDuplicatesProgress = { phase: 'scoring', done: 120000, total: 480000 }
 * ```
 */
export interface FindDuplicatesProgress {
  /** `features` (preparing records), `blocking`, `scoring` or `clustering`. */
  phase: 'features' | 'blocking' | 'scoring' | 'clustering'
  /** Units done in this phase (records or pairs). */
  done: number
  /**
   * Units in this phase. While the features of a source that is not an array are prepared, its size is unknown:
   * `total` is 0 until the phase's last report, which gives the number of records read.
   */
  total: number
}

/**
 * Options of {@link Matcher.findDuplicates}.
 *
 * @example
 * ```ts
 * const options: FindDuplicatesOptions = { onProgress: (p) => console.log(p.phase, p.done, p.total) }
 * ```
 */
export interface FindDuplicatesOptions {
  /** Called as the run advances. */
  onProgress?: (progress: FindDuplicatesProgress) => void
  /**
   * Refuse inputs with more records than this. Default 5,000,000. An array is refused before any work; a stream
   * when its record past the limit arrives.
   */
  maxRecords?: number
  /** Largest cluster built; bigger groups stay split and show up as conflicts. Default 50. */
  maxClusterSize?: number
}

/**
 * A scored pair at or above the `possible` threshold.
 *
 * @example
 * ```ts
 * const pair: DuplicatePair = { a: 'crm-1', b: 'card-9', probability: 0.999, weight: 10.2, verdict: 'duplicate' }
 * ```
 */
export interface DuplicatePair {
  /** Id of the first record. */
  a: string
  /** Id of the second record. */
  b: string
  /** Match probability. */
  probability: number
  /** Match weight in bits. */
  weight: number
  /** The verdict by the thresholds. */
  verdict: Verdict
}

/**
 * Result of {@link Matcher.findDuplicates}.
 *
 * @example
 * ```ts
 * const { clusters, pairs, conflicts, stats } = await matcher.findDuplicates(contacts)
 * ```
 */
export interface FindDuplicatesResult {
  /** Groups of two or more records held to be one entity, each with its lowest pairwise probability. */
  clusters: DuplicateCluster[]
  /** Every pair at or above the `possible` threshold, best first. */
  pairs: DuplicatePair[]
  /** Duplicate pairs kept apart because merging them would chain records that do not match. */
  conflicts: ClusterConflict[]
  /** How much work was done. */
  stats: {
    records: number
    blocks: number
    skippedBlocks: number
    candidatePairs: number
    workers: number
  }
}

/** @internal The plain-data config a worker rebuilds the model from. */
export function portableConfig(model: Model): MatcherConfig {
  return {
    fields: model.fields.map((field) => ({
      field: field.name,
      comparator: field.comparator.kind as ComparatorName,
      m: field.m,
      u: field.u,
      termFrequency: field.termFrequency,
      blocking: field.blocking,
    })),
    prior: model.prior,
    thresholds: { duplicate: model.duplicate, possible: model.possible },
    maxBlockSize: model.maxBlockSize,
  }
}

// Features and scoring allocate many short-lived objects; a larger young generation cuts scavenge time.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 64 }

// The worker file sits beside this module: worker.ts under tsx/vitest, worker.js (ESM) or worker.cjs in dist.
function startWorker(): Worker {
  const here = import.meta.url
  const workerData = { contactkitMatch: true }
  if (here.endsWith('.ts')) {
    const url = new URL('./worker.ts', here).href
    const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url)}) })`
    return new Worker(code, { eval: true, workerData, resourceLimits: WORKER_LIMITS })
  }
  const file = new URL(here.endsWith('.cjs') ? './worker.cjs' : './worker.js', here)
  return new Worker(file, { workerData, resourceLimits: WORKER_LIMITS })
}

/** @internal Worker threads kept for one run: features first, then scoring. */
interface Pool {
  run<T>(worker: number, job: WorkerJob, transfer?: ArrayBuffer[]): Promise<T>
  close(): void
  size: number
}

function startPool(size: number): Pool {
  const workers: Worker[] = []
  try {
    for (let i = 0; i < size; i++) workers.push(startWorker())
  } catch (error) {
    for (const worker of workers) void worker.terminate()
    throw new MatchError('MATCH_WORKER_FAILED', 'Could not start a worker thread.', { cause: error })
  }
  return {
    size,
    run<T>(index: number, job: WorkerJob, transfer: ArrayBuffer[] = []): Promise<T> {
      const worker = workers[index] as Worker
      return new Promise<T>((resolve, reject) => {
        const onError = (error: unknown) => {
          worker.off('message', onMessage)
          reject(new MatchError('MATCH_WORKER_FAILED', 'A worker thread failed.', { cause: error }))
        }
        const onMessage = (message: { ok: boolean; result?: T; message?: string }) => {
          worker.off('error', onError)
          if (message.ok) resolve(message.result as T)
          else reject(new MatchError('MATCH_WORKER_FAILED', `A worker thread failed: ${message.message}`))
        }
        worker.once('error', onError)
        worker.once('message', onMessage)
        worker.postMessage(job, transfer)
      })
    },
    close() {
      for (const worker of workers) void worker.terminate()
    },
  }
}

function defaultWorkers(): number {
  return Math.min(3, Math.max(0, availableParallelism() - 1))
}

// Below this many records, starting a worker costs more than it saves.
const WORKER_MIN_RECORDS = 20_000

// Starts the workers' shares and scores the calling thread's share; the caller awaits the workers.
function startScoring(
  model: Model,
  pool: Pool | undefined,
  table: FeatureTable,
  weights: ValueWeights,
  codes: Float64Array,
  minWeight: number,
): { own: ScoreResult; jobs: Promise<ScoreResult>[]; scorer: TableScorer } {
  const n = table.n
  const rows = tableRows(table, weights)
  weights.codes.length = 0
  if (!pool || codes.length < 2) {
    table.ids.length = 0
    const scorer = tableScorer(planOf(model), rows, table.values, weights)
    return { own: scoreCodes(scorer, n, codes, minWeight), jobs: [], scorer }
  }
  const scorer = tableScorer(planOf(model), rows, table.values, weights)
  // The calling thread scores the first share itself, so 1 worker + caller keep 2 cores busy. Rows and pair codes
  // live in shared memory; the workers read the values of the records of their shares as JSON from one shared
  // buffer (parsing the few a comparison needs); the value weights are cloned once per worker.
  const shares = pool.size + 1
  const size = Math.ceil(codes.length / shares)
  const packed = packValues(table, size < codes.length ? Math.floor((codes[size] as number) / n) : n)
  // The rows hold the value ids now; the columns were only needed to pack the workers' values.
  table.ids.length = 0
  const config = portableConfig(model)
  const jobs: Promise<ScoreResult>[] = []
  for (let s = 1; s < shares; s++) {
    const job: ScoreJob = {
      type: 'score',
      config,
      n,
      rows,
      packed,
      exact: weights.exact,
      self: weights.self,
      // A view: the pair codes are in shared memory (see candidatePairsOf), so the worker reads them in place.
      codes: codes.subarray(s * size, Math.min(codes.length, (s + 1) * size)),
      minWeight,
    }
    jobs.push(pool.run<ScoreResult>(s - 1, job))
  }
  const own = scoreCodes(scorer, n, codes.subarray(0, size), minWeight)
  return { own, jobs, scorer }
}

/**
 * What {@link Matcher.findDuplicates} reads: an array of contacts, or any iterable or async iterable of them (a
 * generator, a database cursor, a stream of parsed rows). Records are read once, in order, and not kept.
 *
 * @example
 * ```ts
 * async function* fromDatabase(): AsyncGenerator<Contact> {
 *   for await (const row of db.query('SELECT * FROM contacts')) yield toContact(row)
 * }
 * const source: ContactSource = fromDatabase()
 * ```
 */
export type ContactSource = readonly Contact[] | Iterable<Contact> | AsyncIterable<Contact>

// Features are reported every this many records.
const PROGRESS_EVERY = 100_000

/** @internal Bulk dedupe: features once per record, blocking, scoring over threads, non-chaining clustering. */
export async function findDuplicatesWith(
  model: Model,
  contacts: ContactSource,
  options: FindDuplicatesOptions = {},
): Promise<FindDuplicatesResult> {
  const isArray = Array.isArray(contacts)
  const source = contacts as unknown as Partial<Iterable<unknown> & AsyncIterable<unknown>> | null
  const isIterable =
    isArray ||
    (source !== null &&
      typeof source === 'object' &&
      (typeof source[Symbol.iterator] === 'function' || typeof source[Symbol.asyncIterator] === 'function'))
  if (!isIterable) {
    throw new MatchError(
      'MATCH_INVALID_CONTACT',
      'findDuplicates expects an array, an iterable or an async iterable of contacts.',
    )
  }
  const maxRecords = options.maxRecords ?? 5_000_000
  // An array's size is known: refuse it before any work. Other sources are counted as they arrive.
  const known = isArray ? (contacts as readonly unknown[]).length : undefined
  const overLimit = (records: number) =>
    new MatchError('MATCH_LIMIT_EXCEEDED', `${records} records exceed maxRecords (${maxRecords}).`, {
      details: { records, maxRecords },
    })
  if (known !== undefined && known > maxRecords) throw overLimit(known)
  const report = options.onProgress ?? (() => {})
  // Explicit `workers` is obeyed; the automatic choice skips threads for small runs (for a source of unknown
  // size, once it has delivered that many records).
  const workerCount = model.portable ? (model.workers ?? defaultWorkers()) : 0
  const automatic = model.workers === undefined
  let pool: Pool | undefined
  // Workers start as early as possible, so their start-up overlaps with preparing features here.
  const startIfDue = (records: number) => {
    if (pool === undefined && workerCount > 0 && (!automatic || records >= WORKER_MIN_RECORDS)) {
      pool = startPool(workerCount)
    }
  }
  try {
    startIfDue(known ?? 0)
    // Only the ids and the compact feature table are kept; each contact can be collected once it is prepared.
    const ids: string[] = known === undefined ? [] : new Array(known)
    const seen = new Set<string>()
    const builder = tableBuilder(model, known ?? 1024)
    const total = known ?? 0
    report({ phase: 'features', done: 0, total })
    const accept = (contact: unknown) => {
      const i = builder.size
      if (i >= maxRecords) throw overLimit(i + 1)
      const record = toRecord(contact, i)
      const id = typeof record.id === 'string' && record.id !== '' ? record.id : String(i)
      if (seen.has(id)) {
        throw new MatchError('MATCH_DUPLICATE_ID', `Two records share the id "${id}".`, {
          details: { id, index: i },
        })
      }
      seen.add(id)
      ids[i] = id
      builder.add(record)
      if (i + 1 === WORKER_MIN_RECORDS) startIfDue(i + 1)
      if (i % PROGRESS_EVERY === PROGRESS_EVERY - 1 && i + 1 !== known) {
        report({ phase: 'features', done: i + 1, total })
      }
    }
    if (isArray) {
      const list = contacts as readonly unknown[]
      for (let i = 0; i < list.length; i++) accept(list[i])
    } else if (typeof source?.[Symbol.iterator] === 'function') {
      for (const contact of source as Iterable<unknown>) accept(contact)
    } else {
      for await (const contact of source as AsyncIterable<unknown>) accept(contact)
    }
    seen.clear()
    const table = builder.finish()
    startIfDue(table.n)
    report({ phase: 'features', done: table.n, total: table.n })
    return await dedupe(model, pool, table, ids, report, options)
  } finally {
    pool?.close()
  }
}

async function dedupe(
  model: Model,
  pool: Pool | undefined,
  table: FeatureTable,
  ids: string[],
  report: (progress: FindDuplicatesProgress) => void,
  options: FindDuplicatesOptions,
): Promise<FindDuplicatesResult> {
  const n = table.n
  // Each phase's scratch (term-frequency maps, key codes, value ids, candidate pairs) is let go as soon as the
  // next phase has what it needs, so the peak is not the sum of all phases.
  const weights = valueWeights(
    model,
    table,
    model.fields.some((field) => field.termFrequency) ? tableFrequencies(model, table) : undefined,
  )
  report({ phase: 'blocking', done: 0, total: n })
  const scratch: Features = new Array(model.fields.length)
  const candidates = candidatePairsOf(model, n, (i) => featuresAt(table, i, scratch))
  const { blocks, skippedBlocks } = candidates
  report({ phase: 'blocking', done: n, total: n })
  report({ phase: 'scoring', done: 0, total: candidates.codes.length })
  const minWeight = log2Ratio(model.possible, 1 - model.possible)
  const total = candidates.codes.length
  const { own, jobs, scorer } = startScoring(model, pool, table, weights, candidates.codes, minWeight)
  candidates.codes = new Float64Array(0)
  const results = [own, ...(await Promise.all(jobs))]
  report({ phase: 'scoring', done: total, total })

  const edges: Edge[] = []
  const byCode = new Map<number, number>()
  for (const result of results) {
    for (let k = 0; k < result.codes.length; k++) {
      const code = result.codes[k] as number
      const i = Math.floor(code / n)
      const probability = probabilityOf(result.weights[k] as number)
      edges.push({ i, j: code - i * n, probability })
      byCode.set(code, result.weights[k] as number)
    }
  }
  report({ phase: 'clustering', done: 0, total: edges.length })
  const probabilityBetween = (x: number, y: number): number => {
    const code = x < y ? x * n + y : y * n + x
    const known = byCode.get(code)
    if (known !== undefined) return probabilityOf(known)
    // Not a candidate pair: score it now, so a bridge record cannot chain two unrelated records.
    return probabilityOf(pairWeight(scorer, x, y, Number.NEGATIVE_INFINITY))
  }
  const { clusters, conflicts } = withIds(
    clusterEdges(edges, model.duplicate, model.possible, probabilityBetween, options.maxClusterSize ?? 50),
    ids,
  )
  report({ phase: 'clustering', done: edges.length, total: edges.length })
  edges.sort((a, b) => b.probability - a.probability)
  return {
    clusters,
    pairs: edges.map((edge) => {
      const weight = byCode.get(edge.i * n + edge.j) as number
      return {
        a: ids[edge.i] as string,
        b: ids[edge.j] as string,
        probability: edge.probability,
        weight,
        verdict: verdictOf(model, edge.probability),
      }
    }),
    conflicts,
    stats: {
      records: n,
      blocks,
      skippedBlocks,
      candidatePairs: total,
      workers: pool?.size ?? 0,
    },
  }
}

import type { Contact } from '@contactkit/core'
import { keysOf } from './blocking.js'
import {
  type ClusteredPairs,
  type ClusterPairsOptions,
  clusterScoredPairs,
  type ScoredPair,
} from './cluster-pairs.js'
import type { MatcherConfig } from './config.js'
import { MatchError } from './error.js'
import {
  type ContactSource,
  type FindDuplicatesOptions,
  type FindDuplicatesResult,
  findDuplicatesWith,
} from './find-duplicates.js'
import { createLiveIndex, type MatchIndex } from './live-index.js'
import {
  type Comparison,
  compileModel,
  countFrequencies,
  emptyFrequencies,
  explain,
  log2Ratio,
  type Model,
  probabilityOf,
  scoreWeight,
  type TermFrequencies,
  type Verdict,
  verdictOf,
} from './model.js'
import { type PreparedContact, prepareContact, readyContact } from './prepared.js'
import { type TrainingReport, type TrainOptions, trainModel } from './train.js'

/**
 * The parameters of one field as the matcher uses them: per level m, u and the resulting weight in bits.
 *
 * @example
 * ```ts
 * const lastName: FieldParameters | undefined = matcher.parameters().find((p) => p.field === 'lastName')
 * ```
 */
export interface FieldParameters {
  /** The field name. */
  field: string
  /** The comparator kind. */
  comparator: string
  /** Per level: name, m, u and weight = log2(m / u). */
  levels: { name: string; m: number; u: number; weight: number }[]
}

/**
 * Options of {@link Matcher.compareMany}.
 *
 * @example
 * ```ts
 * const options: CompareManyOptions = { minVerdict: 'possible' }
 * ```
 */
export interface CompareManyOptions {
  /** Leave out (as `undefined`) pairs whose verdict is below this one. Default `'distinct'`: explain every pair. */
  minVerdict?: Verdict | undefined
}

const VERDICT_RANK: Record<Verdict, number> = { distinct: 0, possible: 1, duplicate: 2 }

/**
 * A configured duplicate matcher: compare two contacts with an explanation, check one contact against an
 * index, or find all duplicates in a list.
 *
 * @example
 * ```ts
 * const matcher = createMatcher()
 * const result = matcher.compare(a, b)
 * console.log(result.verdict, result.probability)
 * ```
 */
export interface Matcher {
  /**
   * Compares two contacts and explains the result field by field.
   *
   * @throws {MatchError} MATCH_INVALID_CONTACT when either argument is not a contact object.
   */
  compare(a: Contact | PreparedContact, b: Contact | PreparedContact): Comparison
  /**
   * Compares one contact with several candidates, preparing `a` once: what a duplicate check does with the
   * candidates a CRM search found. Entry `i` is `compare(a, candidates[i])`, or `undefined` when that pair's verdict
   * is below `options.minVerdict` (such pairs are only scored, never explained, which is most of the saving).
   *
   * @throws {MatchError} MATCH_INVALID_CONTACT when an argument is not a contact object.
   *
   * @example
   * ```ts
   * const results = matcher.compareMany(card, crmCandidates, { minVerdict: 'possible' })
   * const found = results.flatMap((result, i) => (result ? [{ record: crmCandidates[i], result }] : []))
   * ```
   */
  compareMany(
    a: Contact | PreparedContact,
    candidates: readonly (Contact | PreparedContact)[],
    options?: CompareManyOptions,
  ): (Comparison | undefined)[]
  /**
   * Works out a contact's comparison features once, for comparing it with many others: `compare` and `compareMany`
   * take the result wherever they take a contact, with the same results and without preparing it again for every
   * pair. A snapshot: prepare the contact again after changing it.
   *
   * @throws {MatchError} MATCH_INVALID_CONTACT when `contact` is not a contact object.
   *
   * @example
   * ```ts
   * // Scoring a block of records that share a stored blocking key: each record prepared once.
   * const block = records.map((record) => matcher.prepare(record))
   * const pairs = block.flatMap((a, i) =>
   *   matcher.compareMany(a, block.slice(i + 1), { minVerdict: 'possible' }).flatMap((result, k) =>
   *     result ? [{ a: a.contact.id, b: block[i + 1 + k]?.contact.id, probability: result.probability }] : [],
   *   ),
   * )
   * ```
   */
  prepare(contact: Contact): PreparedContact
  /**
   * Groups scored pairs into clusters by complete linkage, as `findDuplicates` does: clusters merge along the pairs
   * at `duplicate` or above, strongest first, and only when every cross pair of the two clusters reaches
   * `possible`, so one bridge record never chains two unrelated records together. For callers that score pairs
   * themselves, e.g. a server walking blocking keys stored in a database. A cross pair not among `pairs` is asked of
   * `probabilityOf` (return `undefined` for "no match"); pairs of equal probability merge in id order.
   *
   * @throws {MatchError} MATCH_INVALID_CONFIG for a pair without string ids and a probability, or a `maxClusterSize`
   * below 2.
   *
   * @example
   * ```ts
   * const pairs = [
   *   { a: 'c1', b: 'c2', probability: 0.99 },
   *   { a: 'c2', b: 'c3', probability: 0.98 },
   * ]
   * const { clusters } = matcher.clusterPairs(pairs, (x, y) => matcher.compare(records[x], records[y]).probability)
   * ```
   */
  clusterPairs(
    pairs: Iterable<ScoredPair>,
    probabilityOf: (a: string, b: string) => number | undefined,
    options?: ClusterPairsOptions,
  ): ClusteredPairs
  /** A new, empty in-memory index over this matcher's blocking keys and model. */
  createIndex(): MatchIndex
  /**
   * All duplicate pairs and clusters among the contacts. `contacts` is an array or any iterable or async iterable
   * (a generator over a database cursor): each record is prepared as it arrives and then let go, so a run over a
   * database never holds all contact objects at once, only the ids and a compact feature table. Same records in
   * the same order give the same result whatever the source.
   *
   * @throws {MatchError} MATCH_INVALID_CONTACT when `contacts` is not iterable or a record is not a contact object;
   * MATCH_DUPLICATE_ID when two records share an id; MATCH_LIMIT_EXCEEDED past `options.maxRecords`;
   * MATCH_WORKER_FAILED when a worker thread fails.
   *
   * @example
   * ```ts
   * // Streamed from a database, 10,000 rows per page: only the current page is in memory.
   * async function* crmContacts(): AsyncGenerator<Contact> {
   *   for (let page = 0; ; page++) {
   *     const rows = await db.contacts.findMany({ skip: page * 10_000, take: 10_000, orderBy: { id: 'asc' } })
   *     if (rows.length === 0) return
   *     yield* rows.map(toContact)
   *   }
   * }
   * const { clusters, pairs } = await matcher.findDuplicates(crmContacts(), {
   *   onProgress: ({ phase, done, total }) => console.log(phase, done, total), // features: total 0 until the end
   * })
   * ```
   */
  findDuplicates(contacts: ContactSource, options?: FindDuplicatesOptions): Promise<FindDuplicatesResult>
  /** The blocking keys of a contact (the keys the index and bulk runs use), e.g. `email:anna@muster.de`. */
  blockingKeys(contact: Contact | PreparedContact): string[]
  /** Estimates u from random pairs, m by EM and the prior from unlabelled records, and adopts them. */
  train(records: readonly Contact[], options?: TrainOptions): TrainingReport
  /** The current per-field parameters (after any training). */
  parameters(): FieldParameters[]
}

/**
 * Creates a duplicate matcher (Fellegi-Sunter with leveled comparisons, term-frequency adjustment and
 * explanations). The defaults are tuned for business contacts: first and last name, company, email, phone,
 * street, postal code and city; `customFields` adds more (a birthday, a customer number).
 *
 * @param config - Fields, comparators, m/u, prior, thresholds and limits; see {@link MatcherConfig}.
 * @returns The matcher.
 * @throws {MatchError} MATCH_UNKNOWN_FIELD for an unknown field name; MATCH_NO_LEVELS for a comparator with fewer than
 * two levels; MATCH_THRESHOLDS_ORDER when thresholds are out of order or outside (0, 1); MATCH_INVALID_CONFIG for
 * other malformed settings.
 * @see {@link https://github.com/contactkit/contactkit/blob/main/docs/guides/how-matching-works.md | How matching works}
 *
 * @example
 * ```ts
 * const matcher = createMatcher()
 * const card = { firstName: 'Sepp', lastName: 'Huber', company: 'Huber Bau GmbH', emails: [{ value: 'j.huber@huber-bau.de' }], phones: [], addresses: [], websites: [] }
 * const crm = { firstName: 'Josef', lastName: 'Huber', company: 'Huber Bau GmbH & Co. KG', emails: [{ value: 'J.Huber@huber-bau.de' }], phones: [], addresses: [], websites: [] }
 * const result = matcher.compare(card, crm)
 * result.verdict // 'duplicate'
 * result.fields.map((f) => `${f.field}: ${f.level} ${f.weight.toFixed(1)}`)
 * ```
 */
export function createMatcher(config: MatcherConfig = {}): Matcher {
  let model: Model = compileModel(config)
  let frequencies: TermFrequencies | undefined

  return {
    compare(a, b) {
      const readyA = readyContact(a, model)
      const readyB = readyContact(b, model)
      return explain(model, readyA.record, readyB.record, readyA.features, readyB.features, frequencies)
    },
    compareMany(a, candidates, options = {}) {
      if (!Array.isArray(candidates)) {
        throw new MatchError('MATCH_INVALID_CONTACT', 'compareMany expects an array of candidate contacts')
      }
      const { record: recordA, features: featuresA } = readyContact(a, model)
      const min = VERDICT_RANK[options.minVerdict ?? 'distinct']
      if (min === undefined) {
        throw new MatchError('MATCH_INVALID_CONFIG', 'minVerdict must be distinct, possible or duplicate')
      }
      return candidates.map((candidate) => {
        const { record: recordB, features: featuresB } = readyContact(candidate, model)
        if (min > 0) {
          // The same sum explain() forms, without its texts: skip the explanation of pairs nobody will show.
          const verdict = verdictOf(
            model,
            probabilityOf(scoreWeight(model, featuresA, featuresB, frequencies)),
          )
          if (VERDICT_RANK[verdict] < min) return undefined
        }
        return explain(model, recordA, recordB, featuresA, featuresB, frequencies)
      })
    },
    prepare: (contact) => prepareContact(contact, model),
    clusterPairs: (pairs, probabilityOf, options) => clusterScoredPairs(pairs, probabilityOf, model, options),
    createIndex: () => createLiveIndex(model),
    findDuplicates: (contacts, options) => findDuplicatesWith(model, contacts, options),
    blockingKeys: (contact) => keysOf(model, readyContact(contact, model).features),
    train(records, options) {
      const trained = trainModel(model, records, options)
      const fields = model.fields.map((field, f) => {
        const m = trained.m[f] as number[]
        const u = trained.u[f] as number[]
        return { ...field, m, u, weights: m.map((mi, l) => log2Ratio(mi, u[l] as number)) }
      })
      model = {
        ...model,
        fields,
        prior: trained.prior,
        priorWeight: log2Ratio(trained.prior, 1 - trained.prior),
      }
      if (fields.some((field) => field.termFrequency)) {
        const counted = emptyFrequencies(model)
        for (const features of trained.features) countFrequencies(model, counted, features, 1)
        frequencies = counted
      }
      return trained.report
    },
    parameters: () =>
      model.fields.map((field) => ({
        field: field.name,
        comparator: field.comparator.kind,
        levels: field.comparator.levels.map((level, l) => ({
          name: level.name,
          m: field.m[l] as number,
          u: field.u[l] as number,
          weight: field.weights[l] as number,
        })),
      })),
  }
}

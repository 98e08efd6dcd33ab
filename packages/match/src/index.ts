export type { ClusterConflict, DuplicateCluster } from './cluster.js'
export type { ClusteredPairs, ClusterPairsOptions, ScoredPair } from './cluster-pairs.js'
export {
  type Comparator,
  type ComparisonLevel,
  dateComparator,
  exactComparator,
  jaroWinklerComparator,
  levenshteinComparator,
  tokenSetComparator,
} from './comparator.js'
export type { ComparatorName, FieldConfig, MatcherConfig } from './config.js'
export {
  type CompanyFeature,
  cityComparator,
  companyComparator,
  type EmailFeature,
  emailComparator,
  type PhoneFeature,
  phoneComparator,
  postalCodeComparator,
  type StreetFeature,
  streetComparator,
} from './contact-comparators.js'
export { isMatchError, MatchError, type MatchErrorCode } from './error.js'
export type {
  ContactSource,
  DuplicatePair,
  FindDuplicatesOptions,
  FindDuplicatesProgress,
  FindDuplicatesResult,
} from './find-duplicates.js'
export type { IndexMatch, MatchIndex, QueryOptions } from './live-index.js'
export { type CompareManyOptions, createMatcher, type FieldParameters, type Matcher } from './matcher.js'
export type { Comparison, FieldComparison, Verdict } from './model.js'
export {
  type GivenNameFeature,
  generationComparator,
  givenNameComparator,
  type SurnameFeature,
  surnameComparator,
} from './name-comparators.js'
export { areNameVariants, nameVariantGroups } from './nicknames/nicknames.js'
export { colognePhonetic } from './phonetic/cologne.js'
export { doubleMetaphone } from './phonetic/double-metaphone.js'
export { PreparedContact } from './prepared.js'
export { jaroWinkler } from './similarity/jaro-winkler.js'
export { levenshteinSimilarity, tokenSetSimilarity } from './similarity/token-set.js'
export {
  type GenerateContactsOptions,
  type GeneratedContacts,
  generateContactStream,
  generateContacts,
} from './synthetic.js'
export type { TrainingReport, TrainOptions } from './train.js'

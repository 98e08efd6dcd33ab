export type { ImportIssue, RowIssueCode } from './contact-row.js'
export { type CsvParser, type CsvParserOptions, type CsvRecord, createCsvParser } from './csv-parser.js'
export type { TextEncodingName } from './decode.js'
export { ImportError, type ImportErrorCode, isImportError } from './error.js'
export {
  type CsvDialect,
  type ExportOptions,
  exportContacts,
  exportIssues,
  neutralizeFormula,
} from './export-contacts.js'
export { type AddressPart, isMappingField, MAPPING_FIELDS, type MappingField } from './fields.js'
export {
  type ImportOptions,
  type ImportPreview,
  type ImportProgress,
  type ImportRow,
  type ImportRun,
  type ImportSummary,
  importContacts,
  previewImport,
} from './import-contacts.js'
export { DEFAULT_LIMITS, type ImportLimits } from './limits.js'
export {
  type ColumnMapping,
  type MappingInput,
  type MappingReason,
  type MappingSuggestion,
  suggestMapping,
} from './mapping.js'
export { type ImportFormat, type SniffOptions, type SniffResult, sniff } from './sniff.js'
export type { ImportSource } from './source.js'

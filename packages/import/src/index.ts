export { ImportError, type ImportErrorCode, isImportError } from './error.js'

export { isMergeError, MergeError, type MergeErrorCode } from './error.js'

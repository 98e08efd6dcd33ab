export { isNormalizeError, NormalizeError, type NormalizeErrorCode } from './error.js'

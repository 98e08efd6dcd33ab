export { isSealError, SealError, type SealErrorCode } from './error.js'

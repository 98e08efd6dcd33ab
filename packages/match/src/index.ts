export { isMatchError, MatchError, type MatchErrorCode } from './error.js'

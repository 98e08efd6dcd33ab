export { isSealError, SealError, type SealErrorCode } from './error.js'
export {
  createSealer,
  DEFAULT_ITERATIONS,
  type Sealer,
  type SealerDescription,
  type SealerOptions,
  type SealOptions,
} from './sealer.js'
export { parseTokenHeader, type TokenHeader } from './token.js'

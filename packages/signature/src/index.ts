export { isSignatureError, SignatureError, type SignatureErrorCode } from './error.js'

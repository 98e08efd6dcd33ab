export { isSignatureError, SignatureError, type SignatureErrorCode } from './error.js'
export {
  type ExtractedSignature,
  type ExtractSignatureInput,
  type ExtractSignatureOptions,
  extractSignature,
  type SignatureBlock,
  type TextBlock,
} from './extract-signature.js'
export { htmlToText, type LineRange } from './html-to-text.js'
export type { DetectionMethod, Sender } from './options.js'
export {
  type ParseBusinessCardOptions,
  type ParsedSignature,
  type ParseSignatureOptions,
  parseBusinessCard,
  parseSignature,
  type SignatureField,
  type SignatureFieldName,
} from './parse-signature.js'
export { type ParsedVCard, type ParseVCardOptions, parseVCard } from './vcard.js'

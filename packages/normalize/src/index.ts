export {
  type AddressParts,
  addressKey,
  type NormalizeAddressOptions,
  type NormalizedAddress,
  normalizeAddress,
  streetKey,
} from './address.js'
export {
  type CompanyStatus,
  companyKey,
  type NormalizeCompanyOptions,
  type NormalizedCompany,
  normalizeCompany,
} from './company.js'
export {
  type NormalizeContactOptions,
  type NormalizeContactResult,
  normalizeContact,
} from './contact.js'
export { emailKey, type NormalizedEmail, normalizeEmail } from './email.js'
export { isNormalizeError, NormalizeError, type NormalizeErrorCode } from './error.js'
export type { NormalizeIssue, NormalizeIssueCode, ValueIssue } from './issue.js'
export type { KeyCacheOptions } from './key-options.js'
export { nameKey, type ParsedName, type ParseNameOptions, parseName } from './name.js'
export {
  type NormalizedPhone,
  type NormalizePhoneOptions,
  normalizePhone,
  normalizePhones,
  type PhoneNumberKind,
  phoneKey,
  splitPhones,
} from './phone.js'
export { type NormalizedUrl, normalizeUrl } from './url.js'

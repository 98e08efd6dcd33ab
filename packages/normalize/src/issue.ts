/**
 * Stable codes of the issues normalisation reports. Codes never change once published; messages may.
 *
 * | code | meaning |
 * | --- | --- |
 * | `PHONE_INVALID` | not a valid number for its country (or no digits at all) |
 * | `PHONE_COUNTRY_GUESSED` | valid only by assuming the default country; the writing suggests another (e.g. `212-555-0123` read as German) |
 * | `PHONE_REPAIRED` | a number stored as a spreadsheet number got back the `0` or `+` it had lost |
 * | `EMAIL_INVALID` | not an RFC 5321 mailbox |
 * | `EMAIL_DISPLAY_NAME` | the cell held a display name (`"Anna" <anna@x.de>`); it was removed from the address |
 * | `EMAIL_DISPOSABLE` | the domain is a known disposable-mail provider |
 * | `POSTCODE_INVALID` | the postcode does not fit the country's format |
 * | `POSTCODE_REPAIRED` | a leading zero a spreadsheet had dropped was restored (`1067` → `01067`) |
 * | `COUNTRY_UNKNOWN` | the country name could not be mapped to ISO 3166 |
 * | `ADDRESS_INCOMPLETE` | street, postcode or city missing where a postal address needs them |
 * | `URL_INVALID` | not an http(s) URL or bare domain |
 * | `NAME_UNPARSED` | a name held no recognisable name words |
 * | `FIELD_TOO_LONG` | the value exceeded `maxFieldLength` and was kept raw, unparsed |
 * | `DATE_INVALID` | `updatedAt` is not a date; it was kept raw |
 *
 * @example
 * ```ts
 * const code: NormalizeIssueCode = 'PHONE_INVALID'
 * ```
 */
export type NormalizeIssueCode =
  | 'PHONE_INVALID'
  | 'PHONE_COUNTRY_GUESSED'
  | 'PHONE_REPAIRED'
  | 'EMAIL_INVALID'
  | 'EMAIL_DISPLAY_NAME'
  | 'EMAIL_DISPOSABLE'
  | 'POSTCODE_INVALID'
  | 'POSTCODE_REPAIRED'
  | 'COUNTRY_UNKNOWN'
  | 'ADDRESS_INCOMPLETE'
  | 'URL_INVALID'
  | 'NAME_UNPARSED'
  | 'FIELD_TOO_LONG'
  | 'DATE_INVALID'

/**
 * One finding about one value: a stable code and an explanation for people.
 *
 * @example
 * ```ts
 * const issue: ValueIssue = { code: 'POSTCODE_INVALID', message: 'DE postcodes have 5 digits' }
 * ```
 */
export interface ValueIssue {
  /** Stable identifier, see {@link NormalizeIssueCode}. */
  code: NormalizeIssueCode
  /** Explanation for people; may change between versions. */
  message: string
}

/**
 * A finding of {@link normalizeContact}: which field, what was typed, and why it is a problem.
 *
 * @example
 * ```ts
 * const issue: NormalizeIssue = {
 *   field: 'phones.1',
 *   raw: '212-555-0123',
 *   code: 'PHONE_COUNTRY_GUESSED',
 *   message: 'Read as a DE number, but it is written like a North American one',
 * }
 * ```
 */
export interface NormalizeIssue extends ValueIssue {
  /** Path of the field in the contact, e.g. `phones.0`, `addresses.0.postalCode`, `name`. */
  field: string
  /** The value as it was typed. */
  raw: string
}

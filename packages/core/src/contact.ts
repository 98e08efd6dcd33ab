import { z } from 'zod'
import { isCountryCode } from './country.js'
import { type ContactKitError, fromZodError } from './error.js'

/**
 * Kinds of phone numbers a contact can carry.
 *
 * @example
 * ```ts
 * PhoneKindSchema.parse('mobile') // 'mobile'
 * ```
 */
export const PhoneKindSchema = z.enum(['work', 'mobile', 'fax', 'home', 'other'])

/**
 * Kinds of email addresses and postal addresses.
 *
 * @example
 * ```ts
 * ChannelKindSchema.parse('work') // 'work'
 * ```
 */
export const ChannelKindSchema = z.enum(['work', 'home', 'other'])

/**
 * Where a contact (or one of its values) came from.
 *
 * @example
 * ```ts
 * SourceKindSchema.parse('businessCard') // 'businessCard'
 * ```
 */
export const SourceKindSchema = z.enum([
  'crm',
  'businessCard',
  'signature',
  'import',
  'visitReport',
  'manual',
])

/**
 * Provenance of a contact record: its source kind, an optional source id, when it was captured and how sure the source was.
 *
 * @example
 * ```ts
 * SourceSchema.parse({ kind: 'signature', at: '2026-11-02T09:30:00Z', confidence: 0.86 })
 * ```
 */
export const SourceSchema = z.object({
  kind: SourceKindSchema,
  id: z.string().optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  confidence: z.number().min(0).max(1).optional(),
})

/**
 * A canonical email address entry. `raw` keeps what a person typed when it differs.
 *
 * @example
 * ```ts
 * EmailSchema.parse({ value: 'anna.schmidt@example.de', kind: 'work' })
 * ```
 */
export const EmailSchema = z.object({
  value: z.string(),
  kind: ChannelKindSchema.optional(),
  raw: z.string().optional(),
})

/**
 * A canonical phone entry: `value` is E.164 where the number could be parsed.
 *
 * @example
 * ```ts
 * PhoneSchema.parse({ value: '+49891234567', kind: 'work', extension: '12', raw: '+49 (0)89 1234567-12' })
 * ```
 */
export const PhoneSchema = z.object({
  value: z.string(),
  kind: PhoneKindSchema.optional(),
  extension: z.string().optional(),
  raw: z.string().optional(),
})

/**
 * A canonical postal address; `country` is an ISO 3166-1 alpha-2 code (see {@link isCountryCode}).
 *
 * @example
 * ```ts
 * AddressSchema.parse({ street: 'Musterstraße', houseNumber: '5', postalCode: '80331', city: 'München', country: 'DE' })
 * ```
 */
export const AddressSchema = z.object({
  street: z.string().optional(),
  houseNumber: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Expected an ISO 3166-1 alpha-2 country code such as DE')
    // The pattern stays for JSON Schema; the list refuses codes of the right form that name no country.
    .refine(isCountryCode, 'Expected an assigned ISO 3166-1 alpha-2 country code such as DE (GB, not UK)')
    .optional(),
  kind: ChannelKindSchema.optional(),
  raw: z.string().optional(),
})

/**
 * The canonical contact: multi-valued fields are always arrays.
 *
 * @example
 * ```ts
 * const contact = ContactSchema.parse({
 *   title: 'Prof. Dr.',
 *   firstName: 'Anna',
 *   lastName: 'Schmidt',
 *   company: 'Muster GmbH & Co. KG',
 *   emails: [{ value: 'anna.schmidt@muster.de' }],
 * })
 * contact.phones // []
 * ```
 */
export const ContactSchema = z.object({
  id: z.string().optional(),
  salutation: z.string().optional(),
  title: z.string().optional(),
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  lastName: z.string().optional(),
  suffix: z.string().optional(),
  jobTitle: z.string().optional(),
  department: z.string().optional(),
  company: z.string().optional(),
  emails: z.array(EmailSchema).default([]),
  phones: z.array(PhoneSchema).default([]),
  addresses: z.array(AddressSchema).default([]),
  websites: z.array(z.string()).default([]),
  social: z.record(z.string(), z.string()).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  source: SourceSchema.optional(),
  /** Values of scalar fields as a person typed them, where normalisation changed them. */
  raw: z.record(z.string(), z.string()).optional(),
})

const looseText = z.union([z.string(), z.number()]).transform(String)

const listOf = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)])

/**
 * A postal address as a source found it: one free-text line, or parts as strings (country may be a name like `Deutschland`).
 *
 * @example
 * ```ts
 * AddressInputSchema.parse('Musterstr. 5, D-80331 München')
 * AddressInputSchema.parse({ street: 'Musterstr. 5', postalCode: 80331, city: 'München', country: 'Deutschland' })
 * ```
 */
export const AddressInputSchema = z.union([
  z.string(),
  z.object({
    line: z.string().optional(),
    street: z.string().optional(),
    houseNumber: looseText.optional(),
    postalCode: looseText.optional(),
    city: z.string().optional(),
    region: z.string().optional(),
    country: z.string().optional(),
    kind: ChannelKindSchema.optional(),
  }),
])

/**
 * A contact as a source found it: strings everywhere, single or multiple values, a full name instead of its parts.
 *
 * @example
 * ```ts
 * ContactInputSchema.parse({
 *   name: 'Herr Dipl.-Ing. Klaus Meier',
 *   company: 'Meier GmbH',
 *   emails: 'k.meier@meier-gmbh.de',
 *   phones: ['+49 (0)89 1234567', { value: '0171 2345678', kind: 'mobile' }],
 * })
 * ```
 */
export const ContactInputSchema = z.object({
  id: looseText.optional(),
  /** A whole name in one string, e.g. `Prof. Dr. Anna Schmidt` or `Schmidt, Anna`. */
  name: z.string().optional(),
  salutation: z.string().optional(),
  title: z.string().optional(),
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  lastName: z.string().optional(),
  suffix: z.string().optional(),
  jobTitle: z.string().optional(),
  department: z.string().optional(),
  company: z.string().optional(),
  emails: listOf(
    z.union([z.string(), z.object({ value: z.string(), kind: ChannelKindSchema.optional() })]),
  ).optional(),
  phones: listOf(
    z.union([
      looseText,
      z.object({ value: looseText, kind: PhoneKindSchema.optional(), extension: looseText.optional() }),
    ]),
  ).optional(),
  addresses: listOf(AddressInputSchema).optional(),
  websites: listOf(z.string()).optional(),
  social: z.record(z.string(), z.string()).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  updatedAt: z.union([z.string(), z.date().transform((date) => date.toISOString())]).optional(),
  source: SourceSchema.optional(),
})

/**
 * A phone kind: `work`, `mobile`, `fax`, `home` or `other`.
 *
 * @example
 * ```ts
 * const kind: PhoneKind = 'mobile'
 * ```
 */
export type PhoneKind = z.infer<typeof PhoneKindSchema>
/**
 * The kind of an email or postal address: `work`, `home` or `other`.
 *
 * @example
 * ```ts
 * const kind: ChannelKind = 'work'
 * ```
 */
export type ChannelKind = z.infer<typeof ChannelKindSchema>
/**
 * Where a record came from: `crm`, `businessCard`, `signature`, `import`, `visitReport` or `manual`.
 *
 * @example
 * ```ts
 * const kind: SourceKind = 'businessCard'
 * ```
 */
export type SourceKind = z.infer<typeof SourceKindSchema>
/**
 * Provenance of a record; see {@link SourceSchema}.
 *
 * @example
 * ```ts
 * const source: Source = { kind: 'import', at: '2026-11-02T09:30:00Z' }
 * ```
 */
export type Source = z.infer<typeof SourceSchema>
/**
 * A canonical email entry; see {@link EmailSchema}.
 *
 * @example
 * ```ts
 * const email: Email = { value: 'anna@muster.de', kind: 'work' }
 * ```
 */
export type Email = z.infer<typeof EmailSchema>
/**
 * A canonical phone entry; see {@link PhoneSchema}.
 *
 * @example
 * ```ts
 * const phone: Phone = { value: '+49891234567', kind: 'work', extension: '12' }
 * ```
 */
export type Phone = z.infer<typeof PhoneSchema>
/**
 * A canonical postal address; see {@link AddressSchema}.
 *
 * @example
 * ```ts
 * const address: Address = { street: 'Musterstraße', houseNumber: '5', postalCode: '80331', city: 'München', country: 'DE' }
 * ```
 */
export type Address = z.infer<typeof AddressSchema>
/**
 * The canonical contact; see {@link ContactSchema}.
 *
 * @example
 * ```ts
 * const contact: Contact = { firstName: 'Anna', lastName: 'Schäfer', emails: [], phones: [], addresses: [], websites: [] }
 * ```
 */
export type Contact = z.infer<typeof ContactSchema>
/**
 * A postal address as found; see {@link AddressInputSchema}.
 *
 * @example
 * ```ts
 * const address: AddressInput = 'Hauptstr. 4, D-80331 München'
 * ```
 */
export type AddressInput = z.input<typeof AddressInputSchema>
/**
 * A contact as a source found it; see {@link ContactInputSchema}.
 *
 * @example
 * ```ts
 * const input: ContactInput = { name: 'Prof. Dr. Anna Schäfer', phones: '+49 (0)89 1234567' }
 * ```
 */
export type ContactInput = z.input<typeof ContactInputSchema>

/**
 * Outcome of a `safeParse*` call: the data, or the error that would have been thrown.
 *
 * @typeParam T - The parsed value's type.
 * @typeParam E - The error type.
 *
 * @example
 * ```ts
 * const result: SafeParseResult<Contact> = safeParseContact({ firstName: 'Anna' })
 * if (result.success) result.data.firstName // 'Anna'
 * ```
 */
export type SafeParseResult<T, E = ContactKitError> =
  | { success: true; data: T }
  | { success: false; error: E }

/**
 * Validates a canonical contact and fills empty multi-valued fields, without throwing.
 *
 * @param value - Untrusted data, e.g. a request body.
 * @returns `{ success: true, data }` or `{ success: false, error }` with code `CORE_INVALID_INPUT` and every invalid path in `error.details.issues`.
 *
 * @example
 * ```ts
 * const result = safeParseContact({ firstName: 'Jürgen', emails: [{ value: 'j@example.de' }] })
 * result.success && result.data.phones // []
 * ```
 */
export function safeParseContact(value: unknown): SafeParseResult<Contact> {
  const result = ContactSchema.safeParse(value)
  return result.success
    ? { success: true, data: result.data }
    : { success: false, error: fromZodError(result.error) }
}

/**
 * Validates a canonical contact and fills empty multi-valued fields.
 *
 * @param value - Untrusted data, e.g. a request body.
 * @returns The contact.
 * @throws {ContactKitError} CORE_INVALID_INPUT when a field has the wrong shape; `details.issues` lists each path.
 *
 * @example
 * ```ts
 * parseContact({ lastName: 'Müller' }).emails // []
 * parseContact({ emails: 'not-a-list' }) // throws CORE_INVALID_INPUT: Invalid contact: emails
 * ```
 */
export function parseContact(value: unknown): Contact {
  const result = safeParseContact(value)
  if (!result.success) throw result.error
  return result.data
}

/**
 * Validates a loose contact input (as a source found it), without throwing.
 *
 * @param value - Untrusted data from a form, an import row or a parser.
 * @returns `{ success: true, data }` or `{ success: false, error }` with code `CORE_INVALID_INPUT`.
 *
 * @example
 * ```ts
 * safeParseContactInput({ name: 'Dr. Anna Schmidt', phones: '+49 89 1234567' }).success // true
 * ```
 */
export function safeParseContactInput(value: unknown): SafeParseResult<ParsedContactInput> {
  const result = ContactInputSchema.safeParse(value)
  return result.success
    ? { success: true, data: result.data }
    : { success: false, error: fromZodError(result.error, 'CORE_INVALID_INPUT', 'Invalid contact input') }
}

/**
 * A contact input after validation: numbers turned into strings, dates into ISO strings.
 *
 * @example
 * ```ts
 * const parsed: ParsedContactInput = ContactInputSchema.parse({ phones: 891234567 }) // phones: '891234567'
 * ```
 */
export type ParsedContactInput = z.output<typeof ContactInputSchema>

/**
 * The single-valued text fields of a canonical contact, in the order people read them (name parts, then job and
 * company). Packages iterate over this list instead of repeating it.
 *
 * @example
 * ```ts
 * CONTACT_TEXT_FIELDS.includes('lastName') // true
 * for (const field of CONTACT_TEXT_FIELDS) console.log(field, contact[field])
 * ```
 */
export const CONTACT_TEXT_FIELDS = [
  'salutation',
  'title',
  'firstName',
  'middleName',
  'lastName',
  'suffix',
  'jobTitle',
  'department',
  'company',
] as const satisfies readonly (keyof Contact)[]

/**
 * The multi-valued fields of a canonical contact: always arrays in {@link Contact}.
 *
 * @example
 * ```ts
 * CONTACT_LIST_FIELDS // ['emails', 'phones', 'addresses', 'websites']
 * ```
 */
export const CONTACT_LIST_FIELDS = [
  'emails',
  'phones',
  'addresses',
  'websites',
] as const satisfies readonly (keyof Contact)[]

/**
 * A single-valued text field of a contact; see {@link CONTACT_TEXT_FIELDS}.
 *
 * @example
 * ```ts
 * const field: ContactTextField = 'jobTitle'
 * ```
 */
export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number]

/**
 * A multi-valued field of a contact; see {@link CONTACT_LIST_FIELDS}.
 *
 * @example
 * ```ts
 * const field: ContactListField = 'phones'
 * ```
 */
export type ContactListField = (typeof CONTACT_LIST_FIELDS)[number]

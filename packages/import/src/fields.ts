import { CONTACT_TEXT_FIELDS } from '@contactkit/core'

/**
 * The part of an address a column holds.
 *
 * @example
 * ```ts
 * const part: AddressPart = 'postalCode'
 * ```
 */
export type AddressPart = 'line' | 'street' | 'houseNumber' | 'postalCode' | 'city' | 'region' | 'country'

/**
 * A contact field a column can be mapped to. Kinds ride in the name (`phone.mobile`, `address.home.city`);
 * `custom.<key>` keeps any other column under `contact.custom`.
 *
 * @example
 * ```ts
 * const fields: MappingField[] = ['firstName', 'email.work', 'phone.mobile', 'address.work.postalCode', 'custom.customerNumber']
 * ```
 */
export type MappingField =
  | 'id'
  | 'name'
  | 'salutation'
  | 'title'
  | 'firstName'
  | 'middleName'
  | 'lastName'
  | 'suffix'
  | 'jobTitle'
  | 'department'
  | 'company'
  | 'email'
  | `email.${'work' | 'home' | 'other'}`
  | 'phone'
  | `phone.${'work' | 'mobile' | 'fax' | 'home' | 'other'}`
  | `address.${AddressPart}`
  | `address.${'work' | 'home' | 'other'}.${AddressPart}`
  | 'website'
  | `social.${string}`
  | 'updatedAt'
  | `custom.${string}`

/** @internal Fields that hold one value per contact: a second column for one of them is a conflict. */
export const SINGLE_VALUED_FIELDS: readonly MappingField[] = [
  'id',
  'name',
  ...CONTACT_TEXT_FIELDS,
  'updatedAt',
]

const ADDRESS_PARTS: readonly AddressPart[] = [
  'line',
  'street',
  'houseNumber',
  'postalCode',
  'city',
  'region',
  'country',
]

/**
 * Every fixed mapping target (without the open-ended `social.*` and `custom.*`), in display order.
 *
 * @example
 * ```ts
 * MAPPING_FIELDS.includes('phone.mobile') // true
 * ```
 */
export const MAPPING_FIELDS: readonly MappingField[] = Object.freeze([
  ...SINGLE_VALUED_FIELDS.filter((field) => field !== 'updatedAt'),
  'email',
  'email.work',
  'email.home',
  'email.other',
  'phone',
  'phone.work',
  'phone.mobile',
  'phone.fax',
  'phone.home',
  'phone.other',
  ...ADDRESS_PARTS.map((part): MappingField => `address.${part}`),
  ...(['work', 'home', 'other'] as const).flatMap((kind) =>
    ADDRESS_PARTS.map((part): MappingField => `address.${kind}.${part}`),
  ),
  'website',
  'updatedAt',
])

/**
 * Tells whether a string is a valid {@link MappingField}.
 *
 * @param value - A field name, e.g. from a saved mapping.
 * @returns `true` for the fixed fields and for `social.<key>` / `custom.<key>` with a non-empty key.
 *
 * @example
 * ```ts
 * isMappingField('address.home.city') // true
 * isMappingField('fax') // false
 * ```
 */
export function isMappingField(value: string): value is MappingField {
  return (
    (MAPPING_FIELDS as readonly string[]).includes(value) || /^(custom|social)\.[^.\s][^\s]*$/.test(value)
  )
}

// HubSpot keeps the street line in one `address` property; contactkit keeps street and house number apart
// (@contactkit/normalize splits the line when reading; this joins it when writing).
// German-speaking and most continental European addresses put the number after the street ("Musterstraße 5a"),
// English and French ones before it ("221B Baker Street", "12 rue de la Paix").

const NUMBER_FIRST_COUNTRIES = new Set([
  'US',
  'GB',
  'IE',
  'CA',
  'AU',
  'NZ',
  'FR',
  'MC',
  'LU',
  'ZA',
  'IN',
  'SG',
])
/** Joins street and house number in the order the address's country writes them. */
export function joinStreet(
  street: string | undefined,
  houseNumber: string | undefined,
  country?: string,
): string {
  const parts = [street?.trim() ?? '', houseNumber?.trim() ?? ''].filter((part) => part !== '')
  if (parts.length < 2) return parts.join('')
  return country !== undefined && NUMBER_FIRST_COUNTRIES.has(country)
    ? `${parts[1]} ${parts[0]}`
    : parts.join(' ')
}

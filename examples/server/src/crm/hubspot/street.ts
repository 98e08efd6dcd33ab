// HubSpot keeps the street line in one `address` property; contactkit keeps street and house number apart.
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
const TRAILING_NUMBER = /^(.*?\S)\s+(\d+(?:\s?[a-zA-Z])?(?:\s?[-/]\s?\d+(?:\s?[a-zA-Z])?)?)$/
const MAX_LINE = 200
const LEADING_NUMBER = /^(\d+(?:[a-zA-Z])?(?:[-/]\d+[a-zA-Z]?)?),?\s+(\S.*)$/

/** Splits HubSpot's street line into street and house number; a line without a number stays a street. */
export function splitStreet(line: string): { street?: string; houseNumber?: string } {
  const trimmed = line.trim().replace(/\s+/g, ' ')
  if (trimmed === '') return {}
  // The patterns backtrack; a street line is short, so longer text is kept whole rather than searched.
  if (trimmed.length > MAX_LINE) return { street: trimmed }
  const trailing = TRAILING_NUMBER.exec(trimmed)
  if (trailing?.[1] !== undefined && trailing[2] !== undefined) {
    return { street: trailing[1].replace(/,$/, ''), houseNumber: trailing[2] }
  }
  const leading = LEADING_NUMBER.exec(trimmed)
  if (leading?.[1] !== undefined && leading[2] !== undefined)
    return { street: leading[2], houseNumber: leading[1] }
  return { street: trimmed }
}

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

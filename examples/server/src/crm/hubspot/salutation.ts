// HubSpot has one `salutation` property; contactkit keeps the form of address ("Herr", "Ms") apart from the
// academic title ("Prof. Dr."). Both are written into the one property and split again when read.

const FORMS_OF_ADDRESS = new Set([
  'herr',
  'frau',
  'divers',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'sir',
  'madam',
  'dame',
])

/** Splits HubSpot's salutation ("Frau Prof. Dr.") into the form of address and the academic title. */
export function splitSalutation(text: string): { salutation?: string; title?: string } {
  const trimmed = text.trim().replace(/\s+/g, ' ')
  if (trimmed === '') return {}
  const [first = '', ...rest] = trimmed.split(' ')
  if (FORMS_OF_ADDRESS.has(first.replace(/\.$/, '').toLowerCase())) {
    const title = rest.join(' ')
    return title === '' ? { salutation: first } : { salutation: first, title }
  }
  return { title: trimmed }
}

/** Joins the form of address and the academic title into HubSpot's salutation property. */
export function joinSalutation(salutation: string | undefined, title: string | undefined): string {
  return [salutation, title]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ')
}

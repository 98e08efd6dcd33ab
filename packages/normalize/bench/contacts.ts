// Typical contacts for the speed benchmark: name, company, two phones, one email, one address.
// Generated from small lists so every contact differs (no memoisation can help).

const FIRST = [
  'Anna',
  'Klaus',
  'Hans-Peter',
  'Jürgen',
  'Sabine',
  'Thomas',
  'Özlem',
  'Marie',
  'John',
  'Sarah',
  'Łukasz',
  'Giulia',
]
const LAST = [
  'Schmidt',
  'Müller',
  'Meier',
  'von Weizsäcker',
  'Schäfer',
  'Wagner',
  'Yılmaz',
  'Dubois',
  "O'Brien",
  'Becker',
  'Nowak',
  'Rossi',
]
const TITLES = ['', '', 'Dr. ', 'Prof. Dr. ', 'Dipl.-Ing. ']
const SALUTATIONS = ['Herr ', 'Frau ', '', '']
const COMPANIES = [
  'Muster GmbH',
  'Beispiel AG',
  'Schmidt & Söhne GmbH & Co. KG',
  'Acme Ltd',
  'Nordlicht UG (haftungsbeschränkt)',
  'Meier e.K.',
]
const STREETS = ['Hauptstr.', 'Bahnhofstraße', 'Lindenallee', 'Am Markt', 'Schillerstr.', 'Goethestraße']
const CITIES = [
  ['80331', 'München'],
  ['10115', 'Berlin'],
  ['01067', 'Dresden'],
  ['20095', 'Hamburg'],
  ['50667', 'Köln'],
]
const AREAS = ['089', '030', '0351', '040', '0221']

/** @internal */
export function typicalContacts(count: number) {
  const contacts = []
  for (let index = 0; index < count; index++) {
    const first = FIRST[index % FIRST.length] ?? ''
    const last = LAST[(index * 7) % LAST.length] ?? ''
    const [postcode, city] = CITIES[index % CITIES.length] ?? ['', '']
    const subscriber = String(1_000_000 + ((index * 7919) % 8_999_999))
    contacts.push({
      name: `${SALUTATIONS[index % SALUTATIONS.length]}${TITLES[index % TITLES.length]}${first} ${last}`,
      company: COMPANIES[index % COMPANIES.length],
      phones: [`${AREAS[index % AREAS.length]} ${subscriber}`, `+49 (0)171 ${String(2_000_000 + index)}`],
      emails: `${first.toLowerCase()}.${index}@muster-${index % 50}.de`,
      addresses: `${STREETS[index % STREETS.length]} ${1 + (index % 120)}, ${postcode} ${city}`,
    })
  }
  return contacts
}

import { describe, expect, it } from 'vitest'
import { parseBusinessCard, parseSignature } from './parse-signature.js'

describe('parseSignature', () => {
  it('reads a German block with title, legal form, register data and typed phones', () => {
    const { contact, fields } = parseSignature(
      [
        'Prof. Dr. Hans-Peter Müller',
        'Geschäftsführer',
        'Müller & Söhne GmbH & Co. KG',
        'Hauptstr. 4a · D-80331 München',
        'Tel. +49 (0)89 123456-0 · Fax +49 (0)89 123456-99',
        'Handy 0171 2345678',
        'hp.mueller@mueller-soehne.de · www.mueller-soehne.de',
        'Sitz: München · Amtsgericht München HRA 98765 · USt-IdNr. DE 123456789',
      ].join('\n'),
    )
    expect(contact).toMatchObject({
      title: 'Prof. Dr.',
      firstName: 'Hans-Peter',
      lastName: 'Müller',
      jobTitle: 'Geschäftsführer',
      company: 'Müller & Söhne GmbH & Co. KG',
      addresses: [
        { street: 'Hauptstr.', houseNumber: '4a', postalCode: '80331', city: 'München', country: 'DE' },
      ],
      websites: ['https://mueller-soehne.de'],
      custom: {
        companyRegister: {
          seat: 'München',
          registerCourt: 'Amtsgericht München',
          registerNumber: 'HRA 98765',
          vatId: 'DE123456789',
        },
      },
    })
    expect(contact.phones.map((phone) => [phone.value, phone.kind])).toEqual([
      ['+49891234560', 'work'],
      ['+498912345699', 'fax'],
      ['+491712345678', 'mobile'],
    ])
    expect(fields.find((field) => field.field === 'name')).toMatchObject({
      value: 'Prof. Dr. Hans-Peter Müller',
      line: 0,
    })
    expect(fields.find((field) => field.field === 'phone' && field.kind === 'fax')?.line).toBe(4)
  })

  it('takes the phone kind from a word after the number and the name matching the sender', () => {
    const { contact } = parseSignature(
      'Carole C. Frank\nEnron Net Works\n713.345.3960 work\n713.446.9307 cell\n713.467.3860 home',
      {
        from: { name: 'Frank, Carole', address: 'carole.frank@enron.com' },
        defaultCountry: 'US',
      },
    )
    expect(contact.firstName).toBe('Carole')
    expect(contact.lastName).toBe('Frank')
    expect(contact.phones.map((phone) => phone.kind)).toEqual(['work', 'mobile', 'home'])
  })

  it('reads British and US layouts', () => {
    const uk = parseSignature(
      'Sarah Collins\nBrightwater Media Ltd\n45 Clerkenwell Road\nLondon EC1M 5RS\nT: +44 20 7946 0321',
    )
    expect(uk.contact.addresses[0]).toMatchObject({
      street: 'Clerkenwell Road',
      houseNumber: '45',
      postalCode: 'EC1M 5RS',
      city: 'London',
      country: 'GB',
    })
    const us = parseSignature(
      'Tom Baker\nBaker Robotics, LLC\n2100 Market Street, Philadelphia, PA 19103\np: 215.665.4400',
    )
    expect(us.contact.company).toBe('Baker Robotics LLC')
    expect(us.contact.addresses[0]).toMatchObject({
      street: 'Market Street',
      houseNumber: '2100',
      postalCode: '19103',
      city: 'Philadelphia',
      country: 'US',
    })
    expect(us.contact.phones[0]).toMatchObject({ value: '+12156654400', kind: 'work' })
  })

  it('keeps a British premise and site as the street line, on one line or over three', () => {
    const oneLine = parseSignature(
      'James Whitfield\nSales Director\nThames Valley Components Ltd\nUnit 4, Riverside Park, Reading RG1 8AB\nT: +44 118 496 0123',
    )
    expect(oneLine.contact.addresses).toEqual([
      {
        kind: 'work',
        street: 'Unit 4, Riverside Park',
        postalCode: 'RG1 8AB',
        city: 'Reading',
        country: 'GB',
      },
    ])
    expect(oneLine.contact.company).toBe('Thames Valley Components Ltd')
    const card = parseBusinessCard(
      'James Whitfield\nThames Valley Components Ltd\nUnit 4\nRiverside Park\nReading\nRG1 8AB\nUnited Kingdom',
    )
    expect(card.contact.addresses[0]).toMatchObject({
      street: 'Unit 4, Riverside Park',
      postalCode: 'RG1 8AB',
      city: 'Reading',
      country: 'GB',
    })
    const estate = parseSignature(
      'Emma Hart\nHart Logistics Ltd\nUnit 12 Westway Industrial Estate\nBristol BS1 5TY',
    )
    expect(estate.contact.addresses[0]?.street).toBe('Unit 12, Westway Industrial Estate')
    // A premise alone on a line under a numbered street is not joined to anything that is not a site.
    const suite = parseSignature(
      'Tom Baker\nBaker Robotics, LLC\n2100 Market Street\nSuite 200\nPhiladelphia, PA 19103',
    )
    expect(suite.contact.addresses[0]).toMatchObject({
      street: 'Market Street',
      houseNumber: '2100',
      city: 'Philadelphia',
    })
  })

  it('takes the company from the e-mail domain when no line names it', () => {
    const { contact, fields } = parseSignature('Jan Becker\nProjektleiter\njan.becker@becker-bau.de')
    expect(contact.company).toBe('Becker Bau')
    expect(fields.find((field) => field.field === 'company')?.confidence).toBeLessThan(0.5)
  })

  it('reads social profiles and an X handle', () => {
    const { contact } = parseSignature(
      'Julia Fischer\nhttps://www.linkedin.com/in/julia-fischer\nXING: https://www.xing.com/profile/Julia_Fischer\nX: @juliafischer',
    )
    expect(Object.keys(contact.social ?? {}).sort()).toEqual(['linkedin', 'twitter', 'xing'])
  })

  it('splits a job title and a company in capitals on one line', () => {
    const { contact } = parseSignature(
      'Best regards,\nTom Baker\nHead of Sales EMEA | ACME Ltd.\nT: +44 20 7946 0958\ntom.baker@acme.co.uk',
    )
    expect(contact).toMatchObject({ firstName: 'Tom', lastName: 'Baker', jobTitle: 'Head of Sales EMEA' })
    expect(contact.company).toMatch(/^ACME Ltd\.?$/)
    // A form alone after a comma still joins the name before it.
    expect(parseSignature('Anna Schmidt\nMuster, GmbH\nanna@muster.de').contact.company).toBe('Muster GmbH')
  })

  it('reads a department narrowed to a region, a code or a chair', () => {
    const department = (line: string) =>
      parseSignature(`Viele Grüße\nJörg Weiß\n${line}\nBeispiel AG\nj.weiss@beispiel.de`).contact.department
    expect(department('Vertrieb Nord')).toBe('Vertrieb Nord')
    expect(department('Einkauf NRW')).toBe('Einkauf NRW')
    expect(department('Vertrieb DACH')).toBe('Vertrieb DACH')
    expect(department('Einkauf International')).toBe('Einkauf International')
    expect(department('Lehrstuhl für Fördertechnik')).toBe('Lehrstuhl für Fördertechnik')
    // A region word alone is no department, and a name stays a name.
    expect(department('Nord')).toBeUndefined()
    const { contact } = parseSignature('Gruß\nUwe Ost\nBeispiel AG\nuwe.ost@beispiel.de')
    expect(contact).toMatchObject({ firstName: 'Uwe', lastName: 'Ost' })
    expect(contact.department).toBeUndefined()
  })

  it('reads a fax given by its direct-dial digits after the office number', () => {
    const phones = (text: string) =>
      parseSignature(`Hans Meier\nBeispiel AG\n${text}\nhans.meier@beispiel.de`).contact.phones.map(
        (phone) => [phone.value, phone.kind],
      )
    expect(phones('Tel. +49 (0)89 1234567-12 | Fax -99')).toEqual([
      ['+4989123456712', 'work'],
      ['+4989123456799', 'fax'],
    ])
    expect(phones('Telefon: 040 / 30 12 34 - 5\nTelefax: - 99')).toEqual([
      ['+49403012345', 'work'],
      ['+494030123499', 'fax'],
    ])
    expect(phones('Tel. 0221 987654-0\nMobil 0171 1234567, Fax -10')).toEqual([
      ['+492219876540', 'work'],
      ['+491711234567', 'mobile'],
      ['+4922198765410', 'fax'],
    ])
    // Without a number before it there is nothing to extend.
    expect(phones('Fax -99')).toEqual([])
  })

  it('keeps the state of a US address and the letters after a name', () => {
    const { contact } = parseSignature(
      "Thanks,\nSarah O'Connor, CPA\nSenior Tax Manager\nSmith & Jones LLP\n100 Main St., Suite 400\nBoston, MA 02110\nsarah.oconnor@smithjones.com",
    )
    expect(contact).toMatchObject({ firstName: 'Sarah', lastName: "O'Connor", suffix: 'CPA' })
    expect(contact.addresses[0]).toMatchObject({
      city: 'Boston',
      region: 'MA',
      postalCode: '02110',
      country: 'US',
    })
    const suffix = (line: string) => parseSignature(`${line}\nAcme Inc.\nmail@acme.com`).contact.suffix
    expect(suffix('John Smith, Ph.D., MBA')).toBe('PhD MBA')
    expect(suffix('Robert Miller, Jr.')).toBe('Jr.')
    expect(suffix('Henry Ford III')).toBe('III')
    // A name with Jr. is no junior's job title; a job title with Jr. still is one.
    expect(parseSignature('Robert Miller Jr.\nAcme Inc.\nrobert@acme.com').contact).toMatchObject({
      firstName: 'Robert',
      lastName: 'Miller',
      suffix: 'Jr.',
    })
    expect(parseSignature('Anna Schmidt\nBerater Jr.\nAcme GmbH\nanna@acme.de').contact.jobTitle).toBe(
      'Berater Jr.',
    )
  })

  it('throws SIGNATURE_INPUT_TOO_LARGE above maxInputLength', () => {
    expect(() => parseSignature('a'.repeat(20), { maxInputLength: 10 })).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INPUT_TOO_LARGE' }),
    )
  })
})

describe('parseBusinessCard', () => {
  it('reads a card printed in capitals: the name above its title stays a name', () => {
    const { contact } = parseBusinessCard(
      'MEIER METALLBAU GMBH & CO. KG\nHANS MEIER\nGESCHÄFTSFÜHRER\nHAUPTSTRASSE NR. 5\n80331 MÜNCHEN\nTEL. +49 (0)89 1234567\nh.meier@meier-metallbau.de',
    )
    expect(contact).toMatchObject({
      firstName: 'Hans',
      lastName: 'Meier',
      jobTitle: 'GESCHÄFTSFÜHRER',
      company: 'MEIER METALLBAU GmbH & Co. KG',
      addresses: [{ street: 'Hauptstraße', houseNumber: '5', postalCode: '80331', city: 'München' }],
      phones: [{ value: '+49891234567' }],
    })
    // `mueller` in the address names `MÜLLER` on the card.
    const umlaut = parseBusinessCard('HANS-JÜRGEN MÜLLER\nGESCHÄFTSFÜHRER\nh.mueller@mueller-maschinenbau.de')
    expect(umlaut.contact).toMatchObject({
      firstName: 'Hans-Jürgen',
      lastName: 'Müller',
      jobTitle: 'GESCHÄFTSFÜHRER',
    })
    // Without an e-mail address that names her, a title in capitals under a name in capitals is still joined to
    // it (`KEY ACCOUNT` / `MANAGER` is one title); with one, the lines stay apart, and the company under the
    // title is a line of its own.
    const titled = parseBusinessCard(
      'ANNA SCHMIDT\nKEY ACCOUNT\nMANAGER\nMuster GmbH\nanna.schmidt@muster.de',
    )
    expect(titled.contact).toMatchObject({
      firstName: 'Anna',
      lastName: 'Schmidt',
      jobTitle: 'KEY ACCOUNT MANAGER',
      company: 'Muster GmbH',
    })
    // A family firm's name broken over two lines is still one company, also when it is the person's name.
    const family = parseBusinessCard(
      'SCHNEIDER\nMaschinenbau GmbH\nPeter Schneider\nVertriebsleiter\np.schneider@schneider-mb.de',
    )
    expect(family.contact).toMatchObject({
      firstName: 'Peter',
      lastName: 'Schneider',
      company: 'SCHNEIDER Maschinenbau GmbH',
    })
  })

  it('leaves a house-number label out of the street', () => {
    const { contact } = parseSignature(
      'Jana Vogt\nVogt Logistik GmbH\nLindenallee Hausnummer 7 | 50667 Köln\nTel. 0221 123456',
    )
    expect(contact.addresses[0]).toMatchObject({ street: 'Lindenallee', houseNumber: '7', city: 'Köln' })
    const glued = parseBusinessCard('Jana Vogt\nVogt Logistik GmbH\nHauptstr. Nr.5a\n50667 Köln')
    expect(glued.contact.addresses[0]).toMatchObject({ street: 'Hauptstr.', houseNumber: '5a' })
  })

  it('repairs OCR misreads in labels, numbers, postcodes and e-mail addresses', () => {
    const { contact } = parseBusinessCard(
      'KLEIN\nElektrotechnik GmbH\nRainer Klein\nElektromeister\nParkallee l2\n2O149 Hamburg\nTe1: O4O 41 22 33 O\nMobi1: 0l7l 234 56 78\nr.klein(at)klein-elektro.de',
    )
    expect(contact).toMatchObject({
      firstName: 'Rainer',
      lastName: 'Klein',
      jobTitle: 'Elektromeister',
      company: 'KLEIN Elektrotechnik GmbH',
      emails: [{ value: 'r.klein@klein-elektro.de' }],
      addresses: [
        { street: 'Parkallee', houseNumber: '12', postalCode: '20149', city: 'Hamburg', country: 'DE' },
      ],
    })
    expect(contact.phones.map((phone) => [phone.value, phone.kind])).toEqual([
      ['+49404122330', 'work'],
      ['+491712345678', 'mobile'],
    ])
    expect(contact.source).toEqual({ kind: 'businessCard' })
  })

  it('reads a bar between two numbers as a separator, not as a misread 1', () => {
    const { contact } = parseBusinessCard(
      'Dr. rer. nat. Ute Kraus\nNordlicht Logistik GmbH\nTel.: +49 (0)221 123456-78 | Mobil: 0171 2345678 | Fax: 0221 123456-99',
    )
    expect(contact.phones.map((phone) => [phone.value, phone.kind])).toEqual([
      ['+4922112345678', 'work'],
      ['+491712345678', 'mobile'],
      ['+4922112345699', 'fax'],
    ])
    // Against a number, the bar still is a 1 the OCR misread.
    const misread = parseBusinessCard('Rainer Klein\nTel. 040 4|22 33 0', { defaultCountry: 'DE' })
    expect(misread.contact.phones[0]?.value).toBe('+49404122330')
  })

  it('joins a job title the card layout split over two lines', () => {
    const { contact } = parseBusinessCard(
      'Sandra Vogt\nSenior Key Account\nManager\nNORDWIND Energie AG\nsandra.vogt@nordwind-energie.de',
    )
    expect(contact.jobTitle).toBe('Senior Key Account Manager')
  })
})

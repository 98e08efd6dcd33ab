import { describe, expect, it } from 'vitest'
import { extractSignature } from './extract-signature.js'
import { parseSignature } from './parse-signature.js'

const germanReply = `Hallo Herr Weber,

vielen Dank für Ihre Anfrage. Anbei erhalten Sie unser Angebot für die Wartung.

Mit freundlichen Grüßen

Dr. Anna Schäfer
Leiterin Vertrieb

Beispiel Maschinenbau GmbH & Co. KG
Industriestraße 12 · 80331 München
Tel.: +49 (0)89 123456-12
Mobil: +49 171 2345678
E-Mail: anna.schaefer@beispiel-maschinenbau.de
www.beispiel-maschinenbau.de

Am 12.03.2025 um 09:14 schrieb Thomas Weber <t.weber@kunde.de>:
> Sehr geehrte Frau Schäfer,
> bitte senden Sie uns ein Angebot.
>
> Mit freundlichen Grüßen
> Thomas Weber
> Einkauf`

describe('extractSignature', () => {
  it('returns the German block from the closing formula down, without the quoted reply', () => {
    const result = extractSignature({
      text: germanReply,
      from: { name: 'Schäfer, Anna', address: 'anna.schaefer@beispiel-maschinenbau.de' },
    })
    expect(result.signature?.startLine).toBe(4)
    expect(result.signature?.endLine).toBe(14)
    expect(result.signature?.signOff).toBe('Mit freundlichen Grüßen')
    expect(result.signature?.method).toBe('sign-off')
    expect(result.quoteRemoved).toBe(true)
    expect(result.belongsToSender).toBe(true)
    expect(result.senderEvidence).toBe('email')
    expect(result.confidence).toBeGreaterThan(0.8)
    expect(result.body).toBe(
      'Hallo Herr Weber,\n\nvielen Dank für Ihre Anfrage. Anbei erhalten Sie unser Angebot für die Wartung.',
    )
    expect(result.contact?.lastName).toBe('Schäfer')
    expect(result.contact?.title).toBe('Dr.')
    expect(result.contact?.jobTitle).toBe('Leiterin Vertrieb')
    expect(result.contact?.company).toBe('Beispiel Maschinenbau GmbH & Co. KG')
    expect(result.contact?.phones).toEqual([
      { value: '+498912345612', kind: 'work', raw: '+49 (0)89 123456-12' },
      { value: '+491712345678', kind: 'mobile', raw: '+49 171 2345678' },
    ])
    expect(result.contact?.emails).toEqual([
      { value: 'anna.schaefer@beispiel-maschinenbau.de', kind: 'work' },
    ])
    expect(result.contact?.websites).toEqual(['https://beispiel-maschinenbau.de'])
    expect(result.contact?.addresses).toEqual([
      {
        kind: 'work',
        street: 'Industriestraße',
        houseNumber: '12',
        postalCode: '80331',
        city: 'München',
        country: 'DE',
      },
    ])
  })

  it('ignores the signature inside an Outlook "Von:/Gesendet:/An:/Betreff:" quote', () => {
    const text = [
      'Hi Thomas,',
      '',
      'passt, ich melde mich morgen.',
      '',
      'Viele Grüße',
      'Jan',
      '',
      '________________________________',
      'Von: Thomas Weber <t.weber@kunde.de>',
      'Gesendet: Dienstag, 11. März 2025 16:02',
      'An: Jan Becker <jan.becker@beispiel.de>',
      'Betreff: Termin',
      '',
      'Hallo Jan, wann passt es dir?',
      '',
      'Thomas Weber',
      'Einkauf | Kunde AG',
      'Tel. +49 30 1234567',
    ].join('\n')
    const result = extractSignature({ text, from: { name: 'Jan Becker', address: 'jan.becker@beispiel.de' } })
    expect(result.signature).toMatchObject({ startLine: 4, endLine: 5, text: 'Viele Grüße\nJan' })
    expect(result.quoteRemoved).toBe(true)
  })

  it('finds a contact block without any closing formula', () => {
    const text =
      'Please find the updated price list attached.\n\nJohn Smith\nHead of Procurement\nAcme Ltd.\n+44 20 7946 0958\njohn.smith@acme.co.uk'
    const result = extractSignature({ text, from: { name: 'John Smith', address: 'john.smith@acme.co.uk' } })
    expect(result.signature).toMatchObject({ startLine: 2, endLine: 6, method: 'contact-block' })
    expect(result.contact?.company).toBe('Acme Ltd')
    expect(result.contact?.jobTitle).toBe('Head of Procurement')
  })

  it('uses the "-- " delimiter', () => {
    const text =
      'Short answer: yes.\n\n-- \nMaria Rossi\nRossi Consulting S.r.l.\nVia Roma 12, 20121 Milano\n+39 02 1234567'
    const result = extractSignature({ text })
    expect(result.signature).toMatchObject({ startLine: 2, endLine: 6, method: 'delimiter' })
  })

  it('does not take a "--" list item in the body for a signature', () => {
    const text =
      'The prizes include:\n\n-- FOUR $100 gift certificates\n-- EIGHT $50 gift certificates\n\nThe deadline is Friday, September 7, so please reply soon.'
    expect(extractSignature({ text }).signature).toBeUndefined()
  })

  it('keeps a disclaimer apart and reads the register data from it', () => {
    const text = [
      'Sehr geehrte Damen und Herren,',
      '',
      'die Lieferung erfolgt am Montag.',
      '',
      'Beste Grüße',
      'Markus Klein',
      'Logistik',
      'Klein & Partner GmbH',
      '',
      'Geschäftsführer: Markus Klein, Petra Klein | Amtsgericht Köln HRB 98765 | USt-IdNr.: DE123456789',
      '',
      'Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail.',
    ].join('\n')
    const result = extractSignature({ text, from: { name: 'Markus Klein' } })
    expect(result.signature).toMatchObject({ startLine: 4, endLine: 9 })
    expect(result.disclaimer).toMatchObject({ startLine: 11, endLine: 11 })
    expect(result.contact?.custom?.companyRegister).toEqual({
      managingDirectors: ['Markus Klein', 'Petra Klein'],
      registerCourt: 'Amtsgericht Köln',
      registerNumber: 'HRB 98765',
      vatId: 'DE123456789',
    })
    expect(result.contact?.department).toBe('Logistik')
  })

  it.each([
    ['Sent from my iPhone'],
    ['Von meinem iPhone gesendet'],
    ['Envoyé de mon iPhone'],
    ['Get Outlook for Android'],
  ])('does not take a lone mobile footer "%s" for a signature', (footer) => {
    const result = extractSignature({ text: `Ok, passt.\n\n${footer}` })
    expect(result.signature).toBeUndefined()
    expect(result.confidence).toBe(0)
  })

  it.each([
    ['Le lun. 3 févr. 2025 à 10:12, Jean Dupont <jean.dupont@exemple.fr> a écrit :'],
    ['El lun, 3 feb 2025 a las 10:12, Juan García (<juan@ejemplo.es>) escribió:'],
    ['Il giorno lun 3 feb 2025 alle ore 10:12 Marco Bianchi <marco@esempio.it> ha scritto:'],
    ['Op ma 3 feb. 2025 om 10:12 schreef Jan de Vries <jan@voorbeeld.nl>:'],
    ['On Mon, Feb 3, 2025 at 10:12 AM Jane Doe <jane@example.com> wrote:'],
    ['-----Ursprüngliche Nachricht-----'],
    ['-----Original Message-----'],
  ])('cuts the quote at "%s"', (header) => {
    const text = `Thanks, received.\n\nBest regards\nPeter Lang\n\n${header}\nQuoted text\n\nKind regards\nSomeone Else\n+1 555 0100 200`
    const result = extractSignature({ text })
    expect(result.signature).toMatchObject({ startLine: 2, endLine: 3 })
    expect(result.quoteRemoved).toBe(true)
  })

  it('cuts a quote whose English attribution wraps over two lines', () => {
    const text =
      'Fine.\n\nCheers,\nTom\n\nOn Mon, Feb 3, 2025 at 10:12 AM Jane Doe <\njane@example.com> wrote:\n> hello'
    expect(extractSignature({ text }).signature?.endLine).toBe(3)
  })

  it('says when the block belongs to someone else', () => {
    const text =
      'Please contact our partner directly.\n\nPeter Müller\nMüller Elektro GmbH\nTel. 0711 123456\npeter@mueller-elektro.de'
    const result = extractSignature({ text, from: { name: 'Anna Schäfer', address: 'anna@beispiel.de' } })
    expect(result.signature).toBeDefined()
    expect(result.belongsToSender).toBe(false)
  })

  it('reads Gmail HTML with its gmail_signature container and drops the gmail_quote', () => {
    const html =
      '<div dir="ltr"><div>Hallo Herr Weber,</div><div><br></div><div>anbei die Unterlagen.</div><div><br></div><div>Viele Grüße</div>' +
      '<span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr">' +
      '<div>Anna Schäfer</div><div>Beispiel GmbH<br>Tel. +49 89 1234567</div></div></div></div><br>' +
      '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Am Di., 11. März 2025 um 16:02 Uhr schrieb Thomas Weber:<br></div>' +
      '<blockquote class="gmail_quote">Hallo Anna,<br>Gruß Thomas</blockquote></div>'
    const result = extractSignature({ html, from: { name: 'Anna Schäfer' } })
    expect(result.source).toBe('html')
    expect(result.quoteRemoved).toBe(true)
    expect(result.signature?.method).toBe('html-container')
    expect(result.signature?.text).toContain('Anna Schäfer\nBeispiel GmbH\nTel. +49 89 1234567')
    expect(result.contact?.company).toBe('Beispiel GmbH')
  })

  it('reads Outlook HTML (MsoNormal paragraphs) and stops at the reply header', () => {
    const html = `<html><head><style>p.MsoNormal{margin:0cm}</style></head><body><div class=WordSection1>
<p class=MsoNormal>Hallo Thomas,<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>anbei wie besprochen.<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Mit freundlichen Gr&uuml;&szlig;en<o:p></o:p></p>
<p class=MsoNormal><b>Jan Becker</b><o:p></o:p></p>
<p class=MsoNormal>Projektleiter<o:p></o:p></p>
<p class=MsoNormal>Becker Bau GmbH | Hauptstr. 5 | 70173 Stuttgart<o:p></o:p></p>
<p class=MsoNormal>T +49 711 987654-0 | F +49 711 987654-99<o:p></o:p></p>
<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>
<p class=MsoNormal><b>Von:</b> Thomas Weber<br><b>Gesendet:</b> Dienstag<br><b>An:</b> Jan Becker<br><b>Betreff:</b> Plan<o:p></o:p></p></div>
</div></body></html>`
    const result = extractSignature({ html })
    expect(result.signature).toMatchObject({ startLine: 4, endLine: 8, method: 'sign-off' })
    expect(result.contact?.phones.map((phone) => phone.kind)).toEqual(['work', 'fax'])
    expect(result.contact?.addresses[0]).toMatchObject({
      street: 'Hauptstr.',
      houseNumber: '5',
      postalCode: '70173',
      city: 'Stuttgart',
      country: 'DE',
    })
  })

  it('throws SIGNATURE_INPUT_TOO_LARGE above maxInputLength and SIGNATURE_INVALID_INPUT without text', () => {
    expect(() => extractSignature({ text: 'x'.repeat(101) }, { maxInputLength: 100 })).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INPUT_TOO_LARGE' }),
    )
    expect(() => extractSignature({})).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INVALID_INPUT' }),
    )
    expect(() => extractSignature({ text: 42 as unknown as string })).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_INVALID_INPUT' }),
    )
  })

  it('examines only the last scanLength characters of the author text', () => {
    const text = `Best regards\nAnna\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n'.repeat(50)}Thanks,\nBen`
    const result = extractSignature({ text }, { scanLength: 200 })
    expect(result.signature?.text).toBe('Thanks,\nBen')
  })

  it('reads a chat-style "LG Sabine" closing and its name', () => {
    const result = extractSignature({
      text: 'Hallo zusammen,\n\nich bin morgen im Homeoffice.\n\nLG Sabine',
      from: { name: 'Sabine Weber' },
    })
    expect(result.signature?.text).toBe('LG Sabine')
    expect(result.contact).toMatchObject({ firstName: 'Sabine' })
    expect(result.contact?.lastName).toBeUndefined()
  })

  it('splits a disclaimer glued under the signature without a blank line', () => {
    const text =
      'Hello,\n\nsee attached.\n\nBest regards\nPeter Smith\nSales Manager\nThis e-mail and any attachments are confidential and intended solely for the addressee. If you are not the intended recipient, please delete it.'
    const result = extractSignature({ text, from: { name: 'Peter Smith' } })
    expect(result.signature).toMatchObject({ startLine: 4, endLine: 6 })
    expect(result.disclaimer).toMatchObject({ startLine: 7, endLine: 7 })
  })

  it.each([
    ['a bare "Thanks"', 'Can you send me the file?\n\nThanks'],
    ['a list of names in the body', 'The following people attend:\n\nAnna Schmidt\nBernd Meier\nClara Vogel'],
    [
      'a delivery address in the body',
      'Please ship to:\nBeispiel GmbH\nMusterweg 3\n12345 Berlin\n\nThanks!',
    ],
  ])('finds no signature in %s', (_name, text) => {
    expect(extractSignature({ text, from: { name: 'Dora Klein' } }).signature).toBeUndefined()
  })

  it('parses a block the same way as parseSignature, also where lines are joined or carry register data', () => {
    // The parser reuses detection's line features; joined lines ("Fachanwalt für" / "Arbeitsrecht") must be
    // checked afresh, and register data must still be read.
    const block = [
      'Dr. Markus Vogel',
      'Fachanwalt für',
      'Arbeitsrecht',
      'Vogel & Partner Rechtsanwälte mbB',
      'Leopoldstraße 44 · 80802 München',
      'Tel. +49 (0)89 3839 2710',
      'Mobil +49 171 4433221',
      'm.vogel@vogel-partner.de',
      'Sitz München · Amtsgericht München PR 1234 · USt-IdNr. DE123456789',
    ].join('\n')
    const result = extractSignature({
      text: `Sehr geehrte Frau Berger,\n\nanbei der Entwurf des Vertrags.\n\nMit freundlichen Grüßen\n${block}`,
      from: { address: 'm.vogel@vogel-partner.de' },
    })
    const direct = parseSignature(block, { from: { address: 'm.vogel@vogel-partner.de' } })
    expect(result.contact?.phones).toEqual(direct.contact.phones)
    expect(result.contact?.phones.map((phone) => phone.kind)).toEqual(['work', 'mobile'])
    expect(result.contact?.jobTitle).toBe(direct.contact.jobTitle)
    expect(result.contact?.company).toBe(direct.contact.company)
    expect(result.contact?.custom).toEqual(direct.contact.custom)
    expect(result.contact?.custom?.companyRegister).toMatchObject({ vatId: 'DE123456789' })
    expect(result.contact?.jobTitle).toBe('Fachanwalt für Arbeitsrecht')
    expect(result.contact?.lastName).toBe('Vogel')
  })
})

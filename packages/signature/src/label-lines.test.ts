import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { extractSignature } from './extract-signature.js'
import { parseSignature } from './parse-signature.js'

// Signatures whose contact labels stand alone on their lines ("Tel.:" with the number below), as narrow
// layouts, copied vCards and Outlook paragraphs write them. Detection used to stop at such a label.

const germanText = `Hallo Herr Weber,

vielen Dank für das Gespräch heute Vormittag. Wie besprochen erhalten Sie anbei unser Angebot für die
Wartung der Druckluftanlagen an beiden Standorten. Bei Rückfragen rufen Sie mich gerne an.

Mit freundlichen Grüßen

Sabine Hoffmann
Key Account Managerin
Hoffmann Drucklufttechnik GmbH
Gewerbering 7
86899 Landsberg am Lech
Tel.:
+49 8191 94410-23
Mobil:
+49 160 94410230
Fax:
+49 8191 94410-99
E-Mail:
s.hoffmann@hoffmann-druckluft.de

Am 11.03.2025 um 10:02 schrieb Thomas Weber <t.weber@kunde-gmbh.de>:
> Guten Tag Frau Hoffmann,
> bitte senden Sie uns ein Angebot.`

const englishText = `Hi Mark,

Thanks for the call this morning. I've attached the revised quotation for the Leeds site; the prices are
valid until the end of the quarter.

Michael Turner
Senior Sales Engineer
Northgate Pumps Ltd
14 Wellington Street
Leeds LS10 1AB
Phone:
+44 113 496 0281
Mobile:
+44 7700 900461
Fax:
+44 113 496 0299`

const outlookGerman = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt} --></style></head><body lang=DE><div class=WordSection1>
<p class=MsoNormal>Hallo Frau Krause,<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>anbei die Auftragsbest&auml;tigung f&uuml;r die Lieferung am Freitag.<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Viele Gr&uuml;&szlig;e<o:p></o:p></p>
<p class=MsoNormal><b>Jens Albrecht</b><o:p></o:p></p>
<p class=MsoNormal>Vertriebsleiter<o:p></o:p></p>
<p class=MsoNormal>Albrecht Metallbau GmbH &amp; Co. KG<o:p></o:p></p>
<p class=MsoNormal>Industriestra&szlig;e 21 | 33602 Bielefeld<o:p></o:p></p>
<p class=MsoNormal><span style='color:#1F3864'>Tel.:<o:p></o:p></span></p>
<p class=MsoNormal>+49 521 77831-40<o:p></o:p></p>
<p class=MsoNormal><span style='color:#1F3864'>Mobil:<o:p></o:p></span></p>
<p class=MsoNormal>+49 171 7783140<o:p></o:p></p>
<p class=MsoNormal><a href="mailto:j.albrecht@albrecht-metallbau.de">j.albrecht@albrecht-metallbau.de</a><o:p></o:p></p>
<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>
<p class=MsoNormal><b>Von:</b> Petra Krause &lt;p.krause@kunde.de&gt;<br><b>Gesendet:</b> Montag, 10. M&auml;rz 2025 08:12<br><b>An:</b> Jens Albrecht<br><b>Betreff:</b> Lieferung<o:p></o:p></p></div>
</div></body></html>`

// Outlook table with a column of labels beside a column of values, each cell holding one paragraph per line.
const outlookEnglishColumns = `<html><body lang=EN-GB><div class=WordSection1>
<p class=MsoNormal>Hi Sarah,<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Please find the signed contract attached.<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Kind regards<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal><b>David Clarke</b><o:p></o:p></p>
<p class=MsoNormal>Operations Director<o:p></o:p></p>
<p class=MsoNormal>Clarke Logistics Ltd<o:p></o:p></p>
<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0><tr>
<td width=60 valign=top><p class=MsoNormal>Phone:<o:p></o:p></p><p class=MsoNormal>Mobile:<o:p></o:p></p><p class=MsoNormal>Fax:<o:p></o:p></p></td>
<td valign=top><p class=MsoNormal>+44 161 496 0735<o:p></o:p></p><p class=MsoNormal>+44 7700 900735<o:p></o:p></p><p class=MsoNormal>+44 161 496 0799<o:p></o:p></p></td>
</tr></table>
<p class=MsoNormal><a href="http://www.clarke-logistics.co.uk">www.clarke-logistics.co.uk</a><o:p></o:p></p>
</div></body></html>`

describe('labels alone on their lines', () => {
  it('finds a German block whose Tel./Mobil/Fax/E-Mail labels stand above their values', () => {
    const result = extractSignature({
      text: germanText,
      from: { name: 'Sabine Hoffmann', address: 's.hoffmann@hoffmann-druckluft.de' },
    })
    expect(result.signature).toMatchObject({ startLine: 5, endLine: 19, method: 'sign-off' })
    expect(result.belongsToSender).toBe(true)
    expect(result.contact?.phones).toEqual([
      { value: '+4981919441023', kind: 'work', raw: '+49 8191 94410-23' },
      { value: '+4916094410230', kind: 'mobile', raw: '+49 160 94410230' },
      { value: '+4981919441099', kind: 'fax', raw: '+49 8191 94410-99' },
    ])
    expect(result.contact?.emails).toEqual([{ value: 's.hoffmann@hoffmann-druckluft.de', kind: 'work' }])
    expect(result.contact).toMatchObject({
      firstName: 'Sabine',
      lastName: 'Hoffmann',
      jobTitle: 'Key Account Managerin',
      company: 'Hoffmann Drucklufttechnik GmbH',
    })
    expect(result.contact?.addresses[0]).toMatchObject({ postalCode: '86899', city: 'Landsberg am Lech' })
    // The phones are reported on the label's line.
    expect(result.fields?.filter((field) => field.field === 'phone').map((field) => field.line)).toEqual([
      12, 14, 16,
    ])
  })

  it('finds an English block without a closing formula whose labels stand above their numbers', () => {
    const result = extractSignature({ text: englishText, from: { name: 'Michael Turner' } })
    expect(result.signature).toMatchObject({ startLine: 5, endLine: 15, method: 'contact-block' })
    expect(result.contact?.phones.map((phone) => [phone.value, phone.kind])).toEqual([
      ['+441134960281', 'work'],
      ['+447700900461', 'mobile'],
      ['+441134960299', 'fax'],
    ])
    expect(result.contact?.company).toBe('Northgate Pumps Ltd')
    expect(result.contact?.jobTitle).toBe('Senior Sales Engineer')
  })

  it('reads Outlook HTML with the label and the number in paragraphs of their own', () => {
    const result = extractSignature({ html: outlookGerman, from: { name: 'Albrecht, Jens' } })
    expect(result.source).toBe('html')
    expect(result.quoteRemoved).toBe(true)
    expect(result.signature).toMatchObject({ startLine: 4, endLine: 13, signOff: 'Viele Grüße' })
    expect(result.contact?.phones).toEqual([
      { value: '+495217783140', kind: 'work', raw: '+49 521 77831-40' },
      { value: '+491717783140', kind: 'mobile', raw: '+49 171 7783140' },
    ])
    expect(result.contact?.company).toBe('Albrecht Metallbau GmbH & Co. KG')
  })

  it('pairs an Outlook column of labels with the column of values beside it', () => {
    const result = extractSignature({ html: outlookEnglishColumns, from: { name: 'David Clarke' } })
    expect(result.signature?.text).toContain('Phone:\nMobile:\nFax:\n+44 161 496 0735')
    expect(result.contact?.phones.map((phone) => [phone.value, phone.kind])).toEqual([
      ['+441614960735', 'work'],
      ['+447700900735', 'mobile'],
      ['+441614960799', 'fax'],
    ])
    expect(result.contact?.websites).toEqual(['https://clarke-logistics.co.uk'])
  })

  it('keeps the labels apart when the lines below are no values', () => {
    const { contact } = parseSignature('Anna Schäfer\nTel.:\nMobil:\nBeispiel GmbH\n+49 89 1234567')
    expect(contact.company).toBe('Beispiel GmbH')
    expect(contact.firstName).toBe('Anna')
    // The number is not paired with "Tel.:" across the company line; its kind comes from the number itself.
    expect(contact.phones).toEqual([{ value: '+49891234567', kind: 'work', raw: '+49 89 1234567' }])
  })

  it('does not take a one-letter line without a colon for a label', () => {
    const text = 'Thanks, will do.\n\nBest regards,\nJohn\nM\n+44 7700 900123'
    const result = extractSignature({ text })
    expect(result.signature?.startLine).toBe(2)
    // "M" stays a line of its own; the number's kind comes from the number (a UK mobile).
    expect(result.contact?.phones).toEqual([
      { value: '+447700900123', kind: 'mobile', raw: '+44 7700 900123' },
    ])
  })
})

const LABELS: [string, 'work' | 'mobile' | 'fax'][] = [
  ['Tel.:', 'work'],
  ['Telefon:', 'work'],
  ['Phone:', 'work'],
  ['Durchwahl:', 'work'],
  ['Mobil:', 'mobile'],
  ['Mobile:', 'mobile'],
  ['Handy:', 'mobile'],
  ['Fax:', 'fax'],
  ['Telefax:', 'fax'],
]
const NUMBERS = [
  '+49 89 1234567-12',
  '+49 30 9876543',
  '+44 20 7946 0958',
  '0711 123456-0',
  '+41 44 668 18 00',
]

describe('a label above its number', () => {
  // Invariant: splitting "Label: number" over two lines changes neither the detection nor the parsed phones.
  test.prop([
    fc.array(fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom(...NUMBERS), fc.boolean()), {
      minLength: 1,
      maxLength: 4,
    }),
  ])('parses like the label and number on one line', (entries) => {
    const head =
      'Hallo Herr Weber,\n\nanbei das Angebot.\n\nMit freundlichen Grüßen\nAnna Schäfer\nBeispiel GmbH'
    const joined = entries.map(([[label], number]) => `${label} ${number}`)
    const split = entries.map(([[label], number], index) =>
      entries[index]?.[2] ? `${label}\n${number}` : `${label} ${number}`,
    )
    const one = extractSignature({ text: `${head}\n${joined.join('\n')}` }, { defaultCountry: 'DE' })
    const two = extractSignature({ text: `${head}\n${split.join('\n')}` }, { defaultCountry: 'DE' })
    expect(two.signature?.method).toBe('sign-off')
    expect(two.signature?.startLine).toBe(4)
    expect(two.contact?.phones).toEqual(one.contact?.phones)
    // Every number keeps the kind of its own label.
    for (const [[, kind], number] of entries) {
      expect(
        two.contact?.phones.some((phone) => (phone.raw ?? phone.value) === number && phone.kind === kind),
      ).toBe(true)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { emailKey, normalizeEmail } from './email.js'

describe('normalizeEmail', () => {
  it('extracts the address from a display-name form and converts the IDN domain', () => {
    expect(normalizeEmail('"Anna Schmidt" <Anna.Schmidt@Müller.DE>')).toMatchObject({
      address: 'Anna.Schmidt@müller.de',
      local: 'Anna.Schmidt',
      domainUnicode: 'müller.de',
      domainAscii: 'xn--mller-kva.de',
      displayName: 'Anna Schmidt',
      valid: true,
      matchKey: 'anna.schmidt@xn--mller-kva.de',
    })
  })

  it('flags role, free-mail and disposable addresses', () => {
    expect(normalizeEmail('noreply@gmx.de')).toMatchObject({ role: true, freeMail: true, disposable: false })
    expect(normalizeEmail('vertrieb@muster.de')).toMatchObject({ role: true, freeMail: false })
    expect(normalizeEmail('x@mailinator.com').disposable).toBe(true)
    expect(normalizeEmail('anna.schmidt@muster.de')).toMatchObject({ role: false, freeMail: false })
  })

  it('rejects consecutive dots and a missing domain', () => {
    expect(normalizeEmail('a..b@x.de').valid).toBe(false)
    expect(normalizeEmail('anna@').issues[0]?.code).toBe('EMAIL_INVALID')
  })
})

describe('emailKey', () => {
  it('drops +tags and case, and Gmail dots', () => {
    expect(emailKey('Anna.Schmidt+crm@Muster.DE')).toBe('anna.schmidt@muster.de')
    expect(emailKey('a.n.n.a@googlemail.com')).toBe('anna@gmail.com')
  })
})

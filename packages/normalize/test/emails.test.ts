import { describe, expect, it } from 'vitest'
import { emailKey, normalizeEmail } from '../src/index.js'
import { EMAIL_CASES } from './fixtures/emails.js'

describe('normalizeEmail on the email table', () => {
  it('has at least 40 cases', () => {
    expect(EMAIL_CASES.length).toBeGreaterThanOrEqual(40)
  })

  it.each(EMAIL_CASES.map((item) => [item.input, item] as const))('reads %j', (_input, item) => {
    const email = normalizeEmail(item.input)
    expect(email).toMatchObject(item.expected)
    const codes = email.issues.map((issue) => issue.code)
    if (item.expected.valid === false) {
      expect(codes).toContain('EMAIL_INVALID')
      expect(emailKey(item.input)).toBeUndefined()
    } else {
      expect(codes).not.toContain('EMAIL_INVALID')
      expect(emailKey(item.input)).toBe(email.matchKey)
    }
    expect(codes.includes('EMAIL_DISPLAY_NAME')).toBe(email.displayName !== undefined)
  })
})

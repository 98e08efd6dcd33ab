import { describe, expect, it } from 'vitest'
import { ContactSchema } from './contact.js'
import { ContactKitError, fromZodError, isContactKitError, toValidationIssues } from './error.js'

class ExampleError extends ContactKitError<'EXAMPLE_BROKEN'> {
  override readonly name: string = 'ExampleError'
}

describe('ContactKitError', () => {
  it('carries a stable code, details and cause', () => {
    const cause = new Error('low level')
    const error = new ExampleError('EXAMPLE_BROKEN', 'It broke', { details: { row: 3 }, cause })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ExampleError')
    expect(error.code).toBe('EXAMPLE_BROKEN')
    expect(error.cause).toBe(cause)
    expect(error.details).toEqual({ row: 3 })
  })

  it('serialises without its stack', () => {
    const error = new ExampleError('EXAMPLE_BROKEN', 'It broke', { details: { row: 3 } })
    expect(JSON.parse(JSON.stringify(error))).toMatchInlineSnapshot(`
      {
        "code": "EXAMPLE_BROKEN",
        "details": {
          "row": 3,
        },
        "message": "It broke",
        "name": "ExampleError",
      }
    `)
  })
})

describe('isContactKitError', () => {
  it('recognises subclasses and rejects plain errors', () => {
    expect(isContactKitError(new ExampleError('EXAMPLE_BROKEN', 'x'))).toBe(true)
    expect(isContactKitError(new Error('x'))).toBe(false)
    expect(isContactKitError({ code: 'EXAMPLE_BROKEN' })).toBe(false)
    expect(isContactKitError(null)).toBe(false)
  })
})

describe('fromZodError', () => {
  it('lists each invalid path and keeps the zod error as cause', () => {
    const result = ContactSchema.safeParse({
      emails: [{ value: 'a@b.de', kind: 'pager' }],
      updatedAt: 'gestern',
    })
    expect(result.success).toBe(false)
    if (result.success) return
    const error = fromZodError(result.error, 'IMPORT_MALFORMED', 'Bad row')
    expect(error.code).toBe('IMPORT_MALFORMED')
    expect(error.message).toBe('Bad row: emails.0.kind, updatedAt')
    expect(error.cause).toBe(result.error)
    expect(toValidationIssues(result.error).map((issue) => issue.code)).toEqual([
      'invalid_value',
      'invalid_format',
    ])
  })
})

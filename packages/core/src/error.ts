import type { z } from 'zod'

const ERROR_BRAND = Symbol.for('contactkit.error')

/**
 * Stable codes of errors thrown by `@contactkit/core` itself.
 *
 * @example
 * ```ts
 * const code: CoreErrorCode = 'CORE_INVALID_INPUT'
 * ```
 */
export type CoreErrorCode = 'CORE_INVALID_INPUT'

/**
 * One invalid path found while validating input.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: 'emails.0.value', message: 'Expected string', code: 'invalid_type' }
 * ```
 */
export interface ValidationIssue {
  /** Dotted path of the invalid value, `''` for the root. */
  path: string
  /** What is wrong, for people. */
  message: string
  /** The validator's own issue code, e.g. zod's `invalid_type`. */
  code: string
}

/**
 * Options accepted by {@link ContactKitError}.
 *
 * @example
 * ```ts
 * const options: ContactKitErrorOptions = { details: { row: 12 }, cause: new Error('low level') }
 * ```
 */
export interface ContactKitErrorOptions {
  /** Machine-readable facts about the failure. Never secrets or personal data. */
  details?: Record<string, unknown>
  /** The underlying error, passed through as `Error.cause`. */
  cause?: unknown
}

/**
 * Base class of every error thrown by a contactkit package.
 *
 * Each package subclasses it with its own `name` and a union of stable `code`
 * strings, so callers branch on `code` rather than on message text.
 *
 * @typeParam Code - The union of codes the subclass may carry.
 *
 * @example
 * ```ts
 * type SealErrorCode = 'SEAL_MALFORMED' | 'SEAL_INTEGRITY'
 * class SealError extends ContactKitError<SealErrorCode> {
 *   override readonly name: string = 'SealError'
 * }
 * try {
 *   throw new SealError('SEAL_INTEGRITY', 'The token failed its integrity check.')
 * } catch (error) {
 *   if (isContactKitError(error) && error.code === 'SEAL_INTEGRITY') console.log('tampered')
 * }
 * ```
 */
export class ContactKitError<Code extends string = string> extends Error {
  override readonly name: string = 'ContactKitError'
  /** Stable, SCREAMING_SNAKE identifier of the failure. */
  readonly code: Code
  /** Machine-readable facts about the failure, if any. */
  readonly details: Record<string, unknown> | undefined
  /** @internal Brand recognised by {@link isContactKitError} across duplicate package copies. */
  readonly [ERROR_BRAND] = true

  /**
   * @param code - Stable identifier of the failure.
   * @param message - Explanation for people.
   * @param options - Optional `details` and `cause`.
   */
  constructor(code: Code, message: string, options: ContactKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details
  }

  /**
   * A plain object for logs and API responses: name, code, message and details, never the stack.
   *
   * @returns The serialisable form of the error.
   *
   * @example
   * ```ts
   * JSON.stringify(new ContactKitError('CORE_INVALID_INPUT', 'Bad contact'))
   * // '{"name":"ContactKitError","code":"CORE_INVALID_INPUT","message":"Bad contact"}'
   * ```
   */
  toJSON(): { name: string; code: Code; message: string; details?: Record<string, unknown> } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    }
  }
}

/**
 * Tells whether a value is a contactkit error, also when it comes from another copy of the package.
 *
 * @param value - Anything caught.
 * @returns `true` for instances of {@link ContactKitError} or any subclass.
 *
 * @example
 * ```ts
 * try { parseContact({ emails: 42 }) } catch (error) {
 *   if (isContactKitError(error)) console.log(error.code) // 'CORE_INVALID_INPUT'
 * }
 * ```
 */
export function isContactKitError(value: unknown): value is ContactKitError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[ERROR_BRAND] === true &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

/**
 * Lists the invalid paths of a zod error as plain {@link ValidationIssue}s.
 *
 * @param error - A `ZodError` from `safeParse`.
 * @returns One issue per invalid path, in zod's order.
 *
 * @example
 * ```ts
 * const result = ContactSchema.safeParse({ emails: [{ value: 1 }] })
 * if (!result.success) toValidationIssues(result.error)
 * // [{ path: 'emails.0.value', message: 'Invalid input: expected string, received number', code: 'invalid_type' }]
 * ```
 */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }))
}

/**
 * Turns a zod failure into a {@link ContactKitError} whose `details.issues` lists each invalid path.
 *
 * @param error - A `ZodError` from `safeParse`.
 * @param code - The code to carry; packages pass their own, e.g. `'IMPORT_MALFORMED'`.
 * @param message - The summary for people; the invalid paths are appended.
 * @returns The error, ready to throw or return.
 *
 * @example
 * ```ts
 * const result = ContactSchema.safeParse({ firstName: 7 })
 * if (!result.success) throw fromZodError(result.error)
 * // ContactKitError CORE_INVALID_INPUT: Invalid contact: firstName
 * ```
 */
export function fromZodError<Code extends string = CoreErrorCode>(
  error: z.ZodError,
  code: Code = 'CORE_INVALID_INPUT' as Code,
  message = 'Invalid contact',
): ContactKitError<Code> {
  const issues = toValidationIssues(error)
  const paths = issues.map((issue) => issue.path || '(root)').join(', ')
  return new ContactKitError(code, `${message}: ${paths}`, { details: { issues }, cause: error })
}

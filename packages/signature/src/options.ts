import { z } from 'zod'
import { SignatureError } from './error.js'

/** Default of the `maxInputLength` option: 1 MiB of characters. */
export const DEFAULT_MAX_INPUT_LENGTH = 1_048_576
/** Default of the `scanLength` option: the last 64 KiB of the author's own text. */
export const DEFAULT_SCAN_LENGTH = 65_536

/**
 * The sender of a mail, as found in its `From` header.
 *
 * @example
 * ```ts
 * const from: Sender = { name: 'Schäfer, Anna', address: 'anna.schaefer@beispiel.de' }
 * ```
 */
export interface Sender {
  /** Display name, e.g. `Dr. Anna Schäfer` (raw header forms such as `"Schäfer, Anna" <…>` are accepted too). */
  name?: string | undefined
  /** Address, e.g. `anna.schaefer@beispiel.de`. */
  address?: string | undefined
}

/** @internal */
export const SenderSchema = z
  .object({ name: z.string().max(1000).optional(), address: z.string().max(1000).optional() })
  .optional()

/** @internal */
export const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .optional()

/**
 * Validates a value with a zod schema and turns failures into `SIGNATURE_INVALID_INPUT`.
 *
 * @internal
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }))
    // The first issue in the message, so a log line says what to fix; zod's messages name types, never values.
    const first = issues[0]
    const said = first?.message.replace(/^Invalid input: /, '')
    const where = first === undefined ? '' : `: ${first.path ? `${first.path}: ` : ''}${said}`
    throw new SignatureError('SIGNATURE_INVALID_INPUT', `Invalid ${what}${where}.`, { details: { issues } })
  }
  return result.data
}

/**
 * Throws `SIGNATURE_INPUT_TOO_LARGE` when a text is longer than the limit.
 *
 * @internal
 */
export function checkLength(text: string, limit: number, what: string): void {
  if (text.length > limit) {
    throw new SignatureError('SIGNATURE_INPUT_TOO_LARGE', `The ${what} is longer than ${limit} characters.`, {
      details: { length: text.length, limit },
    })
  }
}

/**
 * How a signature block was found.
 *
 * @example
 * ```ts
 * const method: DetectionMethod = 'contact-block'
 * ```
 */
export type DetectionMethod = 'html-container' | 'delimiter' | 'sign-off' | 'contact-block'

import { z } from 'zod'
import { type LineRange, renderHtml } from './html-to-text.js'
import { detectSignature } from './internal/detect.js'
import { findQuoteStart } from './internal/quote.js'
import { senderKeys } from './internal/sender.js'
import {
  CountrySchema,
  checkLength,
  DEFAULT_MAX_INPUT_LENGTH,
  DEFAULT_SCAN_LENGTH,
  type DetectionMethod,
  type Sender,
  SenderSchema,
  validate,
} from './options.js'
import { type ParsedSignature, type ParseLine, parseSignatureLines } from './parse-signature.js'

/**
 * What {@link extractSignature} reads: the plain text or the HTML of a mail body, and its sender.
 *
 * @example
 * ```ts
 * const input: ExtractSignatureInput = { text: 'Danke!\n\nViele Grüße\nAnna', from: { name: 'Anna Schäfer' } }
 * ```
 */
export interface ExtractSignatureInput {
  /** The `text/plain` body. */
  text?: string | undefined
  /** The `text/html` body; used instead of `text` when both are given (its signature containers help). */
  html?: string | undefined
  /** The `From` header: display name and address. */
  from?: Sender | undefined
}

/**
 * Options of {@link extractSignature}.
 *
 * @example
 * ```ts
 * const options: ExtractSignatureOptions = { defaultCountry: 'DE', scanLength: 32_768 }
 * ```
 */
export interface ExtractSignatureOptions {
  /** Longest accepted `text` or `html`, in characters; longer input throws `SIGNATURE_INPUT_TOO_LARGE`. Default 1 MiB. */
  maxInputLength?: number | undefined
  /** Only the last `scanLength` characters of the author's own text are examined. Default 65,536. */
  scanLength?: number | undefined
  /** Longest signature block, in non-blank lines. Default 20. */
  maxSignatureLines?: number | undefined
  /** Parse the block into a contact (default `true`). */
  parse?: boolean | undefined
  /** ISO 3166 country for phone numbers and addresses written without one, e.g. `'DE'`. */
  defaultCountry?: string | undefined
}

/**
 * A block of lines of the examined text.
 *
 * @example
 * ```ts
 * const block: TextBlock = { text: 'Vertraulich ...', startLine: 12, endLine: 14 }
 * ```
 */
export interface TextBlock extends LineRange {
  /** The lines of the block joined with `\n`. */
  text: string
}

/**
 * The signature block found in a mail.
 *
 * @example
 * ```ts
 * const block: SignatureBlock = { text: 'Viele Grüße\nAnna', startLine: 4, endLine: 5, method: 'sign-off', signOff: 'Viele Grüße' }
 * ```
 */
export interface SignatureBlock extends TextBlock {
  /** How the block was found. */
  method: DetectionMethod
  /** The closing formula ("Mit freundlichen Grüßen", "Best regards,") that opens the block, if any. */
  signOff?: string
}

/**
 * The result of {@link extractSignature}.
 *
 * @example
 * ```ts
 * const result: ExtractedSignature = extractSignature({ text: 'Ok.\n\nBest regards,\nJohn Smith\nAcme Ltd' })
 * result.signature?.method // 'sign-off'
 * ```
 */
export interface ExtractedSignature {
  /** The signature block (closing formula, name, contact lines, register data); absent when none was found. */
  signature?: SignatureBlock
  /** A confidentiality notice or legal disclaimer below the signature, kept apart. */
  disclaimer?: TextBlock
  /** The author's own text above the signature, without quoted replies, signature, disclaimer and mobile footer. */
  body: string
  /** Which text the line numbers refer to: the `text` input, or `htmlToText(html)`. */
  source: 'text' | 'html'
  /** Whether a quoted reply or forwarded message was cut off. */
  quoteRemoved: boolean
  /** 0 (no signature) to 1: how sure the detection is. */
  confidence: number
  /** Whether the block is the sender's own: it holds the sender's address, or names the sender. */
  belongsToSender: boolean
  /** What ties the block to the sender. */
  senderEvidence: 'email' | 'name' | 'none'
  /** The contact parsed from the block (with `parse: true`, the default). */
  contact?: ParsedSignature['contact']
  /** Every parsed field with its confidence and line. */
  fields?: ParsedSignature['fields']
}

const InputSchema = z
  .object({ text: z.string().optional(), html: z.string().optional(), from: SenderSchema })
  .refine((value) => value.text !== undefined || value.html !== undefined, { message: 'Give text or html.' })

const OptionsSchema = z
  .object({
    maxInputLength: z.number().int().positive().optional(),
    scanLength: z.number().int().positive().optional(),
    maxSignatureLines: z.number().int().min(1).max(200).optional(),
    parse: z.boolean().optional(),
    defaultCountry: CountrySchema,
  })
  .optional()

const LINE_BREAK = /\r\n|\r|\n/

type CheckedInput = z.infer<typeof InputSchema>
type CheckedOptions = NonNullable<z.infer<typeof OptionsSchema>>

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isOptionalString(value: unknown, maxLength: number): value is string | undefined {
  return value === undefined || (typeof value === 'string' && value.length <= maxLength)
}

// The input when it plainly passes InputSchema (strings where strings belong, a sender of short strings),
// as InputSchema would return it; undefined when zod has to look.
function plainInput(input: unknown): CheckedInput | undefined {
  if (!isRecord(input)) return undefined
  const { text, html, from } = input
  if (typeof text !== 'string' && typeof html !== 'string') return undefined
  if (!isOptionalString(text, Number.POSITIVE_INFINITY) || !isOptionalString(html, Number.POSITIVE_INFINITY))
    return undefined
  const checked: CheckedInput = {}
  if (text !== undefined) checked.text = text
  if (html !== undefined) checked.html = html
  if (from === undefined) return checked
  if (!isRecord(from) || !isOptionalString(from.name, 1000) || !isOptionalString(from.address, 1000))
    return undefined
  const sender: NonNullable<CheckedInput['from']> = {}
  if (from.name !== undefined) sender.name = from.name
  if (from.address !== undefined) sender.address = from.address
  checked.from = sender
  return checked
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

// The options when they plainly pass OptionsSchema; undefined when zod has to look.
function plainOptions(options: unknown): CheckedOptions | undefined {
  if (options === undefined) return {}
  if (!isRecord(options)) return undefined
  const checked: CheckedOptions = {}
  for (const key in options) {
    const value = options[key]
    if (value === undefined) continue
    if (key === 'maxInputLength' || key === 'scanLength') {
      if (!isPositiveInteger(value)) return undefined
      checked[key] = value as number
    } else if (key === 'maxSignatureLines') {
      if (!isPositiveInteger(value) || (value as number) > 200) return undefined
      checked.maxSignatureLines = value as number
    } else if (key === 'parse') {
      if (typeof value !== 'boolean') return undefined
      checked.parse = value
    } else if (key === 'defaultCountry') {
      if (typeof value !== 'string' || !COUNTRY_CODE.test(value)) return undefined
      checked.defaultCountry = value
    } else return undefined
  }
  return checked
}

const COUNTRY_CODE = /^[A-Z]{2}$/

/**
 * Finds the sender's signature in a mail body — plain text or HTML, German, English, French, Spanish,
 * Italian or Dutch — and parses it into a contact.
 *
 * Quoted replies and forwarded messages are removed first (`On … wrote:`, `Am … schrieb …:`,
 * `-----Ursprüngliche Nachricht-----`, `Von:/Gesendet:/An:/Betreff:` blocks, `>` lines). The block is
 * found by an HTML signature container, the `-- ` delimiter, a closing formula ("Mit freundlichen
 * Grüßen", "Best regards") or, without any of these, as a trailing block of name and contact lines.
 * A disclaimer below it is returned apart; mobile footers ("Sent from my iPhone") are never a signature.
 *
 * The function is pure: no I/O, no logging, no state between calls.
 *
 * @param input - `text` and/or `html` of the body, and `from` (name and address of the sender).
 * @param options - Limits, `defaultCountry` and whether to parse the block.
 * @returns The block and its line range, a disclaimer, the body without them, a confidence, whether the
 *   block is the sender's, and the parsed contact.
 * @throws {SignatureError} `SIGNATURE_INPUT_TOO_LARGE` when the text or HTML exceeds `maxInputLength`;
 *   `SIGNATURE_INVALID_INPUT` when neither `text` nor `html` is a string.
 *
 * @example
 * ```ts
 * const result = extractSignature({
 *   text: 'Hallo Herr Weber,\n\nanbei das Angebot.\n\nMit freundlichen Grüßen\nAnna Schäfer\nVertrieb\nTel.: +49 89 1234567-12',
 *   from: { name: 'Anna Schäfer', address: 'anna.schaefer@beispiel.de' },
 * })
 * result.signature?.startLine // 4
 * result.contact?.lastName // 'Schäfer'
 * ```
 */
export function extractSignature(
  input: ExtractSignatureInput,
  options: ExtractSignatureOptions = {},
): ExtractedSignature {
  // Plainly valid arguments (the usual case) skip zod; anything else gets its full check and error.
  const checkedOptions = plainOptions(options) ?? validate(OptionsSchema, options, 'options') ?? {}
  const maxInputLength = checkedOptions.maxInputLength ?? DEFAULT_MAX_INPUT_LENGTH
  const scanLength = checkedOptions.scanLength ?? DEFAULT_SCAN_LENGTH
  const checkedInput = plainInput(input) ?? validate(InputSchema, input, 'input')
  const from = checkedInput.from
  let text: string
  let source: 'text' | 'html'
  let htmlSignature: LineRange | undefined
  let quoteRemoved = false
  if (checkedInput.html !== undefined) {
    checkLength(checkedInput.html, maxInputLength, 'HTML')
    const rendered = renderHtml(checkedInput.html)
    text = rendered.text
    htmlSignature = rendered.signature
    quoteRemoved = rendered.quoteRemoved
    source = 'html'
  } else {
    text = checkedInput.text as string
    checkLength(text, maxInputLength, 'text')
    source = 'text'
  }

  // Most mails use \n only; a string split is much cheaper than a regex split.
  const lines = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n')
  const quoteStart = findQuoteStart(lines)
  if (quoteStart < lines.length) quoteRemoved = true
  // Examine only the last `scanLength` characters of the author's own text.
  let first = quoteStart
  for (let chars = 0; first > 0 && chars < scanLength; ) {
    first--
    chars += (lines[first] as string).length + 1
  }
  if (first > 0 && first < quoteStart) first++
  const keys = senderKeys(from)
  const detection = detectSignature(lines, first, quoteStart, keys, {
    maxSignatureLines: checkedOptions.maxSignatureLines ?? 20,
    htmlSignature,
  })

  const sliceText = (range: LineRange) => lines.slice(range.startLine, range.endLine + 1).join('\n')
  const bodyEnd =
    detection.signature?.startLine ??
    detection.disclaimer?.startLine ??
    detection.footer?.startLine ??
    quoteStart
  const result: ExtractedSignature = {
    body: lines.slice(0, bodyEnd).join('\n').trimEnd(),
    source,
    quoteRemoved,
    confidence: detection.confidence,
    belongsToSender:
      detection.signature !== undefined && detection.senderEvidence !== 'none' && !detection.foreignEmail,
    senderEvidence: detection.signature === undefined ? 'none' : detection.senderEvidence,
  }
  if (detection.disclaimer !== undefined) {
    result.disclaimer = { ...detection.disclaimer, text: sliceText(detection.disclaimer) }
  }
  const found = detection.signature
  if (found === undefined) return result
  const signature: SignatureBlock = {
    text: sliceText(found),
    startLine: found.startLine,
    endLine: found.endLine,
    method: found.method,
  }
  if (found.signOffLine !== undefined) signature.signOff = (lines[found.signOffLine] as string).trim()
  result.signature = signature

  if (checkedOptions.parse !== false) {
    // Parse the contact lines: without the closing formula and mobile footers, plus the register
    // data that may sit in the disclaimer.
    // Each line carries the features detection computed for it, so the parser does not test it again.
    const parseLines: ParseLine[] = []
    for (let k = found.startLine; k <= found.endLine; k++) {
      const line = detection.features.get(k)
      if (k === found.signOffLine && line?.signOff === 'exact') continue
      if (line?.mobile || line?.rule || line?.delimiter) continue
      parseLines.push({ text: lines[k] as string, line: k, features: line })
    }
    if (detection.disclaimer !== undefined) {
      for (let k = detection.disclaimer.startLine; k <= detection.disclaimer.endLine; k++) {
        parseLines.push({ text: lines[k] as string, line: k, features: detection.features.get(k) })
      }
    }
    const parsed = parseSignatureLines(parseLines, {
      from,
      defaultCountry: checkedOptions.defaultCountry,
      registerOnlyFrom: detection.disclaimer?.startLine,
      senderKeys: keys,
      signOffLine: found.signOffLine,
    })
    result.contact = parsed.contact
    result.fields = parsed.fields
  }
  return result
}

import type { Contact, ContactInput } from '@contactkit/core'
import { extractSignature, isSignatureError, parseBusinessCard, parseVCard } from '@contactkit/signature'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/authenticate.js'
import { connectorFor } from '../dataquality/connectors.js'
import { checkDuplicate } from '../dataquality/duplicate-check.js'
import { isIdentifiable } from '../dataquality/identifiable.js'
import { serverMatcher } from '../dataquality/matcher.js'
import { ServerError } from '../errors.js'
import { CountryCode, DuplicateCheckSchema } from './dataquality-schemas.js'
import { errorResponses } from './schemas.js'

/** Longest e-mail body (text or HTML) a capture reads, in characters. */
export const MAX_MAIL_LENGTH = 1_048_576
/** Longest OCR text of a business card or vCard, in characters. */
export const MAX_CARD_LENGTH = 65_536

const FieldSchema = z.object({
  field: z
    .string()
    .describe('name, jobTitle, department, company, email, phone, website, address, social, …'),
  value: z.string(),
  confidence: z.number().min(0).max(1),
  line: z.number().int().describe('0-based line of the read text'),
  kind: z.string().optional().describe('Phone kind or social network'),
})

const CaptureSchema = z.object({
  found: z
    .boolean()
    .describe('Whether the text holds a contact: a signature with a name, e-mail or phone, or such a card'),
  fields: z.array(FieldSchema).describe('Every value read, with its confidence (empty for a vCard)'),
  check: DuplicateCheckSchema.optional().describe(
    'The duplicate check of the contact read, when one was found',
  ),
})

const SignatureInfoSchema = z.object({
  confidence: z.number().min(0).max(1).describe('How sure the detection is that the block is a signature'),
  belongsToSender: z.boolean().describe('The block holds the sender’s address or names the sender'),
  senderEvidence: z.enum(['email', 'name', 'none']),
  quoteRemoved: z.boolean().describe('A quoted reply or forwarded message was cut off before reading'),
})

const CheckOptions = {
  defaultCountry: CountryCode.optional(),
  limit: z.number().int().min(1).max(20).default(5).describe('Most candidates per contact'),
}

// The parsers' input limits as the server's typed errors; nothing of the text goes into the message.
function parsing<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (isSignatureError(error)) {
      if (error.code === 'SIGNATURE_INPUT_TOO_LARGE')
        throw new ServerError('PAYLOAD_TOO_LARGE', 'The text is too long to read.')
      throw new ServerError('VALIDATION_FAILED', 'The text could not be read.', {
        details: { signatureCode: error.code },
      })
    }
    throw error
  }
}

/**
 * Contacts from what arrives outside a form: the signature of an e-mail, the OCR text of a business card and a
 * vCard, each read by @contactkit/signature and checked against the CRM as `/duplicates/check` does, so the
 * answer leads into the merge view. Mail and card texts are read and dropped: never stored, logged or audited.
 */
export async function captureRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>()

  const check = async (
    request: Parameters<typeof actorOf>[0],
    contact: Contact,
    options: { defaultCountry?: string | undefined; limit: number },
  ) => {
    const connector = await connectorFor(app.ctx, actorOf(request), {
      defaultCountry: options.defaultCountry,
    })
    return checkDuplicate(connector, serverMatcher(), contact as ContactInput, {
      defaultCountry: connector.defaultCountry,
      limit: options.limit,
    })
  }

  api.post(
    '/capture/email',
    {
      // An HTML mail with inline styles is larger than the default 1 MiB body allows.
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['dataquality'],
        summary:
          'Read the sender’s signature of an e-mail (quotes, disclaimers removed) and check it for duplicates',
        body: z
          .object({
            text: z.string().max(MAX_MAIL_LENGTH).optional().describe('The text/plain body'),
            html: z.string().max(MAX_MAIL_LENGTH).optional().describe('The text/html body; used when given'),
            from: z
              .object({ name: z.string().max(300).optional(), address: z.string().max(320).optional() })
              .optional()
              .describe('The From header: picks the name line and ties the signature to the sender'),
            ...CheckOptions,
          })
          .refine((body) => body.text !== undefined || body.html !== undefined, {
            message: 'Give the text or the HTML body',
            path: ['text'],
          }),
        response: { 200: CaptureSchema.extend({ signature: SignatureInfoSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const { text, html, from, defaultCountry, limit } = request.body
      const extracted = parsing(() =>
        extractSignature({ text, html, from }, { defaultCountry, maxInputLength: MAX_MAIL_LENGTH }),
      )
      const signature = {
        confidence: extracted.confidence,
        belongsToSender: extracted.belongsToSender,
        senderEvidence: extracted.senderEvidence,
        quoteRemoved: extracted.quoteRemoved,
      }
      const contact = extracted.contact
      if (contact === undefined || extracted.signature === undefined || !isIdentifiable(contact))
        return { found: false, fields: [], signature }
      return {
        found: true,
        fields: extracted.fields ?? [],
        signature,
        check: await check(request, contact, { defaultCountry, limit }),
      }
    },
  )

  api.post(
    '/capture/business-card',
    {
      schema: {
        tags: ['dataquality'],
        summary: 'Read the OCR text of a business card into a contact and check it for duplicates',
        body: z.object({
          text: z
            .string()
            .min(1)
            .max(MAX_CARD_LENGTH)
            .describe('The card’s text as the OCR gave it, line by line'),
          ...CheckOptions,
        }),
        response: { 200: CaptureSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { text, defaultCountry, limit } = request.body
      const parsed = parsing(() =>
        parseBusinessCard(text, { defaultCountry, maxInputLength: MAX_CARD_LENGTH }),
      )
      if (!isIdentifiable(parsed.contact)) return { found: false, fields: parsed.fields }
      return {
        found: true,
        fields: parsed.fields,
        check: await check(request, parsed.contact, { defaultCountry, limit }),
      }
    },
  )

  api.post(
    '/capture/vcard',
    {
      schema: {
        tags: ['dataquality'],
        summary:
          'Read a vCard (2.1, 3.0, 4.0) or MECARD, as card scanner apps and QR codes give it, and check it',
        body: z.object({
          text: z.string().min(1).max(MAX_CARD_LENGTH).describe('The vCard or MECARD text'),
          ...CheckOptions,
        }),
        response: { 200: CaptureSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { text, defaultCountry, limit } = request.body
      const parsed = parsing(() => parseVCard(text, { defaultCountry, maxInputLength: MAX_CARD_LENGTH }))
      if (!isIdentifiable(parsed.contact)) return { found: false, fields: [] }
      return {
        found: true,
        fields: [],
        check: await check(request, parsed.contact, { defaultCountry, limit }),
      }
    },
  )
}

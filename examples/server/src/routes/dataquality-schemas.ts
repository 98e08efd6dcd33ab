import { z } from 'zod'

/** Shared zod schemas of the DataQuality routes. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .describe('ISO country for phone numbers written without a country code')

export const ContactJson = z
  .record(z.string(), z.unknown())
  .describe('A canonical contact (@contactkit/core)')

export const FieldComparisonSchema = z.object({
  field: z.string(),
  level: z.string(),
  weight: z.number(),
  reason: z.string(),
})

export const CandidateSchema = z.object({
  id: z.string(),
  contact: ContactJson,
  updatedAt: z.string().optional(),
  probability: z.number(),
  weight: z.number(),
  verdict: z.enum(['duplicate', 'possible', 'distinct']),
  fields: z
    .array(FieldComparisonSchema)
    .describe('Per-field explanation from @contactkit/match, prior first'),
})

export const DuplicateCheckSchema = z.object({
  status: z.enum(['duplicate', 'possible', 'none']).describe('The traffic light'),
  contact: ContactJson.describe('The checked contact, normalised'),
  issues: z.array(z.unknown()),
  candidates: z.array(CandidateSchema),
})

export const CrmRecordSchema = z.object({
  id: z.string(),
  contact: ContactJson,
  updatedAt: z.string().optional(),
})

export const ChoiceSchema = z.enum(['keepExisting', 'takeIncoming', 'union'])

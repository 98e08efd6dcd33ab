import { z } from 'zod'
import { MIN_PASSWORD_LENGTH } from '../auth/password.js'
import { ROLES } from '../store/schema.js'

/** Shared zod schemas of the HTTP API; they also shape the OpenAPI document. */
export const IdParams = z.object({ id: z.uuid() })

export const Email = z.email().max(320).describe('E-mail address, also the login name')
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024)
export const PersonName = z.string().trim().min(1).max(200)
export const RoleSchema = z.enum(ROLES)

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable, SCREAMING_SNAKE error code'),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .describe('The one error shape of the API')

export const UserSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
})

/** The API form of a user row; never the password hash or TOTP secret. */
export function toUser(row: {
  id: string
  org_id: string
  email: string
  name: string
  role: z.infer<typeof RoleSchema>
  totp_enabled_at: Date | null
  disabled_at: Date | null
  created_at: Date
}): z.infer<typeof UserSchema> {
  return {
    id: row.id,
    organisationId: row.org_id,
    email: row.email,
    name: row.name,
    role: row.role,
    totpEnabled: row.totp_enabled_at !== null,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
  }
}

/** Error responses most routes can give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
} as const

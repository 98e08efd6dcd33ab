import { isAbsolute, resolve } from 'node:path'
import { createSealer, isSealError } from '@contactkit/seal'
import { z } from 'zod'
import { parseSmtpUrl } from './mailer.js'

/** Exit code for a bad setting (sysexits EX_CONFIG), so supervisors can tell it from a crash. */
export const EXIT_CONFIG = 78

const port = z.coerce
  .number({ error: 'must be a whole number between 1 and 65535' })
  .int('must be a whole number between 1 and 65535')
  .min(1, 'must be a whole number between 1 and 65535')
  .max(65535, 'must be a whole number between 1 and 65535')

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value)
      return url.protocol === 'postgres:' || url.protocol === 'postgresql:'
    } catch {
      return false
    }
  }, 'must be a postgres:// or postgresql:// URL, e.g. postgres://user@db.example.com:5432/contactkit')

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search
    } catch {
      return false
    }
  }, 'must be the http(s) origin users reach the server at, e.g. https://contacts.example.com')
  .transform((value) => new URL(value).origin)

// TRUST_PROXY follows Fastify's trustProxy: true/false, a hop count, or addresses/CIDRs.
const trustProxy = z
  .string()
  .trim()
  .transform((value, context): boolean | number | string[] => {
    if (/^(true|yes|1)$/i.test(value)) return true
    if (/^(false|no|0|)$/i.test(value)) return false
    if (/^\d+$/.test(value)) return Number(value)
    const entries = value.split(',').map((entry) => entry.trim())
    if (entries.every((entry) => /^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry))) return entries
    context.addIssue({
      code: 'custom',
      message: 'must be true, false, a hop count, or a comma-separated list of proxy addresses/CIDRs',
    })
    return z.NEVER
  })

// SEAL_KEYS: comma-separated `id:secret` pairs; each secret is hex or base64 of 32+ random bytes,
// checked by @contactkit/seal itself below so a setting that passes here never fails at start-up.
const sealKeys = z
  .string()
  .trim()
  .transform((value, context) => {
    const keys: Record<string, string> = {}
    for (const entry of value.split(',')) {
      const colon = entry.indexOf(':')
      const id = entry.slice(0, colon).trim()
      const secret = entry.slice(colon + 1).trim()
      if (colon < 1 || !/^[A-Za-z0-9_-]+$/.test(id) || secret.length < 32) {
        context.addIssue({
          code: 'custom',
          message:
            'must be comma-separated id:secret pairs, ids of letters/digits/_/-, secrets of 32+ characters',
        })
        return z.NEVER
      }
      keys[id] = secret
    }
    return keys
  })

// The URL itself never appears in a message: it may carry the SMTP password.
const smtpUrl = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const parsed = parseSmtpUrl(value)
    if (!parsed.success) context.addIssue({ code: 'custom', message: parsed.error })
  })

const emailAddress = z.email()
// MAIL_FROM: a bare address or `Name <address>`; line breaks would let the value add mail headers.
const mailFrom = z
  .string()
  .trim()
  .refine((value) => {
    if (/[\r\n]/.test(value)) return false
    const address = /^[^<>]*<([^<>]+)>$/.exec(value)?.[1] ?? value
    return emailAddress.safeParse(address.trim()).success
  }, 'must be an address or `Name <address>`, e.g. contactkit <no-reply@example.com>')

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

const EnvSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
    DATABASE_URL: postgresUrl.optional(),
    DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
    SEAL_KEYS: sealKeys.optional(),
    SEAL_CURRENT_KEY: z.string().trim().min(1, 'must not be empty').optional(),
    PUBLIC_URL: httpUrl.optional(),
    TRUST_PROXY: trustProxy.default(false),
    TLS_CERT_FILE: z.string().trim().min(1).optional(),
    TLS_KEY_FILE: z.string().trim().min(1).optional(),
    HTTP_REDIRECT_PORT: port.optional(),
    LOG_LEVEL: logLevel.default('info'),
    SMTP_URL: smtpUrl.optional(),
    MAIL_FROM: mailFrom.optional(),
  })
  .superRefine((env, context) => {
    if (env.DATABASE_URL && !env.SEAL_KEYS) {
      context.addIssue({
        code: 'custom',
        path: ['SEAL_KEYS'],
        message:
          'is required with DATABASE_URL, so every server process seals and unseals with the same keys',
      })
    }
    if (env.SEAL_KEYS && !env.SEAL_CURRENT_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['SEAL_CURRENT_KEY'],
        message: 'is required when SEAL_KEYS is set',
      })
    }
    if (env.SEAL_CURRENT_KEY && !env.SEAL_KEYS?.[env.SEAL_CURRENT_KEY]) {
      context.addIssue({
        code: 'custom',
        path: ['SEAL_CURRENT_KEY'],
        message: 'must name one of the ids in SEAL_KEYS',
      })
    }
    if (env.SEAL_KEYS && env.SEAL_CURRENT_KEY && env.SEAL_KEYS[env.SEAL_CURRENT_KEY]) {
      try {
        createSealer({ keys: env.SEAL_KEYS, currentKeyId: env.SEAL_CURRENT_KEY })
      } catch (error) {
        if (!isSealError(error)) throw error
        // The seal error names the key id and the problem, never the secret.
        context.addIssue({
          code: 'custom',
          path: ['SEAL_KEYS'],
          message: `is not a usable keyring (${error.code}): each secret must be hex or base64 of at least 32 random bytes, e.g. \`openssl rand -base64 32\``,
        })
      }
    }
    if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
      context.addIssue({
        code: 'custom',
        path: [env.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'],
        message: 'TLS_CERT_FILE and TLS_KEY_FILE must be set together',
      })
    }
    if (env.HTTP_REDIRECT_PORT && !env.TLS_CERT_FILE) {
      context.addIssue({
        code: 'custom',
        path: ['HTTP_REDIRECT_PORT'],
        message: 'only applies when the server terminates TLS itself (TLS_CERT_FILE/TLS_KEY_FILE)',
      })
    }
    if (env.SMTP_URL && !env.MAIL_FROM) {
      context.addIssue({
        code: 'custom',
        path: ['MAIL_FROM'],
        message: 'is required with SMTP_URL, e.g. contactkit <no-reply@example.com>',
      })
    }
    if (env.SMTP_URL && !env.PUBLIC_URL) {
      // Links in mails are built from PUBLIC_URL, never from the request's Host header, which a client chooses.
      context.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required with SMTP_URL: links in password-reset and invitation mails start with it',
      })
    }
    if (env.HTTP_REDIRECT_PORT && env.HTTP_REDIRECT_PORT === env.PORT) {
      context.addIssue({ code: 'custom', path: ['HTTP_REDIRECT_PORT'], message: 'must differ from PORT' })
    }
  })

/** Validated server settings. */
export interface Config {
  port: number
  host: string
  /** PostgreSQL connection string; `undefined` selects the embedded PGlite store. */
  databaseUrl: string | undefined
  /** Absolute folder of the embedded store. */
  dataDir: string
  seal: { keys: Record<string, string>; currentKeyId: string } | undefined
  /** Origin users reach the server at, e.g. `https://contacts.example.com`. */
  publicUrl: string | undefined
  trustProxy: boolean | number | string[]
  tls: { certFile: string; keyFile: string; redirectPort: number | undefined } | undefined
  /** Redirect HTTP to HTTPS and send HSTS: true when TLS is terminated here or PUBLIC_URL is https. */
  httpsOnly: boolean
  logLevel: z.infer<typeof logLevel>
  /** Outgoing mail (password reset, invitations); `undefined`: mail is off. */
  smtp: { url: string; from: string } | undefined
}

/** One bad setting, for the start-up message. */
export interface ConfigProblem {
  variable: string
  message: string
}

/** Result of {@link loadConfig}: settings or the list of bad ones. */
export type ConfigResult = { success: true; config: Config } | { success: false; problems: ConfigProblem[] }

/** Reads and validates the settings from environment variables; empty values count as unset. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): ConfigResult {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  )
  const result = EnvSchema.safeParse(present)
  if (!result.success) {
    return {
      success: false,
      problems: result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: issue.message,
      })),
    }
  }
  const value = result.data
  const tls =
    value.TLS_CERT_FILE && value.TLS_KEY_FILE
      ? { certFile: value.TLS_CERT_FILE, keyFile: value.TLS_KEY_FILE, redirectPort: value.HTTP_REDIRECT_PORT }
      : undefined
  return {
    success: true,
    config: {
      port: value.PORT,
      host: value.HOST,
      databaseUrl: value.DATABASE_URL,
      dataDir: isAbsolute(value.DATA_DIR) ? value.DATA_DIR : resolve(cwd, value.DATA_DIR),
      seal:
        value.SEAL_KEYS && value.SEAL_CURRENT_KEY
          ? { keys: value.SEAL_KEYS, currentKeyId: value.SEAL_CURRENT_KEY }
          : undefined,
      publicUrl: value.PUBLIC_URL,
      trustProxy: value.TRUST_PROXY,
      tls,
      httpsOnly: tls !== undefined || value.PUBLIC_URL?.startsWith('https:') === true,
      logLevel: value.LOG_LEVEL,
      smtp: value.SMTP_URL && value.MAIL_FROM ? { url: value.SMTP_URL, from: value.MAIL_FROM } : undefined,
    },
  }
}

/** Formats the problems as the lines printed before exiting with {@link EXIT_CONFIG}. */
export function formatConfigProblems(problems: ConfigProblem[]): string {
  return [
    'contactkit server: invalid configuration',
    ...problems.map((problem) => `  ${problem.variable} ${problem.message}`),
    'See examples/server/README.md#configuration.',
  ].join('\n')
}

import { toValidationIssues } from '@contactkit/core'
import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { type ErrorBody, ServerError } from './errors.js'

function body(error: ServerError, issues?: ErrorBody['error']['issues']): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(issues ? { issues } : {}),
      ...(error.details ? { details: error.details } : {}),
    },
  }
}

/** Maps every failure to the one error shape; unknown errors become INTERNAL without their message or stack. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'Invalid value',
        code: String(
          issue.params?.issue && (issue.params.issue as { code?: string }).code
            ? (issue.params.issue as { code: string }).code
            : issue.keyword,
        ),
      }))
      return reply
        .code(400)
        .send(body(new ServerError('VALIDATION_FAILED', 'The request is not valid.'), issues))
    }
    if (error instanceof ServerError) {
      if (error.code === 'RATE_LIMITED' || error.code === 'AUTH_LOCKED') {
        const retry = error.details?.retryAfterSeconds
        if (typeof retry === 'number') reply.header('retry-after', String(retry))
      }
      return reply.code(error.statusCode).send(body(error))
    }
    if (error.name === 'ZodError' && 'issues' in error) {
      const issues = toValidationIssues(error as never)
      return reply
        .code(400)
        .send(body(new ServerError('VALIDATION_FAILED', 'The request is not valid.'), issues))
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500
    if (status === 429) {
      return reply
        .code(429)
        .send(body(new ServerError('RATE_LIMITED', 'Too many requests; try again later.')))
    }
    if (status === 413) {
      return reply
        .code(413)
        .send(body(new ServerError('PAYLOAD_TOO_LARGE', 'The request body is too large.')))
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, wrong content type): safe to echo, no internals in them.
      return reply.code(status).send(body(new ServerError('VALIDATION_FAILED', error.message)))
    }
    // Log the error class and code only: messages of driver errors can contain SQL parameters.
    request.log.error({ err: { type: error.name, code: error.code } }, 'request failed')
    return reply.code(500).send(body(new ServerError('INTERNAL', 'Something went wrong on our side.')))
  })
  app.setNotFoundHandler((_request, reply) => {
    return reply.code(404).send(body(new ServerError('NOT_FOUND', 'No such route.')))
  })
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isUnstorableText } from '../db/db-errors.ts';
import { AppError, type ErrorCode, statusByCode } from '../platform/errors.ts';

/** The one error response shape. */
export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Fastify's own client errors, by their code, mapped to ours. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'This content type is not accepted here; send JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'validation_failed', message: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'The body is empty but the content type says JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_VALIDATION: { code: 'validation_failed', message: 'The request is not valid.' },
  FST_ERR_BAD_URL: { code: 'validation_failed', message: 'The URL is not valid: part of its path is not properly percent-encoded.' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'validation_failed', message: 'The URL is not valid: part of its path is too long.' },
};

/**
 * Fastify's router refuses a malformed or over-long path before any hook or the error handler runs (its
 * `frameworkErrors` option): answered here in the same shape.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known = fastifyCodes[error.code] ?? { code: 'validation_failed' as const, message: 'The request is not valid.' };
  void reply.status(statusByCode[known.code]).send(errorBody(known.code, known.message));
}

/**
 * Maps every error to `{ error: { code, message, details? } }`. Expected failures keep their code and message;
 * anything unexpected is logged and answered with a generic 500 that reveals nothing.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return reply.status(statusByCode[error.code]).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        field: [error.validationContext, ...(issue.instancePath ? issue.instancePath.split('/').filter(Boolean) : [])].join('.'),
        message: issue.message,
      }));
      const summary = issues
        .slice(0, 3)
        .map((i) => `${i.field}: ${i.message}`)
        .join('; ');
      return reply.status(400).send(errorBody('validation_failed', `The request is not valid: ${summary}.`, { issues }));
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return reply.status(statusByCode[known.code]).send(errorBody(known.code, known.message));
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      return reply.status(400).send(errorBody('invalid_json', 'The body is not valid JSON.'));
    }
    if (isUnstorableText(error)) {
      return reply.status(400).send(errorBody('validation_failed', 'The request contains text that cannot be stored: the NUL character (U+0000) is not allowed.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code: ErrorCode = error.statusCode === 404 ? 'not_found' : error.statusCode === 413 ? 'payload_too_large' : error.statusCode === 415 ? 'unsupported_media_type' : error.statusCode === 429 ? 'rate_limited' : 'validation_failed';
      return reply.status(statusByCode[code]).send(errorBody(code, error.message));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send(errorBody('internal_error', 'Something went wrong on our side. It has been logged; please try again.'));
  });
}

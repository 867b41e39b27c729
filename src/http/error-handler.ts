import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { ActorNotPermittedError, NotFoundError, RuleViolation } from '../domain/shared/errors.js';
import { InvalidAppendError, StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../store/errors.js';
import { HttpProblem, problem, sendProblem, type FieldError, type Problem } from './problem.js';

// One place that turns anything thrown while answering a request into a problem document.
// Whatever a client can send ends in a 4xx; only our own faults are 5xx (and are logged as such).

const STREAM_CATEGORY_RESOURCE: Record<string, string> = { unit: 'unit', post: 'post', officer: 'officer', case: 'case' };

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function zodFieldErrors(error: ZodError, location: string): FieldError[] {
  return error.issues.map((issue) => ({ in: location, path: fieldPath(issue.path), message: issue.message }));
}

/** Maps an error to its problem document, or undefined when it is our fault (a 500). */
export function toProblem(error: unknown, request: FastifyRequest): { body: Problem; headers?: Record<string, string> } | undefined {
  if (error instanceof HttpProblem) return { body: error.problem, headers: error.headers };

  const fastifyError = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = fastifyError.validationContext ?? 'body';
    const errors = error.validation.map((issue) => ({
      in: location,
      path: issue.instancePath.replace(/^\//, '').replace(/\//g, '.'),
      message: issue.message,
    }));
    return { body: problem(400, `Invalid ${location}: ${errors.map((e) => `${e.path || location} ${e.message}`).join('; ')}`, { errors }) };
  }
  if (error instanceof ZodError) {
    // A schema inside the domain refused the command input: still the client's input.
    return { body: problem(400, 'Invalid command input', { errors: zodFieldErrors(error, 'body') }) };
  }
  if (error instanceof RuleViolation) return { body: problem(409, error.message, { rule: error.rule }) };
  if (error instanceof ActorNotPermittedError) return { body: problem(403, error.message, { rule: error.rule }) };
  if (error instanceof NotFoundError) return { body: problem(404, error.message, { resource: error.resource, id: error.id }) };
  if (error instanceof StreamNotFoundError) {
    const category = error.streamName.slice(0, error.streamName.indexOf('-'));
    return { body: problem(404, `Unknown ${STREAM_CATEGORY_RESOURCE[category] ?? 'resource'}`) };
  }
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actual === 'no_stream' ? 'does not exist' : `is at revision ${error.actual}`;
    if (request.headers['if-match'] !== undefined) {
      const headers: Record<string, string> = error.actual === 'no_stream' ? {} : { ETag: `W/"${error.actual}"` };
      return { body: problem(412, `If-Match named revision ${error.expected}; the resource ${actual}`), headers };
    }
    // No If-Match: the command service already retried; someone keeps writing the same stream.
    return { body: problem(409, `The resource changed while the command was applied (it ${actual}); retry`, { rule: 'concurrent-update' }) };
  }
  if (error instanceof InvalidAppendError) return { body: problem(400, error.message) };
  if (error instanceof StoreUnavailableError) {
    return { body: problem(503, 'The event store is unavailable; nothing was written. Retry later.'), headers: { 'Retry-After': '5' } };
  }

  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    switch (fastifyError.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return { body: problem(413, `The body exceeds ${request.routeOptions.bodyLimit ?? 'the limit of'} bytes`) };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return { body: problem(415, `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted; send application/json`) };
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return { body: problem(400, fastifyError.message, { errors: [{ in: 'body', path: '', message: fastifyError.message }] }) };
      default:
        break;
    }
    if (fastifyError.code?.startsWith('FST_JWT_')) return { body: problem(401, fastifyError.message), headers: { 'WWW-Authenticate': 'Bearer' } };
    if (status === 400 && error instanceof SyntaxError) {
      return { body: problem(400, `The body is not valid JSON: ${error.message}`, { errors: [{ in: 'body', path: '', message: 'not valid JSON' }] }) };
    }
    return { body: problem(status, fastifyError.message) };
  }
  return undefined;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = toProblem(error, request);
  if (mapped) {
    if (mapped.body.status >= 500) request.log.warn({ err: error }, mapped.body.detail);
    else request.log.info({ status: mapped.body.status, problem: mapped.body.type, rule: mapped.body.rule }, 'request refused');
    return sendProblem(reply, { ...mapped.body, instance: request.url.split('?')[0] }, mapped.headers);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, problem(500, `Internal error; quote request id ${request.id}`));
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { ActorNotPermittedError, NotFoundError, RuleViolation } from '../domain/shared/errors.js';
import { TimelineOutOfStepError } from '../read-models/queries/officer-history-query.js';
import { CorruptEventError, InvalidAppendError, StoreDamagedError, StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../store/errors.js';
import { HttpProblem, problem, sendProblem, type FieldError, type Problem } from './problem.js';

// One place that turns anything thrown while answering a request into a problem document.
// Whatever a client can send ends in a 4xx; only our own faults are 5xx (and are logged as such).

const STREAM_CATEGORY_RESOURCE: Record<string, string> = { unit: 'unit', post: 'post', officer: 'officer', case: 'case' };

interface IssueLike {
  path: readonly PropertyKey[];
  code: string;
  message: string;
  keys?: readonly string[];
  input?: unknown;
}

/** One entry per failing field; an unknown key is named itself, a missing one is "required". */
function fieldErrors(issues: readonly IssueLike[], location: string): FieldError[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      return issue.keys.map((key) => ({ in: location, path: [...path, key].join('.'), message: 'is not a known field' }));
    }
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    return [{ in: location, path: path.join('.'), message: missing ? 'is required' : issue.message }];
  });
}

function describeFields(errors: readonly FieldError[], location: string): string {
  return `Invalid ${location}: ${errors.map((e) => `${e.path || location} ${e.message}`).join('; ')}`;
}

/** Where a 400 the framework raised (not a schema) points: a header it names, else the request as a whole. */
export function frameworkFieldError(code: string | undefined, message: string): FieldError {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { in: 'headers', path: 'content-length', message };
    case 'FST_ERR_BAD_URL':
      return { in: 'url', path: '', message };
    default:
      return { in: 'request', path: '', message };
  }
}

/** Maps an error to its problem document, or undefined when it is our fault (a 500). */
export function toProblem(error: unknown, request: FastifyRequest): { body: Problem; headers?: Record<string, string> } | undefined {
  if (error instanceof HttpProblem) return { body: error.problem, headers: error.headers };

  const fastifyError = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = fastifyError.validationContext ?? 'body';
    const errors = fieldErrors(error.validation.map((issue) => ({
      path: issue.instancePath.split('/').filter(Boolean),
      code: issue.keyword,
      message: issue.message ?? 'is not valid',
      keys: (issue.params as { keys?: string[] }).keys,
    })), location);
    return { body: problem(400, describeFields(errors, location), { errors }) };
  }
  if (error instanceof ZodError) {
    // A schema inside the domain refused the command input: still the client's input.
    const errors = fieldErrors(error.issues as IssueLike[], 'body');
    return { body: problem(400, describeFields(errors, 'body'), { errors }) };
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
  if (error instanceof TimelineOutOfStepError) {
    // The read models point past what the log shows (a lagging EventStoreDB follower, or a log
    // restored without its read models): not the caller's fault, and it may pass.
    return { body: problem(503, 'The read models and the log disagree for now; retry later.'), headers: { 'Retry-After': '5' } };
  }
  if (error instanceof CorruptEventError) {
    // Our fault in the sense that the log was altered around the register: a 500 that says where,
    // never a 503 (the store answers; only this event cannot be read, and nothing was written).
    return {
      body: problem(500, `${error.message} (GET /api/v1/audit/verify). Nothing was written.`, {
        type: '/problems/corrupt-event',
        title: 'An event in the log cannot be read',
        ...(error.position !== null ? { position: error.position.toString() } : {}),
      }),
    };
  }
  if (error instanceof StoreDamagedError) {
    // Not a state that passes: no Retry-After, and no advice to retry; what to do instead, as /readyz says.
    return {
      body: problem(503, 'The event store\'s file is damaged; nothing was written. Writes are refused until it is restored from the latest backup (GET /readyz says what to do): retrying will not help.', {
        type: '/problems/store-damaged',
        title: 'The event store is damaged',
      }),
    };
  }
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
    // Every 400 names what failed (API.md): a refusal of the framework's own (a Content-Length the
    // body does not match, say) names the part of the request it is about.
    if (status === 400) return { body: problem(400, fastifyError.message, { errors: [frameworkFieldError(fastifyError.code, fastifyError.message)] }) };
    return { body: problem(status, fastifyError.message) };
  }
  return undefined;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = toProblem(error, request);
  if (mapped) {
    if (error instanceof CorruptEventError) request.log.error({ err: error, position: error.position?.toString(), stream: error.streamName }, 'AN EVENT IN THE LOG CANNOT BE READ: it was altered in storage');
    else if (mapped.body.status >= 500) request.log.warn({ err: error }, mapped.body.detail);
    else request.log.info({ status: mapped.body.status, problem: mapped.body.type, rule: mapped.body.rule }, 'request refused');
    return sendProblem(reply, { ...mapped.body, instance: request.url.split('?')[0] }, mapped.headers);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, problem(500, `Internal error; quote request id ${request.id}`));
}

import type { FastifyReply } from 'fastify';
import { z } from 'zod';

// RFC 9457 problem details: every error the register answers has this shape, served as
// `application/problem+json`. `type` is a stable URI per kind of problem, relative to the API.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const FieldError = z.object({
  /** Where the problem is: `body`, `params`, `querystring` or `headers`; `url` for a URL that cannot be read, `request` for the request as a whole. */
  in: z.string(),
  /** The failing field, dot-separated from the root of `in` (empty for the whole of it). */
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    /** 400: the failing fields. */
    errors: z.array(FieldError).optional(),
    /** 409 (and 403 for a user the case concerns): the stable code of the rule that refused. */
    rule: z.string().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['invalid-request', 'The request is not valid'],
  401: ['unauthenticated', 'A valid bearer token is required'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Unknown resource'],
  405: ['method-not-allowed', 'Method not allowed'],
  408: ['request-timeout', 'The request was not received in time'],
  409: ['rule-violation', 'A rule of the register refused the command'],
  412: ['stale-revision', 'The resource has changed since the revision in If-Match'],
  413: ['payload-too-large', 'The request body is too large'],
  415: ['unsupported-media-type', 'The request body must be application/json'],
  422: ['idempotency-key-reused', 'The Idempotency-Key was used with a different request'],
  429: ['too-many-requests', 'Too many requests'],
  431: ['headers-too-large', 'The request headers are too large'],
  500: ['internal-error', 'Internal error'],
  503: ['unavailable', 'The register is temporarily unavailable'],
};

/**
 * What an error status means in the OpenAPI document, where it is given for more than one problem
 * (each answer then has its own title): a 415 is a body not sent as JSON, or sent with a content
 * encoding (request-bodies.ts).
 */
const DOCUMENTED: Record<number, string> = {
  415: 'The request body must be application/json, sent without content encoding: a Content-Type other than JSON, or a Content-Encoding other than identity (answered with Accept-Encoding: identity), is refused',
};

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const [slug, title] = TITLES[status] ?? [String(status), 'Error'];
  return { type: `/problems/${slug}`, title, status, detail, ...extra };
}

/** An error that already knows its problem document; thrown from hooks and handlers. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly statusCode: number;
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail);
    this.statusCode = problem.status;
  }
}

export function sendProblem(reply: FastifyReply, body: Problem, headers: Record<string, string> = {}): FastifyReply {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** The error responses a route documents in OpenAPI, all with the Problem schema. */
export function problemResponses(...statuses: number[]): Record<number, { description: string; content: Record<string, { schema: typeof Problem }> }> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: DOCUMENTED[status] ?? TITLES[status]?.[1] ?? 'Error', content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } } }]),
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DateTime } from 'luxon';
import { z } from 'zod';
import type { CommandContext, Role, WriteResult } from '../application/command-context.js';
import { canonicalId } from '../application/case-id.js';
import { idempotencySeed } from '../application/derived-ids.js';
import { markValidated } from '../application/validated-input.js';
import { requireRoles } from './auth.js';
import { fingerprint, IDEMPOTENCY_KEY, type Answer, type IdempotencyGuard } from './idempotency/idempotency-guard.js';
import { HttpProblem, problem, problemResponses } from './problem.js';

// Every write of the contract goes through here: roles, validation, If-Match, Idempotency-Key,
// the command context (actor, correlation id, server clock), and the 201 answer with its ETag.

export const WriteAnswer = z
  .object({
    id: z.string().describe('The id of what was written (a new case, sanction or appeal has a new id)'),
    revision: z.string().regex(/^\d+$/).describe('The revision of the stream written, as a decimal string; also the ETag'),
    position: z.string().regex(/^\d+$/).describe('The log position of the write: pass it as ?minPosition= to read your own write'),
  })
  .meta({ id: 'WriteAnswer' });
export type WriteAnswer = z.infer<typeof WriteAnswer>;

export const WriteHeaders = z.looseObject({
  'if-match': z.string().optional().describe('W/"<revision>": write only if the resource is still at that revision (else 412)'),
  'idempotency-key': z.string().optional().describe('A retry with the same key and body returns the first answer and writes nothing'),
});

export interface WriteDeps {
  idempotency: IdempotencyGuard;
  clock: () => DateTime;
}

export interface WriteRouteSpec<P extends z.ZodType, B extends z.ZodType> {
  url: string;
  roles: readonly Role[];
  params?: P;
  body: B;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Where the written thing can be read, for the Location header. */
  location?: (result: WriteResult, params: z.output<P>) => string;
  /**
   * Top-level body fields only those handling a case may see (the reporter). A keyed request's ids
   * are derived without them, so an id in the audit stream cannot be used to test a guess of them.
   */
  protectedFields?: readonly string[];
  execute: (input: { params: z.output<P>; body: z.output<B> }, ctx: CommandContext) => Promise<WriteResult>;
}

const IF_MATCH = /^\s*(?:W\/)?"(\d{1,20})"\s*$/;

/** `W/"<revision>"` (the weak ETag this API gives) → the expected revision; absent → undefined. */
export function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = IF_MATCH.exec(value);
  if (!match) {
    throw new HttpProblem(problem(400, 'If-Match must be a single ETag of this API: W/"<revision>"', {
      errors: [{ in: 'headers', path: 'if-match', message: 'expected W/"<revision>"' }],
    }));
  }
  return BigInt(match[1]!);
}

export function etag(revision: bigint): string {
  return `W/"${revision}"`;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The body as the client sent it (before validation), for the Idempotency-Key fingerprint. */
    rawBodyFingerprint?: string;
    /** The same without the route's protected fields: what a keyed request's derived ids depend on. */
    publicBodyFingerprint?: string;
  }
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw new HttpProblem(problem(400, 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
      errors: [{ in: 'headers', path: 'idempotency-key', message: 'expected 1 to 255 visible ASCII characters' }],
    }));
  }
  return header;
}

function send(reply: FastifyReply, answer: Answer, replayed: boolean): FastifyReply {
  reply.code(answer.status).headers(answer.headers).type('application/json; charset=utf-8');
  if (replayed) reply.header('Idempotency-Replayed', 'true');
  return reply.send(answer.body);
}

export function writeRoute<P extends z.ZodType, B extends z.ZodType>(app: FastifyInstance, deps: WriteDeps, spec: WriteRouteSpec<P, B>): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: spec.url,
    schema: {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      security: [{ bearerAuth: [] }],
      headers: WriteHeaders,
      ...(spec.params ? { params: spec.params } : {}),
      body: spec.body,
      response: {
        201: {
          description: 'Recorded. The ETag header is W/"<revision>"; send it back as If-Match to write only if nothing changed meanwhile.',
          content: { 'application/json': { schema: WriteAnswer } },
        },
        ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503),
      },
    },
    onRequest: requireRoles(spec.roles),
    preValidation: async (request) => {
      // Checked before the body, so a malformed header is named even when the body is fine too.
      if (idempotencyKey(request) !== undefined) {
        request.rawBodyFingerprint = fingerprint(request.body ?? null);
        request.publicBodyFingerprint = spec.protectedFields?.length
          ? fingerprint(withoutFields(request.body ?? null, spec.protectedFields))
          : request.rawBodyFingerprint;
      }
      parseIfMatch(request.headers['if-match']);
    },
    handler: async (request, reply) => {
      const expectedRevision = parseIfMatch(request.headers['if-match']);
      const ctx: CommandContext = {
        actor: request.actor,
        correlationId: request.id,
        now: deps.clock(),
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      };
      const params = request.params as z.output<P>;
      const body = request.body as z.output<B>;
      // fastify-type-provider-zod replaced the body with spec.body's output: the service need not parse it again.
      markValidated(spec.body, body);
      const execute = async (): Promise<Answer> => {
        const result = await spec.execute({ params, body }, ctx);
        const answer: WriteAnswer = { id: result.id, revision: result.revision.toString(), position: result.position.toString() };
        const headers: Record<string, string> = { etag: etag(result.revision) };
        if (spec.location) headers.location = spec.location(result, params);
        return { status: 201, headers, body: JSON.stringify(answer) };
      };
      const key = idempotencyKey(request);
      if (key === undefined) return send(reply, await execute(), false);
      const scope = { key, actor: request.actor.sub, route: idempotencyRoute(request.routeOptions.url!, (request.params ?? {}) as Record<string, unknown>) };
      // The body is the request (API.md): a retry may carry another If-Match (the revision the first
      // attempt made, say) and is still answered as the first. `ifMatch: null` keeps the fingerprints
      // recorded before this rule the same for requests sent without If-Match.
      const requestFingerprint = fingerprint({ body: request.rawBodyFingerprint, ifMatch: null });
      // Should the process stop after the events are durable and before the answer is recorded, the
      // retry derives the same ids and is answered with what the first attempt wrote. The ids do not
      // depend on protected fields: anyone reading the audit stream sees the ids, and with the key and
      // the rest of the body could otherwise try reporters' names against them. (A retry after such a
      // stop that changed only the reporter is answered with the first attempt's case.)
      ctx.idempotencySeed = idempotencySeed({ ...scope, fingerprint: fingerprint({ body: request.publicBodyFingerprint, ifMatch: null }) });
      const { answer, replayed } = await deps.idempotency.run(scope, requestFingerprint, execute);
      return send(reply, answer, replayed);
    },
  });
}

/** The body without the given top-level fields (anything but an object is kept as it is). */
function withoutFields(body: unknown, fields: readonly string[]): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([field]) => !fields.includes(field)));
}

/**
 * The resource a key is scoped to: the route's path with its parameters filled in as the register
 * reads them, however the client spelled the URL (a trailing slash, a case id in capitals). Keyed by
 * the raw URL, a retry spelled another way would write again. Only case ids (and the ids of the
 * rectification ledger's items, uuids too) are read regardless of case: officer and unit ids are the
 * client's own, `A1` and `a1` two officers.
 */
function idempotencyRoute(routePattern: string, params: Readonly<Record<string, unknown>>): string {
  const path = routePattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = String(params[name]);
    return name === 'caseId' || name === 'rectificationId' ? canonicalId(value) ?? value : value;
  });
  return `POST ${path}`;
}

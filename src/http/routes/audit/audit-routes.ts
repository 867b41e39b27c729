import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { derivedUuid, idempotencySeed } from '../../../application/derived-ids.js';
import { sealerFor, type Sealer } from '../../../integrity/seal.js';
import { formatRoot, InvalidRootError, parseRoot } from '../../../integrity/seal-record.js';
import { verifierInThread, type LogVerifier } from '../../../integrity/verify-thread.js';
import { judgesTheLog, type VerifyResult } from '../../../integrity/verify.js';
import type { EventStore } from '../../../store/event-store.js';
import type { RouteGroupOptions } from '../../app.js';
import { requireRoles } from '../../auth.js';
import { fingerprint, IDEMPOTENCY_KEY, type Answer } from '../../idempotency/idempotency-guard.js';
import { HttpProblem, problem, problemResponses } from '../../problem.js';
import { assertLogReaches } from '../reads/read-context.js';
import { MinPosition } from '../reads/schemas.js';
import { etag, parseIfMatch, WriteAnswer, WriteHeaders, type WriteDeps } from '../../write-route.js';

// Tamper evidence over HTTP, for auditors: record a seal (POST /audit/seals) and verify the whole
// live log (GET /audit/verify). The audit stream itself (GET /audit/events) is a read route.

export interface AuditRouteOptions {
  /** The register's store, wrapped by withHashChain. */
  store: EventStore;
  write: WriteDeps;
  /** Defaults to the store's shared sealer (the one the scheduler uses too). */
  sealer?: Sealer;
  /** Defaults to verifying through the store, on this thread. */
  verify?: LogVerifier;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const SealAnswer = WriteAnswer.extend({
  root: hex64.describe('The seal root to publish: whoever holds it can later check the log against it'),
  rootFormatted: z.string().describe('The same root in groups of eight, for printing'),
  previousRoot: hex64.nullable().describe('The root of the seal before this one'),
  upToPosition: z.string().nullable().describe('The seal covers every event at or before this position'),
  streamCount: z.number().int(),
  eventCount: z.string(),
  sealedAt: z.string(),
}).meta({ id: 'SealAnswer' });

const Location = {
  stream: z.string().nullable(),
  revision: z.string().nullable(),
  position: z.string().nullable().describe('Null for an event that is missing'),
  eventId: z.string().nullable(),
};

const VerifyProblem = z.object({
  kind: z.enum(['changed', 'missing', 'reordered', 'inserted', 'seal_mismatch', 'truncated']),
  detail: z.string(),
  ...Location,
  seal: z.object({ position: z.string(), root: hex64 }).optional(),
}).meta({ id: 'VerifyProblem' });

const VerifiedSeal = z.object({ root: hex64, position: z.string(), upToPosition: z.string().nullable(), sealedAt: z.string() });

export const VerifyAnswer = z.object({
  ok: z.boolean().describe('True when every chain and seal was recomputed and matched'),
  events: z.number().int(),
  streams: z.number().int(),
  seals: z.number().int().describe('Seals recomputed and matching'),
  latestSeal: VerifiedSeal.nullable(),
  unsealedEvents: z.number().int().describe('Events after the latest seal, protected by their chains only until the next seal'),
  lastPosition: z.string().nullable(),
  rootInLog: z.boolean().optional().describe('With ?root=: whether the log holds a seal with that root at all'),
  matchedRoot: VerifiedSeal.optional().describe('The seal matching ?root='),
  problem: VerifyProblem.optional().describe('The first problem in log order'),
  problems: z.array(VerifyProblem).optional().describe('Every problem found (at most 100)'),
}).meta({ id: 'VerifyAnswer' });

const VerifyQuery = z.strictObject({
  root: z.string().optional().describe('A published seal root: the log must hold that seal and still match it'),
  minPosition: MinPosition.minPosition.describe('Taken as on every read: the verification reads the log itself, which holds every write answered, so it never waits; a position beyond the end of the log is a 400'),
});

/**
 * What tells one seal request from another: nothing, as a seal has no fields (no body and `{}` are
 * alike). If-Match is not part of it: a retry of a seal that was written may carry the revision it
 * made, and is answered as the first was.
 */
export function sealRequestFingerprint(): string {
  return fingerprint({ body: null });
}

export async function auditRoutes(app: FastifyInstance, options: AuditRouteOptions | (RouteGroupOptions & { sealer?: Sealer; verify?: LogVerifier })): Promise<void> {
  const { store, write } = options;
  const verify = options.verify ?? verifierInThread(store);
  const sealer = options.sealer ?? sealerFor(store);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  // A seal has no fields: the JSON content type with no body at all means what no body does, not a
  // 400 (these routes take no other body).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, null);
    else parseJson(request, body as string, done);
  });

  typed.post('/audit/seals', {
    schema: {
      operationId: 'recordSeal',
      summary: 'Seal the log: commit to every stream\'s head and to the previous seal',
      description: 'Appends a SealRecorded event to the seal log. Publish the returned root; '
        + '`npm run verify -- --root ROOT` (or GET /audit/verify?root=ROOT) later proves the log still holds exactly what it held.',
      tags: ['audit'],
      security: [{ bearerAuth: [] }],
      headers: WriteHeaders,
      body: z.object({}).strict().nullish(),
      response: { 201: SealAnswer, ...problemResponses(400, 401, 403, 409, 412, 413, 415, 422, 429, 503) },
    },
    onRequest: requireRoles(['auditor']),
  }, async (request, reply) => {
    // If-Match names a revision of the seal log (the ETag of the last seal's answer).
    const expectedRevision = parseIfMatch(request.headers['if-match']);
    const execute = async (sealId?: string): Promise<Answer> => {
      const result = await sealer.seal({
        actor: request.actor.sub, correlationId: request.id, ...(sealId ? { sealId } : {}), ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      });
      const body: z.infer<typeof SealAnswer> = {
        id: result.id,
        revision: result.revision.toString(),
        position: result.position.toString(),
        root: result.root,
        rootFormatted: formatRoot(result.root),
        previousRoot: result.previousRoot,
        upToPosition: result.upToPosition?.toString() ?? null,
        streamCount: result.streamCount,
        eventCount: result.eventCount.toString(),
        sealedAt: result.sealedAt,
      };
      return { status: 201, headers: { etag: etag(result.revision) }, body: JSON.stringify(body) };
    };
    const key = request.headers['idempotency-key'];
    let answer: Answer;
    let replayed = false;
    if (key === undefined) {
      answer = await execute();
    } else {
      if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
        throw new HttpProblem(problem(400, 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
          errors: [{ in: 'headers', path: 'idempotency-key', message: 'expected 1 to 255 visible ASCII characters' }],
        }));
      }
      const scope = { key, actor: request.actor.sub, route: 'POST /audit/seals' };
      const requestFingerprint = sealRequestFingerprint();
      // The seal's id comes from the key, so a retry after a crash that came between the seal being
      // written and its answer being recorded is answered with that seal instead of sealing again.
      const sealId = derivedUuid(idempotencySeed({ ...scope, fingerprint: requestFingerprint }), 'seal');
      ({ answer, replayed } = await write.idempotency.run(scope, requestFingerprint, () => execute(sealId)));
    }
    // The answer is already JSON (as recorded for replays): sent as it is.
    const raw = reply as unknown as FastifyReply;
    raw.code(answer.status).headers(answer.headers).type('application/json; charset=utf-8');
    if (replayed) raw.header('Idempotency-Replayed', 'true');
    return raw.send(answer.body);
  });

  // A verification reads the whole log: requests that arrive while one runs share its answer.
  const running = new Map<string, Promise<VerifyResult>>();
  typed.get('/audit/verify', {
    schema: {
      operationId: 'verifyLog',
      summary: 'Verify the whole live log: every hash chain and every seal',
      description: 'Answers 200 either way: `ok` says whether all is well; otherwise `problem` names the first broken event and what is wrong with it.',
      tags: ['audit'],
      security: [{ bearerAuth: [] }],
      querystring: VerifyQuery,
      response: { 200: VerifyAnswer, ...problemResponses(400, 401, 403, 429, 503) },
    },
    onRequest: requireRoles(['auditor']),
  }, async (request) => {
    let root: string | undefined;
    try {
      root = request.query.root === undefined ? undefined : parseRoot(request.query.root);
    } catch (error) {
      if (!(error instanceof InvalidRootError)) throw error;
      throw new HttpProblem(problem(400, error.message, { errors: [{ in: 'querystring', path: 'root', message: 'expected 64 hex digits' }] }));
    }
    await assertLogReaches(store, request.query.minPosition);
    const slot = root ?? '';
    let verification = running.get(slot);
    if (!verification) {
      const started = performance.now();
      verification = verify(root === undefined ? {} : { root })
        .then((result) => {
          // Verification results are watched too (register_verification_* in /metrics), those that
          // judge the log: a root the log does not hold may be one mistyped, and raises no alarm alone.
          if (judgesTheLog(result)) {
            app.registerMetrics?.recordVerification({ ok: result.ok, events: result.events, seals: result.seals }, (performance.now() - started) / 1000);
          }
          return result;
        })
        .finally(() => running.delete(slot));
      running.set(slot, verification);
    }
    return verification;
  });
}

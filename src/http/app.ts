import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  createJsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler,
} from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import type { CommandService } from '../application/command-service.js';
import type { Sealer } from '../integrity/seal.js';
import type { LogVerifier } from '../integrity/verify-thread.js';
import type { ProjectionRunner } from '../read-models/projection-runner.js';
import type { RegisterMetrics } from '../operations/register-metrics.js';
import type { EventStore } from '../store/event-store.js';
import { registerAuth, type AuthOptions } from './auth.js';
import { errorHandler, frameworkFieldError } from './error-handler.js';
import { metricsPlugin } from './metrics/metrics-plugin.js';
import { IdempotencyGuard } from './idempotency/idempotency-guard.js';
import type { IdempotencyStore } from './idempotency/idempotency-store.js';
import { refuseUnreadBodies, routeNotFound } from './request-bodies.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problem, sendProblem } from './problem.js';
import { auditRoutes } from './routes/audit/audit-routes.js';
import { readRoutes } from './routes/reads/index.js';
import { caseRoutes } from './routes/cases.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { officerRoutes } from './routes/officers.js';
import { postRoutes } from './routes/posts.js';
import { rectificationRoutes } from './routes/rectifications.js';
import { unitRoutes } from './routes/units.js';
import { webInterface } from './web/web-interface.js';
import type { WriteDeps } from './write-route.js';

// The register's HTTP API as a factory: tests call buildApp() and use app.inject(); main.ts listens.
// Route groups are plugins under ./routes; each gets the services it needs through its options.

export const API_PREFIX = '/api/v1';
export const API_VERSION = '1.0.0';

export interface AppOptions {
  store: EventStore;
  commands: CommandService;
  auth: AuthOptions;
  idempotency: IdempotencyStore;
  bureauTimezone: string;
  /** The server's clock (record times, "today"); tests may fix it. */
  clock?: () => DateTime;
  /** fastify's logger (pino) options; false for none. Redaction is always added. */
  logger?: Exclude<FastifyServerOptions['logger'], true> ;
  /** Requests per client per window; max 0 turns it off. */
  rateLimit?: { max: number; windowMs: number };
  bodyLimitBytes?: number;
  trustProxy?: boolean;
  /** Further readiness conditions (e.g. the projection runner's lag). */
  readiness?: readonly ReadinessCheck[];
  /** The projection runner: its read models answer the read routes, `?minPosition=` waits on it. */
  projections?: ProjectionRunner;
  /** Request metrics and GET /metrics (src/http/metrics). */
  metrics?: RegisterMetrics;
  /** How GET /audit/verify verifies the log (default: through the store, on this thread). */
  verify?: LogVerifier;
  /** What POST /audit/seals seals with (default: the store's one sealer, sealerFor: the one the scheduler uses too). */
  sealer?: Sealer;
}

/** What every route group receives. Read and audit groups take the same and add their own. */
export interface RouteGroupOptions {
  commands: CommandService;
  store: EventStore;
  write: WriteDeps;
  bureauTimezone: string;
  /** Absent only in an app built without read models. */
  projections?: ProjectionRunner;
}

// Tokens and reporter identity never reach the log, whatever a serializer or a log call includes.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'reporter',
  '*.reporter',
  'body.reporter',
  'req.body.reporter',
  'data.reporter',
  'event.data.reporter',
];

/**
 * @fastify/swagger marks every request body required; a body whose schema also takes null may be
 * left out altogether (POST /audit/seals has no fields: API.md lists its body as none), and the
 * document says so, so that generated clients do not insist on sending one.
 */
function optionalNullableBodies<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }>> }).paths;
  const acceptsNull = (schema: unknown): boolean => {
    if (typeof schema !== 'object' || schema === null) return false;
    const { type, anyOf, oneOf } = schema as { type?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
    return type === 'null' || (Array.isArray(type) && type.includes('null')) || [...(anyOf ?? []), ...(oneOf ?? [])].some(acceptsNull);
  };
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const body = operation.requestBody;
      if (body?.content && Object.values(body.content).every((media) => acceptsNull(media.schema))) body.required = false;
    }
  }
  return document;
}

type SchemaTransform = ReturnType<typeof createJsonSchemaTransform>;

/**
 * The zod transform keeps of a response given by media type (`{ description, content }`) only its
 * description and content: the headers it documents (a read's `Vary`, say) are put back, as JSON
 * schemas, which @fastify/swagger turns into the response's headers.
 */
function withResponseHeaders(transform: SchemaTransform): SchemaTransform {
  return (input) => {
    const transformed = transform(input);
    const responses = (input.schema as { response?: Record<string, { headers?: unknown }> } | undefined)?.response;
    const out = (transformed.schema as { response?: Record<string, Record<string, unknown>> } | undefined)?.response;
    for (const [status, response] of Object.entries(responses ?? {})) {
      const target = out?.[status];
      if (response.headers !== undefined && target && target.headers === undefined) target.headers = response.headers;
    }
    return transformed;
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger === undefined || options.logger === false
    ? false
    : { ...options.logger, redact: { paths: REDACT, censor: '[redacted]' } };

  const app = Fastify({
    logger,
    bodyLimit: options.bodyLimitBytes ?? 65_536,
    trustProxy: options.trustProxy ?? false,
    // A caller's own request id is kept when it is well-formed, so a trace spans systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The router's own refusals are problems like every other answer: a URL that cannot be decoded
    // is the client's mistake (400); a path segment longer than any id the register gives names
    // nothing (404).
    frameworkErrors: (error, request, reply) => {
      const path = request.url.split('?')[0];
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, { ...problem(404, 'No resource has an id that long'), instance: path });
      const detail = error.code === 'FST_ERR_BAD_URL' ? 'The URL cannot be decoded' : error.message;
      return sendProblem(reply, { ...problem(400, detail, { errors: [frameworkFieldError(error.code, detail)] }), instance: path });
    },
    // A request the HTTP parser cannot read never reaches a route: it is answered with a problem
    // document too (not the framework's own JSON), then the connection is closed.
    clientErrorHandler: (error, socket) => {
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return;
      const code = (error as NodeJS.ErrnoException).code;
      const body = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? problem(408, 'The request was not received in time')
        : code === 'HPE_HEADER_OVERFLOW' ? problem(431, 'The request headers exceed the size the server reads')
        : problem(400, 'The request is not valid HTTP', { errors: [{ in: 'request', path: '', message: 'not valid HTTP' }] });
      if (socket.writable) {
        const json = JSON.stringify(body);
        socket.write(`HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
      }
      socket.destroy(error);
    },
    // During a shutdown we answer requests that still arrive on open connections ourselves (below).
    return503OnClosing: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, routeNotFound(request)));
  // JSON only: text/plain bodies are refused with 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');
  // Before any body is read, for every route: none is read for a request no route takes (its 404
  // whatever it carries), and one with a content encoding is refused (415).
  app.addHook('preParsing', refuseUnreadBodies);
  if (options.metrics) await app.register(metricsPlugin, { metrics: options.metrics });
  // Shutting down: requests already in flight finish; a request that arrives on a kept-alive
  // connection now is refused before it can write anything, and told to retry.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Answers finished during the shutdown close their connection, so the server can finish closing.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      throw new HttpProblem(problem(503, 'The register is shutting down; nothing was written. Retry shortly.'), { 'Retry-After': '1', Connection: 'close' });
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  if (options.rateLimit && options.rateLimit.max > 0) {
    await app.register(rateLimit, {
      max: options.rateLimit.max,
      timeWindow: options.rateLimit.windowMs,
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(problem(429, `More than ${context.max} requests in ${context.after}; retry after ${context.after}`), {
          'Retry-After': String(Math.ceil(context.ttl / 1000)),
        }),
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Accountability and discipline register',
        description: 'Event-sourced register of officers, posts, cases, sanctions and appeals. Errors are RFC 9457 problem details (application/problem+json).',
        version: API_VERSION,
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      tags: [
        { name: 'units', description: 'Units of the bureau and their heads' },
        { name: 'posts', description: 'Posts, enforcement and sensitive' },
        { name: 'officers', description: 'Officers: registration, qualifications, assignments, rotation, warning education' },
        { name: 'cases', description: 'Reported violations, verification, findings, sanctions, appeals' },
        { name: 'rectifications', description: 'The units\' rectification ledger (整改台账): problems, measures, who answers for them, deadlines, completion and checks' },
        { name: 'statistics', description: 'Counts by category, channel, unit and sanction kind over a period, for the briefings (JSON or CSV)' },
        { name: 'audit', description: 'The audit stream of every event, seals of the log and its verification (auditors)' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    transform: withResponseHeaders(createJsonSchemaTransform({ skipList: ['/openapi.json'] })),
    transformObject: (document) => optionalNullableBodies(jsonSchemaTransformObject(document)),
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // The UI's page and scripts get their own policy; drop the https upgrade for plain-HTTP intranets.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger());

  await registerAuth(app, options.auth);

  const clock = options.clock ?? (() => DateTime.now());
  const idempotency = new IdempotencyGuard(options.idempotency, (error) => app.log.error({ err: error }, 'could not record an idempotency answer'));
  const groupOptions: RouteGroupOptions = {
    commands: options.commands,
    store: options.store,
    write: { idempotency, clock },
    bureauTimezone: options.bureauTimezone,
    ...(options.projections ? { projections: options.projections } : {}),
  };

  await app.register(healthRoutes, { store: options.store, checks: options.readiness ?? [] });
  await app.register(unitRoutes, { prefix: API_PREFIX, ...groupOptions });
  await app.register(postRoutes, { prefix: API_PREFIX, ...groupOptions });
  await app.register(officerRoutes, { prefix: API_PREFIX, ...groupOptions });
  await app.register(caseRoutes, { prefix: API_PREFIX, ...groupOptions });
  await app.register(rectificationRoutes, { prefix: API_PREFIX, ...groupOptions });
  // Read routes (projections) and audit routes (integrity) register here, one line each.
  await app.register(readRoutes, { prefix: API_PREFIX, ...groupOptions });
  await app.register(auditRoutes, { prefix: API_PREFIX, ...groupOptions, ...(options.verify ? { verify: options.verify } : {}),
    ...(options.sealer ? { sealer: options.sealer } : {}),
  });

  // The web interface at `/` (last: its static routes never shadow the API's).
  await app.register(webInterface, { auth: options.auth, bureauTimezone: options.bureauTimezone, store: options.store, projections: options.projections });

  return app;
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventStore } from '../../store/event-store.js';

// Liveness (the process answers) and readiness (the store answers, the projections keep up).

/** Something else readiness depends on, e.g. the projection runner's lag behind the log. */
export interface ReadinessCheck {
  name: string;
  check(head: bigint | null): Promise<{ ok: boolean; detail: Record<string, unknown> }>;
}

export interface HealthRouteOptions {
  store: EventStore;
  checks: readonly ReadinessCheck[];
  timeoutMs?: number;
}

const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    store: z.object({ ok: z.boolean(), headPosition: z.string().nullable(), detail: z.string().optional() }),
    checks: z.record(z.string(), z.looseObject({ ok: z.boolean() })),
  })
  .meta({ id: 'Readiness' });

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function healthRoutes(app: FastifyInstance, options: HealthRouteOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get('/healthz', {
    config: { rateLimit: false },
    schema: {
      operationId: 'liveness',
      summary: 'Liveness: the process is up and answering',
      tags: ['health'],
      response: { 200: z.object({ status: z.literal('ok') }) },
    },
  }, async () => ({ status: 'ok' as const }));

  typed.get('/readyz', {
    config: { rateLimit: false },
    schema: {
      operationId: 'readiness',
      summary: 'Readiness: the event store is reachable and the projections keep up with the log',
      tags: ['health'],
      response: { 200: Readiness, 503: Readiness },
    },
  }, async (request, reply) => {
    let head: bigint | null = null;
    let store: z.infer<typeof Readiness>['store'];
    try {
      head = await withTimeout(options.store.headPosition(), timeoutMs, 'the event store');
      store = { ok: true, headPosition: head === null ? null : head.toString() };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness: event store unreachable');
      store = { ok: false, headPosition: null, detail: 'the event store is unreachable' };
    }
    const checks: Record<string, { ok: boolean } & Record<string, unknown>> = {};
    for (const check of options.checks) {
      try {
        const result = await withTimeout(check.check(head), timeoutMs, check.name);
        checks[check.name] = { ...result.detail, ok: result.ok };
      } catch (error) {
        request.log.warn({ err: error }, `readiness: ${check.name} failed`);
        checks[check.name] = { ok: false, detail: (error as Error).message };
      }
    }
    const ready = store.ok && Object.values(checks).every((c) => c.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', store, checks });
  });
}

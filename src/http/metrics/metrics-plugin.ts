import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { RegisterMetrics } from '../../operations/register-metrics.js';

// GET /metrics in Prometheus' text format, and every request counted and timed by the route
// pattern it matched (`/api/v1/officers/:officerId/history`, never the ids themselves, so no
// personal data and a bounded number of series). Registered at the root of the app, so its hooks
// see every route. Like /healthz it needs no token: it holds counts, never content; expose it to
// the monitoring network only (see the README).

export interface MetricsPluginOptions {
  metrics: RegisterMetrics;
}

declare module 'fastify' {
  interface FastifyRequest {
    metricsStartedAt?: bigint;
  }
  interface FastifyInstance {
    /** The register's metrics, for routes that report results of their own (e.g. verifications). */
    registerMetrics?: RegisterMetrics;
  }
}

const plugin: FastifyPluginAsync<MetricsPluginOptions> = async (app: FastifyInstance, { metrics }) => {
  app.decorate('registerMetrics', metrics);
  app.addHook('onRequest', async (request) => {
    request.metricsStartedAt = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (request, reply) => {
    const started = request.metricsStartedAt;
    if (started === undefined) return;
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
  });

  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    const text = await metrics.metrics();
    return reply.type(metrics.contentType).send(text);
  });
};

// Hooks added here apply to the whole app, not only to this plugin's own routes (fastify-plugin's trick).
(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const metricsPlugin = plugin;

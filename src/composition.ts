import type { FastifyInstance } from 'fastify';
import { createCommandService } from './application/command-service.js';
import type { Config } from './config.js';
import { buildApp, type AppOptions } from './http/app.js';
import { openIdempotencyStore } from './http/idempotency/idempotency-store.js';
import { withHashChain } from './integrity/hash-chained-store.js';
import type { EventStore } from './store/event-store.js';
import { openSqliteEventStore } from './store/sqlite/sqlite-event-store.js';

// The composition root: the only place that chooses implementations and wires them together.
// Everything it opens, it closes again, in reverse order, in `close()`.

export interface Register {
  app: FastifyInstance;
  store: EventStore;
  /** Stops accepting, finishes requests in flight, stops the projections, closes the stores. */
  close(): Promise<void>;
}

export interface ComposeOptions {
  logger?: AppOptions['logger'];
  /** An already open event store to use instead of the one EVENT_STORE names (tests). Closed by close(). */
  store?: EventStore;
  /** The server's clock (tests may fix it). */
  clock?: AppOptions['clock'];
}

/** The event store EVENT_STORE names. Only the log lives here; local state stays in DATA_DIR. */
export async function openEventStore(config: Config): Promise<EventStore> {
  switch (config.eventStore.kind) {
    case 'sqlite':
      return openSqliteEventStore({ path: config.eventStore.path });
    case 'esdb': {
      const { openEsdbEventStore } = await import('./store/esdb/esdb-event-store.js');
      return openEsdbEventStore({ connectionString: config.eventStore.connectionString });
    }
  }
}

export async function composeRegister(config: Config, options: ComposeOptions = {}): Promise<Register> {
  const baseStore = options.store ?? await openEventStore(config);
  // Every event the register writes carries its hash chain (tamper evidence).
  const store = withHashChain(baseStore);
  const idempotency = openIdempotencyStore(config.idempotency.path);
  const commands = createCommandService({ store, timezone: config.bureauTimezone });

  let app: FastifyInstance;
  try {
    app = await buildApp({
      store,
      commands,
      auth: { key: config.jwt.key, issuer: config.jwt.issuer, audience: config.jwt.audience },
      idempotency,
      bureauTimezone: config.bureauTimezone,
      ...(options.clock ? { clock: options.clock } : {}),
      logger: options.logger ?? { level: config.logLevel },
      rateLimit: config.rateLimit,
      bodyLimitBytes: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
    });
  } catch (error) {
    idempotency.close();
    await store.close();
    throw error;
  }

  // Forget finished idempotency keys once they are older than the retention period.
  const purge = setInterval(() => {
    try {
      idempotency.purgeOlderThan(Date.now() - config.idempotency.ttlMs);
    } catch (error) {
      app.log.warn({ err: error }, 'could not purge old idempotency records');
    }
  }, Math.min(config.idempotency.ttlMs, 3_600_000));
  purge.unref();

  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    close() {
      closing ??= (async () => {
        clearInterval(purge);
        await app.close();
        idempotency.close();
        await store.close();
      })();
      return closing;
    },
  };
}

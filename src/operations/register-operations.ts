import { dirname } from 'node:path';
import type { Config } from '../config.js';
import type { IdempotencyStore } from '../http/idempotency/idempotency-store.js';
import type { ReadinessCheck } from '../http/routes/health.js';
import type { LogVerifier } from '../integrity/verify-thread.js';
import type { ProjectionRunner } from '../read-models/projection-runner.js';
import type { EventStore } from '../store/event-store.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { deferredProjectionRunner, type DeferredProjectionRunner, type ProjectionRunnerContext } from './deferred-projection-runner.js';
import { instrumentStore } from './instrumented-store.js';
import { deferredLogger } from './operations-logger.js';
import { measureProjectionLag } from './projection-lag.js';
import { RegisterMetrics } from './register-metrics.js';
import { resilientIdempotencyStore, type ResilientIdempotencyStore } from './resilient-idempotency-store.js';
import { ResilientEventStore } from './resilient-store.js';
import { startVerificationMonitor, type VerificationMonitor } from './verification-monitor.js';
import { directoryWriteCheck } from './write-check.js';

// What the composition root needs from operations, in one place: the event store that survives
// a store it cannot open yet or that fails (resilient-store.ts), measured (instrumented-store.ts);
// the idempotency records and read models that wait for DATA_DIR the same way; the metrics; the
// readiness checks that say why the register is not ready; and the scheduled verification.

export interface RegisterOperations {
  metrics: RegisterMetrics;
  /** The event store to build on (wrap it with the hash chain): resilient and measured. */
  eventStore: EventStore;
  /** Its health and the real store underneath. */
  storeHealth: ResilientEventStore;
  idempotency(open: () => IdempotencyStore): ResilientIdempotencyStore;
  /**
   * The read models, made by `create` once DATA_DIR lets them be, and made again (`damaged`) when a
   * runner finds its file damaged while it runs (it calls `onDamaged`).
   */
  projections(create: (context: ProjectionRunnerContext) => ProjectionRunner): DeferredProjectionRunner;
  /** Waits (at most timeoutMs) for the store to open, so a healthy register is ready when it starts listening. */
  storeOpened(timeoutMs: number): Promise<boolean>;
  /** Readiness: the event store (state and reason) and the idempotency records. */
  readiness(): ReadinessCheck[];
  /** Once the app is built: its logger, the metric sources, and the scheduled verification. */
  watch(options: { logger: Parameters<ReturnType<typeof deferredLogger>['attach']>[0]; store: EventStore; projections?: ProjectionRunner; verify?: LogVerifier }): void;
  close(): Promise<void>;
}

export interface RegisterOperationsOptions {
  /** Opens the event store EVENT_STORE names. */
  open: () => Promise<EventStore>;
  metrics?: RegisterMetrics;
}

export function createRegisterOperations(config: Config, options: RegisterOperationsOptions): RegisterOperations {
  const logger = deferredLogger();
  const metrics = options.metrics ?? new RegisterMetrics();
  const storeHealth = new ResilientEventStore({
    open: options.open,
    densePositions: config.eventStore.kind === 'sqlite',
    ...(config.eventStore.kind === 'sqlite' ? { writeCheck: sqliteWriteCheck(dirname(config.eventStore.path)) } : {}),
    logger,
  });
  const commitStats = () => {
    const inner = storeHealth.current();
    return inner instanceof SqliteEventStore ? inner.stats : null;
  };
  const eventStore = instrumentStore(storeHealth, metrics, commitStats);
  let idempotency: ResilientIdempotencyStore | null = null;
  let monitor: VerificationMonitor | null = null;

  return {
    metrics,
    eventStore,
    storeHealth,
    idempotency(open) {
      idempotency = resilientIdempotencyStore(open, { logger });
      return idempotency;
    },
    projections(create) {
      return deferredProjectionRunner(create, { logger });
    },
    storeOpened: (timeoutMs) => storeHealth.whenAvailable(timeoutMs),
    readiness() {
      const checks: ReadinessCheck[] = [{
        name: 'eventStore',
        async check() {
          const health = storeHealth.health();
          return { ok: health.state === 'available', detail: { ...health } };
        },
      }];
      if (idempotency) {
        const records = idempotency;
        checks.push({
          name: 'idempotency',
          async check() {
            const problem = records.problem();
            return { ok: problem === null, detail: problem === null ? {} : { reason: problem } };
          },
        });
      }
      return checks;
    },
    watch({ logger: target, store, projections, verify }) {
      logger.attach(target);
      metrics.setSources({
        storeHealth: () => storeHealth.health(),
        headPosition: () => store.headPosition(),
        commitStats,
        ...(projections ? {
          projections: () => projections.status(),
          lag: () => measureProjectionLag(store, projections.position()),
        } : {}),
      });
      monitor = startVerificationMonitor({ store, metrics, intervalMs: config.verifyIntervalMinutes * 60_000, logger, ...(verify ? { verify } : {}) });
    },
    async close() {
      await monitor?.stop();
    },
  };
}

/** The data folder takes a durable write, and the store's writer is open (reopened if its commit thread stopped). */
function sqliteWriteCheck(dir: string): (store: EventStore) => Promise<void> {
  const folder = directoryWriteCheck(dir);
  return async (store) => {
    await folder();
    if (store instanceof SqliteEventStore) await store.writable();
  };
}

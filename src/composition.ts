import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createCommandService } from './application/command-service.js';
import { createSanctionEffectReactor, SANCTION_EFFECT_TRIGGERS } from './application/sanction-effects.js';
import { createPostChangeReactor, POST_CHANGE_TRIGGERS, type PostHolderHint } from './application/post-changes.js';
import { readPostHolders } from './read-models/queries/post-holders-query.js';
import type { Config } from './config.js';
import { buildApp, type AppOptions } from './http/app.js';
import { openIdempotencyStore } from './http/idempotency/idempotency-store.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { withHashChain } from './integrity/hash-chained-store.js';
import { withProjectionLag } from './operations/projection-lag.js';
import { deferredLogger } from './operations/operations-logger.js';
import { createRegisterOperations } from './operations/register-operations.js';
import { streamHeadsFromFile } from './integrity/heads-thread.js';
import { sealerFor } from './integrity/seal.js';
import { startSealScheduler, type SealScheduler } from './integrity/seal-scheduler.js';
import { verifierOnThread, type LogVerifier } from './integrity/verify-thread.js';
import { createProjectionRunner, type ProjectionRunner } from './read-models/projection-runner.js';
import { startProjectionThread, type ProjectionThread } from './read-models/projection-thread.js';
import { READ_MODEL_FILE } from './read-models/read-model-database.js';
import type { EventStore } from './store/event-store.js';
import { IN_MEMORY } from './store/sqlite/connection.js';
import { openSqliteEventStore } from './store/sqlite/sqlite-event-store.js';
import { assertNoInterruptedRestore } from './operations/restore.js';

// The composition root: the only place that chooses implementations and wires them together.
// Everything it opens, it closes again, in reverse order, in `close()`.

export interface Register {
  app: FastifyInstance;
  store: EventStore;
  /** Keeps the read models (DATA_DIR/read-models.db) up to date with the log. */
  projections: ProjectionRunner;
  /** Stops accepting, finishes requests in flight, stops the projections, closes the stores. */
  close(): Promise<void>;
}

export interface ComposeOptions {
  logger?: AppOptions['logger'];
  /** An already open event store to use instead of the one EVENT_STORE names (tests). Closed by close(). */
  store?: EventStore;
  /** The server's clock (tests may fix it). */
  clock?: AppOptions['clock'];
  /**
   * Run the projections on a worker thread of their own (default: yes for the embedded store in a
   * file, the only case where the thread can open the log itself; never with `store`).
   */
  projectionThread?: boolean;
}

/**
 * How long live events wait to share a read-model commit. Rows keyed by officer (their timelines,
 * their cases) are spread over the whole of their indexes, so each commit rewrites about every page
 * of them whatever it holds: under a steady load of reports, a commit a second costs about 90 us of
 * projection CPU per report where one every 200 ms costs about 125 (and 100 ms a third more). The
 * web interface reads with ?minPosition= after every write, and a read that names the position it
 * needs is committed at once, so only reads that do not wait see the read models up to a second late.
 */
const LIVE_COMMIT_DELAY_MS = 1000;

/** The same store, calling `appended` after every successful append (to wake the projection thread). */
function notifyingAppends(store: EventStore, appended: () => void): EventStore {
  return {
    append: async (streamName, events, options) => {
      const result = await store.append(streamName, events, options);
      appended();
      return result;
    },
    readStream: (streamName, options) => store.readStream(streamName, options),
    readAll: (options) => store.readAll(options),
    readAt: (positions) => store.readAt(positions),
    subscribeToAll: (from) => store.subscribeToAll(from),
    headPosition: () => store.headPosition(),
    densePositions: store.densePositions,
    close: () => store.close(),
  };
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

/** Ready once the read models have caught up with the log; reports how far behind they are. */
function projectionReadiness(runner: ProjectionRunner): ReadinessCheck {
  return {
    name: 'projections',
    async check(head) {
      const status = runner.status();
      const behind = head !== null && (status.position === null || status.position < head);
      return {
        ok: status.running && status.caughtUp,
        detail: {
          position: status.position === null ? null : status.position.toString(),
          caughtUp: status.caughtUp,
          behind,
          ...(status.lastError ? { lastError: status.lastError } : {}),
        },
      };
    },
  };
}

export async function composeRegister(config: Config, options: ComposeOptions = {}): Promise<Register> {
  if (config.eventStore.kind === 'sqlite' && !options.store) assertNoInterruptedRestore(config.dataDir);
  // The store opens in the background and is retried until it can (the register starts and says why
  // it is not ready); metrics, readiness and the scheduled verification come with it (src/operations).
  const ops = createRegisterOperations(config, { open: () => (options.store ? Promise.resolve(options.store) : openEventStore(config)) });
  // Every event the register writes carries its hash chain (tamper evidence); each append wakes the
  // projection thread, when there is one, to read the log at once.
  let thread: ProjectionThread | undefined;
  // One wake-up per turn of the event loop, not one per append: the appends of one group commit are
  // answered together, and waking the thread for each of them cost the request thread more than the
  // thread saved by starting its read a few hundred microseconds sooner.
  let wakeScheduled = false;
  const wakeProjections = () => {
    wakeScheduled = false;
    thread?.appended();
  };
  const store = notifyingAppends(withHashChain(ops.eventStore), () => {
    if (wakeScheduled || !thread) return;
    wakeScheduled = true;
    setImmediate(wakeProjections);
  });
  const idempotency = ops.idempotency(() => openIdempotencyStore(config.idempotency.path));
  // A change of a post finds its holders in the read models, and in the log after the position they had reached.
  const postHolders: PostHolderHint = (postId) => readPostHolders(projections.database.db, postId);
  const commands = createCommandService({ store, timezone: config.bureauTimezone, sanctionBarMonths: config.sanctionBarMonths, postHolders });
  // The runner is made before the app (read routes need it) and logs through the app's logger: what
  // it says before the app exists (a rebuild from the start of the log, say) is kept until then.
  const runnerLogger = deferredLogger();
  // Completes a sanction's officer-side effect if a crash came between the case and the officer append.
  const sanctionEffects = createSanctionEffectReactor({ store });
  // Completes a change of a post for its holders if a crash came between the post and their appends.
  const postChanges = createPostChangeReactor({ store, hint: postHolders });
  const databasePath = join(config.dataDir, READ_MODEL_FILE);
  const storePath = config.eventStore.kind === 'sqlite' && config.eventStore.path !== IN_MEMORY ? config.eventStore.path : null;
  // Damage met in the read models' own file is theirs: the runner that meets it is stopped, the file
  // set aside (`damaged`) and the read models rebuilt from the log by a new runner; writes go on.
  const projections = ops.projections(({ damaged, onDamaged }) => {
    if (storePath !== null && !options.store && (options.projectionThread ?? true)) {
      // Applying events costs more than writing them: on a thread of its own it does not slow requests.
      thread = startProjectionThread({
        storePath,
        databasePath,
        commitDelayMs: LIVE_COMMIT_DELAY_MS,
        logger: runnerLogger,
        reactors: [{ eventTypes: SANCTION_EFFECT_TRIGGERS, react: sanctionEffects }, { eventTypes: POST_CHANGE_TRIGGERS, react: postChanges }],
        // Damage its reading of the log meets stops writes, as the verification's does (below).
        onLogDamaged: (error) => ops.storeHealth.reportDamage(error),
        onReadModelsDamaged: onDamaged,
        ...(damaged ? { damaged } : {}),
      });
      return thread;
    }
    return createProjectionRunner({
      store, database: { path: databasePath, ...(damaged ? { damaged } : {}) }, logger: runnerLogger, reactors: [sanctionEffects, postChanges], onDatabaseDamaged: onDamaged,
    });
  });
  await ops.storeOpened(3_000);
  // The embedded store's file is verified on a thread of its own (the daily run and GET /audit/verify).
  const verifier = storePath !== null && !options.store ? verifierOnThread(storePath) : undefined;
  // Damage its reading meets stops writes, as damage met by a write or a seal does.
  const verify: LogVerifier | undefined = verifier && ((verifyOptions) => verifier.verify(verifyOptions).catch((error: unknown) => {
    throw ops.storeHealth.reportDamage(error);
  }));
  // Seals: the first after a restart starts from the heads of the embedded store's file, read on a thread.
  const sealer = sealerFor(store, storePath !== null && !options.store ? {
    headsSnapshot: () => streamHeadsFromFile(storePath),
    onSnapshotFailed: (error) => app.log.warn({ component: 'seals', err: error }, 'could not take the stream heads from the store file: this seal reads the whole log instead'),
  } : {});

  let app: FastifyInstance;
  try {
    app = await buildApp({
      store,
      commands,
      projections,
      auth: { key: config.jwt.key, issuer: config.jwt.issuer, audience: config.jwt.audience },
      idempotency,
      bureauTimezone: config.bureauTimezone,
      ...(options.clock ? { clock: options.clock } : {}),
      logger: options.logger ?? { level: config.logLevel },
      rateLimit: config.rateLimit,
      bodyLimitBytes: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
      readiness: [withProjectionLag(projectionReadiness(projections), store, () => projections.position(), config.readyMaxLagSeconds), ...ops.readiness()],
      metrics: ops.metrics,
      ...(verify ? { verify } : {}),
      sealer,
    });
  } catch (error) {
    await ops.close();
    await projections.stop();
    idempotency.close();
    await store.close();
    throw error;
  }

  const log = app.log.child({ component: 'projections' });
  runnerLogger.attach(log);
  ops.watch({ logger: app.log.child({ component: 'operations' }), store, projections, ...(verify ? { verify } : {}) });
  projections.start();
  // As with the store: a healthy register with a short backlog is ready when it starts listening
  // (the projection thread takes a moment to start); a long backlog is caught up while it listens.
  let closing: Promise<void> | undefined;
  if (!(await projections.waitUntilCaughtUp(3_000))) {
    void projections.waitUntilCaughtUp(57_000).then((caughtUp) => {
      // Closing ends the wait early: that is not a minute's backlog.
      if (!caughtUp && closing === undefined) log.warn({ position: projections.position()?.toString() ?? null }, 'read models still catching up with the log after 60 s');
    });
  }

  let seals: SealScheduler | undefined;
  if (config.sealIntervalMinutes > 0) {
    seals = startSealScheduler({
      sealer,
      intervalMs: config.sealIntervalMinutes * 60_000,
      logger: app.log.child({ component: 'seals' }),
    });
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

  return {
    app,
    store,
    projections,
    close() {
      // Requests first (they may still write), then what follows the log, then the log itself.
      closing ??= (async () => {
        clearInterval(purge);
        await app.close();
        app.log.info('no requests in flight; HTTP server closed');
        // A verification still under way (its client gone, or the daily run) is stopped, not waited for.
        await verifier?.close();
        await seals?.stop();
        await ops.close();
        await projections.stop();
        app.log.info('read models committed and closed');
        idempotency.close();
        await store.close();
        app.log.info('event store closed');
      })();
      return closing;
    },
  };
}

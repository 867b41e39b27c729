import { allProjections } from '../../projections/index.js';
import type { AnyProjection } from '../../projections/projection.js';
import type { EventStore, RecordedEvent, Subscription } from '../store/event-store.js';
import { isDamagedDatabase } from '../store/sqlite/damaged-database.js';
import { ProjectionEngine, ReadModelReadError, type ReducerFailure } from './projection-engine.js';
import { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';
import { ConditionWaiters } from './condition-waiters.js';

// Keeps every read model up to date with the log: it subscribes to the whole log after its
// checkpoint, applies each event to every projection and commits a batch of events together with
// the new checkpoint (exactly-once effect). After a restart it resumes from the checkpoint; when the
// subscription fails it resubscribes after a growing pause; when a commit fails it throws the batch
// away and resubscribes from the last commit. When SQLite finds the read models' own file damaged
// (a commit or a read of it), retrying cannot mend it: given `onDatabaseDamaged`, the runner stops
// following the log and says so, for whoever owns the file to set it aside and start again.

export interface RunnerLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  /**
   * An open read-model database, or a path to open one at (owned and closed by the runner; with
   * `damaged`, the file there is set aside first: see ReadModelDatabaseOptions).
   */
  database: ReadModelDatabase | { path: string; damaged?: Error };
  projections?: readonly AnyProjection[];
  /** Most events per transaction (default 1,000). */
  batchSize?: number;
  /**
   * How long live events may wait before they are committed (default 0: as soon as the
   * subscription pauses). A few milliseconds let the commits of a busy log share one transaction,
   * and rows many events change (counters) are written once for all of them.
   */
  commitDelayMs?: number;
  /** Pause before the first resubscription; doubles up to `maxBackoffMs` (defaults 100 and 5,000). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxCachedRows?: number;
  logger?: RunnerLogger;
  /**
   * Reactions to events that write to the log themselves (e.g. the sanction-effect reactor). Each
   * runs before its event is applied, so it runs at least once for every event after the checkpoint
   * (again after a crash): reactions must be idempotent. A reaction that fails is treated as a
   * failed subscription: the event is not applied and is delivered again after a pause. When the
   * read models are rebuilt from the start (new projection versions), events the reactors already
   * saw are not reacted to again.
   */
  reactors?: readonly ((event: RecordedEvent) => Promise<void>)[];
  /**
   * Called after each commit that moved the checkpoint, once the runner has caught up, and after a
   * failure (e.g. to tell another thread how far the read models are).
   */
  onProgress?: (status: ProjectionRunnerStatus) => void;
  /** Tests: called inside each transaction before it commits. */
  beforeCommit?: (batch: { events: number; position: bigint | null }) => void;
  /**
   * SQLite found the read models' own file damaged (not a database, a page corrupt) when the runner
   * committed to it or read a row of it: the error it met. The runner then stops following the log
   * (nothing more is applied or committed; `stop()` still closes it) and is not caught up: the file
   * is the caller's to set aside (`damaged` when opening it again) and a new runner's to rebuild.
   * Without it, the runner logs such failures and retries, as any other.
   */
  onDatabaseDamaged?: (error: Error) => void;
}

export interface ProjectionRunnerStatus {
  /** Committed checkpoint: every read model includes every event up to it. */
  position: bigint | null;
  /** Whether the runner has reached the end of the log at least once since it started. */
  caughtUp: boolean;
  running: boolean;
  subscriptionFailures: number;
  commitFailures: number;
  reducerFailures: number;
  lastError: string | null;
}

export interface ProjectionRunner {
  readonly database: ReadModelDatabase;
  /** Starts following the log (idempotent). */
  start(): void;
  /** Stops following the log, commits what was applied, and closes the database if the runner opened it. */
  stop(): Promise<void>;
  /** The committed checkpoint. */
  position(): bigint | null;
  status(): ProjectionRunnerStatus;
  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
  /** Resolves once the runner has caught up with the log (false after `timeoutMs`). */
  waitUntilCaughtUp(timeoutMs: number): Promise<boolean>;
}

const silentLogger: RunnerLogger = { info() {}, warn() {}, error() {} };

/** The runner itself (not a stand-in for one): it can be asked to commit a position without delay. */
export interface LiveProjectionRunner extends ProjectionRunner {
  /**
   * Someone waits for `position` (a read after a write): commit as soon as it is applied, without
   * waiting out `commitDelayMs`.
   */
  wantPosition(position: bigint): void;
}

/** Says when the read models are rebuilt from the start of the log, and why (a runner on this thread or its own). */
export function logHowOpened(database: ReadModelDatabase, logger: RunnerLogger): void {
  if (database.setAside) {
    const error = database.setAsideFor?.error;
    const what = database.setAsideFor?.met === 'in use'
      ? 'the read models file was found damaged while in use'
      : 'the read models file could not be read (damaged, or not a database)';
    logger.warn(`${what}: set aside, rebuilding the read models from the start of the log`, { setAside: database.setAside, ...(error !== undefined ? { error } : {}) });
  }
  else if (database.reset) logger.info('read models are new or were built by other projection versions: rebuilding from the start of the log');
}

export function createProjectionRunner(options: ProjectionRunnerOptions): LiveProjectionRunner {
  const ownsDatabase = !('db' in options.database);
  const database: ReadModelDatabase = 'db' in options.database
    ? options.database
    : openReadModelDatabase({
      path: options.database.path,
      projections: options.projections ?? allProjections,
      ...(options.database.damaged !== undefined ? { damaged: options.database.damaged } : {}),
    });
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 1_000;
  const initialBackoffMs = options.initialBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const reactors = options.reactors ?? [];
  const reactedUpTo = database.reactedUpTo();
  const counters = { subscriptionFailures: 0, commitFailures: 0, reducerFailures: 0 };
  let lastError: string | null = null;

  const engine = new ProjectionEngine(database, {
    maxCachedRows: options.maxCachedRows,
    beforeCommit: options.beforeCommit,
    onReducerFailure(failure: ReducerFailure) {
      counters.reducerFailures += 1;
      lastError = `${failure.projection} failed on ${failure.type} at ${failure.position}: ${String(failure.error)}`;
      logger.error('projection reducer failed; its changes for this event are skipped', {
        projection: failure.projection, position: failure.position.toString(), type: failure.type, error: String(failure.error),
      });
    },
  });
  logHowOpened(database, logger);

  let running = false;
  let stopping = false;
  let caughtUp = false;
  let loop: Promise<void> | null = null;
  let subscription: Subscription | null = null;
  const commitDelayMs = options.commitDelayMs ?? 0;
  let flushTimer: { delayed: boolean; cancel(): void } | null = null;
  /** Set when a commit failed: events still arriving on the old subscription must not be applied. */
  let mustResubscribe = false;
  /** Set once SQLite found the read models' file damaged (with onDatabaseDamaged): nothing more is applied or committed. */
  let damaged: Error | null = null;
  let wake: (() => void) | null = null;
  const waiters = new ConditionWaiters();

  function reached(position: bigint): boolean {
    const committed = engine.committedPosition;
    return committed !== null && committed >= position;
  }

  function notify(): void {
    waiters.check();
  }

  let reportedPosition: bigint | null = engine.committedPosition;
  function report(): void {
    if (!options.onProgress) return;
    reportedPosition = engine.committedPosition;
    options.onProgress(status());
  }

  function status(): ProjectionRunnerStatus {
    return { position: engine.committedPosition, caughtUp, running, ...counters, lastError };
  }

  function markCaughtUp(): void {
    const first = !caughtUp;
    caughtUp = true;
    if (first) report();
    waiters.check();
  }

  /**
   * SQLite found the read models' file damaged: with someone to mend it, stop here (the staged
   * events are thrown away, the subscription stopped) and hand it over. False when it is another
   * failure, or no one mends the file (the caller then retries as for any failure).
   */
  function metDamage(error: unknown): boolean {
    if (!options.onDatabaseDamaged || !isDamagedDatabase(error)) return false;
    if (damaged) return true;
    damaged = error instanceof Error ? error : new Error(String(error));
    engine.discard();
    caughtUp = false;
    lastError = `the read models' file is damaged: ${String(error)}`;
    mustResubscribe = true;
    void subscription?.stop();
    report();
    options.onDatabaseDamaged(damaged);
    return true;
  }

  /** Commits what is staged; on failure the batch is gone and the subscription must restart from the checkpoint. */
  function commit(): boolean {
    if (flushTimer) {
      flushTimer.cancel();
      flushTimer = null;
    }
    if (damaged) return false;
    try {
      engine.flush();
    } catch (error) {
      if (metDamage(error)) return false;
      counters.commitFailures += 1;
      lastError = `commit failed: ${String(error)}`;
      logger.error('read-model commit failed; the batch is discarded and the log is read again from the checkpoint', { error: String(error) });
      mustResubscribe = true;
      void subscription?.stop();
      report();
      return false;
    }
    notify();
    if (engine.committedPosition !== reportedPosition) report();
    return true;
  }

  /** The highest position a reader waits for that is not committed yet. */
  let wanted: bigint | null = null;

  function scheduleCommit(): void {
    // Live events are committed as soon as the subscription pauses (or after commitDelayMs, unless
    // a reader waits for one of them); a backlog in batches.
    const staged = engine.stagedPosition;
    const urgent = wanted !== null && staged !== null && staged >= wanted;
    if (urgent) wanted = null;
    if (flushTimer && !(urgent && flushTimer.delayed)) return;
    flushTimer?.cancel();
    const run = () => {
      flushTimer = null;
      commit();
    };
    if (commitDelayMs > 0 && !urgent) {
      const timer = setTimeout(run, commitDelayMs);
      flushTimer = { delayed: true, cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(run);
      flushTimer = { delayed: false, cancel: () => clearImmediate(immediate) };
    }
  }

  async function pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });
  }

  async function follow(): Promise<void> {
    let backoff = initialBackoffMs;
    while (!stopping && !damaged) {
      const from = engine.committedPosition;
      const sub = options.store.subscribeToAll(from === null ? 'start' : { after: from });
      subscription = sub;
      mustResubscribe = false;
      let failed = false;
      try {
        for await (const message of sub) {
          if (stopping || mustResubscribe) break;
          if (message.kind === 'caughtUp') {
            if (!commit()) {
              failed = true;
              break;
            }
            backoff = initialBackoffMs;
            markCaughtUp();
            continue;
          }
          const { event } = message;
          const fresh = (engine.stagedPosition === null || event.position > engine.stagedPosition)
            && (reactedUpTo === null || event.position > reactedUpTo);
          if (reactors.length > 0 && fresh) {
            for (const react of reactors) await react(event);
            if (stopping || mustResubscribe) break;
          }
          try {
            engine.apply(event);
          } catch (error) {
            // A row that could not be read: nothing of the event is staged, nor of those since the last commit (engine.apply).
            if (metDamage(error)) break;
            throw error;
          }
          if (engine.pendingEvents >= batchSize) {
            if (!commit()) {
              failed = true;
              break;
            }
          } else {
            scheduleCommit();
          }
        }
        if (!stopping && !failed) {
          failed = true;
          if (!mustResubscribe) {
            lastError = 'the subscription ended';
            logger.warn('the subscription to the log ended; resubscribing');
          }
        }
      } catch (error) {
        failed = true;
        counters.subscriptionFailures += 1;
        if (error instanceof ReadModelReadError) {
          lastError = `reading the read models failed: ${String(error)}`;
          logger.warn('a row of the read models could not be read; the log is read again from the checkpoint after a pause', { error: String(error), backoffMs: backoff });
        } else {
          lastError = `subscription failed: ${String(error)}`;
          logger.warn('the subscription to the log failed; resubscribing after a pause', { error: String(error), backoffMs: backoff });
        }
        report();
      } finally {
        subscription = null;
        await sub.stop().catch(() => undefined);
      }
      // Whatever was applied before a failure is a consistent prefix of the log: keep it.
      commit();
      if (stopping || damaged) break;
      if (failed) {
        await pause(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }

  return {
    database,
    start() {
      if (running) return;
      running = true;
      stopping = false;
      loop = follow().catch((error) => {
        lastError = `runner stopped: ${String(error)}`;
        logger.error('projection runner stopped unexpectedly', { error: String(error) });
      });
    },
    async stop() {
      if (running) {
        stopping = true;
        wake?.();
        await subscription?.stop().catch(() => undefined);
        await loop;
        running = false;
        loop = null;
      }
      commit();
      waiters.releaseAll();
      if (ownsDatabase) database.close();
    },
    position: () => engine.committedPosition,
    status,
    wantPosition(position) {
      if (reached(position)) return;
      if (wanted === null || position > wanted) wanted = position;
      const staged = engine.stagedPosition;
      if (staged !== null && staged > (engine.committedPosition ?? -1n)) scheduleCommit();
    },
    waitForPosition(position, timeoutMs) {
      return waiters.wait(() => reached(position), timeoutMs);
    },
    waitUntilCaughtUp(timeoutMs) {
      return waiters.wait(() => caughtUp, timeoutMs);
    },
  };
}

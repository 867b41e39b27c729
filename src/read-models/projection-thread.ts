import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../threads/sibling-worker.js';
import { allProjections } from '../../projections/index.js';
import type { RecordedEvent } from '../store/event-store.js';
import { receiveError } from '../store/sqlite/sent-error.js';
import { logHowOpened, type ProjectionRunner, type ProjectionRunnerStatus, type RunnerLogger } from './projection-runner.js';
import { AppendSignal } from './append-signal.js';
import type { FromWorker, ProjectionWorkerData, ToWorker } from './projection-thread-messages.js';
import { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';
import { ConditionWaiters } from './condition-waiters.js';

// The projection runner on a worker thread, seen from the request thread as a ProjectionRunner.
// Applying events to the read models and committing them costs more CPU than the write that made
// them; on its own thread that work no longer delays requests. The request thread keeps:
//   - a connection to the read models (read routes, `database`), opened first, so the file exists
//     with the current projection versions before the thread opens it;
//   - how far the read models are (`position`, `waitForPosition`, readiness), from the thread's
//     reports after each commit: a report comes after the commit, so a read that waited for a
//     position sees it (read-your-writes with ?minPosition=);
//   - the reactors, which append to the log: only the request thread writes it. The thread sends
//     back the events they react to and applies each one only once they are done.
// `appended()` tells the thread to look at the log at once, through shared memory (it also polls,
// for other processes).
// If the thread dies, it is started again after a growing pause. Damage the thread meets in the
// store's file while reading the log is handed to `onLogDamaged` (the store is marked damaged there);
// damage in the read models' own file is not the log's: with `onReadModelsDamaged`, the thread stops
// following the log when it meets it and the error is handed there (the register stops this thread,
// sets the file aside and starts a new one on a new file: see deferred-projection-runner.ts).

export interface ProjectionThreadOptions {
  /** The embedded store's file (the thread opens a connection of its own to read it). */
  storePath: string;
  /** The read models' file. */
  databasePath: string;
  batchSize?: number;
  /**
   * How long live events may wait to share a commit (the runner's commitDelayMs; default 100 ms).
   * A read waiting for a position (?minPosition=) has it committed without delay.
   */
  commitDelayMs?: number;
  /** How often the thread looks at the log when not told of an append (default 250 ms). */
  pollMs?: number;
  logger?: RunnerLogger;
  /** Reactions that write to the log, run on this thread; `eventTypes` are the events they act on. */
  reactors?: readonly { eventTypes: readonly string[]; react: (event: RecordedEvent) => Promise<void> }[];
  /** How long stop() waits for the thread to commit and close (default 10 s). */
  stopTimeoutMs?: number;
  /**
   * SQLite found the store's file damaged (not a database, a page corrupt) when the thread read the
   * log: the error it met (SQLite's code kept). Damage in the read models' file does not come here.
   */
  onLogDamaged?: (error: Error) => void;
  /**
   * SQLite found the read models' own file damaged when the thread committed to it or read a row of
   * it: the error it met. The thread has stopped following the log; it is for the caller to stop it,
   * set the file aside (`damaged`, for the next thread) and start another. Without it, the thread
   * logs such failures and retries, as any other.
   */
  onReadModelsDamaged?: (error: Error) => void;
  /** The read models' file was found damaged while in use (this error): it is set aside before opening, and rebuilt. */
  damaged?: Error;
}

export interface ProjectionThread extends ProjectionRunner {
  /** Something was appended: the thread reads the log now. Cheap; call it after every append. */
  appended(): void;
}

/**
 * Busy logs: the commits of ~100 ms share one read-model transaction, which about halves what
 * committing costs per event (rows many events change, such as counters, are written once).
 */
export const DEFAULT_COMMIT_DELAY_MS = 100;

const silentLogger: RunnerLogger = { info() {}, warn() {}, error() {} };

function newWorker(data: ProjectionWorkerData): Worker {
  return startSiblingWorker(import.meta.url, 'projection-worker', { workerData: data, name: 'projections' });
}

export function startProjectionThread(options: ProjectionThreadOptions): ProjectionThread {
  const logger = options.logger ?? silentLogger;
  const reactors = options.reactors ?? [];
  const database: ReadModelDatabase = openReadModelDatabase({
    path: options.databasePath,
    projections: allProjections,
    ...(options.damaged !== undefined ? { damaged: options.damaged } : {}),
  });
  logHowOpened(database, logger);

  let status: ProjectionRunnerStatus = {
    position: database.checkpoint(), caughtUp: false, running: false, subscriptionFailures: 0, commitFailures: 0, reducerFailures: 0, lastError: null,
  };
  let worker: Worker | null = null;
  let wantRunning = false;
  let stopping: Promise<void> | null = null;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  const signal = new AppendSignal();
  const waiters = new ConditionWaiters();
  let stopped: (() => void) | null = null;

  const reached = (position: bigint) => status.position !== null && status.position >= position;

  function update(next: ProjectionRunnerStatus): void {
    status = { ...next, running: wantRunning };
    waiters.check();
  }

  const send = (message: ToWorker) => worker?.postMessage(message);

  /** Answers only the thread that asked: a restarted thread numbers its requests anew. */
  async function react(thread: Worker, id: number, event: RecordedEvent): Promise<void> {
    let answer: ToWorker;
    try {
      for (const reactor of reactors) if (reactor.eventTypes.includes(event.type)) await reactor.react(event);
      answer = { type: 'reacted', id };
    } catch (error) {
      answer = { type: 'reacted', id, error: String(error) };
    }
    if (worker === thread) thread.postMessage(answer);
  }

  function spawn(): void {
    const data: ProjectionWorkerData = {
      storePath: options.storePath,
      databasePath: options.databasePath,
      pollMs: options.pollMs ?? 250,
      appendSignal: signal.buffer,
      reactorEventTypes: [...new Set(reactors.flatMap((r) => r.eventTypes))],
      mendsReadModelDamage: options.onReadModelsDamaged !== undefined,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      commitDelayMs: options.commitDelayMs ?? DEFAULT_COMMIT_DELAY_MS,
    };
    const thread = newWorker(data);
    worker = thread;
    thread.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          update({ ...message.status, caughtUp: status.caughtUp && message.status.caughtUp });
          thread.postMessage({ type: 'start' } satisfies ToWorker);
          break;
        case 'progress':
          if (message.status.caughtUp) restarts = 0;
          update(message.status);
          break;
        case 'react':
          void react(thread, message.id, message.event);
          break;
        case 'log':
          logger[message.level](message.message, message.details);
          break;
        case 'stopped':
          // Committed and closed; the thread ends on its own (which lets it finish, e.g. a CPU profile).
          update(message.status);
          break;
        case 'failed':
          status = { ...status, lastError: message.error };
          logger.error('projection thread failed', { error: message.error });
          break;
        case 'logDamaged':
          options.onLogDamaged?.(receiveError(message.error));
          break;
        case 'readModelsDamaged':
          if (worker === thread) options.onReadModelsDamaged?.(receiveError(message.error));
          break;
      }
    });
    thread.on('error', (error) => {
      status = { ...status, lastError: `projection thread failed: ${String(error)}` };
      logger.error('projection thread failed', { error: String(error) });
    });
    thread.on('exit', (code) => {
      if (worker === thread) worker = null;
      if (stopping) {
        stopped?.();
        return;
      }
      // Not asked to stop: start it again after a pause (it resumes from its checkpoint).
      const pauseMs = Math.min(100 * 2 ** restarts, 5_000);
      restarts += 1;
      // Not caught up (so not ready) until the new thread says it is.
      status = {
        ...status, caughtUp: false, subscriptionFailures: status.subscriptionFailures + 1, lastError: status.lastError ?? `projection thread exited (${code})`,
      };
      logger.warn('projection thread exited; starting it again after a pause', { code, pauseMs });
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (wantRunning && !stopping) spawn();
      }, pauseMs);
      restartTimer.unref();
    });
  }

  return {
    database,
    start() {
      if (wantRunning) return;
      wantRunning = true;
      status = { ...status, running: true };
      spawn();
    },
    appended() {
      // Shared memory, no message: a counter bumped, a sleeping thread woken.
      signal.bump();
    },
    stop() {
      stopping ??= (async () => {
        if (restartTimer) clearTimeout(restartTimer);
        const thread = worker;
        if (thread) {
          const done = new Promise<void>((resolve) => {
            stopped = resolve;
          });
          thread.postMessage({ type: 'stop' } satisfies ToWorker);
          const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.stopTimeoutMs ?? 10_000).unref());
          if (await Promise.race([done, timeout]) === 'timeout') {
            logger.error('projection thread did not stop in time; terminating it');
            await thread.terminate();
          }
        }
        wantRunning = false;
        status = { ...status, running: false };
        waiters.releaseAll();
        database.close();
      })();
      return stopping;
    },
    position: () => status.position,
    status: () => ({ ...status }),
    waitForPosition(position, timeoutMs) {
      if (reached(position)) return Promise.resolve(true);
      send({ type: 'want', position });
      return waiters.wait(() => reached(position), timeoutMs);
    },
    waitUntilCaughtUp(timeoutMs) {
      return waiters.wait(() => status.caughtUp, timeoutMs);
    },
  };
}

import type { ProjectionRunner, ProjectionRunnerStatus } from '../read-models/projection-runner.js';
import type { ReadModelDatabase } from '../read-models/read-model-database.js';
import { StoreUnavailableError } from '../store/errors.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { OperationsLogger } from './operations-logger.js';

// The projection runner opens its read-model file in DATA_DIR when it is made. When that folder
// cannot be written yet (a read-only or missing volume), the register still starts: this stands in
// for the runner, makes it again after growing pauses until it can, and starts it if it was asked
// to. Meanwhile reads answer 503 (StoreUnavailableError) and readiness says why.

export interface DeferredProjectionRunner extends ProjectionRunner {
  /** Null once the runner exists; else why it does not. */
  problem(): string | null;
}

export function deferredProjectionRunner(
  create: () => ProjectionRunner,
  options: { backoff?: BackoffPolicy; logger?: OperationsLogger } = {},
): DeferredProjectionRunner {
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  let runner: ProjectionRunner | null = null;
  let problem: string | null = null;
  let attempts = 0;
  let timer: NodeJS.Timeout | null = null;
  let wantStarted = false;
  let stopped = false;
  let created: (() => void)[] = [];

  function attempt(): void {
    if (runner || stopped) return;
    try {
      runner = create();
      if (problem !== null) options.logger?.info('the read models are available again', { after: `${attempts + 1} attempt(s)` });
      problem = null;
      if (wantStarted) runner.start();
      for (const notify of created) notify();
      created = [];
    } catch (error) {
      const reason = `the read models could not be opened: ${(error as Error).message}`;
      if (reason !== problem) options.logger?.warn('the read models are not available; retrying with backoff', { reason });
      problem = reason;
      timer = setTimeout(() => {
        timer = null;
        attempt();
      }, backoffDelay(attempts, policy));
      timer.unref();
      attempts += 1;
    }
  }

  /** Resolves with the runner once it exists, or null after timeoutMs. */
  function whenCreated(timeoutMs: number): Promise<ProjectionRunner | null> {
    if (runner || stopped) return Promise.resolve(runner);
    return new Promise((resolve) => {
      const notify = () => {
        clearTimeout(timeout);
        resolve(runner);
      };
      const timeout = setTimeout(() => {
        created = created.filter((waiter) => waiter !== notify);
        resolve(runner);
      }, timeoutMs);
      created.push(notify);
    });
  }

  attempt();
  return {
    get database(): ReadModelDatabase {
      if (!runner) throw new StoreUnavailableError(`The read models are not available: ${problem ?? 'not opened yet'}`);
      return runner.database;
    },
    problem: () => (runner ? null : problem ?? 'not opened yet'),
    start() {
      wantStarted = true;
      runner?.start();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const notify of created) notify();
      created = [];
      await runner?.stop();
    },
    position: () => runner?.position() ?? null,
    status(): ProjectionRunnerStatus {
      return runner?.status() ?? {
        position: null, caughtUp: false, running: false, subscriptionFailures: 0, commitFailures: 0, reducerFailures: 0, lastError: problem,
      };
    },
    async waitForPosition(position, timeoutMs) {
      const started = Date.now();
      const ready = await whenCreated(timeoutMs);
      return ready ? ready.waitForPosition(position, Math.max(0, timeoutMs - (Date.now() - started))) : false;
    },
    async waitUntilCaughtUp(timeoutMs) {
      const started = Date.now();
      const ready = await whenCreated(timeoutMs);
      return ready ? ready.waitUntilCaughtUp(Math.max(0, timeoutMs - (Date.now() - started))) : false;
    },
  };
}

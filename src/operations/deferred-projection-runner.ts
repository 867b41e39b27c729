import type { ProjectionRunner, ProjectionRunnerStatus } from '../read-models/projection-runner.js';
import type { ReadModelDatabase } from '../read-models/read-model-database.js';
import { StoreUnavailableError } from '../store/errors.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { OperationsLogger } from './operations-logger.js';

// The projection runner opens its read-model file in DATA_DIR when it is made. When that folder
// cannot be written yet (a read-only or missing volume), the register still starts: this stands in
// for the runner, makes it again after growing pauses until it can, and starts it if it was asked
// to. Meanwhile reads answer 503 (StoreUnavailableError) and readiness says why.
//
// A runner that finds its own file damaged while it runs (SQLite: not a database, a page corrupt,
// on a commit or a read of it) cannot mend it by retrying. It says so (`onDamaged`); this then stops
// it, which closes every connection it has to the file, and makes a new runner, which sets the file
// aside as a file that cannot be read at open is (`damaged`) and rebuilds the read models from the
// log in a new one. Meanwhile the read models count as not there: reads answer 503 for the moment
// it takes, `?minPosition=` waits for the new runner, and readiness is not ready until it has
// caught up, as after a rebuild at start.

export interface DeferredProjectionRunner extends ProjectionRunner {
  /** Null once the runner exists; else why it does not. */
  problem(): string | null;
}

/** What each runner is made with. */
export interface ProjectionRunnerContext {
  /** The runner before this one found the file damaged (this error): set it aside when opening it. */
  damaged?: Error;
  /** To call when SQLite finds the read models' own file damaged while the runner runs. */
  onDamaged(error: Error): void;
}

export function deferredProjectionRunner(
  create: (context: ProjectionRunnerContext) => ProjectionRunner,
  options: { backoff?: BackoffPolicy; logger?: OperationsLogger } = {},
): DeferredProjectionRunner {
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  let runner: ProjectionRunner | null = null;
  /** Which making of a runner `runner` is: a runner replaced since is not heard any more. */
  let made: object | null = null;
  let problem: string | null = null;
  let attempts = 0;
  let timer: NodeJS.Timeout | null = null;
  let wantStarted = false;
  let stopped = false;
  let created: (() => void)[] = [];
  /** A runner that found its file damaged being stopped, before a new one is made. */
  let replacing: Promise<void> | null = null;
  /** Why the read models are being made again (the damage met), while they are. */
  let replacingFor: string | null = null;
  /** The damage the next runner made must set aside (its first attempt only). */
  let damaged: Error | null = null;

  function attempt(): void {
    if (runner || stopped || replacing) return;
    const making = {};
    const context: ProjectionRunnerContext = {
      ...(damaged ? { damaged } : {}),
      onDamaged: (error) => replace(making, error),
    };
    // Only once: if this attempt fails before setting the file aside, the next opens it, and the
    // runner meets the damage again; if after, the file there is the new one.
    damaged = null;
    try {
      runner = create(context);
      made = making;
      if (problem !== null) options.logger?.info('the read models are available again', { after: `${attempts + 1} attempt(s)` });
      problem = null;
      replacingFor = null;
      attempts = 0;
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

  /** The runner made as `making` found its file damaged: stop it, then make one that sets the file aside. */
  function replace(making: object, error: Error): void {
    if (made !== making || runner === null || replacing || stopped) return;
    const damagedRunner = runner;
    runner = null;
    made = null;
    replacingFor = `the read models' file was found damaged (${error.message}): setting it aside and rebuilding the read models`;
    replacing = (async () => {
      try {
        await damagedRunner.stop();
      } catch (stopError) {
        options.logger?.warn('the projection runner whose read models file was found damaged did not stop cleanly', { error: String(stopError) });
      }
    })().finally(() => {
      replacing = null;
      damaged = error;
      attempt();
    });
  }

  /** Resolves with the runner once it exists, or null after timeoutMs. */
  async function whenCreated(timeoutMs: number): Promise<ProjectionRunner | null> {
    const started = Date.now();
    if (replacing) await within(replacing, timeoutMs);
    const left = Math.max(0, timeoutMs - (Date.now() - started));
    if (runner || stopped) return runner;
    return new Promise((resolve) => {
      const notify = () => {
        clearTimeout(timeout);
        resolve(runner);
      };
      const timeout = setTimeout(() => {
        created = created.filter((waiter) => waiter !== notify);
        resolve(runner);
      }, left);
      created.push(notify);
    });
  }

  /**
   * Waits on the runner for `met`; a runner replaced meanwhile (its file found damaged) lets its
   * waiters go on stopping, so they wait on the next one, within the same time.
   */
  async function waitOnRunners(timeoutMs: number, met: (current: ProjectionRunner, leftMs: number) => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await whenCreated(Math.max(0, deadline - Date.now()));
      if (!current) return false;
      const done = await met(current, Math.max(0, deadline - Date.now()));
      if (done || stopped || current === runner || Date.now() >= deadline) return done;
    }
  }

  attempt();
  return {
    get database(): ReadModelDatabase {
      if (!runner) throw new StoreUnavailableError(`The read models are not available: ${problem ?? replacingFor ?? 'not opened yet'}`);
      return runner.database;
    },
    problem: () => (runner ? null : problem ?? replacingFor ?? 'not opened yet'),
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
      await replacing;
      await runner?.stop();
    },
    position: () => runner?.position() ?? null,
    status(): ProjectionRunnerStatus {
      return runner?.status() ?? {
        position: null, caughtUp: false, running: false, subscriptionFailures: 0, commitFailures: 0, reducerFailures: 0, lastError: problem ?? replacingFor,
      };
    },
    waitForPosition(position, timeoutMs) {
      return waitOnRunners(timeoutMs, (current, leftMs) => current.waitForPosition(position, leftMs));
    },
    waitUntilCaughtUp(timeoutMs) {
      return waitOnRunners(timeoutMs, (current, leftMs) => current.waitUntilCaughtUp(leftMs));
    },
  };
}

/** Resolves once `promise` settles or after `ms`, whichever is first. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timeout: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise<void>((resolve) => {
    timeout = setTimeout(resolve, ms);
  })]);
  clearTimeout(timeout);
}

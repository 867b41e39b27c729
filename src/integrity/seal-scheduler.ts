import { randomUUID } from 'node:crypto';
import type { Sealer } from './seal.js';

// Seals the log on a schedule (daily by default): at each check, if the latest seal is older than
// the interval and something was written since, a new seal is recorded. Checking rather than
// sleeping a whole interval keeps the rhythm across restarts: a register restarted every night
// still seals once a day.

export const SCHEDULER_ACTOR = 'system:seal-scheduler';

export interface SealSchedulerOptions {
  sealer: Sealer;
  /** Time between seals. */
  intervalMs: number;
  /** How often to check whether a seal is due (default: a tenth of the interval, at most an hour). */
  checkEveryMs?: number;
  /** The first check, after start (default 5 s: the register is up and serving by then). */
  firstCheckAfterMs?: number;
  now?: () => Date;
  logger?: {
    info(object: object, message: string): void;
    error(object: object, message: string): void;
  };
}

export interface SealScheduler {
  /** Resolves once any seal in progress has finished. */
  stop(): Promise<void>;
  /** One check now (what the timer does); resolves with the root recorded, or null when none was due. */
  checkNow(): Promise<string | null>;
}

export function startSealScheduler(options: SealSchedulerOptions): SealScheduler {
  const { sealer, intervalMs, logger } = options;
  if (!(intervalMs > 0)) throw new RangeError('The seal interval must be positive');
  const now = options.now ?? (() => new Date());
  const checkEveryMs = options.checkEveryMs ?? Math.min(Math.ceil(intervalMs / 10), 3_600_000);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string | null> = Promise.resolve(null);

  async function check(): Promise<string | null> {
    const latest = await sealer.latestSeal();
    const due = !latest || now().getTime() - Date.parse(latest.sealedAt) >= intervalMs;
    if (!due || !(await sealer.hasUnsealedEvents())) return null;
    const result = await sealer.seal({ actor: SCHEDULER_ACTOR, correlationId: randomUUID() });
    logger?.info({ root: result.root, position: result.position.toString(), streams: result.streamCount }, 'log sealed');
    return result.root;
  }

  function checkNow(): Promise<string | null> {
    running = running.then(check, check);
    return running;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      checkNow()
        .catch((error: unknown) => logger?.error({ err: error }, 'scheduled seal failed; will try again at the next check'))
        .finally(() => schedule(checkEveryMs));
    }, delay);
    // A pending seal check never keeps the process alive on its own.
    timer.unref();
  }

  schedule(options.firstCheckAfterMs ?? 5_000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
    checkNow,
  };
}

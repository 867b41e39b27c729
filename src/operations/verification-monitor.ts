import { verifierInThread, type LogVerifier } from '../integrity/verify-thread.js';
import type { VerifyResult } from '../integrity/verify.js';
import { locate } from '../integrity/verify-report.js';
import type { EventStore } from '../store/event-store.js';
import type { OperationsLogger } from './operations-logger.js';
import type { RegisterMetrics } from './register-metrics.js';

// Verifies the whole live log on a schedule (every hash chain and seal, as npm run verify does)
// and reports the result as metrics and in the log, so an alert fires the day something was
// altered, not the day an auditor happens to look.

export interface VerificationMonitor {
  /** One verification now; resolves with its result (null when it could not run). */
  runNow(): Promise<VerifyResult | null>;
  stop(): Promise<void>;
}

export interface VerificationMonitorOptions {
  store: EventStore;
  metrics: RegisterMetrics;
  /** Time between verifications; 0 runs none on a schedule (runNow still works). */
  intervalMs: number;
  /** The first scheduled run, after start (default: one minute, once the register is serving). */
  firstRunAfterMs?: number;
  /** How the log is verified (default: through the store, on this thread). */
  verify?: LogVerifier;
  logger?: OperationsLogger;
}

export function startVerificationMonitor(options: VerificationMonitorOptions): VerificationMonitor {
  const { store, metrics, logger } = options;
  const verifyLog = options.verify ?? verifierInThread(store);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<VerifyResult | null> | null = null;

  async function verify(): Promise<VerifyResult | null> {
    const started = performance.now();
    try {
      const result = await verifyLog();
      const seconds = (performance.now() - started) / 1000;
      metrics.recordVerification({ ok: result.ok, events: result.events, seals: result.seals }, seconds);
      if (result.ok) {
        logger?.info('the log verifies: every hash chain and seal matches', { events: result.events, seals: result.seals, seconds });
      } else {
        logger?.error('THE LOG DOES NOT VERIFY', { problem: result.problem.kind, at: locate(result.problem), detail: result.problem.detail });
      }
      return result;
    } catch (error) {
      metrics.recordVerification({ error: (error as Error).message }, (performance.now() - started) / 1000);
      logger?.warn('the log could not be verified (will try again at the next run)', { error: (error as Error).message });
      return null;
    }
  }

  function runNow(): Promise<VerifyResult | null> {
    running ??= verify().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(delay: number): void {
    if (stopped || options.intervalMs <= 0) return;
    timer = setTimeout(() => {
      void runNow().finally(() => schedule(options.intervalMs));
    }, delay);
    timer.unref();
  }

  schedule(options.firstRunAfterMs ?? 60_000);
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

import { getHeapStatistics } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../store/errors.js';
import type { EventStore } from '../store/event-store.js';
import { startSiblingWorker } from '../threads/sibling-worker.js';
import { answerOf, type WorkerAnswer } from '../threads/worker-answer.js';
import { verifyStore } from './store-source.js';
import type { VerifyOptions, VerifyResult } from './verify.js';

// Verifying the whole log reads and hashes every event: minutes of CPU on a large log. For the
// embedded store it runs on a thread of its own (verify-worker.ts), reading the file read-only
// through a connection of its own, so the request thread goes on answering meanwhile (the daily
// scheduled verification and GET /audit/verify both use it). One runs at a time: callers asking
// the same question meanwhile share its answer, others wait their turn. Other stores are verified
// through the port, on the caller's thread.

/** Verifies the live log (up to its head when the verification starts). */
export type LogVerifier = (options?: Pick<VerifyOptions, 'root'>) => Promise<VerifyResult>;

export interface ThreadVerifier {
  verify: LogVerifier;
  /** Stops a verification under way (it fails with StoreUnavailableError), and refuses new ones. */
  close(): Promise<void>;
}

export interface VerifyThreadData {
  storePath: string;
  options: Pick<VerifyOptions, 'root'>;
}

export type FromVerifyThread = WorkerAnswer<VerifyResult>;

export function verifierOnThread(storePath: string): ThreadVerifier {
  let closed = false;
  let current: { worker: Worker; fail: (error: Error) => void } | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const sharing = new Map<string, Promise<VerifyResult>>();

  const closedError = () => new StoreUnavailableError('The register is closing: the log was not verified');

  function runOne(options: Pick<VerifyOptions, 'root'>): Promise<VerifyResult> {
    if (closed) return Promise.reject(closedError());
    // Its heap has the same cap as this thread's (the register runs with a capped heap).
    const heapMb = Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
    const worker = startSiblingWorker(import.meta.url, 'verify-worker', {
      name: 'verify',
      workerData: { storePath, options } satisfies VerifyThreadData,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    const pending = answerOf<VerifyResult>(worker, 'The verification thread');
    current = { worker, fail: pending.abandon };
    return pending.answer.finally(() => {
      current = null;
    });
  }

  return {
    verify(options = {}) {
      if (closed) return Promise.reject(closedError());
      const key = options.root ?? '';
      const shared = sharing.get(key);
      if (shared) return shared;
      const run = queue.then(() => runOne(options), () => runOne(options));
      queue = run.catch(() => undefined);
      sharing.set(key, run);
      const forget = () => {
        if (sharing.get(key) === run) sharing.delete(key);
      };
      run.then(forget, forget);
      return run;
    },
    async close() {
      closed = true;
      const running = current;
      if (!running) return;
      running.fail(closedError());
      await running.worker.terminate();
    },
  };
}

export function verifierInThread(store: EventStore): LogVerifier {
  return (options = {}) => verifyStore(store, options);
}

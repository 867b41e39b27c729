import { getHeapStatistics } from 'node:v8';
import { StoreUnavailableError } from '../store/errors.js';
import { startSiblingWorker } from '../threads/sibling-worker.js';
import type { EventStore } from '../store/event-store.js';
import { verifyStore } from './store-source.js';
import type { VerifyOptions, VerifyResult } from './verify.js';

// Verifying the whole log reads and hashes every event: minutes of CPU on a large log. For the
// embedded store it runs on a thread of its own (verify-worker.ts), reading the file through a
// connection of its own, so the request thread goes on answering meanwhile (the daily scheduled
// verification and GET /audit/verify both use it). Other stores are verified through the port,
// on the caller's thread.

/** Verifies the live log (up to its head when the verification starts). */
export type LogVerifier = (options?: VerifyOptions) => Promise<VerifyResult>;

export interface VerifyThreadData {
  storePath: string;
  options: VerifyOptions;
}

export type FromVerifyThread = { result: VerifyResult } | { error: string };

export function verifierOnThread(storePath: string): LogVerifier {
  return (options = {}) => new Promise<VerifyResult>((resolve, reject) => {
    // Its heap has the same cap as this thread's (the register runs with a capped heap).
    const heapMb = Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
    const worker = startSiblingWorker(import.meta.url, 'verify-worker', {
      name: 'verify',
      workerData: { storePath, options } satisfies VerifyThreadData,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let answered = false;
    worker.once('message', (message: FromVerifyThread) => {
      answered = true;
      if ('result' in message) resolve(message.result);
      else reject(new StoreUnavailableError(`The log could not be verified: ${message.error}`));
    });
    // Reading the log failed (an answer of 503, as when the store cannot be read on this thread).
    worker.once('error', (error) => {
      answered = true;
      reject(new StoreUnavailableError(`The log could not be verified: ${error.message}`, { cause: error }));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new StoreUnavailableError(`The verification thread stopped (${code}) before answering`));
    });
  });
}

export function verifierInThread(store: EventStore): LogVerifier {
  return (options = {}) => verifyStore(store, options);
}

import type { Worker } from 'node:worker_threads';
import { receiveError, type SentError } from '../store/sqlite/sent-error.js';

// A worker thread that does one job (verify the log, read the heads of its streams) and answers
// once: with its result, or with why it failed (errors travel as data, see sent-error.ts).

export type WorkerAnswer<T> = { result: T } | { error: SentError };

export interface PendingAnswer<T> {
  /** The result; rejected with the worker's error, or when it fails or exits before answering. */
  answer: Promise<T>;
  /** Gives up on the answer (it rejects with `error`); the caller stops the worker. */
  abandon(error: Error): void;
}

/** The one answer of `worker`; `what` names it in the error of a worker that stopped without one. */
export function answerOf<T>(worker: Worker, what: string): PendingAnswer<T> {
  let abandon: (error: Error) => void = () => undefined;
  const answer = new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    abandon = (error) => settle(() => reject(error));
    worker.once('message', (message: WorkerAnswer<T>) => settle(() => ('result' in message ? resolve(message.result) : reject(receiveError(message.error)))));
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`${what} stopped (${code}) before answering`))));
  });
  return { answer, abandon };
}

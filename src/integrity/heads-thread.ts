import { receiveError, type SentError } from '../store/sqlite/sent-error.js';
import { startSiblingWorker } from '../threads/sibling-worker.js';
import type { StreamHeadsSnapshot } from './stream-heads.js';

// After a restart, the first seal needs the head of every stream. Reading the whole log to find them
// took about 6 s for a million events, during which the request thread answered nothing. For the
// embedded store they are read from the file's (stream, revision) index instead, on a thread of its
// own (heads-worker.ts): about 2 s for a million events, none of it on the request thread.

export interface HeadsThreadData {
  storePath: string;
}

export type FromHeadsThread = { snapshot: StreamHeadsSnapshot } | { error: SentError };

/** The heads of the embedded store's file, read on a thread of its own. */
export function streamHeadsFromFile(storePath: string): Promise<StreamHeadsSnapshot> {
  return new Promise((resolve, reject) => {
    const worker = startSiblingWorker(import.meta.url, 'heads-worker', { name: 'stream-heads', workerData: { storePath } satisfies HeadsThreadData });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    worker.once('message', (message: FromHeadsThread) => settle(() => ('snapshot' in message ? resolve(message.snapshot) : reject(receiveError(message.error)))));
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`The stream-heads thread stopped (${code}) before answering`))));
  });
}

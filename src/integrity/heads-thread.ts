import { startSiblingWorker } from '../threads/sibling-worker.js';
import { answerOf, type WorkerAnswer } from '../threads/worker-answer.js';
import type { StreamHeadsSnapshot } from './stream-heads.js';

// After a restart, the first seal needs the head of every stream. Reading the whole log to find them
// took about 6 s for a million events, during which the request thread answered nothing. For the
// embedded store they are read from the file's (stream, revision) index instead, on a thread of its
// own (heads-worker.ts): about 2 s for a million events, none of it on the request thread.

export interface HeadsThreadData {
  storePath: string;
}

export type FromHeadsThread = WorkerAnswer<StreamHeadsSnapshot>;

/** The heads of the embedded store's file, read on a thread of its own. */
export function streamHeadsFromFile(storePath: string): Promise<StreamHeadsSnapshot> {
  const worker = startSiblingWorker(import.meta.url, 'heads-worker', { name: 'stream-heads', workerData: { storePath } satisfies HeadsThreadData });
  return answerOf<StreamHeadsSnapshot>(worker, 'The stream-heads thread').answer;
}

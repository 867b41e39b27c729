import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { verifyStore } from './store-source.js';
import type { VerifyOptions } from './verify.js';
import type { VerifyThreadData, FromVerifyThread } from './verify-thread.js';

// One verification of the embedded store's file, on a thread of its own (see verify-thread.ts):
// it reads the log through a connection of its own and answers with the result.

const port = parentPort;
if (!port) throw new Error('verify-worker.ts runs as a worker thread (see verify-thread.ts)');
const { storePath, options } = workerData as VerifyThreadData;
const post = (message: FromVerifyThread) => port.postMessage(message);

try {
  // Reads only: nothing is ever appended through this connection.
  const store = await openSqliteEventStore({ path: storePath, commitThread: false });
  try {
    post({ result: await verifyStore(store, options as VerifyOptions) });
  } finally {
    await store.close();
  }
} catch (error) {
  post({ error: error instanceof Error ? error.message : String(error) });
}

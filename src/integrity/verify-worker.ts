import { parentPort, workerData } from 'node:worker_threads';
import { StoreUnavailableError } from '../store/errors.js';
import type { EventStore } from '../store/event-store.js';
import { sendError } from '../store/sqlite/sent-error.js';
import { openLogForReading } from './open-log.js';
import { verifyStore } from './store-source.js';
import type { FromVerifyThread, VerifyThreadData } from './verify-thread.js';

// One verification of the embedded store's file, on a thread of its own (see verify-thread.ts): it
// opens the file read-only (never creating or migrating it, as `npm run verify` does) and answers
// with the result.

const port = parentPort;
if (!port) throw new Error('verify-worker.ts runs as a worker thread (see verify-thread.ts)');
const { storePath, options } = workerData as VerifyThreadData;
const post = (message: FromVerifyThread) => port.postMessage(message);

async function verifyFile(): Promise<FromVerifyThread> {
  let store: EventStore;
  try {
    store = await openLogForReading({ kind: 'sqlite', path: storePath });
  } catch (error) {
    // The register's own store file missing or unreadable: the store is unavailable (503), not a
    // verdict. SQLite's error is kept as the cause (its code: a file it finds damaged or not a
    // database marks the store damaged, as when a write or a read here meets it).
    const reason = error instanceof Error ? error.message : String(error);
    return { error: sendError(new StoreUnavailableError(`The store at ${storePath} could not be opened for verification: ${reason}`, { cause: error })) };
  }
  try {
    return { result: await verifyStore(store, options) };
  } catch (error) {
    return { error: sendError(error) };
  } finally {
    await store.close();
  }
}

post(await verifyFile());

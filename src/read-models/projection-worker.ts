import { parentPort, workerData } from 'node:worker_threads';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { watchedSubscription } from '../store/watched-subscription.js';
import { isDamagedDatabase } from '../store/sqlite/damaged-database.js';
import { sendError } from '../store/sqlite/sent-error.js';
import { openSqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { AppendSignal } from './append-signal.js';
import { createProjectionRunner, type RunnerLogger } from './projection-runner.js';
import type { FromWorker, ProjectionWorkerData, ToWorker } from './projection-thread-messages.js';
import { signalledStore } from './signalled-subscription.js';

// The projection runner on a thread of its own (see projection-thread.ts): it reads the log through
// a connection of its own, applies it to the read models and commits them; the request thread only
// hears how far they are. Reactions that write to the log are asked of the request thread, which
// holds the only writer.

const port = parentPort;
if (!port) throw new Error('projection-worker.ts runs as a worker thread (see projection-thread.ts)');
const data = workerData as ProjectionWorkerData;
const post = (message: FromWorker) => port.postMessage(message);

const logger: RunnerLogger = {
  info: (message, details) => post({ type: 'log', level: 'info', message, details }),
  warn: (message, details) => post({ type: 'log', level: 'warn', message, details }),
  error: (message, details) => post({ type: 'log', level: 'error', message, details }),
};

let damageTold = false;
/** Tells the request thread (once) of SQLite finding the store's file damaged; other failures are the runner's to retry. */
function tellIfDamaged(error: unknown): void {
  if (damageTold || !isDamagedDatabase(error)) return;
  damageTold = true;
  post({ type: 'logDamaged', error: sendError(error) });
}

let store: EventStore & { close(): Promise<void> };
try {
  // Reads only: appends are the request thread's, so no commit connection of its own.
  store = await openSqliteEventStore({ path: data.storePath, subscriptionPollMs: data.pollMs, commitThread: false });
} catch (error) {
  tellIfDamaged(error);
  post({ type: 'failed', error: `the event store could not be opened by the projection thread: ${String(error)}` });
  throw error;
}
const signalled = signalledStore(store, new AppendSignal(data.appendSignal), data.pollMs);
// The runner reads the log only through its subscription.
const log: EventStore = { ...signalled, subscribeToAll: (from) => watchedSubscription(signalled.subscribeToAll(from), tellIfDamaged) };

let asked = 0;
const reactions = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
const reactTo = new Set(data.reactorEventTypes);
/** The request thread runs the reactors; the event is applied once they are done. */
const reactor = (event: RecordedEvent): Promise<void> => {
  if (!reactTo.has(event.type)) return Promise.resolve();
  const id = ++asked;
  return new Promise((resolve, reject) => {
    reactions.set(id, { resolve, reject });
    post({ type: 'react', id, event });
  });
};

const runner = createProjectionRunner({
  store: log,
  database: { path: data.databasePath },
  logger,
  ...(data.batchSize !== undefined ? { batchSize: data.batchSize } : {}),
  commitDelayMs: data.commitDelayMs,
  reactors: reactTo.size > 0 ? [reactor] : [],
  onProgress: (status) => post({ type: 'progress', status }),
  // Damage of the read models' own file (not the log's: that is told above, as 'logDamaged').
  ...(data.mendsReadModelDamage ? { onDatabaseDamaged: (error: Error) => post({ type: 'readModelsDamaged', error: sendError(error) }) } : {}),
});

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      runner.start();
      post({ type: 'progress', status: runner.status() });
      break;
    case 'want':
      runner.wantPosition(message.position);
      break;
    case 'reacted': {
      const waiting = reactions.get(message.id);
      reactions.delete(message.id);
      if (message.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(message.error));
      break;
    }
    case 'stop':
      void (async () => {
        for (const waiting of reactions.values()) waiting.reject(new Error('the projection thread is stopping'));
        reactions.clear();
        await runner.stop();
        await store.close();
        post({ type: 'stopped', status: runner.status() });
        port.close();
      })().catch((error: unknown) => {
        post({ type: 'failed', error: `the projection thread could not stop cleanly: ${String(error)}` });
        port.close();
      });
      break;
  }
});
post({ type: 'ready', status: runner.status() });

import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { PreparedAppend } from './append-input.js';
import { AppendWriter, positionsWritten, type AppendOutcome } from './append-writer.js';
import { CommittedRunWriter } from './committed-run.js';
import { receiveAppends, sendOutcome, type FromCommitThread, type ToCommitThread } from './commit-thread-messages.js';
import { sendError } from './sent-error.js';
import { openStoreDatabase } from './connection.js';

// The commit thread (see commit-thread.ts): it holds the writing connection of every store file
// this process has open, so inserts, COMMIT and its fsync run beside the request thread instead of
// on it. Group commit happens here: whatever arrived while a transaction was being written and
// synced is taken off the port at once and shares the next one.

const port = parentPort;
if (!port) throw new Error('commit-worker.ts runs as a worker thread (see commit-thread.ts)');

const writers = new Map<number, { db: Database.Database; writer: AppendWriter; maxBatch: number; run: CommittedRunWriter }>();
const post = (message: FromCommitThread) => port.postMessage(message);

port.on('message', (first: ToCommitThread) => {
  // Everything queued behind this message, so that appends of many callers share transactions.
  const messages: ToCommitThread[] = [first];
  for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) messages.push(next.message as ToCommitThread);
  let pending = new Map<number, PreparedAppend[]>();
  for (const message of messages) {
    if (message.type === 'appends') {
      const appends = receiveAppends(message.appends);
      const queued = pending.get(message.store);
      if (queued) for (const append of appends) queued.push(append);
      else pending.set(message.store, appends);
      continue;
    }
    // Opening and closing keep their place in the order of messages.
    commitAll(pending);
    pending = new Map();
    if (message.type === 'open') open(message.store, message.path, message.maxBatch, message.committedRun);
    else close(message.store);
  }
  commitAll(pending);
});

function open(store: number, path: string, maxBatch: number, committedRun: SharedArrayBuffer): void {
  try {
    const db = openStoreDatabase(path);
    const logHead = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck().get() ?? 0;
    writers.set(store, { db, writer: new AppendWriter(db), maxBatch, run: new CommittedRunWriter(committedRun, BigInt(logHead)) });
    post({ type: 'opened', store });
  } catch (error) {
    post({ type: 'open-failed', store, error: sendError(error) });
  }
}

function close(store: number): void {
  writers.get(store)?.db.close();
  writers.delete(store);
  post({ type: 'closed', store });
}

function commitAll(pending: Map<number, PreparedAppend[]>): void {
  for (const [store, appends] of pending) commit(store, appends);
}

function commit(store: number, appends: PreparedAppend[]): void {
  const open = writers.get(store);
  if (!open) {
    post({ type: 'commit-failed', store, appends: appends.length, error: { name: 'StoreUnavailableError', message: 'The event store is closed' } });
    return;
  }
  // One transaction per maxBatch appends, each answered as soon as it is durable.
  const { writer, maxBatch, run } = open;
  for (let start = 0; start < appends.length; start += maxBatch) {
    const batch = appends.length <= maxBatch ? appends : appends.slice(start, start + maxBatch);
    let outcomes: AppendOutcome[];
    try {
      outcomes = writer.commit(batch, new Date().toISOString());
    } catch (error) {
      post({ type: 'commit-failed', store, appends: batch.length, error: sendError(error) });
      continue;
    }
    publishWritten(run, batch, outcomes);
    post({ type: 'committed', store, outcomes: outcomes.map(sendOutcome) });
  }
}

/** The positions the transaction wrote (appends follow each other). */
function publishWritten(run: CommittedRunWriter, batch: readonly PreparedAppend[], outcomes: readonly AppendOutcome[]): void {
  let first: bigint | null = null;
  let last: bigint | null = null;
  for (let index = 0; index < outcomes.length; index += 1) {
    const outcome = outcomes[index]!;
    if (outcome instanceof Error || !('created' in outcome)) continue;
    const positions = positionsWritten(batch[index]!, outcome);
    first ??= positions.first;
    last = positions.last;
  }
  if (first !== null && last !== null) run.committed(first, last);
}

import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { PreparedAppend } from './append-input.js';
import { AppendWriter, type AppendOutcome } from './append-writer.js';
import { CommittedRunWriter, type PositionRun } from './committed-run.js';
import { WalIndexHeader } from './wal-index-header.js';
import { receiveAppends, sendOutcome, type FromCommitThread, type ToCommitThread } from './commit-thread-messages.js';
import { sendError } from './sent-error.js';
import { openStoreDatabase } from './connection.js';

// The commit thread (see commit-thread.ts): it holds the writing connection of every store file
// this process has open, so inserts, COMMIT and its fsync run beside the request thread instead of
// on it. Group commit happens here: whatever arrived while a transaction was being written and
// synced is taken off the port at once and shares the next one.

const port = parentPort;
if (!port) throw new Error('commit-worker.ts runs as a worker thread (see commit-thread.ts)');

interface Writer {
  db: Database.Database;
  writer: AppendWriter;
  maxBatch: number;
  run: CommittedRunWriter;
  walHeader: WalIndexHeader;
  /** This connection's data_version: it changes only when another connection commits. */
  dataVersion: () => number;
  seenVersion: number;
}

const writers = new Map<number, Writer>();
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
    const version = db.prepare<[], number>('PRAGMA data_version').pluck();
    const dataVersion = () => version.get()!;
    // The version, then the header: another connection's commit in between is counted at the first commit here.
    const seenVersion = dataVersion();
    const walHeader = new WalIndexHeader(path);
    const header = walHeader.read();
    const logHead = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck().get() ?? 0;
    const run = new CommittedRunWriter(committedRun, BigInt(logHead));
    run.committed(null, header, false);
    writers.set(store, { db, writer: new AppendWriter(db), maxBatch, run, walHeader, dataVersion, seenVersion });
    post({ type: 'opened', store });
  } catch (error) {
    post({ type: 'open-failed', store, error: sendError(error) });
  }
}

function close(store: number): void {
  writers.get(store)?.walHeader.close();
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
  const { writer, maxBatch } = open;
  for (let start = 0; start < appends.length; start += maxBatch) {
    const batch = appends.length <= maxBatch ? appends : appends.slice(start, start + maxBatch);
    let outcomes: AppendOutcome[];
    try {
      outcomes = writer.commit(batch, new Date().toISOString());
    } catch (error) {
      post({ type: 'commit-failed', store, appends: batch.length, error: sendError(error) });
      continue;
    }
    report(open, written(batch, outcomes));
    post({ type: 'committed', store, outcomes: outcomes.map(sendOutcome) });
  }
}

/** The positions the transaction wrote (an append's events are consecutive, and appends follow each other). */
function written(batch: readonly PreparedAppend[], outcomes: readonly AppendOutcome[]): PositionRun | null {
  let first: bigint | null = null;
  let last: bigint | null = null;
  for (let index = 0; index < outcomes.length; index += 1) {
    const outcome = outcomes[index]!;
    if (outcome instanceof Error || !('created' in outcome)) continue;
    first ??= outcome.position - BigInt(batch[index]!.events.length - 1);
    last = outcome.position;
  }
  return first !== null && last !== null ? { first, last } : null;
}

/** Tells the store's thread what was committed (committed-run.ts): the header first, so another's commit after it is counted. */
function report(open: Writer, positions: PositionRun | null): void {
  const header = open.walHeader.read();
  const version = open.dataVersion();
  open.run.committed(positions, header, version !== open.seenVersion);
  open.seenVersion = version;
}

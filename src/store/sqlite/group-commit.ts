import type { AppendResult } from '../event-store.js';
import type { PreparedAppend } from './append-input.js';
import type { AppendOutcome, AppendWriter, WrittenAppend } from './append-writer.js';
import type { PositionRun } from './committed-run.js';

// Group commit. better-sqlite3 is synchronous, so nothing can arrive *during* a commit; instead,
// appends are queued and committed together on the next turn of the event loop (setImmediate):
// everything that arrived while the previous commit was running, or while other work held the
// loop, shares one transaction and one fsync. No append is answered before its commit is durable.

export interface GroupCommitStats {
  /** Transactions attempted, failed ones included. */
  commits: number;
  failedCommits: number;
  /** Appends answered from committed transactions (written, refused or idempotent repeats). */
  appends: number;
  largestBatch: number;
  /** Times the commit thread stopped (crashed or killed) under this store: each time the writer is opened on a new one. */
  commitThreadStops: number;
}

/** How a store gets its appends committed: in its own thread (GroupCommit) or on the commit thread (ThreadedGroupCommit). */
export interface GroupCommitter {
  readonly stats: Readonly<GroupCommitStats>;
  submit(append: PreparedAppend): Promise<AppendResult>;
  /** Resolves once appends can be written (rejects with StoreUnavailableError when they cannot). */
  writable(): Promise<void>;
  /**
   * For a writer on another connection: the positions it has committed with no other writer's
   * events between them, as soon as they are committed (before they are answered).
   */
  ownCommittedRun?(): PositionRun | null;
  /** Commits everything still queued; the store is closed afterwards. */
  close(): Promise<void>;
}

/** Told of every append written (before it is answered), and of every commit after its appends are answered. */
export interface CommitListener {
  written(append: PreparedAppend, result: WrittenAppend): void;
  /** E.g. to wake subscriptions. */
  committed(): void;
}

export interface Pending {
  append: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

export class GroupCommit implements GroupCommitter {
  readonly stats: GroupCommitStats = { commits: 0, failedCommits: 0, appends: 0, largestBatch: 0, commitThreadStops: 0 };
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly writer: AppendWriter,
    private readonly listener: CommitListener,
    /** Appends per transaction at most, so one commit never holds the event loop for long. */
    private readonly maxBatch = 500,
  ) {}

  submit(append: PreparedAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** The store's own connection writes: there is nothing to wait for. */
  writable(): Promise<void> {
    return Promise.resolve();
  }

  /** Commits everything still queued, now. The connection is the store's to close. */
  close(): Promise<void> {
    while (this.queue.length > 0) this.commitNext();
    return Promise.resolve();
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.commitNext();
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  };

  private commitNext(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
    this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
    this.stats.commits += 1;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let outcomes;
    try {
      outcomes = this.writer.commit(
        batch.map((pending) => pending.append),
        new Date().toISOString(),
      );
    } catch (error) {
      this.stats.failedCommits += 1;
      for (const pending of batch) pending.reject(error as Error);
      return;
    }
    this.stats.appends += batch.length;
    for (let index = 0; index < batch.length; index += 1) answer(batch[index]!, outcomes[index]!, this.listener);
    this.listener.committed();
  }
}

/** Answers one append with its outcome; the listener hears of it first if it wrote events. */
export function answer(pending: Pending, outcome: AppendOutcome, listener: CommitListener): void {
  if (outcome instanceof Error) {
    pending.reject(outcome);
  } else if ('created' in outcome) {
    listener.written(pending.append, outcome);
    pending.resolve({ nextExpectedRevision: outcome.nextExpectedRevision, position: outcome.position });
  } else {
    pending.resolve(outcome);
  }
}

import type { AppendResult } from '../event-store.js';
import { StoreUnavailableError } from '../errors.js';
import type { PreparedAppend } from './append-input.js';
import type { ThreadLink } from '../../threads/shared-thread.js';
import { linkCommitThread } from './commit-thread.js';
import { receiveOutcome, sendAppends, type FromCommitThread, type ToCommitThread } from './commit-thread-messages.js';
import { receiveError } from './sent-error.js';
import { answer, type CommitListener, type GroupCommitStats, type GroupCommitter, type Pending } from './group-commit.js';

// Group commit on the commit thread (commit-worker.ts): this side sends appends as they come and
// answers each when the thread reports its transaction durable. Appends are sent in small groups
// (every `sendEvery`, or at the end of the current turn of the event loop) rather than all at
// once, so the thread starts writing while callers here are still preparing the rest: the two
// threads overlap, and the appends that arrive during a commit share the next one.

export class ThreadedGroupCommit implements GroupCommitter {
  readonly stats: GroupCommitStats = { commits: 0, failedCommits: 0, appends: 0, largestBatch: 0 };
  /** Not sent yet. */
  private outbox: Pending[] = [];
  /** Sent, answered in this order. */
  private sent: Pending[] = [];
  private sentFrom = 0;
  private scheduled = false;
  private failure: Error | null = null;
  private readonly link: ThreadLink<ToCommitThread>;
  private opening: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** Settles once the store file's writing connection is open on the commit thread (or could not be). */
  readonly opened: Promise<void>;
  private closing: (() => void) | null = null;
  private idle: Array<() => void> = [];

  constructor(
    path: string,
    private readonly listener: CommitListener,
    maxBatch = 500,
    private readonly sendEvery = 8,
  ) {
    this.link = linkCommitThread({ answer: (message) => this.answer(message), threadFailed: (error) => this.threadFailed(error) });
    this.opened = new Promise<void>((resolve, reject) => {
      this.opening = { resolve, reject };
    });
    this.link.send({ type: 'open', store: this.link.store, path, maxBatch }, 1);
  }

  submit(append: PreparedAppend): Promise<AppendResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<AppendResult>((resolve, reject) => {
      this.outbox.push({ append, resolve, reject });
      if (this.outbox.length >= this.sendEvery) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.sendScheduled);
      }
    });
  }

  async close(): Promise<void> {
    this.send();
    while (this.sent.length > this.sentFrom) await new Promise<void>((resolve) => this.idle.push(resolve));
    if (this.failure) return;
    await new Promise<void>((resolve) => {
      this.closing = resolve;
      this.link.send({ type: 'close', store: this.link.store }, 1);
    });
  }

  private readonly sendScheduled = (): void => {
    this.scheduled = false;
    this.send();
  };

  private send(): void {
    if (this.outbox.length === 0) return;
    const sending = this.outbox;
    this.outbox = [];
    for (const pending of sending) this.sent.push(pending);
    this.link.send({ type: 'appends', store: this.link.store, appends: sendAppends(sending.map((pending) => pending.append)) }, sending.length);
  }

  private answer(message: FromCommitThread): void {
    switch (message.type) {
      case 'opened':
        this.opening?.resolve();
        this.opening = null;
        return;
      case 'open-failed':
        this.failure = new StoreUnavailableError('The event store is not open');
        this.link.unlink();
        this.opening?.reject(receiveError(message.error));
        this.opening = null;
        return;
      case 'committed': {
        // Sent appends first (sending may follow from answering), then the answers.
        const answered = this.takeSent(message.outcomes.length);
        this.stats.commits += 1;
        this.stats.appends += answered.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, answered.length);
        for (let index = 0; index < answered.length; index += 1) answer(answered[index]!, receiveOutcome(message.outcomes[index]!), this.listener);
        this.listener.committed();
        this.settled();
        return;
      }
      case 'commit-failed': {
        const failed = this.takeSent(message.appends);
        this.stats.commits += 1;
        this.stats.failedCommits += 1;
        const error = receiveError(message.error);
        for (const pending of failed) pending.reject(error);
        this.settled();
        return;
      }
      case 'closed':
        this.failure = new StoreUnavailableError('The event store is closed');
        this.link.unlink();
        this.closing?.();
        return;
    }
  }

  private takeSent(count: number): Pending[] {
    const taken = this.sent.slice(this.sentFrom, this.sentFrom + count);
    this.sentFrom += count;
    if (this.sentFrom === this.sent.length) {
      this.sent = [];
      this.sentFrom = 0;
    } else if (this.sentFrom > 4096) {
      this.sent = this.sent.slice(this.sentFrom);
      this.sentFrom = 0;
    }
    return taken;
  }

  private settled(): void {
    if (this.sent.length > this.sentFrom) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }

  private threadFailed(error: Error): void {
    this.failure = error;
    const unanswered = [...this.sent.slice(this.sentFrom), ...this.outbox];
    this.sent = [];
    this.sentFrom = 0;
    this.outbox = [];
    for (const pending of unanswered) pending.reject(error);
    this.opening?.reject(error);
    this.opening = null;
    this.closing?.();
    this.settled();
  }
}

import type { AppendResult } from '../event-store.js';
import { StoreUnavailableError } from '../errors.js';
import type { PreparedAppend } from './append-input.js';
import type { ThreadLink } from '../../threads/shared-thread.js';
import { linkCommitThread } from './commit-thread.js';
import { receiveOutcome, sendAppends, type FromCommitThread, type ToCommitThread } from './commit-thread-messages.js';
import { receiveError } from './sent-error.js';
import { CommittedRunReader, newCommittedRunBuffer, type PositionRun } from './committed-run.js';
import { answer, type CommitListener, type GroupCommitStats, type GroupCommitter, type Pending } from './group-commit.js';

// Group commit on the commit thread (commit-worker.ts): this side sends appends as they come and
// answers each when the thread reports its transaction durable. Appends are sent in small groups
// (every `sendEvery`, or at the end of the current turn of the event loop) rather than all at
// once, so the thread starts writing while callers here are still preparing the rest: the two
// threads overlap, and the appends that arrive during a commit share the next one.
//
// When the commit thread stops (a crash, or killed), the appends it had not answered fail: each may
// or may not have been written, and a retry with the same event ids is safe (append-writer.ts
// recognises a repeat and writes nothing). The next append opens the writer again on a new thread
// and waits for it; if that fails, the appends waiting for it fail and the one after tries again.

export class ThreadedGroupCommit implements GroupCommitter {
  readonly stats: GroupCommitStats = { commits: 0, failedCommits: 0, appends: 0, largestBatch: 0, commitThreadStops: 0 };
  /** Not sent yet (held while the writer is being opened). */
  private outbox: Pending[] = [];
  /** Sent, answered in this order. */
  private sent: Pending[] = [];
  private sentFrom = 0;
  private scheduled = false;
  /** Once closed, why every later append is refused. */
  private closed: Error | null = null;
  /** The commit thread the writer is open (or opening) on; null once that thread stopped or the writer closed. */
  private link: ThreadLink<ToCommitThread> | null = null;
  private writerOpen = false;
  private opening: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** Opening the writer on a new commit thread, after the last one stopped. */
  private reopening: Promise<void> | null = null;
  /** Settles once the store file's writing connection is open on the commit thread (or could not be). */
  readonly opened: Promise<void>;
  private closing: (() => void) | null = null;
  private closingDone: Promise<void> | null = null;
  private idle: Array<() => void> = [];
  /** What the writer on the current commit thread has committed (a new one for each thread). */
  private committedRun: CommittedRunReader | null = null;

  constructor(
    private readonly path: string,
    private readonly listener: CommitListener,
    private readonly maxBatch = 500,
    private readonly sendEvery = 8,
  ) {
    this.opened = this.openWriter();
  }

  submit(append: PreparedAppend): Promise<AppendResult> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<AppendResult>((resolve, reject) => {
      this.outbox.push({ append, resolve, reject });
      if (this.outbox.length >= this.sendEvery) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.sendScheduled);
      }
    });
  }

  /** The positions the writer has committed with no other writer's events between them, as they commit (before they are answered). */
  ownCommittedRun(): PositionRun | null {
    return this.committedRun?.read() ?? null;
  }

  /** Resolves once appends can be written; after the commit thread stopped, once the writer is open again on a new one. */
  writable(): Promise<void> {
    if (this.closed || this.writerOpen) return Promise.resolve();
    if (this.link === null || this.reopening) return this.reopen();
    return this.opened;
  }

  /** Commits everything sent or queued, then closes the writer; a second call shares the first. */
  close(): Promise<void> {
    this.closingDone ??= this.closeWriter();
    return this.closingDone;
  }

  private async closeWriter(): Promise<void> {
    this.closed = new StoreUnavailableError('The event store is closed');
    this.send();
    await this.reopening?.catch(() => undefined);
    while (this.sent.length > this.sentFrom) await new Promise<void>((resolve) => this.idle.push(resolve));
    const link = this.link;
    if (link === null || !this.writerOpen) return;
    await new Promise<void>((resolve) => {
      this.closing = resolve;
      link.send({ type: 'close', store: link.store }, 1);
    });
  }

  private readonly sendScheduled = (): void => {
    this.scheduled = false;
    this.send();
  };

  private send(): void {
    if (this.outbox.length === 0) return;
    if (!this.writerOpen) {
      // Sent once the writer is open; after the commit thread stopped, this starts a new one.
      if (this.link === null) this.reopen().catch(() => undefined);
      return;
    }
    const link = this.link!;
    const sending = this.outbox;
    this.outbox = [];
    for (const pending of sending) this.sent.push(pending);
    link.send({ type: 'appends', store: link.store, appends: sendAppends(sending.map((pending) => pending.append)) }, sending.length);
  }

  /** Links to the commit thread (a new one if it stopped) and opens the writer there. */
  private openWriter(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let link: ThreadLink<ToCommitThread>;
      try {
        // Answers of a thread this store no longer writes through are not its business.
        link = linkCommitThread({
          answer: (message) => {
            if (this.link === link) this.answer(message);
          },
          threadFailed: (error) => {
            if (this.link === link) this.threadFailed(error);
          },
        });
      } catch (error) {
        reject(error as Error);
        return;
      }
      this.link = link;
      this.writerOpen = false;
      this.opening = { resolve, reject };
      const committedRun = newCommittedRunBuffer();
      this.committedRun = new CommittedRunReader(committedRun);
      link.send({ type: 'open', store: link.store, path: this.path, maxBatch: this.maxBatch, committedRun }, 1);
    });
  }

  private reopen(): Promise<void> {
    this.reopening ??= this.openWriter()
      .catch((error: unknown) => {
        const failure = new StoreUnavailableError(
          `The store's commit thread stopped, and the store could not be opened for writing on a new one: ${error instanceof Error ? error.message : String(error)}. Nothing was written; the next append tries again.`,
          { cause: error },
        );
        const waiting = this.outbox;
        this.outbox = [];
        for (const pending of waiting) pending.reject(failure);
        throw failure;
      })
      .finally(() => {
        this.reopening = null;
      });
    return this.reopening;
  }

  private answer(message: FromCommitThread): void {
    switch (message.type) {
      case 'opened':
        this.writerOpen = true;
        this.opening?.resolve();
        this.opening = null;
        this.send();
        return;
      case 'open-failed':
        this.link?.unlink();
        this.link = null;
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
        this.link?.unlink();
        this.link = null;
        this.writerOpen = false;
        this.closing?.();
        this.closing = null;
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

  /** Fails what the stopped thread had not answered; what was not sent yet goes to the next thread. */
  private threadFailed(error: Error): void {
    this.stats.commitThreadStops += 1;
    this.link = null;
    // What the stopped thread reported no longer says anything: the next writer reports afresh.
    this.committedRun = null;
    this.writerOpen = false;
    const unanswered = this.sent.slice(this.sentFrom);
    this.sent = [];
    this.sentFrom = 0;
    if (unanswered.length > 0) {
      const stopped = new StoreUnavailableError(
        `The store's commit thread stopped before this append was answered, so it may or may not have been written; retrying it with the same event ids is safe (a repeat is answered with the first result and writes nothing). (${error.message})`,
        { cause: error },
      );
      for (const pending of unanswered) pending.reject(stopped);
    }
    this.opening?.reject(error);
    this.opening = null;
    this.closing?.();
    this.closing = null;
    this.settled();
    this.send();
  }
}

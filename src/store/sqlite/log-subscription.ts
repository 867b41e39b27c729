import type { SubscribeFrom, Subscription, SubscriptionMessage } from '../event-store.js';
import { toRecordedEvent, type EventRow } from './event-rows.js';

// A catch-up subscription that pulls: it always reads the log after the last position it
// delivered, so it can neither skip nor repeat an event, whether the event was committed before
// the subscription, while it caught up, or later. The store wakes it after each commit; a slow
// timer also wakes it, for events another process wrote to the same file.
//
// "Caught up" is sent once, right after the event that was the head of the log when the
// subscription was made (at once if there was nothing to deliver), carrying that head position.

export interface SubscriptionSource {
  /** Events at positions after `after`, in order, at most `maxCount`. */
  after(after: bigint, maxCount: number): EventRow[];
  headPosition(): bigint | null;
  /** Calls `listener` once after the next commit, or when the store closes; returns a canceller. */
  onNextCommit(listener: () => void): () => void;
  isClosed(): boolean;
}

const PAGE_SIZE = 1_000;
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export class LogSubscription implements Subscription, AsyncIterator<SubscriptionMessage> {
  private cursor: bigint;
  private readonly caughtUpAt: bigint | null;
  private caughtUpSent = false;
  private rows: EventRow[] = [];
  private index = 0;
  private stopped = false;
  private iterated = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    from: SubscribeFrom,
    private readonly pollMs: number,
    private readonly finished: (subscription: LogSubscription) => void,
  ) {
    this.caughtUpAt = source.headPosition();
    this.cursor = from === 'start' ? 0n : from === 'end' ? (this.caughtUpAt ?? 0n) : from.after;
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.iterated) throw new Error('A subscription can be iterated only once');
    this.iterated = true;
    return this;
  }

  /** Synchronous while there are buffered rows (a catch-up over millions of events pays no extra await). */
  next(): Promise<IteratorResult<SubscriptionMessage>> {
    if (this.stopped || this.source.isClosed()) {
      this.end();
      return Promise.resolve(DONE);
    }
    if (!this.caughtUpSent && (this.caughtUpAt === null || this.cursor >= this.caughtUpAt)) {
      this.caughtUpSent = true;
      return Promise.resolve({ done: false, value: { kind: 'caughtUp', position: this.caughtUpAt } });
    }
    if (this.index < this.rows.length) {
      const row = this.rows[this.index++]!;
      this.cursor = BigInt(row[0]);
      return Promise.resolve({ done: false, value: { kind: 'event', event: toRecordedEvent(row) } });
    }
    return this.readMore();
  }

  /** Reads the next page after the cursor, waiting for a commit while there is none. */
  private async readMore(): Promise<IteratorResult<SubscriptionMessage>> {
    for (;;) {
      this.rows = this.source.after(this.cursor, PAGE_SIZE);
      this.index = 0;
      if (this.rows.length > 0) return this.next();
      await this.waitForEvents();
      if (this.stopped || this.source.isClosed()) return this.next();
    }
  }

  return(): Promise<IteratorResult<SubscriptionMessage>> {
    this.end();
    return Promise.resolve(DONE);
  }

  stop(): Promise<void> {
    this.end();
    return Promise.resolve();
  }

  private end(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.rows = [];
    this.index = 0;
    this.wake?.();
    this.finished(this);
  }

  /** Until the next commit, a stop, or the poll interval (for writes by other processes). */
  private waitForEvents(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        cancel();
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      const cancel = this.source.onNextCommit(done);
      this.wake = done;
    });
  }
}

import type { ReadDirection, RecordedEvent } from '../event-store.js';
import { toRecordedEvent, type EventRow } from './event-rows.js';

// `readAll`: the log one bounded page at a time, so a log of millions of events is never held in
// memory. Each page is its own short read (no statement stays open across awaits, which would
// block the connection's writes). Positions only grow and commits are atomic, so paging by
// position neither skips nor repeats an event even while appends go on.

export const PAGE_SIZE = 2_000;

export type FetchPage = (direction: ReadDirection, from: bigint, maxCount: number) => EventRow[];

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export class LogCursor implements AsyncIterator<RecordedEvent> {
  private rows: EventRow[] = [];
  private index = 0;
  private exhausted: boolean;

  constructor(
    private readonly fetch: FetchPage,
    private readonly direction: ReadDirection,
    /** Inclusive; null when there is nothing to read (e.g. forwards from the end). */
    private from: bigint | null,
    private remaining: number,
  ) {
    this.exhausted = from === null || remaining <= 0;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    if (this.index === this.rows.length) {
      if (this.exhausted) return Promise.resolve(DONE);
      try {
        this.fill();
      } catch (error) {
        this.exhausted = true;
        return Promise.reject(error as Error);
      }
      if (this.rows.length === 0) return Promise.resolve(DONE);
    }
    return Promise.resolve({ done: false, value: toRecordedEvent(this.rows[this.index++]!) });
  }

  return(): Promise<IteratorResult<RecordedEvent>> {
    this.exhausted = true;
    this.rows = [];
    this.index = 0;
    return Promise.resolve(DONE);
  }

  private fill(): void {
    const limit = Math.min(PAGE_SIZE, this.remaining);
    this.rows = this.fetch(this.direction, this.from!, limit);
    this.index = 0;
    this.remaining -= this.rows.length;
    const last = this.rows[this.rows.length - 1];
    if (this.rows.length < limit || this.remaining <= 0 || last === undefined) {
      this.exhausted = true;
      return;
    }
    this.from = this.direction === 'forwards' ? BigInt(last[0]) + 1n : BigInt(last[0]) - 1n;
  }
}

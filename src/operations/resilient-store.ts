import { StoreDamagedError, StoreUnavailableError } from '../store/errors.js';
import type {
  AppendOptions, AppendResult, EventStore, EventToAppend, ReadAllOptions, ReadStreamOptions, RecordedEvent,
  SubscribeFrom, Subscription,
} from '../store/event-store.js';
import { isDamagedDatabase } from '../store/sqlite/damaged-database.js';
import { watchedSubscription } from '../store/watched-subscription.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { OperationsLogger } from './operations-logger.js';

// The event store as the register sees it when things go wrong. It opens the real store in the
// background and retries with growing pauses until it can, so the register starts (and answers
// /healthz, /readyz and 503s) even when the store cannot be opened yet: a read-only or missing data
// volume, a locked or newer file, EventStoreDB not reachable. Once open, a failure of the storage
// itself (a commit that failed: full disk, I/O error; EventStoreDB gone) marks it unavailable:
// writes are refused at once with StoreUnavailableError (a 503, nothing written, nothing
// acknowledged) until a probe succeeds: a read of the head, and for the embedded store a durable
// write in its folder and its writer open (reopened if its commit thread stopped). Then it is
// available again, by itself. A file SQLite finds damaged (not a database, a page corrupt) is
// another matter: no probe mends it, and one that happens to read an undamaged page must not let
// writes go on building on it, so the store stays damaged (writes refused with StoreDamagedError,
// a 503 that says what to do rather than to retry; reads of what can still be read go on) until it
// is restored from a backup and the register started again.

export type StoreState = 'opening' | 'available' | 'unavailable' | 'damaged' | 'closed';

export interface StoreHealth {
  state: StoreState;
  /** Why it is not available (null when it is). */
  reason: string | null;
  /** When the current state began (ISO instant). */
  since: string;
  /** Attempts to open or probe since the problem began. */
  attempts: number;
  /** When the next attempt is due (ISO instant), while not available. */
  nextAttemptAt: string | null;
}

export interface ResilientStoreOptions {
  /** Opens the real store (it may fail; it is called again after a pause). */
  open: () => Promise<EventStore>;
  /** Whether the real store's positions run without gaps (EventStore.densePositions), known before it opens. */
  densePositions: boolean;
  /** Beyond a read of the head: can the store (the real one, opened) take a durable write? (e.g. directoryWriteCheck). */
  writeCheck?: (store: EventStore) => Promise<void>;
  backoff?: BackoffPolicy;
  /** A store that stayed available this long starts its next backoff from the beginning (default 30 s). */
  stableAfterMs?: number;
  logger?: OperationsLogger;
  now?: () => number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to do about a damaged store file: waiting will not mend it, and writing on would build on a damaged log. */
const DAMAGED = 'The store\'s file is damaged: stop the register, keep the file as evidence, and restore the latest backup'
  + ' (npm run restore)';

export class ResilientEventStore implements EventStore {
  private inner: EventStore | null = null;
  private state: StoreState = 'opening';
  private reason: string | null = 'not opened yet';
  private since: number;
  private attempts = 0;
  private nextAttemptAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempting: Promise<void> | null = null;
  private availableSince: number | null = null;
  private waiters: (() => void)[] = [];
  private readonly now: () => number;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: ResilientStoreOptions) {
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.since = this.now();
    this.attempt();
  }

  /** The store as it stands: available or not, and why. */
  health(): StoreHealth {
    return {
      state: this.state,
      reason: this.reason,
      since: new Date(this.since).toISOString(),
      attempts: this.attempts,
      nextAttemptAt: this.nextAttemptAt === null ? null : new Date(this.nextAttemptAt).toISOString(),
    };
  }

  /** The real store, once opened (metrics read its statistics). */
  current(): EventStore | null {
    return this.inner;
  }

  /** Resolves true once the store is available (false after timeoutMs or on close). */
  whenAvailable(timeoutMs: number): Promise<boolean> {
    if (this.state === 'available') return Promise.resolve(true);
    if (this.state === 'closed' || this.state === 'damaged') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(this.state === 'available');
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve(this.state === 'available');
      }, timeoutMs);
      this.waiters.push(done);
    });
  }

  /** Probes now instead of at the next scheduled attempt (e.g. after an operator fixed the cause). */
  async retryNow(): Promise<StoreHealth> {
    if (this.state === 'opening' || this.state === 'unavailable') {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      await (this.attempting ?? this.attempt());
    }
    return this.health();
  }

  append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const inner = this.inner;
    if (this.state !== 'available' || inner === null) return Promise.reject(this.refusal());
    return inner.append(streamName, events, options).catch((error: unknown) => this.failed(error));
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const inner = this.inner;
    if (inner === null || this.state === 'closed') return Promise.reject(this.refusal());
    return inner.readStream(streamName, options).catch((error: unknown) => this.failed(error));
  }

  readAt(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    const inner = this.inner;
    if (inner === null || this.state === 'closed') return Promise.reject(this.refusal());
    return inner.readAt(positions).catch((error: unknown) => this.failed(error));
  }

  get densePositions(): boolean {
    return this.options.densePositions;
  }

  headPosition(): Promise<bigint | null> {
    const inner = this.inner;
    if (inner === null || this.state === 'closed') return Promise.reject(this.refusal());
    return inner.headPosition().catch((error: unknown) => this.failed(error));
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const inner = this.inner;
    if (inner === null || this.state === 'closed') {
      const refusal = this.refusal();
      return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(refusal) }) };
    }
    const source = inner.readAll(options);
    const failed = (error: unknown) => this.failed(error);
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* source;
        } catch (error) {
          failed(error);
        }
      },
    };
  }

  subscribeToAll(from: SubscribeFrom): Subscription {
    const inner = this.inner;
    // Only on a store that answered its probe: a subscription to a store still out of reach would
    // wait inside the client; failing at once lets the subscriber retry on its own schedule.
    if (inner === null || this.state !== 'available') return failedSubscription(this.refusal());
    return watchedSubscription(inner.subscribeToAll(from), (error) => this.failed(error));
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.setState('closed', 'closed');
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.attempting?.catch(() => undefined);
    const inner = this.inner;
    this.inner = null;
    await inner?.close();
  }

  // ---- internals ----------------------------------------------------------------------------------

  private refusal(): StoreUnavailableError {
    if (this.state === 'damaged') return new StoreDamagedError(`The event store is damaged: ${this.reason ?? 'unknown reason'}; nothing was written`);
    const what = this.state === 'opening' ? 'is not open yet' : this.state === 'closed' ? 'is closed' : 'is unavailable';
    return new StoreUnavailableError(`The event store ${what}: ${this.reason ?? 'unknown reason'}; nothing was written`);
  }

  /**
   * Damage found by a reader of the store's file that does not go through this store (the
   * verification's thread, the projections' thread reading the log): writes stop as they do when a
   * write or a read here meets it.
   * Answers the error to throw: one that says the store is damaged, else `error` itself.
   */
  reportDamage(error: unknown): unknown {
    return this.damage(error) ?? error;
  }

  /**
   * When `error` is damage of the store's file (and the store is not closed): the store is damaged
   * from now on (if it was not already), and the error to answer with says so (a StoreDamagedError).
   */
  private damage(error: unknown): StoreDamagedError | null {
    if (!isDamagedDatabase(error) || this.state === 'closed') return null;
    if (this.state !== 'damaged') this.markDamaged(messageOf(error));
    return new StoreDamagedError(`The event store is damaged: ${this.reason ?? messageOf(error)}`, { cause: error });
  }

  /** Rethrows; a failure of the storage itself also marks the store unavailable, a damaged file damaged (and says so). */
  private failed(error: unknown): never {
    const damaged = this.damage(error);
    if (damaged) throw damaged;
    if (error instanceof StoreUnavailableError && this.state === 'available') {
      const stable = this.availableSince !== null && this.now() - this.availableSince >= (this.options.stableAfterMs ?? 30_000);
      if (stable) this.attempts = 0;
      this.setState('unavailable', messageOf(error));
      this.options.logger?.error('the event store failed: writes are refused (503) until a probe succeeds', { reason: this.reason });
      this.schedule();
    }
    throw error;
  }

  /** No more probes: writes stay refused, with what to do, until the register is restarted on a restored store. */
  private markDamaged(problem: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
    this.setState('damaged', `${problem}. ${DAMAGED}`);
    this.options.logger?.error('the event store\'s file is damaged: writes are refused (503) until it is restored from a backup', { reason: this.reason });
  }

  private setState(state: StoreState, reason: string | null): void {
    if (state !== this.state) this.since = this.now();
    this.state = state;
    this.reason = reason;
    if (state === 'available') {
      this.availableSince = this.now();
      this.nextAttemptAt = null;
    }
    // Whoever waits for the store to become available has the answer: now, or (closed, damaged) never.
    if (state === 'available' || state === 'closed' || state === 'damaged') {
      const waiters = this.waiters;
      this.waiters = [];
      for (const waiter of waiters) waiter();
    }
  }

  private schedule(): void {
    if (this.state === 'closed' || this.state === 'damaged' || this.timer) return;
    const delay = backoffDelay(this.attempts, this.backoff);
    this.nextAttemptAt = this.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.attempt();
    }, delay);
    this.timer.unref();
  }

  private attempt(): Promise<void> {
    if (this.attempting) return this.attempting;
    this.attempting = (async () => {
      this.attempts += 1;
      try {
        if (this.inner === null) {
          const opened = await this.options.open();
          if (this.state === 'closed') {
            await opened.close();
            return;
          }
          this.inner = opened;
        }
        await this.inner.headPosition();
        await this.options.writeCheck?.(this.inner);
        // Damage met by a read while this probe ran stands: a probe that read undamaged pages mends nothing.
        if (this.state === 'closed' || this.state === 'damaged') return;
        const was = this.state;
        this.setState('available', null);
        if (was === 'unavailable' || this.attempts > 1) {
          this.options.logger?.info('the event store is available again', { after: `${this.attempts} attempt(s)` });
        }
        this.attempts = 0;
      } catch (error) {
        if (this.state === 'closed' || this.state === 'damaged') return;
        if (isDamagedDatabase(error)) {
          this.markDamaged(this.inner === null ? `it could not be opened: ${messageOf(error)}` : messageOf(error));
          return;
        }
        const reason = this.inner === null ? `it could not be opened: ${messageOf(error)}` : messageOf(error);
        const first = this.reason !== reason;
        this.setState(this.state === 'available' ? 'unavailable' : this.state, reason);
        if (first) this.options.logger?.warn('the event store is not available; retrying with backoff', { reason, attempts: this.attempts });
        this.schedule();
      }
    })().finally(() => {
      this.attempting = null;
    });
    return this.attempting;
  }
}

function failedSubscription(error: Error): Subscription {
  return {
    stop: () => Promise.resolve(),
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
  };
}

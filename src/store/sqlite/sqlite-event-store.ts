import type Database from 'better-sqlite3';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadDirection,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeFrom,
  Subscription,
} from '../event-store.js';
import { CorruptEventError, InvalidAppendError, StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../errors.js';
import { positionsToRead } from '../positions-to-read.js';
import { assertStreamName } from '../stream-name.js';
import { MAX_REVISION, prepareAppend } from './append-input.js';
import { AppendWriter, positionsWritten, type CommitHooks } from './append-writer.js';
import { CommitSignal } from './commit-signal.js';
import { IN_MEMORY, openStoreDatabase } from './connection.js';
import { EventRows, toRecordedEvent, type EventRow } from './event-rows.js';
import { StoredRows, type StoredTally } from './stored-rows.js';
import { GroupCommit, type CommitListener, type GroupCommitStats, type GroupCommitter } from './group-commit.js';
import { StreamTails } from './stream-tails.js';
import { VerifiedHeads } from './verified-heads.js';
import { LogCursor } from './log-cursor.js';
import { LogSubscription, type SubscriptionSource } from './log-subscription.js';
import { ThreadedGroupCommit } from './threaded-group-commit.js';

// The embedded event store: one SQLite file in WAL mode, synchronous=FULL, appends group-committed,
// the log append-only in storage (see schema.ts). A store on a file writes through a connection of
// its own on the commit thread (threaded-group-commit.ts), so that inserting, committing and
// syncing overlap with the work of reading and preparing appends on the caller's thread. An append
// is answered once its commit is durable, so every read after it sees it. In memory (or when
// asked), one connection does both, on the caller's thread.

export interface SqliteEventStoreOptions {
  /** The database file (created with its folder if missing), or ':memory:' for a throwaway store. */
  path: string;
  /** Appends per group commit at most. Default 500. */
  maxBatch?: number;
  /** How often an idle subscription looks for events written by another process. Default 500 ms. */
  subscriptionPollMs?: number;
  /**
   * Commit on the commit thread (default for a file), or on the caller's thread (always in memory,
   * and with testHooks, whose commit hooks and connection are the caller's: asking for both is an error).
   */
  commitThread?: boolean;
  /** For tests: fault injection around commits, and access to the connection right after opening. */
  testHooks?: CommitHooks & { afterOpen?: (db: Database.Database) => void };
}

export class SqliteEventStore implements EventStore {
  /** AUTOINCREMENT positions, each taken only by a committed insert: a gap is a deletion. */
  readonly densePositions = true;
  private readonly rows: EventRows;
  private stored: StoredRows | undefined;
  private readonly groupCommit: GroupCommitter;
  private readonly commits = new CommitSignal();
  private readonly tails = new StreamTails();
  private readonly heads: VerifiedHeads;
  /** Appends submitted and not yet answered. */
  private unanswered = 0;
  /** Appends that failed with the store unavailable: in doubt, written or not. */
  private failedAppends = 0;
  private readonly subscriptions = new Set<LogSubscription>();
  private isClosed = false;
  private closing: Promise<void> | null = null;

  /** Without `groupCommit`, appends are committed through `db` on this thread. */
  constructor(
    private readonly db: Database.Database,
    private readonly options: Omit<SqliteEventStoreOptions, 'path'> = {},
    groupCommit?: (listener: CommitListener) => GroupCommitter,
  ) {
    this.rows = new EventRows(db);
    this.heads = new VerifiedHeads(db, this.rows, () => this.unanswered > 0, () => this.failedAppends, () => this.groupCommit.ownCommittedRun?.() ?? null);
    // What a group commit tells the store: events written (their streams' new heads and tails), and commits (subscriptions wake).
    const listener: CommitListener = {
      written: (append, result) => {
        const { first, last } = positionsWritten(append, result);
        this.heads.written(append.streamName, result.nextExpectedRevision, first, last);
        this.tails.remember(append, result);
      },
      committed: () => this.commits.fire(),
    };
    this.groupCommit = groupCommit ? groupCommit(listener) : new GroupCommit(new AppendWriter(db, options.testHooks ?? {}), listener, options.maxBatch);
  }

  /** Commits so far, their sizes and failures: how well group commit is working. */
  get stats(): Readonly<GroupCommitStats> {
    return this.groupCommit.stats;
  }

  append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    try {
      this.assertOpen();
      const answered = this.groupCommit.submit(prepareAppend(streamName, events, options));
      this.unanswered += 1;
      answered.then(this.countAnswer, this.countFailure);
      return answered;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertStreamName(streamName);
    const direction = directionOf(options.direction);
    const maxCount = maxCountOf(options.maxCount);
    const from = startingPoint(direction, fromOption(options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end'), 'fromRevision'));
    return this.reading(() => {
      if (direction === 'backwards' && maxCount === 1 && from === MAX_REVISION) {
        const last = this.tails.lastEvent(streamName, () => this.heads.get(streamName));
        if (last) return [last];
      }
      if (direction === 'forwards' && from !== null && from > 0n) {
        // "What came after revision N?" (a cached state brought up to date) is mostly "nothing":
        // the stream's head says so, mostly without a lookup (verified-heads.ts), where reading
        // rows then asking whether the stream exists takes two.
        const head = this.heads.get(streamName);
        if (head === null) throw new StreamNotFoundError(streamName);
        if (head < from) return [];
      }
      const rows = from === null ? [] : this.rows.stream(streamName, direction, from, maxCount);
      if (rows.length === 0 && !this.rows.streamExists(streamName)) throw new StreamNotFoundError(streamName);
      return rows.map(toRecordedEvent);
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const direction = directionOf(options.direction);
    const maxCount = maxCountOf(options.maxCount);
    const from = startingPoint(direction, fromOption(options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end'), 'fromPosition'));
    const fetch = (pageDirection: ReadDirection, pageFrom: bigint, pageCount: number) => this.reading(() => this.rows.log(pageDirection, pageFrom, pageCount));
    return { [Symbol.asyncIterator]: () => new LogCursor(fetch, direction, from, maxCount) };
  }

  async readAt(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    this.assertOpen();
    const wanted = positionsToRead(positions);
    return this.reading(() => this.rows.at(wanted).map(toRecordedEvent));
  }

  subscribeToAll(from: SubscribeFrom): Subscription {
    this.assertOpen();
    if (from !== 'start' && from !== 'end' && !(typeof from === 'object' && from !== null && typeof from.after === 'bigint' && from.after >= 0n)) {
      throw new InvalidAppendError(`Invalid subscription start ${String(from)}: expected "start", "end" or { after: bigint }`);
    }
    const source: SubscriptionSource = {
      after: (after, maxCount) => this.reading(() => this.rows.log('forwards', after + 1n, maxCount)),
      headPosition: () => this.reading(() => this.rows.headPosition()),
      onNextCommit: (listener) => this.commits.once(listener),
      isClosed: () => this.isClosed,
    };
    const subscription = new LogSubscription(source, from, this.options.subscriptionPollMs ?? 500, (ended) => this.subscriptions.delete(ended));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The events table as stored, every row whatever its position, for an audit (see stored-rows.ts). */
  storedRows(upTo: bigint): Iterable<EventRow[]> {
    this.assertOpen();
    return (this.stored ??= new StoredRows(this.db)).pages(upTo, (fetch) => this.reading(fetch));
  }

  /** A stream's rows as stored, every row whatever its position, by revision. */
  storedStream(streamName: string, upTo: bigint): EventRow[] {
    this.assertOpen();
    return this.reading(() => (this.stored ??= new StoredRows(this.db)).stream(streamName, upTo));
  }

  /** How many rows the table holds up to `upTo`, in all and by stream: what an audit must have read. */
  storedTally(upTo: bigint): StoredTally {
    this.assertOpen();
    return this.reading(() => (this.stored ??= new StoredRows(this.db)).tally(upTo));
  }

  async headPosition(): Promise<bigint | null> {
    this.assertOpen();
    return this.reading(() => this.rows.headPosition());
  }

  /**
   * Resolves once appends can be written; rejects with StoreUnavailableError when they cannot (the
   * commit thread stopped and the writer could not be opened again on a new one). Each call after
   * such a failure tries again, so a readiness probe both reports and repairs it.
   */
  async writable(): Promise<void> {
    this.assertOpen();
    await this.groupCommit.writable();
  }

  /** Commits appends still queued, ends every subscription, and closes the file. Closing again waits for the same close. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    const committing = this.groupCommit.close();
    this.isClosed = true;
    await committing;
    for (const subscription of [...this.subscriptions]) await subscription.stop();
    this.commits.fire();
    this.db.close();
  }

  private readonly countAnswer = (): void => {
    this.unanswered -= 1;
  };

  /** Only a store failure leaves an append in doubt (written or not); a refusal wrote nothing. */
  private readonly countFailure = (error: unknown): void => {
    if (error instanceof StoreUnavailableError) this.failedAppends += 1;
    // A conflict says the file moved past what the reads of this batch were checked against: the
    // caller's retry (which runs after this) reads it afresh instead of deciding the same way again.
    if (error instanceof WrongExpectedVersionError) this.heads.refuted();
    this.unanswered -= 1;
  };

  private assertOpen(): void {
    if (this.isClosed) throw new StoreUnavailableError('The event store is closed');
  }

  /**
   * Runs a read; a failure of the storage itself becomes StoreUnavailableError. An event that cannot
   * be read (CorruptEventError) is not one: the file answers, and every other event with it.
   */
  private reading<T>(read: () => T): T {
    if (this.isClosed) throw new StoreUnavailableError('The event store is closed');
    try {
      return read();
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StoreUnavailableError || error instanceof CorruptEventError) throw error;
      throw new StoreUnavailableError(`The event store could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

export async function openSqliteEventStore(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
  const { path, testHooks, ...rest } = options;
  if (testHooks && options.commitThread === true) {
    throw new TypeError('openSqliteEventStore: testHooks run on the caller\'s thread, so they cannot be combined with commitThread: true');
  }
  let db: Database.Database;
  try {
    db = openStoreDatabase(path);
  } catch (error) {
    if (error instanceof Error && error.name === 'UnsupportedSchemaVersionError') throw error;
    throw new StoreUnavailableError(`The event store at ${path} could not be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  testHooks?.afterOpen?.(db);
  const storeOptions = { ...rest, ...(testHooks ? { testHooks } : {}) };
  if (!(options.commitThread ?? !testHooks) || path === IN_MEMORY) return new SqliteEventStore(db, storeOptions);
  let threaded: ThreadedGroupCommit | undefined;
  const store = new SqliteEventStore(db, storeOptions, (listener) => (threaded = new ThreadedGroupCommit(path, listener, options.maxBatch)));
  try {
    await threaded!.opened;
    return store;
  } catch (error) {
    db.close();
    throw new StoreUnavailableError(`The event store at ${path} could not be opened for writing: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function directionOf(direction: unknown): ReadDirection {
  if (direction === undefined || direction === 'forwards' || direction === 'backwards') return direction ?? 'forwards';
  throw new InvalidAppendError(`Invalid direction ${String(direction)}: expected "forwards" or "backwards"`);
}

function maxCountOf(maxCount: unknown): number {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (typeof maxCount === 'number' && Number.isSafeInteger(maxCount) && maxCount >= 0) return maxCount;
  throw new InvalidAppendError(`Invalid maxCount ${String(maxCount)}: expected a whole number >= 0`);
}

function fromOption(value: unknown, name: string): bigint | 'start' | 'end' {
  if (value === 'start' || value === 'end') return value;
  if (typeof value === 'bigint' && value >= 0n) return value > MAX_REVISION ? MAX_REVISION : value;
  throw new InvalidAppendError(`Invalid ${name} ${String(value)}: expected "start", "end" or a bigint >= 0`);
}

/** The first revision or position to read (inclusive), or null when there is nothing to read. */
function startingPoint(direction: ReadDirection, from: bigint | 'start' | 'end'): bigint | null {
  if (from === 'start') return 0n;
  if (from === 'end') return direction === 'forwards' ? null : MAX_REVISION;
  return from;
}

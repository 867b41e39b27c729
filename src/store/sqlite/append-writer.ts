import type Database from 'better-sqlite3';
import { RECENT_EVENTS, type AppendResult } from '../event-store.js';
import { describeExpected, StoreUnavailableError, WrongExpectedVersionError } from '../errors.js';
import type { PreparedAppend } from './append-input.js';
import type { PositionRun } from './committed-run.js';
import { expectationMet } from './expected-revision.js';
import { StreamHeads } from './stream-heads.js';

// One group commit: several appends in one immediate transaction and one fsync. Each append is
// checked and answered on its own (expected revision, idempotent retry); a multi-event append runs
// under a savepoint so that its failure undoes only its own rows. A failure of the storage itself
// (disk full, I/O error, a failed COMMIT) fails the whole transaction, and every append in it.
//
// Idempotent retries work as in EventStoreDB. With `no_stream` or an exact revision, an append
// whose expectation no longer holds is a retry when the stream holds exactly its event ids right
// after the expected revision: it is answered with the result of the earlier append and writes
// nothing. With `any` or `stream_exists` there is no revision to look at, so a retry is recognised
// while it is recent: EventStoreDB keeps a bounded cache of recently written ids for this; here the
// stream's last RECENT_EVENTS events are searched for the first id (through the (stream, revision)
// index, so it costs nothing on the usual exact-revision path and holds across restarts).
// Otherwise an id may recur in the log (in another stream, or in a later append), as EventStoreDB
// allows: ids identify retries, not events across the whole log.

/** An append this commit wrote: its result, and when it was recorded. */
export interface WrittenAppend extends AppendResult {
  created: string;
}

/** The positions an append's events were written at: consecutive, ending at the result's position. */
export function positionsWritten(append: PreparedAppend, result: AppendResult): PositionRun {
  return { first: result.position - BigInt(append.events.length - 1), last: result.position };
}

/** The answer to one append: written, a repeat of an earlier append (its result; nothing written), or why it was refused. */
export type AppendOutcome = WrittenAppend | AppendResult | Error;

export interface CommitHooks {
  /** Runs inside the transaction just before COMMIT; throwing makes the commit fail (fault injection in tests). */
  beforeCommit?: (appends: number) => void;
}

type RangeRow = [id: string, revision: number, position: number];


export class AppendWriter {
  private readonly heads: StreamHeads;
  private readonly begin: Database.Statement;
  private readonly commitStatement: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackToSavepoint: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly range: Database.Statement<[string, bigint, number], RangeRow>;
  private readonly recentId: Database.Statement<[string, bigint, string], number>;

  constructor(
    private readonly db: Database.Database,
    private readonly hooks: CommitHooks = {},
  ) {
    this.heads = new StreamHeads(db);
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commitStatement = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT append_one');
    this.release = db.prepare('RELEASE append_one');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO append_one');
    // OR FAIL: one row per statement, so a refused row leaves nothing of itself, and SQLite needs
    // no statement journal (see schema version 5); a refused multi-event append is undone by its savepoint.
    this.insert = db.prepare('INSERT OR FAIL INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.range = db
      .prepare<[string, bigint, number], RangeRow>('SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?')
      .raw();
    this.recentId = db
      .prepare<[string, bigint, string], number>('SELECT revision FROM events WHERE stream = ? AND revision > ? AND id = ? ORDER BY revision DESC LIMIT 1')
      .pluck();
  }

  /** Writes the appends in one transaction. Throws StoreUnavailableError when nothing could be committed. */
  commit(appends: readonly PreparedAppend[], created: string): AppendOutcome[] {
    try {
      this.begin.run();
    } catch (error) {
      throw new StoreUnavailableError(`The store could not start a transaction: ${messageOf(error)}`, { cause: error });
    }
    try {
      const outcomes = new Array<AppendOutcome>(appends.length);
      for (let index = 0; index < appends.length; index += 1) outcomes[index] = this.apply(appends[index]!, created);
      this.hooks.beforeCommit?.(appends.length);
      this.commitStatement.run();
      return outcomes;
    } catch (error) {
      this.heads.forgetAll();
      if (this.db.inTransaction) {
        try {
          this.rollback.run();
        } catch {
          // The connection is broken; the next BEGIN reports it.
        }
      }
      // Not acknowledged. After an I/O error mid-commit, SQLite cannot always say whether the commit
      // reached the disk; a retry with the same event ids is safe either way (it is idempotent).
      throw new StoreUnavailableError(
        `The store could not commit ${appends.length} append(s), so none is acknowledged (a retry with the same event ids is safe): ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  private apply(append: PreparedAppend, created: string, afterReload = false): AppendOutcome {
    const { streamName, expected, events } = append;
    if (expected === 'any' || expected === 'stream_exists') {
      const repeated = this.recentRepeat(append);
      if (repeated !== null) return repeated;
    }
    const head = this.heads.get(streamName);
    if (!expectationMet(expected, head)) {
      return this.earlierResult(append) ?? new WrongExpectedVersionError(streamName, describeExpected(expected), head ?? 'no_stream');
    }
    const several = events.length > 1;
    if (several) this.savepoint.run();
    try {
      let revision = head ?? -1n;
      let position: number | bigint = 0;
      for (const event of events) {
        revision += 1n;
        position = this.insert.run(event.id, streamName, revision, event.type, event.data, event.metadata, created).lastInsertRowid;
      }
      if (several) this.release.run();
      this.heads.set(streamName, revision);
      return { nextExpectedRevision: revision, position: BigInt(position), created };
    } catch (error) {
      // Anything but a constraint leaves the transaction in doubt: the whole commit fails.
      if (!isConstraintViolation(error) || !this.db.inTransaction) throw error;
      if (several) {
        this.rollbackToSavepoint.run();
        this.release.run();
      }
      // The cached head was behind the file (another process wrote to the stream): decide again
      // with the head the file has.
      this.heads.forget(streamName);
      if (!afterReload && this.heads.get(streamName) !== head) return this.apply(append, created, true);
      return error as Error;
    }
  }

  /**
   * For `no_stream` or an exact revision that no longer holds: the result of the earlier append
   * this one repeats (its ids, in order, right after the expected revision), or null.
   */
  private earlierResult(append: PreparedAppend): AppendOutcome | null {
    const { expected } = append;
    if (expected !== 'no_stream' && typeof expected !== 'bigint') return null;
    return this.sameIdsFrom(append, expected === 'no_stream' ? 0n : expected + 1n);
  }

  /**
   * For `any` or `stream_exists`: the result of a recent append with these ids in this stream, null
   * when its first id is not among the stream's recent events (a new append), or a wrong-expected-
   * version error when only some of its ids are there in order (EventStoreDB's answer to a partial repeat).
   */
  private recentRepeat(append: PreparedAppend): AppendOutcome | null {
    const { streamName, events } = append;
    const head = this.heads.get(streamName);
    if (head === null) return null;
    const first = this.recentId.get(streamName, head - BigInt(RECENT_EVENTS), events[0]!.id);
    if (first === undefined) return null;
    return this.sameIdsFrom(append, BigInt(first)) ?? new WrongExpectedVersionError(streamName, describeExpected(append.expected), head);
  }

  /** The result of the earlier append when the stream holds exactly this append's ids from `firstRevision` on, or null. */
  private sameIdsFrom(append: PreparedAppend, firstRevision: bigint): AppendResult | null {
    const { streamName, events } = append;
    const recorded = this.range.all(streamName, firstRevision, events.length);
    if (recorded.length !== events.length) return null;
    for (let index = 0; index < events.length; index += 1) {
      if (recorded[index]![0] !== events[index]!.id) return null;
    }
    const last = recorded[recorded.length - 1]!;
    return { nextExpectedRevision: BigInt(last[1]), position: BigInt(last[2]) };
  }
}

function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

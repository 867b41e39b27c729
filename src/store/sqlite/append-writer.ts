import type Database from 'better-sqlite3';
import type { AppendResult } from '../event-store.js';
import { describeExpected, StoreUnavailableError, WrongExpectedVersionError } from '../errors.js';
import type { PreparedAppend } from './append-input.js';
import { expectationMet } from './expected-revision.js';
import { RecentEventIds } from './recent-event-ids.js';
import { StreamHeads } from './stream-heads.js';

// One group commit: several appends in one immediate transaction and one fsync. Each append is
// checked and answered on its own (expected revision, idempotent retry); a multi-event append runs
// under a savepoint so that its failure undoes only its own rows. A failure of the storage itself
// (disk full, I/O error, a failed COMMIT) fails the whole transaction, and every append in it.
//
// Idempotent retries work as in EventStoreDB. With `no_stream` or an exact revision, an append
// whose expectation no longer holds is a retry when the stream holds exactly its event ids right
// after the expected revision: it is answered with the result of the earlier append and writes
// nothing. With `any` or `stream_exists`, recently written ids are remembered (recent-event-ids.ts).
// Otherwise an id may recur in the log (in another stream, or in a later append), as EventStoreDB
// allows: ids identify retries, not events across the whole log.

/** The answer to one append: its result, or why it was refused. */
export type AppendOutcome = AppendResult | Error;

export interface CommitHooks {
  /** Runs inside the transaction just before COMMIT; throwing makes the commit fail (fault injection in tests). */
  beforeCommit?: (appends: number) => void;
}

type RangeRow = [id: string, revision: number, position: number];
type PositionRow = [id: string, stream: string, revision: number];

export class AppendWriter {
  private readonly heads: StreamHeads;
  private readonly recent = new RecentEventIds();
  private readonly begin: Database.Statement;
  private readonly commitStatement: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackToSavepoint: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly range: Database.Statement<[string, bigint, number], RangeRow>;
  private readonly atPosition: Database.Statement<[number], PositionRow>;

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
    this.insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.range = db
      .prepare<[string, bigint, number], RangeRow>('SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?')
      .raw();
    this.atPosition = db.prepare<[number], PositionRow>('SELECT id, stream, revision FROM events WHERE position = ?').raw();
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
      this.recent.committed();
      return outcomes;
    } catch (error) {
      this.heads.forgetAll();
      this.recent.rolledBack();
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
    const mark = this.recent.mark();
    try {
      let revision = head ?? -1n;
      let position = 0;
      for (const event of events) {
        revision += 1n;
        position = Number(this.insert.run(event.id, streamName, revision, event.type, event.data, event.metadata, created).lastInsertRowid);
        this.recent.remember(event.id, position);
      }
      if (several) this.release.run();
      this.heads.set(streamName, revision);
      return { nextExpectedRevision: revision, position: BigInt(position) };
    } catch (error) {
      // Anything but a constraint leaves the transaction in doubt: the whole commit fails.
      if (!isConstraintViolation(error) || !this.db.inTransaction) throw error;
      this.recent.rollBackTo(mark);
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
    const { streamName, expected, events } = append;
    if (expected !== 'no_stream' && typeof expected !== 'bigint') return null;
    const recorded = this.range.all(streamName, expected === 'no_stream' ? 0n : expected + 1n, events.length);
    if (recorded.length !== events.length) return null;
    for (let index = 0; index < events.length; index += 1) {
      if (recorded[index]![0] !== events[index]!.id) return null;
    }
    const last = recorded[recorded.length - 1]!;
    return { nextExpectedRevision: BigInt(last[1]), position: BigInt(last[2]) };
  }

  /**
   * For `any` or `stream_exists`: the result of a recently written append with these ids in this
   * stream, null when its first id was not recently written to this stream (a new append), or a
   * wrong-expected-version error when only some of its ids were (EventStoreDB's answer to a
   * partial repeat).
   */
  private recentRepeat(append: PreparedAppend): AppendOutcome | null {
    const { streamName, events } = append;
    let last: PositionRow | undefined;
    let lastPosition = 0;
    for (let index = 0; index < events.length; index += 1) {
      const id = events[index]!.id;
      const position = this.recent.positionOf(id);
      const row = position === undefined ? undefined : this.atPosition.get(position);
      if (row === undefined || row[0] !== id || row[1] !== streamName) {
        if (index === 0) return null;
        const head = this.heads.get(streamName);
        return new WrongExpectedVersionError(streamName, describeExpected(append.expected), head ?? 'no_stream');
      }
      last = row;
      lastPosition = position!;
    }
    return { nextExpectedRevision: BigInt(last![2]), position: BigInt(lastPosition) };
  }
}

function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

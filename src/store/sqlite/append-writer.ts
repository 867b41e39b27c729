import type Database from 'better-sqlite3';
import type { AppendResult } from '../event-store.js';
import { describeExpected, InvalidAppendError, StoreUnavailableError, WrongExpectedVersionError } from '../errors.js';
import type { PreparedAppend } from './append-input.js';
import { expectationFitsEarlierAppend, expectationMet } from './expected-revision.js';
import { StreamHeads } from './stream-heads.js';

// One group commit: several appends in one immediate transaction and one fsync. Each append is
// checked and answered on its own (expected revision, idempotent retry); a multi-event append runs
// under a savepoint so that its failure undoes only its own rows. A failure of the storage itself
// (disk full, I/O error, a failed COMMIT) fails the whole transaction, and every append in it.

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

export interface CommitHooks {
  /** Runs inside the transaction just before COMMIT; throwing makes the commit fail (fault injection in tests). */
  beforeCommit?: (appends: number) => void;
}

type IdRow = [stream: string, revision: number, position: number];
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
  private readonly byId: Database.Statement<[string], IdRow>;
  private readonly range: Database.Statement<[string, bigint, number], RangeRow>;

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
    this.byId = db.prepare<[string], IdRow>('SELECT stream, revision, position FROM events WHERE id = ?').raw();
    this.range = db
      .prepare<[string, bigint, number], RangeRow>('SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?')
      .raw();
  }

  /** Writes the appends in one transaction. Throws StoreUnavailableError when nothing could be committed. */
  commit(appends: readonly PreparedAppend[], created: string): AppendOutcome[] {
    try {
      this.begin.run();
    } catch (error) {
      throw new StoreUnavailableError(`The store could not start a transaction: ${messageOf(error)}`, { cause: error });
    }
    try {
      const outcomes = appends.map((append) => this.apply(append, created));
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
    const head = this.heads.get(streamName);
    if (!expectationMet(expected, head)) {
      return this.earlierResult(append) ?? refused(new WrongExpectedVersionError(streamName, describeExpected(expected), head ?? 'no_stream'));
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
      return { ok: true, result: { nextExpectedRevision: revision, position: BigInt(position) } };
    } catch (error) {
      // Anything but a constraint leaves the transaction in doubt: the whole commit fails.
      if (!isConstraintViolation(error) || !this.db.inTransaction) throw error;
      if (several) {
        this.rollbackToSavepoint.run();
        this.release.run();
      }
      const earlier = this.earlierResult(append);
      if (earlier) return earlier;
      // Another process may have moved the stream since it was cached: check once more from the file.
      this.heads.forget(streamName);
      if (!afterReload && this.heads.get(streamName) !== head) return this.apply(append, created, true);
      return refused(this.duplicateIdError(append) ?? (error as Error));
    }
  }

  /** The result of the earlier append this one repeats (same ids, same stream, in order), or null. */
  private earlierResult(append: PreparedAppend): AppendOutcome | null {
    const first = this.byId.get(append.events[0]!.id);
    if (!first || first[0] !== append.streamName) return null;
    const firstRevision = BigInt(first[1]);
    if (!expectationFitsEarlierAppend(append.expected, firstRevision)) return null;
    const recorded = this.range.all(append.streamName, firstRevision, append.events.length);
    if (recorded.length !== append.events.length) return null;
    if (recorded.some((row, index) => row[0] !== append.events[index]!.id)) return null;
    const last = recorded[recorded.length - 1]!;
    return { ok: true, result: { nextExpectedRevision: BigInt(last[1]), position: BigInt(last[2]) } };
  }

  private duplicateIdError(append: PreparedAppend): InvalidAppendError | null {
    for (const event of append.events) {
      const found = this.byId.get(event.id);
      if (found) {
        return new InvalidAppendError(
          `Event id ${event.id} is already recorded (stream "${found[0]}", revision ${found[1]}); an append may reuse ids only to retry the same append`,
        );
      }
    }
    return null;
  }
}

function refused(error: Error): AppendOutcome {
  return { ok: false, error };
}

function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type Database from 'better-sqlite3';
import { setMostRecent } from '../most-recent-map.js';
import type { EventRows } from './event-rows.js';
import type { PositionRun } from './committed-run.js';

// The last revision of streams this store has read or written, for the reading connection, kept
// valid without an index lookup per read. Each commit on the commit thread (another connection)
// makes SQLite drop this connection's page cache, so looking a stream's head up after it costs
// 10-25 us: under load, the largest single cost of the lookups a decision makes.
//
// The heads are known as of log position `knownUpTo`. The store's own acknowledged appends advance
// it: they are written at consecutive positions, so an append that does not start right after it
// means another writer wrote in between, and everything known is dropped. Before a head is used,
// the file is checked to hold nothing past `knownUpTo` that is not accounted for: PRAGMA
// data_version says whether any other connection committed since the last check, and only then is
// the log's head read (one lookup per commit, not one per stream). Events past `knownUpTo` are
// accounted for when the commit thread says it wrote them all, with nothing of anyone else's
// between (committed-run.ts): appends of this store committed and not answered yet, which a read
// may or may not see, as it may or may not see any append in flight. Events nobody here accounts
// for (another process wrote, or a commit in doubt after the commit thread stopped) are not hidden
// past the check (see isCurrent): while appends of this store are unanswered, heads are read from
// the file; once none is, what is known is dropped and counted again from the file's head.

export const MAX_VERIFIED_HEADS = 50_000;

export class VerifiedHeads {
  private readonly heads = new Map<string, bigint>();
  private readonly dataVersion: Database.Statement<[], number>;
  private knownUpTo: bigint;
  private verifiedVersion: number;
  /** The verdict while the file holds events past `knownUpTo`, and what it depends on. */
  private lastCheck: { version: number; knownUpTo: bigint; failed: number; current: boolean } | null = null;
  private currentForBatch = false;
  /** Failed appends taken into account, and the position up to which their events may be (see isCurrent). */
  private failuresSeen = 0;
  private doubtfulUpTo = 0n;

  constructor(
    db: Database.Database,
    /** The same connection's reads of the events table. */
    private readonly rows: EventRows,
    /** Whether appends of this store are submitted and not yet answered (their events may be in the file). */
    private readonly appendsUnanswered: () => boolean,
    /** How many appends of this store have failed so far (a failed one may have been written all the same). */
    private readonly appendsFailed: () => number,
    /** What the writer of this store on another connection has committed with nothing of others between (null: nothing is known). */
    private readonly ownCommittedRun: () => PositionRun | null,
    private readonly maxEntries = MAX_VERIFIED_HEADS,
  ) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    // The version first: a commit landing between the two reads is then seen at the next check.
    this.verifiedVersion = this.dataVersion.get()!;
    this.knownUpTo = this.readLogHead();
  }

  /** How many streams' heads are known. */
  get size(): number {
    return this.heads.size;
  }

  /** The stream's last revision, or null when it has no events: from what is known when it is still the file's, else from the file. */
  get(streamName: string): bigint | null {
    if (this.isCurrent()) {
      const known = this.heads.get(streamName);
      if (known !== undefined) return known;
    }
    const head = this.rows.lastRevision(streamName);
    if (head === null) return null;
    // A head read from the file is never behind the file as of `knownUpTo` (events are never removed).
    const known = this.heads.get(streamName);
    if (known === undefined || head > known) setMostRecent(this.heads, streamName, head, this.maxEntries);
    return head;
  }

  /** This store's append to the stream was written at `firstPosition`..`lastPosition`, up to `revision`. */
  written(streamName: string, revision: bigint, firstPosition: bigint, lastPosition: bigint): void {
    if (firstPosition !== this.knownUpTo + 1n) this.heads.clear();
    this.knownUpTo = lastPosition;
    // Never lowered: a read may already have seen a later append of the store's own.
    const known = this.heads.get(streamName);
    if (known === undefined || revision > known) setMostRecent(this.heads, streamName, revision, this.maxEntries);
  }

  /**
   * Whether what is known is the file's, for reads made now. A yes holds until the event loop next
   * runs its immediates (its check phase): every read until then shares the first one's check, so
   * one check serves a batch of requests instead of each paying for it (~10 us a write under load,
   * as SQLite drops this connection's page cache after every commit of the commit thread). A read
   * therefore sees what other writers committed before the loop's last check phase ended; what they
   * commit after it (during this iteration's timers or I/O callbacks) may be missed until the next
   * one, even if another process has acknowledged it meanwhile. A conflict on an append ends the
   * shared check at once (refuted).
   */
  private isCurrent(): boolean {
    if (this.currentForBatch) return true;
    const current = this.check();
    if (current) {
      this.currentForBatch = true;
      setImmediate(this.batchEnded);
    }
    return current;
  }

  private readonly batchEnded = (): void => {
    this.currentForBatch = false;
  };

  /** An append was refused for a stale expected revision: the next read checks the file again. */
  refuted(): void {
    this.currentForBatch = false;
  }

  private check(): boolean {
    const version = this.dataVersion.get()!;
    if (version === this.verifiedVersion) return true;
    const failed = this.appendsFailed();
    const checked = this.lastCheck;
    if (checked?.version === version && checked.knownUpTo === this.knownUpTo && checked.failed === failed) return checked.current;
    const head = this.readLogHead();
    if (head === this.knownUpTo) {
      this.verifiedVersion = version;
      return true;
    }
    if (!this.appendsUnanswered()) {
      this.heads.clear();
      this.knownUpTo = head;
      this.verifiedVersion = version;
      return true;
    }
    // Events past what is known while appends are unanswered: current only while they are all the
    // commit thread's own, and none may be a failed append's. An append that failed may have been
    // written all the same (a commit in doubt) and will never be answered: until the answers reach
    // past everything the thread had reported when it failed, the run does not count.
    const run = this.ownCommittedRun();
    if (failed !== this.failuresSeen) {
      this.failuresSeen = failed;
      this.doubtfulUpTo = run && run.last > head ? run.last : head;
    }
    const current = run !== null && run.first <= this.knownUpTo + 1n && head <= run.last && this.knownUpTo >= this.doubtfulUpTo;
    this.lastCheck = { version, knownUpTo: this.knownUpTo, failed, current };
    return current;
  }

  /** The log's last position (0 when it is empty: positions start at 1). */
  private readLogHead(): bigint {
    return this.rows.headPosition() ?? 0n;
  }
}

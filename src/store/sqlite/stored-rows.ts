import type Database from 'better-sqlite3';
import { EVENT_COLUMNS, type EventRow } from './event-rows.js';
import { appendOnlyGuardChanges } from './schema.js';

// The events table as it is stored, for an audit (the verifier, a backup's digest): every row,
// whatever its position, in position order and not yet read as events. The register's own reads
// start at position 1 (where the store's positions start); an audit must also see a row written
// below it around the register, since a stream read by revision shows it. Whole numbers come as
// bigints (safe integers), so that no position, however large, is misread or skipped by the paging.

/** The smallest position SQLite can store (a 64-bit signed integer). */
const LOWEST_POSITION = -(2n ** 63n);
const PAGE_SIZE = 2_000;

/** What the table holds up to a position: its rows, and how many of them each stream has. */
export interface StoredTally {
  events: number;
  /** By the stream column as text. */
  streams: [stream: string, events: number][];
  /** What keeps the table append-only and is not as the register made it (schema.ts). */
  guardChanges: string[];
  /**
   * The last position the table ever numbered (its AUTOINCREMENT counter) and its last event, read
   * together: the store numbers without gaps and a failed commit takes no number, so a counter
   * beyond the last event means events were removed from the end of the log.
   */
  numbered: { upTo: bigint | null; lastEvent: bigint | null };
}

export class StoredRows {
  private readonly page: Database.Statement<[bigint, bigint, number], EventRow>;
  private readonly ofStream: Database.Statement<[string, bigint], EventRow>;
  private readonly count: Database.Statement<[bigint], bigint>;
  private readonly byStream: Database.Statement<[bigint], [unknown, bigint]>;
  private readonly counter: Database.Statement<[], [bigint | null, bigint | null]>;

  constructor(private readonly db: Database.Database) {
    this.page = db.prepare<[bigint, bigint, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?`,
    ).raw().safeIntegers();
    this.ofStream = db.prepare<[string, bigint], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND position <= ? ORDER BY revision`,
    ).raw().safeIntegers();
    // Both on the (stream, revision) index, which holds every row's position too (`+position`: not
    // the rowid range, which would read every page of the table again).
    this.count = db.prepare<[bigint], bigint>('SELECT count(*) FROM events WHERE +position <= ?').pluck().safeIntegers();
    this.byStream = db.prepare<[bigint], [unknown, bigint]>('SELECT stream, count(*) FROM events WHERE +position <= ? GROUP BY stream')
      .raw().safeIntegers();
    // One statement: the counter and the last event as of the same moment, whatever is appended meanwhile.
    this.counter = db.prepare<[], [bigint | null, bigint | null]>(
      "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'events'), (SELECT max(position) FROM events)",
    ).raw().safeIntegers();
  }

  /** The rows at or below `upTo`, lowest position first, a page at a time (each page its own short read). */
  *pages(upTo: bigint, read: <T>(fetch: () => T) => T = (fetch) => fetch()): Generator<EventRow[]> {
    let from = LOWEST_POSITION;
    for (;;) {
      const rows = read(() => this.page.all(from, upTo, PAGE_SIZE));
      if (rows.length > 0) yield rows;
      const last = rows.at(-1)?.[0] as bigint | undefined;
      if (rows.length < PAGE_SIZE || last === undefined || last >= upTo) return;
      from = last + 1n;
    }
  }

  /** A stream's rows at or below `upTo`, by revision. */
  stream(streamName: string, upTo: bigint): EventRow[] {
    return this.ofStream.all(streamName, upTo);
  }

  tally(upTo: bigint): StoredTally {
    return {
      events: Number(this.count.get(upTo) ?? 0n),
      streams: this.byStream.all(upTo).map(([stream, events]) => [String(stream), Number(events)]),
      guardChanges: appendOnlyGuardChanges(this.db),
      numbered: this.numbered(),
    };
  }

  private numbered(): StoredTally['numbered'] {
    const [upTo, lastEvent] = this.counter.get() ?? [null, null];
    return { upTo: upTo === null ? null : BigInt(upTo), lastEvent: lastEvent === null ? null : BigInt(lastEvent) };
  }
}

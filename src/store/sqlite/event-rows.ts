import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store.js';

// Reading rows of the events table. Statements return raw arrays (no row objects), which is what
// makes a full replay fast; positions and revisions stay JS numbers until they become bigints here.

export type EventRow = [position: number, id: string, stream: string, revision: number, type: string, data: string, metadata: string, created: string];

const COLUMNS = 'position, id, stream, revision, type, data, metadata, created';

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return withMetadata(row, JSON.parse(row[6]) as RecordedEvent['metadata']);
}

/** The event of a row whose metadata the caller has read (a rebuild reads only some of it). */
export function withMetadata(row: EventRow, metadata: RecordedEvent['metadata']): RecordedEvent {
  return {
    id: row[1],
    type: row[4],
    streamName: row[2],
    revision: BigInt(row[3]),
    position: BigInt(row[0]),
    data: JSON.parse(row[5]) as RecordedEvent['data'],
    metadata,
    created: row[7],
  };
}

/** LIMIT -1 is SQLite's "no limit". */
export function sqlLimit(maxCount: number): number {
  return Number.isFinite(maxCount) ? maxCount : -1;
}

type StreamQuery = Database.Statement<[string, bigint], EventRow>;

export class EventRows {
  /** By direction: [no limit, LIMIT 1, LIMIT ?]. A bound LIMIT makes SQLite run a short read about twice as slow, so the common counts are literal. */
  private readonly streamQueries: Record<'forwards' | 'backwards', [StreamQuery, StreamQuery, Database.Statement<[string, bigint, number], EventRow>]>;
  private readonly anyInStream: Database.Statement<[string], number>;
  private readonly allForwards: Database.Statement<[bigint, number], EventRow>;
  private readonly allBackwards: Database.Statement<[bigint, number], EventRow>;
  private readonly atPositions: Database.Statement<[string], EventRow>;
  private readonly lastPosition: Database.Statement<[], number | null>;
  private readonly lastRevisionOf: Database.Statement<[string], number | null>;

  constructor(db: Database.Database) {
    const streamQuery = (condition: string, order: string, limit: string) =>
      db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND ${condition} ORDER BY ${order} ${limit}`).raw();
    const forStream = (condition: string, order: string) =>
      [streamQuery(condition, order, ''), streamQuery(condition, order, 'LIMIT 1'), streamQuery(condition, order, 'LIMIT ?')] as [
        StreamQuery,
        StreamQuery,
        Database.Statement<[string, bigint, number], EventRow>,
      ];
    this.streamQueries = {
      forwards: forStream('revision >= ?', 'revision'),
      backwards: forStream('revision <= ?', 'revision DESC'),
    };
    this.anyInStream = db.prepare<[string], number>('SELECT 1 FROM events WHERE stream = ? LIMIT 1').pluck();
    this.allForwards = db.prepare<[bigint, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`).raw();
    this.allBackwards = db
      .prepare<[bigint, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`)
      .raw();
    // One statement for any number of positions: they are bound as one JSON array.
    this.atPositions = db.prepare<[string], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position`,
    ).raw();
    this.lastPosition = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
    this.lastRevisionOf = db.prepare<[string], number | null>('SELECT max(revision) FROM events WHERE stream = ?').pluck();
  }

  /** Revisions `from` and up (forwards) or `from` and down (backwards), inclusive. */
  stream(streamName: string, direction: 'forwards' | 'backwards', from: bigint, maxCount: number): EventRow[] {
    const [unlimited, single, limited] = this.streamQueries[direction];
    if (!Number.isFinite(maxCount)) return unlimited.all(streamName, from);
    if (maxCount === 1) return single.all(streamName, from);
    return limited.all(streamName, from, maxCount);
  }

  streamExists(streamName: string): boolean {
    return this.anyInStream.get(streamName) !== undefined;
  }

  /** Positions `from` and up (forwards) or `from` and down (backwards), inclusive. */
  log(direction: 'forwards' | 'backwards', from: bigint, maxCount: number): EventRow[] {
    const statement = direction === 'forwards' ? this.allForwards : this.allBackwards;
    return statement.all(from, sqlLimit(maxCount));
  }

  /** The rows at these positions (those that exist), in position order. */
  at(positions: readonly bigint[]): EventRow[] {
    if (positions.length === 0) return [];
    return this.atPositions.all(`[${positions.join(',')}]`);
  }

  /** The stream's last revision (from the index alone), or null when it has no events. */
  lastRevision(streamName: string): bigint | null {
    const last = this.lastRevisionOf.get(streamName);
    return last === null || last === undefined ? null : BigInt(last);
  }

  headPosition(): bigint | null {
    const last = this.lastPosition.get();
    return last === null || last === undefined ? null : BigInt(last);
  }
}

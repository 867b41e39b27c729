import type Database from 'better-sqlite3';
import { CorruptEventError } from '../errors.js';
import type { JsonObject, RecordedEvent } from '../event-store.js';

// Reading rows of the events table. Statements return raw arrays (no row objects), which is what
// makes a full replay fast; positions and revisions stay JS numbers until they become bigints here.

/** Positions and revisions are numbers, or bigints on a statement reading safe integers (stored-rows.ts). */
export type EventRow = [position: number | bigint, id: string, stream: string, revision: number | bigint, type: string, data: string, metadata: string, created: string];

/** The columns of an EventRow, in its order. */
export const EVENT_COLUMNS = 'position, id, stream, revision, type, data, metadata, created';

/**
 * The event a row holds; CorruptEventError for a row the register could not have written (data or
 * metadata not a JSON object, a revision or position that is not a whole number, a position below
 * 1, a text column holding something else). Rows come as SQLite gives them, whatever the table's
 * declared types say, so every column is checked, not cast.
 */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return withMetadata(row, jsonObjectOf(row, 6, 'metadata'));
}

/**
 * A stored row, for an audit of the table that goes on past what it cannot read (verification, a
 * backup's digest): its event, or the CorruptEventError that says why it cannot be one.
 */
export function readStoredRow(row: EventRow): RecordedEvent | CorruptEventError {
  try {
    return toRecordedEvent(row);
  } catch (error) {
    if (error instanceof CorruptEventError) return error;
    throw error;
  }
}

/** The event of a row whose metadata the caller has read (a rebuild reads only some of it). */
export function withMetadata(row: EventRow, metadata: RecordedEvent['metadata']): RecordedEvent {
  const position = wholeNumber(row[0]);
  const revision = wholeNumber(row[3]);
  if (position === undefined || position < 1n || revision === undefined || revision < 0n
    || typeof row[1] !== 'string' || typeof row[2] !== 'string' || typeof row[4] !== 'string' || typeof row[7] !== 'string') {
    throw corruptRow(row, placeProblem(row));
  }
  return {
    id: row[1],
    type: row[4],
    streamName: row[2],
    revision,
    position,
    data: jsonObjectOf(row, 5, 'data'),
    metadata,
    created: row[7],
  };
}

/** A column's JSON object (data 5, metadata 6); CorruptEventError when it holds anything else. */
export function jsonObjectOf(row: EventRow, column: 5 | 6, name: 'data' | 'metadata'): JsonObject {
  const text: unknown = row[column];
  if (typeof text !== 'string') throw corruptRow(row, `its ${name} is not text (${typeof text})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw corruptRow(row, `its ${name} is not valid JSON${whereParsingStopped(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw corruptRow(row, `its ${name} is not a JSON object`);
  return parsed as JsonObject;
}

/**
 * Where JSON.parse gave up, in words that quote nothing of the text: its own message quotes the
 * text around the fault, and an event's data may hold a reporter's identity, which the reason
 * (shown in the audit stream, exports, verification and a 500's detail) must never carry.
 */
function whereParsingStopped(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/end of JSON input/.test(message)) return ' (it ends too early)';
  const position = /at position (\d+)/.exec(message)?.[1];
  return position === undefined ? '' : ` (at character ${position})`;
}

/** A whole number as SQLite returns one (a safe JS number, or a bigint on a statement reading safe integers). */
function wholeNumber(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
}

function placeProblem(row: EventRow): string {
  const position = wholeNumber(row[0]);
  if (position === undefined) return `its position is not a whole number (${String(row[0])})`;
  if (position < 1n) return `it is at position ${position}, below 1, where the store never writes an event`;
  const revision = wholeNumber(row[3]);
  if (revision === undefined || revision < 0n) return `its revision is not a whole number from 0 up (${JSON.stringify(row[3]) ?? String(row[3])})`;
  const column = ([[1, 'id'], [2, 'stream'], [4, 'type'], [7, 'created']] as const).find(([index]) => typeof row[index] !== 'string');
  return `its ${column?.[1] ?? 'row'} is not text`;
}

/** Where a row is, as far as it can be read, and what is wrong with it. */
export function corruptRow(row: EventRow, reason: string): CorruptEventError {
  const raw: unknown = row[0];
  const position = wholeNumber(raw) ?? (typeof raw === 'number' && Number.isInteger(raw) ? BigInt(raw) : null);
  return new CorruptEventError(
    position,
    typeof row[2] === 'string' ? row[2] : null,
    wholeNumber(row[3]) ?? null,
    typeof row[1] === 'string' ? row[1] : null,
    reason,
    readableMetadata(row[6]),
  );
}

/** The metadata column as a JSON object, or null when it is not one. */
function readableMetadata(text: unknown): JsonObject | null {
  if (typeof text !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as JsonObject : null;
  } catch {
    return null;
  }
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
      db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND ${condition} ORDER BY ${order} ${limit}`).raw();
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
    this.allForwards = db.prepare<[bigint, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`).raw();
    this.allBackwards = db
      .prepare<[bigint, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`)
      .raw();
    // One statement for any number of positions: they are bound as one JSON array.
    this.atPositions = db.prepare<[string], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position`,
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

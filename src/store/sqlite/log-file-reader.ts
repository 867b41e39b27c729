import Database from 'better-sqlite3';
import type { JsonObject, RecordedEvent } from '../event-store.js';
import { EVENT_COLUMNS, jsonObjectOf, toRecordedEvent, withMetadata, type EventRow } from './event-rows.js';
import { pickJsonFields } from './json-fields.js';

// Reading a store file's log from a thread of its own (a rebuild's helper thread), on a read-only
// connection: WAL lets it read while the store writes. Only the events of the types asked for are
// turned into JS values (the others are passed over inside SQLite), up to a position fixed
// beforehand, so that two threads reading the same file see the same log.

export interface LogFileReadOptions {
  /** The last position to read (inclusive); null reads nothing (the log was empty). */
  upTo: bigint | null;
  /** Only events of these types; all when absent. */
  types?: readonly string[];
  /** Rows fetched per statement (default 1,000). */
  pageSize?: number;
  /**
   * Only these fields of each event's metadata (a rebuild's projections read a few of them; the
   * hashes and correlation ids are most of its length). All of it when absent.
   */
  metadataFields?: readonly string[];
}


export function* readLogFile(path: string, options: LogFileReadOptions): Generator<RecordedEvent> {
  if (options.upTo === null) return;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const ofTypes = options.types ? ' AND type IN (SELECT value FROM json_each(?))' : '';
    const page = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? AND position <= ?${ofTypes} ORDER BY position LIMIT ?`).raw();
    const types = options.types ? [JSON.stringify(options.types)] : [];
    const pageSize = options.pageSize ?? 1_000;
    const fields = options.metadataFields;
    const toEvent = fields ? (row: EventRow) => withMetadata(row, pickedMetadata(row, fields)) : toRecordedEvent;
    let from = 0n;
    for (;;) {
      const rows = page.all(from, options.upTo, ...types, pageSize) as EventRow[];
      for (const row of rows) yield toEvent(row);
      if (rows.length < pageSize) return;
      from = BigInt(rows[rows.length - 1]![0]) + 1n;
    }
  } finally {
    db.close();
  }
}

/** The metadata fields asked for; CorruptEventError (as reading the whole of it gives) when the metadata cannot be read. */
function pickedMetadata(row: EventRow, fields: readonly string[]): JsonObject {
  if (typeof row[6] !== 'string') return jsonObjectOf(row, 6, 'metadata');
  try {
    return pickJsonFields(row[6], fields) as JsonObject;
  } catch {
    return jsonObjectOf(row, 6, 'metadata');
  }
}

/** How many events the file's log holds up to a position (counted on the (stream, revision) index, the smallest that covers it). */
export function countLogEvents(path: string, upTo: bigint | null): number {
  if (upTo === null) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // `+position`: not the rowid range, which would read every page of the table to count it.
    return db.prepare('SELECT count(*) FROM events WHERE +position <= ?').pluck().get(upTo) as number;
  } finally {
    db.close();
  }
}

/** The id of the event at a position of the file's log, or null when none is there. */
export function eventIdAt(path: string, position: bigint): string | null {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT id FROM events WHERE position = ?').pluck().get(position) as string | undefined) ?? null;
  } finally {
    db.close();
  }
}

/** The last event of every stream, where it is and its metadata, as the log stood at one moment. */
export interface StreamEnds {
  /** The log's last position then (null: it was empty). */
  upTo: bigint | null;
  /** How many events the log held then. */
  events: number;
  ends: { streamName: string; revision: bigint; position: bigint; metadata: JsonObject }[];
}

/**
 * The last event of every stream, found on the (stream, revision) index: a small part of the file,
 * where reading the log to find them reads all of it. One read transaction: the ends, the count and
 * the last position are of the same log.
 */
export function readStreamEnds(path: string): StreamEnds {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.transaction((): StreamEnds => {
      // Rows below position 1 are none of the register's (the store refuses them; verification names them).
      const [events, upTo] = db.prepare('SELECT count(*), max(position) FROM events WHERE position >= 1').raw().get() as [number, number | null];
      const rows = db.prepare(`SELECT e.stream, e.revision, e.position, e.metadata
        FROM (SELECT stream, max(revision) AS revision FROM events WHERE position >= 1 GROUP BY stream) AS last
        JOIN events AS e ON e.stream = last.stream AND e.revision = last.revision`).raw().all() as [string, number, number, string][];
      return {
        upTo: upTo === null ? null : BigInt(upTo),
        events,
        ends: rows.map(([streamName, revision, position, metadata]) => ({
          streamName, revision: BigInt(revision), position: BigInt(position), metadata: JSON.parse(metadata) as JsonObject,
        })),
      };
    })();
  } finally {
    db.close();
  }
}

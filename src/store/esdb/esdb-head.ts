import { BACKWARDS, END, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import { readPage } from './read-page.js';
import { isSystemEvent, positionOf } from './recorded-event.js';

// The end of `$all`, read backwards. EventStoreDB keeps writing its own events (statistics, epochs,
// ...), so the last record of the log and the last event of the register are two different things.

export interface LogHead {
  /** The last record in `$all`, system events included; null for an empty log. */
  last: Position | null;
  /** The position of the last event that is not a system event; null when there is none. */
  lastVisible: bigint | null;
}

const PAGE_SIZE = 256;

export async function readLogHead(client: EventStoreDBClient): Promise<LogHead> {
  let last: Position | null = null;
  let from: Position | typeof END = END;
  for (;;) {
    const page = await readPage(client, { direction: BACKWARDS, fromPosition: from, maxCount: PAGE_SIZE });
    const pageStart = from;
    // Whether the server's backward read includes its starting position or not, skip it.
    const older = pageStart === END ? page : page.filter((resolved) => positionOf(resolved).commit < pageStart.commit);
    if (older.length === 0) return { last, lastVisible: null };
    for (const resolved of older) {
      const position = positionOf(resolved);
      last ??= position;
      if (!isSystemEvent(resolved)) return { last, lastVisible: position.commit };
      from = position;
    }
  }
}

/** The position of the last record of `$all` (system events included), or null for an empty log. */
export async function readLastRecord(client: EventStoreDBClient): Promise<Position | null> {
  const [last] = await readPage(client, { direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  return last ? positionOf(last) : null;
}

import { FORWARDS, START, type AllStreamResolvedEvent, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import { isInvalidPositionRefusal, toStoreError } from './esdb-errors.js';
import { PAGE_SIZE, readPage, readPageOfAll } from './read-page.js';
import { positionOf } from './recorded-event.js';

// Reading `$all` from a position of the port's, which may be any number: EventStoreDB reads only
// from where a record starts (besides 0 and past the last record) and refuses any other position.
// That refusal is told apart from a failure here and nowhere else; each reader then decides what a
// position where no record starts means for it (no event there, or read on from the next record).

/**
 * Up to `maxCount` records of `$all` read forwards from a position, the record starting there first;
 * null when the server refuses the position because no record starts there. Any other failure is
 * the port's error.
 */
export async function readIfRecordStartsAt(
  client: EventStoreDBClient,
  position: bigint,
  maxCount: number,
): Promise<AllStreamResolvedEvent[] | null> {
  try {
    return await readPage(client, { direction: FORWARDS, fromPosition: { commit: position, prepare: position }, maxCount });
  } catch (error) {
    if (isInvalidPositionRefusal(error)) return null;
    throw toStoreError(error, { operation: 'read of $all' });
  }
}

/**
 * The first record after a position where no record starts, or null when there is none. The usual
 * such position is one past an event's own, as a reader asks for what follows the last event it
 * received: the record before it is read first. Any other is found by reading `$all` from the start.
 */
export async function firstRecordAfter(client: EventStoreDBClient, position: bigint): Promise<Position | null> {
  if (position > 0n) {
    const fromRecordBefore = await readIfRecordStartsAt(client, position - 1n, 2);
    if (fromRecordBefore !== null) return fromRecordBefore.map(positionOf).find((found) => found.commit > position) ?? null;
  }
  return scanForFirstRecordAfter(client, position);
}

/** `$all` read from its start, page after page, up to the first record after a position (slow on a large log). */
async function scanForFirstRecordAfter(client: EventStoreDBClient, position: bigint): Promise<Position | null> {
  let cursor: Position | typeof START = START;
  for (;;) {
    const page = await readPageOfAll(client, { direction: FORWARDS, fromPosition: cursor, maxCount: PAGE_SIZE });
    const start = cursor;
    const fresh = start === START ? page : page.filter((resolved) => positionOf(resolved).commit > start.commit);
    if (fresh.length === 0) return null;
    const after = fresh.map(positionOf).find((found) => found.commit > position);
    if (after) return after;
    cursor = positionOf(fresh[fresh.length - 1]!);
  }
}

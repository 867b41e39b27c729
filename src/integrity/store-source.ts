import { CorruptEventError, StreamNotFoundError } from '../store/errors.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { corruptRow, readStoredRow, type EventRow } from '../store/sqlite/event-rows.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { readAllGoingOn } from './read-all-going-on.js';
import { SEAL_STREAM } from './seal-record.js';
import { unreadableEventOf, type UnreadableEvent } from './unreadable-event.js';
import {
  verifyLog, type VerifiableEvent, type VerifyOptions, type VerifyResult, type VerifySource,
} from './verify.js';

// The live log as a verification source: the seal log read as a stream, then the whole log in
// order, both up to the head position as it was when verification started (what is appended
// meanwhile is left for the next run).
//
// The embedded store is read as its table is stored (storedRows): every row whatever its position
// (one below position 1 was written around the register, and is reported), each row read here, so
// that one that cannot be read is reported where it is and the rest is still verified; then the
// table's counts, in all and by stream, must match what was read. Other stores are read through
// the port.

export function storeSource(store: EventStore, upTo: bigint | null): VerifySource {
  return store instanceof SqliteEventStore ? storedRowsSource(store, upTo) : portSource(store, upTo);
}

function portSource(store: EventStore, upTo: bigint | null): VerifySource {
  return {
    denseLog: store.densePositions,
    async *seals() {
      if (upTo === null) return;
      let seals: RecordedEvent[];
      try {
        seals = await store.readStream(SEAL_STREAM);
      } catch (error) {
        if (error instanceof StreamNotFoundError) return;
        if (!(error instanceof CorruptEventError)) throw error;
        // A seal that cannot be read (the second pass reports it): the others, found in the whole log.
        for await (const entry of readAllGoingOn(store, { fromPosition: 'start' })) {
          if (entry.position > upTo) return;
          if (!('unreadable' in entry) && entry.streamName === SEAL_STREAM) yield entry;
        }
        return;
      }
      for (const event of seals) if (event.position <= upTo) yield event;
    },
    async *events() {
      if (upTo === null) return;
      // An event that cannot be read is reported where it is, and the rest of the log still verified.
      for await (const entry of readAllGoingOn(store, { fromPosition: 'start' })) {
        if (entry.position > upTo) return;
        yield entry;
      }
    },
  };
}

function storedRowsSource(store: SqliteEventStore, upTo: bigint | null): VerifySource {
  return {
    denseLog: true,
    firstPosition: 1n,
    async *seals() {
      if (upTo === null) return;
      for (const row of store.storedStream(SEAL_STREAM, upTo)) {
        const read = readRow(row);
        // Unreadable or below position 1: reported by the second pass, never used as a seal.
        if (!isUnreadableRow(read) && read.position >= 1n) yield read;
      }
    },
    async *events() {
      if (upTo === null) return;
      for (const page of store.storedRows(upTo)) {
        for (const row of page) yield readRow(row);
      }
    },
    async tally() {
      return upTo === null ? { events: 0, streams: [] } : store.storedTally(upTo);
    },
  };
}

function isUnreadableRow(read: VerifiableEvent | UnreadableEvent): read is UnreadableEvent {
  return 'unreadable' in read;
}

/**
 * The row's event, or what cannot be read of it, and where it is. A row below position 1 that reads
 * well otherwise is an event put where the register never writes one (reported as inserted), not an
 * unreadable one: the store's reader refuses its position only, so it is read at position 1 and
 * given its own position back.
 */
function readRow(row: EventRow): VerifiableEvent | UnreadableEvent {
  // The position is the table's rowid: always a whole number.
  const position = BigInt(row[0]);
  const belowFirst = position < 1n;
  const read = readStoredRow(belowFirst ? [1, ...row.slice(1)] as EventRow : row);
  if (!(read instanceof CorruptEventError)) return belowFirst ? { ...read, position } : read;
  // Named where it really is (a row read at position 1 would be reported there).
  const error = belowFirst ? corruptRow(row, read.reason) : read;
  return { ...unreadableEventOf(error, position), tallyStream: String(row[2]) };
}

export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyLog(storeSource(store, await store.headPosition()), options);
}

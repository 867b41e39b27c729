import { createHash } from 'node:crypto';
import { canonicalJson } from '../integrity/canonical.js';
import { CorruptEventError } from '../store/errors.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { readStoredRow, type EventRow } from '../store/sqlite/event-rows.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';

// A digest of the log: sha256 over every event, in log order, each as the canonical JSON of
// [position, stream, revision, id, type, data, metadata, created]. Two logs with the same digest
// hold the same events at the same positions, byte for byte in meaning (key order aside). It is read
// through the event-store port, so a live store, a backup copy and a restored store are digested
// the same way. A backup's manifest records it; a restore must reproduce it.
//
// The embedded store is digested as its table is stored, every row whatever its position (as it
// is verified): a row that cannot be read as an event (altered in storage) is digested as its
// columns' text, so a backup of a damaged log is still taken, and kept as evidence.

export interface LogDigest {
  /** sha256, 64 lowercase hex digits. */
  sha256: string;
  events: number;
  /** The last position digested (null: the log was empty up to there). */
  lastPosition: bigint | null;
}

export class LogDigester {
  private readonly hash = createHash('sha256');
  private count = 0;
  private last: bigint | null = null;

  add(event: RecordedEvent): void {
    this.hash.update(canonicalJson([
      event.position.toString(), event.streamName, event.revision.toString(), event.id, event.type, event.data, event.metadata, event.created,
    ]));
    this.hash.update('\n');
    this.count += 1;
    this.last = event.position;
  }

  /** A row that cannot be read as an event: its columns as stored, marked as such. */
  addUnreadable(row: EventRow, position: bigint): void {
    this.hash.update(canonicalJson(['unreadable', ...row.map(storedText)]));
    this.hash.update('\n');
    this.count += 1;
    this.last = position;
  }

  get events(): number {
    return this.count;
  }

  finish(): LogDigest {
    return { sha256: this.hash.digest('hex'), events: this.count, lastPosition: this.last };
  }
}

export interface DigestOptions {
  /** Digest events up to and including this position (default: the head when the digest starts). */
  upTo?: bigint | null;
  onProgress?: (events: number) => void;
  /** How often onProgress is called, in events (default 10,000). */
  progressEvery?: number;
}

export async function digestLog(store: EventStore, options: DigestOptions = {}): Promise<LogDigest> {
  const upTo = options.upTo === undefined ? await store.headPosition() : options.upTo;
  const digester = new LogDigester();
  const every = options.progressEvery ?? 10_000;
  const progress = () => {
    if (options.onProgress && digester.events % every === 0) options.onProgress(digester.events);
  };
  if (upTo !== null && store instanceof SqliteEventStore) {
    for (const page of store.storedRows(upTo)) {
      for (const row of page) {
        const read = readStoredRow(row);
        if (read instanceof CorruptEventError) digester.addUnreadable(row, BigInt(row[0]));
        else digester.add(read);
        progress();
      }
    }
  } else if (upTo !== null) {
    for await (const event of store.readAll({ fromPosition: 'start' })) {
      if (event.position > upTo) break;
      digester.add(event);
      progress();
    }
  }
  options.onProgress?.(digester.events);
  return digester.finish();
}

function storedText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return String(value);
}

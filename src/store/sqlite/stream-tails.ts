import type { RecordedEvent } from '../event-store.js';
import type { PreparedAppend } from './append-input.js';
import type { WrittenAppend } from './append-writer.js';

// The last event this store wrote to each stream, as written. Reading a stream's last event is
// what every writer does before appending (the exact expected revision, the previous hash); served
// from here it costs an index lookup of the stream's head instead of fetching the row. An entry is
// only used while the file's head of the stream is still its revision, so a write by another
// connection or process is not hidden past the heads' check (verified-heads.ts).

// An entry holds the event's data and metadata (about 1 KB for the register's events): 10,000
// entries are ~10 MB of a heap of a few hundred. Past that, the streams written longest ago go first.
export const MAX_STREAM_TAILS = 10_000;

interface Tail {
  id: string;
  type: string;
  revision: bigint;
  position: bigint;
  data: string;
  metadata: string;
  created: string;
}

export class StreamTails {
  private readonly tails = new Map<string, Tail>();

  remember(append: PreparedAppend, result: WrittenAppend): void {
    const last = append.events[append.events.length - 1]!;
    // Deleted first so that the Map's order stays the order streams were last written in.
    this.tails.delete(append.streamName);
    if (this.tails.size >= MAX_STREAM_TAILS) this.evictOldest(Math.ceil(MAX_STREAM_TAILS / 10));
    this.tails.set(append.streamName, {
      id: last.id,
      type: last.type,
      revision: result.nextExpectedRevision,
      position: result.position,
      data: last.data,
      metadata: last.metadata,
      created: result.created,
    });
  }

  /** How many streams' last events are remembered. */
  get size(): number {
    return this.tails.size;
  }

  /** The stream's last event, when remembered and `head` (the file's last revision of the stream) is still its revision. */
  lastEvent(streamName: string, head: () => bigint | null): RecordedEvent | undefined {
    const tail = this.tails.get(streamName);
    if (tail === undefined) return undefined;
    if (head() !== tail.revision) {
      this.tails.delete(streamName);
      return undefined;
    }
    return {
      id: tail.id,
      type: tail.type,
      streamName,
      revision: tail.revision,
      position: tail.position,
      data: JSON.parse(tail.data) as RecordedEvent['data'],
      metadata: JSON.parse(tail.metadata) as RecordedEvent['metadata'],
      created: tail.created,
    };
  }

  private evictOldest(count: number): void {
    let left = count;
    for (const streamName of this.tails.keys()) {
      if (left-- === 0) return;
      this.tails.delete(streamName);
    }
  }
}

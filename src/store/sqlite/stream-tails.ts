import type { RecordedEvent } from '../event-store.js';
import type { PreparedAppend } from './append-input.js';
import type { WrittenAppend } from './append-writer.js';

// The last event this store wrote to each stream, as written. Reading a stream's last event is
// what every writer does before appending (the exact expected revision, the previous hash); served
// from here it costs an index lookup of the stream's head instead of fetching the row. An entry is
// only used while the file's head of the stream is still its revision, so a write by another
// connection or process is never hidden.

const MAX_ENTRIES = 100_000;

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
    if (this.tails.size >= MAX_ENTRIES) this.tails.clear();
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
}

import type { EventStore } from '../../store/event-store.js';
import type { Acknowledged } from './write-load.js';

// After a crash and a restart: is every acknowledged write in the log, at the position and
// revision its answer gave, in the stream it was written to (and, where the answer named the event,
// as that very event)? One pass over the log, keeping only the positions asked about.

export interface LostWrite {
  write: Acknowledged;
  /** What is at its position instead (null: nothing). */
  found: { stream: string; revision: bigint; id: string } | null;
}

export interface AcknowledgedCheck {
  checked: number;
  lost: LostWrite[];
  /** Events in the log. */
  events: number;
}

export async function checkAcknowledged(store: EventStore, acknowledged: readonly Acknowledged[]): Promise<AcknowledgedCheck> {
  const wanted = new Map<bigint, Acknowledged>();
  for (const write of acknowledged) wanted.set(write.position, write);
  const found = new Map<bigint, { stream: string; revision: bigint; id: string }>();
  let events = 0;
  for await (const event of store.readAll({ fromPosition: 'start' })) {
    events += 1;
    if (wanted.has(event.position)) found.set(event.position, { stream: event.streamName, revision: event.revision, id: event.id });
  }
  const lost: LostWrite[] = [];
  for (const write of acknowledged) {
    const at = found.get(write.position) ?? null;
    const intact = at !== null
      && at.stream === write.stream
      && at.revision === write.revision
      && (!write.answersEventId || at.id === write.id);
    if (!intact) lost.push({ write, found: at });
  }
  return { checked: acknowledged.length, lost, events };
}

import type { EventStore } from '../../store/event-store.js';
import { streamNames } from '../../domain/streams.js';
import { firstEventIdOf } from './keyed-request.js';
import { caseOf } from './write-load.js';
import type { Acknowledged } from './write-load.js';

// After a crash and a restart: is every acknowledged write in the log, at the position and
// revision its answer gave, in the stream it was written to (and, where the answer named the event,
// as that very event)? And whole: its first event (whose id derives from its Idempotency-Key) in the
// same stream, with every event between the two in that stream at consecutive positions, as one
// append writes them; for a sanction, its effect in the officer's stream, exactly once. One pass
// over the log, keeping only the events asked about.

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

interface Placed {
  stream: string;
  revision: bigint;
  position: bigint;
  id: string;
}

export async function checkAcknowledged(store: EventStore, acknowledged: readonly Acknowledged[], actor: string): Promise<AcknowledgedCheck> {
  const lastPositions = new Set<bigint>();
  const firstIds = new Map<Acknowledged, string>();
  for (const write of acknowledged) {
    lastPositions.add(write.position);
    firstIds.set(write, firstEventIdOf(write, actor));
  }
  const wantedIds = new Set(firstIds.values());
  const sanctions = new Set(acknowledged.filter((write) => write.kind === 'sanction').map((write) => write.id));
  const byPosition = new Map<bigint, Placed>();
  const byId = new Map<string, Placed>();
  /** Sanction id -> the streams its effects were written to (one each). */
  const effects = new Map<string, string[]>();
  let events = 0;
  for await (const event of store.readAll({ fromPosition: 'start' })) {
    events += 1;
    const placed = { stream: event.streamName, revision: event.revision, position: event.position, id: event.id };
    if (lastPositions.has(event.position)) byPosition.set(event.position, placed);
    if (wantedIds.has(event.id)) byId.set(event.id, placed);
    const sanctionId = event.type === 'SanctionTookEffect' ? String(event.data.sanctionId) : null;
    if (sanctionId !== null && sanctions.has(sanctionId)) effects.set(sanctionId, [...(effects.get(sanctionId) ?? []), event.streamName]);
  }
  const lost: LostWrite[] = [];
  for (const write of acknowledged) {
    const at = byPosition.get(write.position);
    const first = byId.get(firstIds.get(write)!);
    const intact = at !== undefined
      && at.stream === write.stream
      && at.revision === write.revision
      && (!write.answersEventId || at.id === write.id)
      && first !== undefined
      && first.stream === write.stream
      && first.revision <= write.revision
      && write.revision - first.revision === write.position - first.position
      && (write.kind !== 'sanction' || tookEffectOnce(effects.get(write.id), streamNames.officer(caseOf(write).officerId)));
    if (!intact) lost.push({ write, found: at ? { stream: at.stream, revision: at.revision, id: at.id } : null });
  }
  return { checked: acknowledged.length, lost, events };
}

function tookEffectOnce(streams: readonly string[] | undefined, officerStream: string): boolean {
  return streams?.length === 1 && streams[0] === officerStream;
}

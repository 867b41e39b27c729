import { streamNames } from '../../domain/streams.js';
import type { EventStore } from '../../store/event-store.js';
import { eventIdsInLog } from './keyed-request.js';
import { effectKeyOf, expectedEffect } from './officer-effects.js';
import { caseOf, type Acknowledged } from './write-load.js';

// After a crash and a restart: is every acknowledged write in the log, whole, where its answer
// said? Its events (their ids derive from its Idempotency-Key) must be one run of its stream at
// consecutive positions, the last of them at the answered revision and position (and, where the
// answer named the event, that very event); a sanction's effect, and that of an appeal decision
// that changed a sanction, must be in the officer's stream exactly once. One pass over the log.

export interface LostWrite {
  write: Acknowledged;
  /** What is at its position instead (null: nothing). */
  found: { stream: string; revision: bigint; id: string } | null;
  /** What is wrong. */
  reason: string;
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
  const byId = new Map<string, Placed>();
  const byPosition = new Map<bigint, Placed>();
  /** Effect key (officer-effects.ts) -> the stream of each of its effects. */
  const effects = new Map<string, string[]>();
  let events = 0;
  for await (const event of store.readAll({ fromPosition: 'start' })) {
    events += 1;
    const placed = { stream: event.streamName, revision: event.revision, position: event.position, id: event.id };
    byId.set(event.id, placed);
    byPosition.set(event.position, placed);
    const effect = effectKeyOf(event);
    if (effect !== null) effects.set(effect, [...(effects.get(effect) ?? []), event.streamName]);
  }
  const lost: LostWrite[] = [];
  for (const write of acknowledged) {
    const at = byPosition.get(write.position);
    const reason = whatIsWrong(write, at, eventIdsInLog(write, actor, (id) => byId.has(id)).map((id) => byId.get(id)!), effects);
    if (reason !== null) lost.push({ write, found: at ? { stream: at.stream, revision: at.revision, id: at.id } : null, reason });
  }
  return { checked: acknowledged.length, lost, events };
}

function whatIsWrong(write: Acknowledged, at: Placed | undefined, written: readonly Placed[], effects: ReadonlyMap<string, readonly string[]>): string | null {
  if (at === undefined) return 'nothing at the answered position';
  if (at.stream !== write.stream || at.revision !== write.revision) return 'another event at the answered position';
  if (write.answersEventId && at.id !== write.id) return 'another event than the answer named';
  const last = written.at(-1);
  if (last === undefined) return 'its first event is not in the log';
  if (last.position !== write.position) return 'its last event is not at the answered position';
  const first = written[0]!;
  const oneRun = written.every((event) => event.stream === write.stream)
    && BigInt(written.length) === write.revision - first.revision + 1n
    && write.revision - first.revision === write.position - first.position;
  if (!oneRun) return 'its events are not one run of its stream';
  const effect = expectedEffect(write, write.id);
  if (effect) {
    const officerStream = streamNames.officer(caseOf(write).officerId);
    const streams = effects.get(effect.key) ?? [];
    if (streams.length !== effect.times || streams.some((stream) => stream !== officerStream)) {
      return `took effect ${streams.length} times (${officerStream} expected ${effect.times === 1 ? 'once' : 'never'})`;
    }
  }
  return null;
}

import type { EventStore } from '../../store/event-store.js';
import { eventIdsInLog, firstEventIdOf } from './keyed-request.js';
import { effectIdOf, effectKeyOf, expectedEffect } from './officer-effects.js';
import type { WriteRequest } from './write-load.js';

// The writes a kill left unanswered, sent again with their Idempotency-Keys after the restart, as a
// client whose request timed out would. Whether a write had reached the log before the kill is
// read from the log itself: a keyed write's event ids derive from its key. Every retry must be
// answered 201, together they must add exactly the events of the writes that had not reached the
// log, and afterwards each write's events must be in the log exactly once each. The effect on the
// officer of a sanction or of an appeal decision that changed one (a second append, to the officer's
// stream, by the register or, after a crash between the two, by its reactor) counts among the events
// expected when it was not in the log before.

export interface InFlightRetryResult {
  retried: number;
  /** Had reached the log before the kill (their answers were lost with the process). */
  alreadyWritten: number;
  /** Events the retries added. */
  added: number;
  /** The events of the writes that had not reached the log, as the log holds them afterwards: what the retries should have added. */
  expectedAdded: number;
  /** Retries not answered 201, or whose events are not in the log exactly once each afterwards, with why. */
  failures: string[];
}

/** How many events of the log carry each id (an id written twice counts twice), and how many times each effect is there (by effect key). */
async function idCounts(store: EventStore): Promise<{ events: number; byId: Map<string, number>; effects: Map<string, number> }> {
  const byId = new Map<string, number>();
  const effects = new Map<string, number>();
  let events = 0;
  for await (const event of store.readAll()) {
    events += 1;
    byId.set(event.id, (byId.get(event.id) ?? 0) + 1);
    const effect = effectKeyOf(event);
    if (effect !== null) effects.set(effect, (effects.get(effect) ?? 0) + 1);
  }
  return { events, byId, effects };
}


export async function retryInFlight(options: {
  url: string;
  token: string;
  actor: string;
  inFlight: readonly WriteRequest[];
  /** Opens the log read-only (the register is running); closed after each use. */
  openLog: () => Promise<EventStore & { close(): Promise<void> }>;
}): Promise<InFlightRetryResult> {
  const before = await withLog(options.openLog, idCounts);
  const alreadyWritten = options.inFlight.filter((write) => before.byId.has(firstEventIdOf(write, options.actor))).length;
  const failures: string[] = [];
  for (const write of options.inFlight) {
    try {
      const response = await fetch(`${options.url}${write.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'idempotency-key': write.idempotencyKey },
        body: JSON.stringify(write.body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.status !== 201) failures.push(`${write.path} (key ${write.idempotencyKey}): retry answered ${response.status} ${text}`);
    } catch (error) {
      failures.push(`${write.path} (key ${write.idempotencyKey}): retry got no answer: ${(error as Error).message}`);
    }
  }
  const after = await withLog(options.openLog, idCounts);
  let expectedAdded = 0;
  for (const write of options.inFlight) {
    const ids = eventIdsInLog(write, options.actor, (id) => after.byId.has(id));
    if (ids.length === 0) failures.push(`${write.path} (key ${write.idempotencyKey}): its first event is not in the log`);
    for (const id of ids) {
      const copies = after.byId.get(id)!;
      if (copies !== 1) failures.push(`${write.path} (key ${write.idempotencyKey}): its event ${id} is in the log ${copies} times`);
    }
    if (!before.byId.has(firstEventIdOf(write, options.actor))) expectedAdded += ids.length;
    const effectId = effectIdOf(write, options.actor);
    const effect = effectId === null ? null : expectedEffect(write, effectId);
    if (effect && ids.length > 0) {
      const times = after.effects.get(effect.key) ?? 0;
      if (times !== effect.times) failures.push(`${write.path} (key ${write.idempotencyKey}): ${effect.key} took effect ${times} times, not ${effect.times}`);
      if (!before.effects.has(effect.key)) expectedAdded += times;
    }
  }
  return { retried: options.inFlight.length, alreadyWritten, added: after.events - before.events, expectedAdded, failures };
}

async function withLog<T>(openLog: () => Promise<EventStore & { close(): Promise<void> }>, use: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openLog();
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

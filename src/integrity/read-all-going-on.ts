import { CorruptEventError } from '../store/errors.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { unreadableEventOf, type UnreadableEvent } from './unreadable-event.js';

// The log in order for an auditor (the audit stream, exports): an event the store cannot read comes
// as what can be said of it (where it is, why, its metadata when that reads) in its place, and the
// reading goes on after it. Stopping there would hide every later event; skipping it would hide the
// alteration itself.
//
// A store reads ahead in pages, and an unreadable event ends the read it is met in: the read after
// it starts with one event and asks for twice as many each time it is given all it asked for. A run
// of unreadable events then costs a row each, not a page each, and a long readable stretch after
// one costs a few more reads, not a page per event.

export interface ReadAllGoingOnOptions {
  fromPosition?: bigint | 'start';
  /** Entries to give at most, the unreadable ones included. */
  maxCount?: number;
}

export async function* readAllGoingOn(store: EventStore, options: ReadAllGoingOnOptions = {}): AsyncGenerator<RecordedEvent | UnreadableEvent> {
  let from: bigint | 'start' = options.fromPosition ?? 'start';
  let given = 0;
  /** How many events the next read asks for after an unreadable one (none met yet: no limit). */
  let window = Infinity;
  for (;;) {
    const left = options.maxCount === undefined ? Infinity : options.maxCount - given;
    if (left <= 0) return;
    const asked = Math.min(window, left);
    let read = 0;
    try {
      for await (const event of store.readAll({ fromPosition: from, ...(asked === Infinity ? {} : { maxCount: asked }) })) {
        read += 1;
        given += 1;
        from = event.position + 1n;
        yield event;
      }
      // Given fewer than asked: the log ends here (or maxCount is reached).
      if (read < asked || asked === left) return;
      window *= 2;
    } catch (error) {
      // Without its position the reading cannot go on past it: that is the store's failure to report.
      if (!(error instanceof CorruptEventError) || error.position === null || (from !== 'start' && error.position < from)) throw error;
      given += 1;
      from = error.position + 1n;
      window = 1;
      yield unreadableEventOf(error, error.position);
    }
  }
}

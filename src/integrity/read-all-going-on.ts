import { CorruptEventError } from '../store/errors.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { unreadableEventOf, type UnreadableEvent } from './unreadable-event.js';

// The log in order for an auditor (the audit stream, exports): an event the store cannot read comes
// as what can be said of it (where it is, why, its metadata when that reads) in its place, and the
// reading goes on after it. Stopping there would hide every later event; skipping it would hide the
// alteration itself.

export interface ReadAllGoingOnOptions {
  fromPosition?: bigint | 'start';
  /** Entries to give at most, the unreadable ones included. */
  maxCount?: number;
}

export async function* readAllGoingOn(store: EventStore, options: ReadAllGoingOnOptions = {}): AsyncGenerator<RecordedEvent | UnreadableEvent> {
  let from: bigint | 'start' = options.fromPosition ?? 'start';
  let given = 0;
  const left = () => (options.maxCount === undefined ? {} : { maxCount: options.maxCount - given });
  for (;;) {
    if (options.maxCount !== undefined && given >= options.maxCount) return;
    try {
      for await (const event of store.readAll({ fromPosition: from, ...left() })) {
        given += 1;
        from = event.position + 1n;
        yield event;
      }
      return;
    } catch (error) {
      // Without its position the reading cannot go on past it: that is the store's failure to report.
      if (!(error instanceof CorruptEventError) || error.position === null || (from !== 'start' && error.position < from)) throw error;
      given += 1;
      from = error.position + 1n;
      yield unreadableEventOf(error, error.position);
    }
  }
}

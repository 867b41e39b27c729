import type { EventStore } from '../../../store/event-store.js';

// The id of each event a case's story is told from, on its timeline entry: a correction names the
// event it corrects (the report), and the case page offers it from there. The ids come from the
// very events the case was read from (nothing is read twice).

type StreamReader = Pick<EventStore, 'readStream'>;

export interface EventIdRecorder {
  /** Reads as the store does, and remembers the id of every event read, by its position. */
  store: StreamReader;
  /** The case with `eventId` on each timeline entry whose event was read. */
  withEventIds<T extends { timeline: readonly { position: string }[] }>(found: T): T;
}

export function recordEventIds(store: StreamReader): EventIdRecorder {
  const ids = new Map<string, string>();
  return {
    store: {
      readStream: async (streamName, options) => {
        const events = await store.readStream(streamName, options);
        for (const event of events) ids.set(event.position.toString(), event.id);
        return events;
      },
    },
    withEventIds: (found) => ({
      ...found,
      timeline: found.timeline.map((entry) => {
        const eventId = ids.get(entry.position);
        return eventId === undefined || 'eventId' in entry ? entry : { ...entry, eventId };
      }),
    }),
  };
}

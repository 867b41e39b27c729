import type { AppendOptions, EventStore, EventToAppend } from '../../src/store/event-store.js';

/** Counts what the store accepts (the seed's size limit is in events). */
export function counting(store: EventStore): EventStore & { appended: number } {
  const counted = Object.create(store) as EventStore & { appended: number };
  counted.appended = 0;
  counted.append = async (streamName: string, events: readonly EventToAppend[], options: AppendOptions) => {
    const result = await store.append(streamName, events, options);
    counted.appended += events.length;
    return result;
  };
  counted.readStream = store.readStream.bind(store);
  counted.readAll = store.readAll.bind(store);
  counted.subscribeToAll = store.subscribeToAll.bind(store);
  counted.headPosition = store.headPosition.bind(store);
  counted.close = store.close.bind(store);
  return counted;
}

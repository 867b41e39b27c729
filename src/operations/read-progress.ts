import type { Progress } from '../cli/progress.js';
import type { EventStore } from '../store/event-store.js';

// A script's view of a store that reports, on a progress line, how many events have been read from
// the whole log (export, verify, replay read it end to end). Nothing else about the store changes.

export function withReadProgress(store: EventStore, progress: Progress, every = 2_000): EventStore {
  let read = 0;
  return {
    append: (streamName, events, options) => store.append(streamName, events, options),
    readStream: (streamName, options) => store.readStream(streamName, options),
    readAll(options) {
      const source = store.readAll(options);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const event of source) {
            read += 1;
            if (read % every === 0) progress.update(read);
            yield event;
          }
          progress.update(read);
        },
      };
    },
    readAt: (positions) => store.readAt(positions),
    subscribeToAll: (from) => store.subscribeToAll(from),
    headPosition: () => store.headPosition(),
    densePositions: store.densePositions,
    close: () => store.close(),
  };
}

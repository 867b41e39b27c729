import type { EventStore, SubscribeFrom, Subscription, SubscriptionMessage } from '../store/event-store.js';
import type { AppendSignal } from './append-signal.js';

// A catch-up subscription for a thread that does not write the log itself (the projection thread):
// it reads the log after the last event it delivered, and when there is nothing more it sleeps until
// the writer signals an append (append-signal.ts) or, failing one, a poll (writes by another
// process). It can neither skip nor repeat an event, and an append signalled while it was reading
// is not slept through.

const PAGE_SIZE = 1_000;
/**
 * While the log is busy (events read less than LIVE_WINDOW_MS ago), the subscription looks at the
 * signal's counter every LIVE_POLL_MS instead of sleeping until woken: waking a sleeping thread costs
 * the writer a cross-thread notify (tens of microseconds) per wake-up, a look at shared memory costs
 * nothing. A quiet log goes back to sleeping until signalled.
 */
const LIVE_POLL_MS = 5;
const LIVE_WINDOW_MS = 100;

/** Resolves after `ms`, or at once when `cancelled` resolves. */
async function pause(ms: number, cancelled: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise((resolve) => { timer = setTimeout(resolve, ms); }), cancelled]);
  clearTimeout(timer);
}

/** The same store, with subscriptions woken by `signal`. */
export function signalledStore(store: EventStore, signal: AppendSignal, pollMs: number): EventStore {
  return {
    append: (streamName, events, options) => store.append(streamName, events, options),
    readStream: (streamName, options) => store.readStream(streamName, options),
    readAll: (options) => store.readAll(options),
    readAt: (positions) => store.readAt(positions),
    headPosition: () => store.headPosition(),
    densePositions: store.densePositions,
    close: () => store.close(),
    subscribeToAll(from: SubscribeFrom): Subscription {
      let stopped = false;
      // A fresh promise for each wait, resolved by a stop: racing every wait against one long-lived
      // promise would add a reaction to it per wait, kept until the subscription stops (a leak).
      let interrupt: (() => void) | null = null;
      const interruptible = () => new Promise<void>((resolve) => {
        interrupt = resolve;
      });
      const end = () => {
        stopped = true;
        interrupt?.();
      };

      async function* messages(): AsyncGenerator<SubscriptionMessage> {
        try {
          const head = await store.headPosition();
          let after: bigint | null = from === 'start' ? null : from === 'end' ? head : from.after;
          let caughtUpSent = false;
          const reachedHead = () => !caughtUpSent && (head === null || (after !== null && after >= head));
          if (reachedHead()) {
            caughtUpSent = true;
            yield { kind: 'caughtUp', position: head };
          }
          let lastReadMs = Number.NEGATIVE_INFINITY;
          while (!stopped) {
            const seen = signal.current();
            let read = 0;
            for await (const event of store.readAll({ fromPosition: after === null ? 'start' : after + 1n, maxCount: PAGE_SIZE })) {
              if (stopped) return;
              after = event.position;
              read += 1;
              yield { kind: 'event', event };
              if (reachedHead()) {
                caughtUpSent = true;
                yield { kind: 'caughtUp', position: head };
              }
            }
            if (read > 0) {
              lastReadMs = Date.now();
              continue;
            }
            while (!stopped && signal.current() === seen && Date.now() - lastReadMs < LIVE_WINDOW_MS) await pause(LIVE_POLL_MS, interruptible());
            if (!stopped && signal.current() === seen) await signal.wait(seen, pollMs, interruptible());
          }
        } finally {
          end();
        }
      }

      const iterator = messages();
      return {
        [Symbol.asyncIterator]: () => iterator,
        async stop() {
          end();
        },
      };
    },
  };
}

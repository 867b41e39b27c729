import type { Subscription, SubscriptionMessage } from './event-store.js';

/**
 * The subscription, with `onError` told of what its reading of the log throws, before that is
 * thrown on (or what `onError` throws instead). Only the log's reads fail inside it: what fails
 * while a subscriber handles a message does not pass through here.
 */
export function watchedSubscription(subscription: Subscription, onError: (error: unknown) => void): Subscription {
  return {
    stop: () => subscription.stop(),
    async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
      try {
        yield* subscription;
      } catch (error) {
        onError(error);
        throw error;
      }
    },
  };
}

import t from 'tap';
import type { Subscription, SubscriptionMessage } from '../../src/store/event-store.js';
import { startTestRegister } from '../fixtures/http-app.js';
import { SubscribableEventStore } from '../fixtures/subscribable-event-store.js';

// A register whose read models have not caught up with the log three seconds after start warns
// once a minute has passed without it, and not when it is stopped before then: a stop is not a
// backlog (the warning used to come with every stop during the first minute).

/** A store whose subscription never says it has caught up: the read models stay behind until the register stops. */
class NeverCaughtUpStore extends SubscribableEventStore {
  override subscribeToAll(): Subscription {
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    return {
      async* [Symbol.asyncIterator](): AsyncGenerator<SubscriptionMessage> {
        await stopped;
      },
      async stop() {
        stop();
      },
    };
  }
}

t.test('stopping a register whose read models are still behind logs no backlog warning', async (t) => {
  const register = await startTestRegister(t, { store: new NeverCaughtUpStore() });
  t.equal((await register.get('/readyz')).statusCode, 503, 'not ready: the read models are behind');
  await register.close();
  t.notMatch(register.logs.join('\n'), /still catching up/, 'no "still catching up after 60 s" on a stop');
  t.match(register.logs.join('\n'), /read models committed and closed/, 'the register did stop');
});

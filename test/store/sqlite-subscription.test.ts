// Subscriptions of the SQLite store beyond the port: a waiting subscription is woken by the commit
// itself (not by its poll), and events that another process writes to the same file reach a live
// subscription too (it looks again every subscriptionPollMs when idle).

import t from 'tap';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { Messages, newEvent, withTimeout } from '../fixtures/conformance.js';

t.test('a subscription waiting for live events is woken by the commit that writes them', async (t) => {
  const store = await openSqliteEventStore({ path: join(t.testdir(), 'events.db'), subscriptionPollMs: 60_000 });
  t.teardown(() => store.close());
  const subscription = store.subscribeToAll('start');
  const iterator = subscription[Symbol.asyncIterator]();
  t.equal((await iterator.next()).value?.kind, 'caughtUp');
  const waiting = iterator.next();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const event = newEvent('CaseReported');
  await store.append('case-1', [event], { expectedRevision: 'no_stream' });
  const delivered = await withTimeout(waiting, 2_000, 'the live event (the poll would take a minute)');
  t.equal(delivered.value?.kind === 'event' ? delivered.value.event.id : null, event.id);
  await subscription.stop();
});

t.test('a live subscription sees events written through another connection', async (t) => {
  const path = join(t.testdir(), 'events.db');
  const reader = await openSqliteEventStore({ path, subscriptionPollMs: 20 });
  const writer = await openSqliteEventStore({ path });
  t.teardown(async () => {
    await reader.close();
    await writer.close();
  });
  const messages = new Messages(reader.subscribeToAll('start'), 5_000);
  t.teardown(() => messages.stop());
  t.same(await messages.take(1), [{ kind: 'caughtUp', position: null }]);

  const events = [newEvent('OfficerRegistered'), newEvent('OfficerQualified')];
  await writer.append('officer-1', [events[0]!], { expectedRevision: 'no_stream' });
  await writer.append('officer-1', [events[1]!], { expectedRevision: 0n });
  const delivered = await messages.take(2);
  t.same(delivered.map((message) => (message.kind === 'event' ? message.event.id : null)), events.map((event) => event.id));

  const ours = newEvent('CaseReported');
  await reader.append('case-1', [ours], { expectedRevision: 'no_stream' });
  const [next] = await messages.take(1);
  t.equal(next?.kind === 'event' ? next.event.id : null, ours.id, 'and its own appends, once');
});

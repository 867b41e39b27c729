import t from 'tap';
import { AppendSignal } from '../../src/read-models/append-signal.js';
import { signalledStore } from '../../src/read-models/signalled-subscription.js';
import type { SubscriptionMessage } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';

// The projection thread's view of the log: every event once, in order, `caughtUp` once, woken by
// the writer's signal (or, failing one, by its poll), and an append signalled before it sleeps is
// never slept through.

const event = (n: number) => ({
  id: crypto.randomUUID(), type: 'UnitRegistered', data: { unitId: `U${n}`, name: `第${n}中队` }, metadata: { schemaVersion: 1 },
});

t.test('the signal: a bump wakes a sleeper, a bump before the sleep is not slept through', async (t) => {
  const signal = new AppendSignal();
  const seen = signal.current();
  signal.bump(); // before the reader sleeps
  let started = Date.now();
  await signal.wait(seen, 5_000);
  t.ok(Date.now() - started < 1_000, 'the earlier bump ends the wait at once');

  const now = signal.current();
  started = Date.now();
  setTimeout(() => signal.bump(), 50);
  await signal.wait(now, 5_000);
  t.ok(Date.now() - started < 2_000, 'a later bump wakes it');
  started = Date.now();
  await signal.wait(signal.current(), 30);
  t.ok(Date.now() - started >= 25, 'without a bump it sleeps until the timeout');

  const shared = new AppendSignal(signal.buffer);
  shared.bump();
  t.equal(signal.current(), now + 2, 'two views of the same memory (as the two threads have)');
});

t.test('the subscription: past events, caughtUp once, then live events as they are signalled', async (t) => {
  const dir = t.testdir();
  const inner = await openSqliteEventStore({ path: `${dir}/events.db` });
  for (let n = 0; n < 3; n++) await inner.append(`unit-U${n}`, [event(n)], { expectedRevision: 'no_stream' });
  const signal = new AppendSignal();
  const store = signalledStore(inner, signal, 60_000);
  const subscription = store.subscribeToAll('start');
  const iterator = subscription[Symbol.asyncIterator]();
  const next = async () => (await iterator.next()).value as SubscriptionMessage;

  const past = [await next(), await next(), await next()];
  t.same(past.map((m) => m.kind === 'event' && m.event.streamName), ['unit-U0', 'unit-U1', 'unit-U2']);
  const caughtUp = await next();
  t.same(caughtUp, { kind: 'caughtUp', position: past[2]!.kind === 'event' ? past[2]!.event.position : null });

  const live = next();
  await inner.append('unit-U3', [event(3)], { expectedRevision: 'no_stream' });
  signal.bump();
  const started = Date.now();
  const message = await live;
  t.ok(Date.now() - started < 5_000, 'woken by the signal, long before its 60 s poll');
  t.equal(message.kind === 'event' && message.event.streamName, 'unit-U3');

  const after = store.subscribeToAll({ after: message.kind === 'event' ? message.event.position : 0n });
  const afterIterator = after[Symbol.asyncIterator]();
  t.same((await afterIterator.next()).value, { kind: 'caughtUp', position: message.kind === 'event' ? message.event.position : null }, 'nothing after the head: caught up at once');
  await after.stop();
  t.equal((await afterIterator.next()).done, true, 'a stopped subscription ends');

  const pending = iterator.next();
  await subscription.stop();
  t.equal((await pending).done, true, 'stopping wakes a subscription waiting for events');
  t.equal(await store.headPosition(), message.kind === 'event' ? message.event.position : null);
  await store.close();
});

t.test('without a signal, the poll finds appends (another process writing the file)', async (t) => {
  const dir = t.testdir();
  const inner = await openSqliteEventStore({ path: `${dir}/events.db` });
  const store = signalledStore(inner, new AppendSignal(), 20);
  const subscription = store.subscribeToAll('end');
  const iterator = subscription[Symbol.asyncIterator]();
  t.same((await iterator.next()).value, { kind: 'caughtUp', position: null }, 'an empty log: caught up at once');
  const live = iterator.next();
  await store.append('unit-U9', [event(9)], { expectedRevision: 'no_stream' });
  const message = (await live).value as SubscriptionMessage;
  t.equal(message.kind === 'event' && message.event.streamName, 'unit-U9');
  t.same((await store.readStream('unit-U9')).length, 1);
  t.same((await (async () => { const all = []; for await (const e of store.readAll()) all.push(e.streamName); return all; })()), ['unit-U9']);
  await subscription.stop();
  await store.close();
});

t.test('a wait ends when it is cancelled, and leaves no timer behind', async (t) => {
  const signal = new AppendSignal();
  let cancel: () => void = () => undefined;
  const cancelled = new Promise<void>((resolve) => {
    cancel = resolve;
  });
  const started = Date.now();
  setTimeout(cancel, 30);
  await signal.wait(signal.current(), 60_000, cancelled);
  t.ok(Date.now() - started < 5_000, 'cancelled long before its timeout');
});

t.test('a busy log is followed without the writer having to wake the reader', async (t) => {
  const dir = t.testdir();
  const inner = await openSqliteEventStore({ path: `${dir}/events.db` });
  const signal = new AppendSignal();
  const sleeping = () => Atomics.load(new Int32Array(signal.buffer), 1) === 1;
  const eventually = async (condition: () => boolean, timeoutMs: number) => {
    for (const started = Date.now(); !condition() && Date.now() - started < timeoutMs;) await new Promise((resolve) => setTimeout(resolve, 5));
    return condition();
  };
  const store = signalledStore(inner, signal, 60_000);
  const subscription = store.subscribeToAll('end');
  const iterator = subscription[Symbol.asyncIterator]();
  t.same((await iterator.next()).value, { kind: 'caughtUp', position: null });

  // The first append after a quiet spell finds the reader asleep: the bump wakes it.
  let live = iterator.next();
  t.ok(await eventually(sleeping, 5_000), 'a quiet log: the reader sleeps until signalled');
  await inner.append('unit-U0', [event(0)], { expectedRevision: 'no_stream' });
  signal.bump();
  t.equal(((await live).value as SubscriptionMessage).kind, 'event');

  // Right after it, the reader looks at the counter by itself: a bump needs no wake-up.
  for (let n = 1; n <= 5; n++) {
    const asked = Date.now();
    live = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Within the busy window (100 ms after the last event read); a machine too slow to look in time proves nothing.
    if (Date.now() - asked < 60) t.notOk(sleeping(), `append ${n}: the reader is not asleep while the log is busy`);
    await inner.append(`unit-U${n}`, [event(n)], { expectedRevision: 'no_stream' });
    signal.bump();
    const started = Date.now();
    const message = (await live).value as SubscriptionMessage;
    t.equal(message.kind === 'event' && message.event.streamName, `unit-U${n}`, `append ${n} is delivered`);
    t.ok(Date.now() - started < 5_000, `append ${n} is delivered long before the 60 s poll`);
  }

  // Quiet again: back to sleep, and a stop still ends the wait.
  live = iterator.next();
  t.ok(await eventually(sleeping, 5_000), 'quiet again: asleep until signalled');
  await subscription.stop();
  t.equal((await live).done, true, 'stopping wakes it');
  await store.close();
});

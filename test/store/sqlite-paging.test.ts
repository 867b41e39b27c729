// Reading a log bigger than one page: readAll and subscriptions page through it by position, and
// never hold more than a page of rows, however long the log is.

import t from 'tap';
import { join } from 'node:path';
import type { RecordedEvent } from '../../src/store/event-store.js';
import type { EventRow } from '../../src/store/sqlite/event-rows.js';
import { LogCursor, PAGE_SIZE } from '../../src/store/sqlite/log-cursor.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { collect, Messages, newEvent } from '../fixtures/conformance.js';

const TOTAL = PAGE_SIZE * 2 + 500;

t.test(`readAll and a subscription over ${TOTAL} events`, async (t) => {
  const store = await openSqliteEventStore({ path: join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  const appended: string[] = [];
  for (let batch = 0; batch < TOTAL / 100; batch += 1) {
    const events = Array.from({ length: 100 }, (_, index) => newEvent('Paged', { batch, index }));
    await store.append(`officer-${batch % 9}`, events, { expectedRevision: 'any' });
    appended.push(...events.map((event) => event.id));
  }
  const ids = (events: RecordedEvent[]) => events.map((event) => event.id);

  const all = await collect(store.readAll());
  t.same(ids(all), appended, 'forwards: every event once, in order, across pages');
  t.same(ids(await collect(store.readAll({ direction: 'backwards' }))), [...appended].reverse(), 'backwards across pages');
  const middle = all[PAGE_SIZE - 10]!;
  t.same(ids(await collect(store.readAll({ fromPosition: middle.position, maxCount: PAGE_SIZE + 20 }))), appended.slice(PAGE_SIZE - 10, 2 * PAGE_SIZE + 10), 'from a position, over a page boundary, with a count');
  t.same(ids(await collect(store.readAll({ direction: 'backwards', fromPosition: all[PAGE_SIZE + 5]!.position }))), appended.slice(0, PAGE_SIZE + 6).reverse(), 'backwards from a position');

  const messages = new Messages(store.subscribeToAll('start'), 5_000);
  t.teardown(() => messages.stop());
  const past = await messages.take(TOTAL + 1);
  t.same(past.slice(0, TOTAL).map((message) => (message.kind === 'event' ? message.event.id : null)), appended, 'the subscription delivers every past event once');
  t.same(past[TOTAL], { kind: 'caughtUp', position: all[all.length - 1]!.position });
});

t.test('the cursor reads one page at a time, only when the reader gets there', async (t) => {
  const rows: EventRow[] = Array.from({ length: 5_000 }, (_, index) => [index + 1, `id-${index + 1}`, 'officer-1', index, 'T', '{}', '{}', 'now']);
  const requests: Array<{ from: bigint; maxCount: number }> = [];
  const fetch = (_direction: 'forwards' | 'backwards', from: bigint, maxCount: number) => {
    requests.push({ from, maxCount });
    return rows.filter((row) => BigInt(row[0]) >= from).slice(0, maxCount);
  };
  const cursor = new LogCursor(fetch, 'forwards', 0n, Number.POSITIVE_INFINITY);
  t.same(requests, [], 'nothing is read before the reader asks');
  for (let index = 0; index < 3; index += 1) await cursor.next();
  t.same(requests, [{ from: 0n, maxCount: PAGE_SIZE }], 'one page for the first events');
  let count = 3;
  while (!(await cursor.next()).done) count += 1;
  t.equal(count, 5_000);
  t.same(
    requests.map((request) => request.from),
    [0n, BigInt(PAGE_SIZE + 1), BigInt(2 * PAGE_SIZE + 1)],
    'each page starts right after the last row of the one before',
  );
  t.ok(requests.every((request) => request.maxCount <= PAGE_SIZE), 'never more than a page');

  const early = new LogCursor(fetch, 'forwards', 0n, Number.POSITIVE_INFINITY);
  await early.next();
  await early.return();
  t.equal((await early.next()).done, true, 'a reader that stops early ends the cursor');
});

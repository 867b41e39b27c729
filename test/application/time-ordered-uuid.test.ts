import t from 'tap';
import { createCommandService } from '../../src/application/command-service.js';
import { timeOrderedUuid } from '../../src/application/time-ordered-uuid.js';
import { ctxAt, seedBureau } from '../fixtures/domain-bureau.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// New case ids are version 7 uuids: valid uuids whose order follows the time they were made.

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

t.test('a version 7 uuid carries its instant in its first 48 bits', async (t) => {
  for (const ms of [0, 1, Date.parse('2021-06-01T01:00:00Z'), Date.now(), 2 ** 48 - 1]) {
    const id = timeOrderedUuid(ms);
    t.match(id, V7, `${ms}: version 7, RFC 9562 variant`);
    t.equal(millisOf(id), ms, `${ms}: the instant is readable back`);
  }
});

t.test('an instant that is not a finite number (an invalid date) gives an id of now', async (t) => {
  for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    const before = Date.now();
    const id = timeOrderedUuid(ms);
    t.match(id, V7, `${ms}: still a version 7 uuid`);
    t.ok(millisOf(id) >= before && millisOf(id) <= Date.now(), `${ms}: carries the current time`);
  }
});

t.test('ids made later sort after earlier ones, and ids of one instant still differ', async (t) => {
  const start = Date.parse('2021-06-01T01:00:00Z');
  const ids = Array.from({ length: 2_000 }, (_, i) => timeOrderedUuid(start + i));
  t.same([...ids].sort(), ids, 'string order is time order');
  const sameInstant = new Set(Array.from({ length: 20_000 }, () => timeOrderedUuid(start)));
  t.equal(sameInstant.size, 20_000, 'the random bits tell apart ids of the same millisecond');
});

t.test('a reported case gets a time-ordered id taken from the server clock', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const report = { officerIds: ['O-ZHANG'], category: 'integrity' as const, channel: 'phone' as const, occurredOn: '2021-05-30', summary: '收受礼金，对违法车辆不予查处。' };
  const first = await service.reportCase(report, ctxAt('2021-06-01T09:00'));
  const second = await service.reportCase(report, ctxAt('2021-06-01T09:05'));
  t.match(first.id, V7);
  t.equal(millisOf(first.id), Date.parse('2021-06-01T01:00:00Z'), '09:00 in Shanghai');
  t.ok(second.id > first.id, 'the later report sorts after the earlier one');
  t.ok(await store.readStream(`case-${first.id}`), 'the case stream is named by the id');
});

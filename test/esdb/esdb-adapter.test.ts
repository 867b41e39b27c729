// The EventStoreDB adapter's own behaviour, through the real @eventstore/db-client, against the
// PROTOCOL STAND-IN (test/fixtures/esdb-standin), NOT EventStoreDB: error mapping, system-event
// filtering, paging, resubscription after drops and restarts, validation, and disposal. Each case
// runs on both append paths (Streams.Append and Streams.BatchAppend). What the stand-in cannot show
// (EventStoreDB's own system events and real positions) is covered by test/esdb/real-server.test.ts
// when a real server is configured.

import t from 'tap';
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import * as grpc from '@grpc/grpc-js';
import type { EventToAppend, RecordedEvent } from '../../src/store/event-store.js';
import { InvalidAppendError, StoreUnavailableError, WrongExpectedVersionError } from '../../src/store/errors.js';
import { EsdbEventStore, openEsdbEventStore } from '../../src/store/esdb/esdb-event-store.js';
import type { SubscriptionDrop } from '../../src/store/esdb/esdb-subscription.js';
import { ResilientEventStore } from '../../src/operations/resilient-store.js';
import { startEsdbStandIn, type AppendMode, type EsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';
import { eventTypes, recordSubscription } from '../fixtures/esdb-standin/subscription-recorder.js';

function event(type: string, data: Record<string, string | number> = {}): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { $correlationId: randomUUID(), $causationId: randomUUID(), actor: 'inspector-1', recordedAt: new Date().toISOString() },
  };
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const recorded of events) all.push(recorded);
  return all;
}

async function openPair(t: { teardown(fn: () => unknown): void }, appendMode: AppendMode, drops: SubscriptionDrop[] = []) {
  const standIn = await startEsdbStandIn({ appendMode });
  const store = await openEsdbEventStore({
    connectionString: standIn.connectionString,
    resubscribe: { initialDelayMs: 20, maxDelayMs: 200 },
    onSubscriptionDrop: (drop) => drops.push(drop),
  });
  t.teardown(async () => {
    await store.close();
    await standIn.close();
  });
  return { standIn, store };
}

function appendCalls(standIn: EsdbStandIn): number {
  return standIn.calls.append + standIn.calls.batchAppend;
}

for (const appendMode of ['append', 'batchAppend'] as const) {
  t.test(`EventStoreDB adapter via ${appendMode} against the protocol stand-in (not EventStoreDB)`, async (t) => {
    t.test('the client takes the append path the server advertises', async (t) => {
      const { standIn, store } = await openPair(t, appendMode);
      await store.append('officer-1', [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
      if (appendMode === 'append') {
        t.equal(standIn.calls.append, 1, 'Streams.Append used');
        t.equal(standIn.calls.batchAppend, 0);
      } else {
        t.equal(standIn.calls.batchAppend, 1, 'Streams.BatchAppend used');
        t.equal(standIn.calls.append, 0);
      }
    });

    t.test('a wrong expected version on a missing stream says "no_stream", not a number', async (t) => {
      const { store } = await openPair(t, appendMode);
      for (const expectedRevision of [0n, 3n, 'stream_exists'] as const) {
        const error = await store.append('case-404', [event('CaseReported')], { expectedRevision }).catch((e: unknown) => e);
        t.type(error, WrongExpectedVersionError, `expected ${String(expectedRevision)}`);
        const wrong = error as WrongExpectedVersionError;
        t.equal(wrong.actual, 'no_stream');
        t.equal(wrong.streamName, 'case-404');
        t.equal(wrong.expected, String(expectedRevision));
      }
      await store.append('case-1', [event('CaseReported'), event('VerificationAssigned')], { expectedRevision: 'no_stream' });
      const error = (await store.append('case-1', [event('FindingRecorded')], { expectedRevision: 0n }).catch((e: unknown) => e)) as WrongExpectedVersionError;
      t.type(error, WrongExpectedVersionError);
      t.equal(error.actual, 1n, 'an existing stream reports its revision as a bigint');
      t.equal(error.expected, '0');
    });

    t.test('a retried append with the same ids writes nothing twice and answers the same', async (t) => {
      const { standIn, store } = await openPair(t, appendMode);
      const events = [event('CaseReported'), event('VerificationAssigned')];
      const first = await store.append('case-7', events, { expectedRevision: 'no_stream' });
      const retry = await store.append('case-7', events, { expectedRevision: 'no_stream' });
      t.same(retry, first);
      t.equal(standIn.log.all.length, 2, 'two events stored, not four');
      const next = await store.append('case-7', [event('FindingRecorded')], { expectedRevision: first.nextExpectedRevision });
      const retryNext = await store.append('case-7', [event('FindingRecorded')], { expectedRevision: first.nextExpectedRevision }).catch((e: unknown) => e);
      t.type(retryNext, WrongExpectedVersionError, 'other ids at a taken revision conflict');
      t.equal(next.nextExpectedRevision, 2n);
    });

    t.test('system events never reach readAll, headPosition or subscriptions', async (t) => {
      const { standIn, store } = await openPair(t, appendMode);
      standIn.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
      const first = await store.append('unit-1', [event('UnitEstablished')], { expectedRevision: 'no_stream' });
      standIn.writeSystemEvent('$$unit-1', '$metadata');
      const second = await store.append('unit-2', [event('UnitEstablished')], { expectedRevision: 'no_stream' });
      standIn.writeSystemEvent('$ce-unit', '$>');
      standIn.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');

      const forwards = await collect(store.readAll());
      t.same(forwards.map((e) => e.streamName), ['unit-1', 'unit-2']);
      const backwards = await collect(store.readAll({ direction: 'backwards' }));
      t.same(backwards.map((e) => e.streamName), ['unit-2', 'unit-1']);
      t.same((await collect(store.readAll({ maxCount: 1 }))).map((e) => e.streamName), ['unit-1'], 'maxCount counts visible events');
      t.equal(await store.headPosition(), second.position, 'the head is the last visible event, not the trailing system events');

      const recorder = recordSubscription(store.subscribeToAll('start'));
      await recorder.until((m) => m.some((message) => message.kind === 'caughtUp'));
      standIn.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
      await store.append('unit-3', [event('UnitEstablished')], { expectedRevision: 'no_stream' });
      await recorder.until((m) => eventTypes(m).length === 3);
      t.same(
        recorder.messages.map((m) => (m.kind === 'event' ? m.event.streamName : `caughtUp@${m.position}`)),
        ['unit-1', 'unit-2', `caughtUp@${second.position}`, 'unit-3'],
        'caught up once the trailing system events are passed, then live',
      );
      t.ok(first.position < second.position);
    });

    t.test('readAll pages through a log larger than one page, both ways, from any position', async (t) => {
      const { standIn, store } = await openPair(t, appendMode);
      const written: bigint[] = [];
      for (let stream = 0; stream < 13; stream += 1) {
        const batch = Array.from({ length: 100 }, (_, index) => event('PostCreated', { index }));
        await store.append(`post-${stream}`, batch, { expectedRevision: 'no_stream' });
        written.push(...(await store.readStream(`post-${stream}`)).map((e) => e.position));
      }
      const readsBefore = standIn.calls.read;
      const forwards = await collect(store.readAll());
      t.equal(forwards.length, 1300);
      t.same(forwards.map((e) => e.position), written, 'every event once, in log order');
      t.ok(standIn.calls.read - readsBefore >= 3, 'read in several pages');
      const backwards = await collect(store.readAll({ direction: 'backwards' }));
      t.same(backwards.map((e) => e.position), [...written].reverse());

      const middle = written[700]!;
      const fromMiddle = await collect(store.readAll({ fromPosition: middle, maxCount: 600 }));
      t.same(fromMiddle.map((e) => e.position), written.slice(700, 1300), 'forwards from a position includes it');
      const backFromMiddle = await collect(store.readAll({ direction: 'backwards', fromPosition: middle }));
      t.same(backFromMiddle.map((e) => e.position), written.slice(0, 701).reverse(), 'backwards from a position includes it');
    });

    t.test('a dropped subscription resumes after the last delivered event: no gap, no duplicate', async (t) => {
      const drops: SubscriptionDrop[] = [];
      const { standIn, store } = await openPair(t, appendMode, drops);
      for (let index = 0; index < 5; index += 1) await store.append(`officer-${index}`, [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
      const recorder = recordSubscription(store.subscribeToAll('start'));
      await recorder.until((m) => m.some((message) => message.kind === 'caughtUp'));

      let expected = 5;
      for (const code of [grpc.status.UNAVAILABLE, grpc.status.ABORTED, grpc.status.INTERNAL]) {
        t.equal(standIn.dropSubscriptions(code), 1, `server drops the subscription with ${grpc.status[code]}`);
        for (let index = 0; index < 3; index += 1) {
          await store.append(`officer-${expected}`, [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
          expected += 1;
        }
        await recorder.until((m) => eventTypes(m).length === expected);
      }
      const delivered = recorder.messages.flatMap((m) => (m.kind === 'event' ? [m.event.streamName] : []));
      t.same(delivered, Array.from({ length: expected }, (_, index) => `officer-${index}`));
      t.equal(recorder.messages.filter((m) => m.kind === 'caughtUp').length, 1, 'caught up is said once');
      t.ok(drops.length >= 3, 'every drop was reported');
      t.ok(drops.every((drop) => drop.retryInMs >= 20 && drop.retryInMs <= 200), 'with backoff inside the policy');
    });

    t.test('a subscription from the end survives a server restart and misses nothing written after it', async (t) => {
      const drops: SubscriptionDrop[] = [];
      const { standIn, store } = await openPair(t, appendMode, drops);
      await store.append('officer-1', [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
      const recorder = recordSubscription(store.subscribeToAll('end'));
      await recorder.until((m) => m.some((message) => message.kind === 'caughtUp'));
      await store.append('officer-2', [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
      await recorder.until((m) => eventTypes(m).length === 1);

      await standIn.stop();
      const whileDown = await store.append('officer-3', [event('OfficerRegistered')], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      t.type(whileDown, StoreUnavailableError, 'an append while the server is down is refused as unavailable');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await standIn.restart();

      // The append may or may not have reached the server; the same retry is safe either way.
      let acknowledged = false;
      for (let attempt = 0; attempt < 50 && !acknowledged; attempt += 1) {
        acknowledged = await store
          .append('officer-4', [event('OfficerRegistered')], { expectedRevision: 'no_stream' })
          .then(() => true, async () => {
            await new Promise((resolve) => setTimeout(resolve, 100));
            return false;
          });
      }
      t.ok(acknowledged, 'appends work again after the restart');
      await recorder.until((m) => eventTypes(m).length === 2);
      t.same(recorder.messages.flatMap((m) => (m.kind === 'event' ? [m.event.streamName] : [])), ['officer-2', 'officer-4']);
      t.same(recorder.messages[0], { kind: 'caughtUp', position: standIn.log.all[0]!.position }, 'from the end: caught up first');
      t.ok(drops.length >= 1, 'the drop was reported');
    });

    t.test('bad input is refused before anything is sent', async (t) => {
      const { standIn, store } = await openPair(t, appendMode);
      await store.append('officer-1', [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
      const callsBefore = appendCalls(standIn);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const bad: [string, () => Promise<unknown>][] = [
        ['a stream name without a category', () => store.append('officer', [event('X')], { expectedRevision: 'any' })],
        ['a system stream name', () => store.append('$stats-1', [event('X')], { expectedRevision: 'any' })],
        ['no events', () => store.append('officer-2', [], { expectedRevision: 'any' })],
        ['an id that is not a uuid', () => store.append('officer-2', [{ ...event('X'), id: 'not-a-uuid' }], { expectedRevision: 'any' })],
        ['the same id twice', () => { const once = event('X'); return store.append('officer-2', [once, once], { expectedRevision: 'any' }); }],
        ['a reserved $ type', () => store.append('officer-2', [event('$metadata')], { expectedRevision: 'any' })],
        ['data with NaN', () => store.append('officer-2', [event('X', { n: Number.NaN })], { expectedRevision: 'any' })],
        ['data with an undefined array item', () => store.append('officer-2', [{ ...event('X'), data: { list: [1, undefined] } as never }], { expectedRevision: 'any' })],
        ['data with a Date', () => store.append('officer-2', [{ ...event('X'), data: { at: new Date() } as never }], { expectedRevision: 'any' })],
        ['data that refers to itself', () => store.append('officer-2', [{ ...event('X'), data: cyclic as never }], { expectedRevision: 'any' })],
        ['data that is an array', () => store.append('officer-2', [{ ...event('X'), data: [] as never }], { expectedRevision: 'any' })],
        ['metadata that is a string', () => store.append('officer-2', [{ ...event('X'), metadata: 'x' as never }], { expectedRevision: 'any' })],
        ['a numeric expected revision', () => store.append('officer-2', [event('X')], { expectedRevision: 1 as never })],
        ['a negative expected revision', () => store.append('officer-2', [event('X')], { expectedRevision: -1n })],
        ['an unknown expectation', () => store.append('officer-2', [event('X')], { expectedRevision: 'latest' as never })],
        ['a negative maxCount', () => store.readStream('officer-1', { maxCount: -1 })],
        ['a bad stream name on read', () => store.readStream('nope')],
      ];
      for (const [what, attempt] of bad) {
        const error = await attempt().catch((e: unknown) => e);
        t.type(error, InvalidAppendError, what);
      }
      t.throws(() => store.readAll({ fromPosition: -5n }), InvalidAppendError, 'a negative position');
      t.equal(appendCalls(standIn), callsBefore, 'no append reached the server');
      t.equal(standIn.log.all.length, 1, 'the log is untouched');

      // As in the SQLite store, an undefined property is an absent one, not an error.
      await store.append('officer-3', [{ ...event('X'), data: { kept: 1, gone: undefined } as never }], { expectedRevision: 'no_stream' });
      t.same((await store.readStream('officer-3'))[0]!.data, { kept: 1 });
    });

    t.test('close() stops subscriptions and disposes the client', async (t) => {
      const standIn = await startEsdbStandIn({ appendMode });
      t.teardown(() => standIn.close());
      const client = EventStoreDBClient.connectionString(standIn.connectionString);
      let disposed = 0;
      const dispose = client.dispose.bind(client);
      client.dispose = async () => {
        disposed += 1;
        await dispose();
      };
      const store = new EsdbEventStore(client);
      await store.append('officer-1', [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
      const recorder = recordSubscription(store.subscribeToAll('start'));
      await recorder.until((m) => m.some((message) => message.kind === 'caughtUp'));
      t.equal(standIn.activeSubscriptions, 1);

      await store.close();
      t.equal(disposed, 1, 'client.dispose() called once');
      t.equal(await recorder.finished, undefined, 'the subscription ended cleanly, without an error');
      await new Promise((resolve) => setTimeout(resolve, 50));
      t.equal(standIn.activeSubscriptions, 0, 'the server saw the subscription go');
      await store.close();
      t.equal(disposed, 1, 'closing twice disposes once');
      await t.rejects(store.append('officer-2', [event('X')], { expectedRevision: 'any' }), StoreUnavailableError);
    });
  });
}

t.test('reads from positions where no record starts answer the events after them; the store stays available for writes', async (t) => {
  const { standIn, store: adapter } = await openPair(t, 'batchAppend');
  const store = new ResilientEventStore({ open: async () => adapter, densePositions: false });
  t.ok(await store.whenAvailable(5_000));
  for (let index = 0; index < 5; index += 1) await store.append(`officer-${index}`, [event('OfficerRegistered'), event('OfficerAssigned')], { expectedRevision: 'no_stream' });
  const all = await collect(store.readAll());
  const afterThird = await collect(store.readAll({ fromPosition: all[2]!.position + 1n, maxCount: 3 }));
  t.same(afterThird.map((e) => e.id), all.slice(3, 6).map((e) => e.id), 'one past an event: the events after it');
  const inside = (all[6]!.position + all[7]!.position) / 2n;
  t.same((await collect(store.readAll({ fromPosition: inside }))).map((e) => e.id), all.slice(7).map((e) => e.id), 'anywhere inside a record: from the next event');
  t.same((await store.readAt([all[2]!.position + 1n, inside, all[7]!.position])).map((e) => e.id), [all[7]!.id], 'readAt leaves out positions inside a record');
  t.equal(store.health().state, 'available', 'the refusal of a position was not taken for a failing store');
  const written = await store.append('officer-9', [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
  t.ok(written.position > all[all.length - 1]!.position, 'and writes go on');

  // Past several pages of the log (512 events a page), one past an event is found from the event
  // before it: a few reads, where reading the log from its start would take more than four.
  for (let index = 0; index < 110; index += 1) {
    await store.append(`unit-${index}`, Array.from({ length: 20 }, () => event('UnitRegistered')), { expectedRevision: 'no_stream' });
  }
  const longer = await collect(store.readAll());
  const readsBefore = standIn.calls.read;
  const next = await collect(store.readAll({ fromPosition: longer[2_100]!.position + 1n, maxCount: 1 }));
  t.same(next.map((e) => e.id), [longer[2_101]!.id]);
  t.ok(standIn.calls.read - readsBefore <= 4, `found by reading the event before it, not the log from its start (${standIn.calls.read - readsBefore} reads)`);

  // Anywhere else inside a record past the first page of the log: found by reading the log from its
  // start, page after page, in either direction.
  const deep = longer[2_100]!.position + 2n;
  t.ok(deep < longer[2_101]!.position, 'a position inside a record, not one past an event');
  t.same((await collect(store.readAll({ fromPosition: deep, maxCount: 1 }))).map((e) => e.id), [longer[2_101]!.id], 'forwards: the next event');
  t.same((await collect(store.readAll({ direction: 'backwards', fromPosition: deep, maxCount: 1 }))).map((e) => e.id), [longer[2_100]!.id], 'backwards: the event before');
  t.equal(store.health().state, 'available');
});

t.test('an unreachable EventStoreDB is reported as unavailable', async (t) => {
  const standIn = await startEsdbStandIn({ appendMode: 'append' });
  const connectionString = standIn.connectionString;
  await standIn.close();
  const store = await openEsdbEventStore({ connectionString });
  t.teardown(() => store.close());
  await t.rejects(store.append('officer-1', [event('OfficerRegistered')], { expectedRevision: 'no_stream' }), StoreUnavailableError);
  await t.rejects(store.readStream('officer-1'), StoreUnavailableError);
  await t.rejects(store.headPosition(), StoreUnavailableError);
  await t.rejects(collect(store.readAll()), StoreUnavailableError);
});

t.test('a malformed connection string is refused when the store is opened', async (t) => {
  await t.rejects(openEsdbEventStore({ connectionString: 'postgres://nope' }), /Invalid EventStoreDB connection string/);
});

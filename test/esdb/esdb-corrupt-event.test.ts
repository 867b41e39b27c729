import { randomUUID } from 'node:crypto';
import t, { type Test } from 'tap';
import { EventStoreDBClient, binaryEvent, jsonEvent } from '@eventstore/db-client';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { readAllGoingOn } from '../../src/integrity/read-all-going-on.js';
import { verifyStore } from '../../src/integrity/store-source.js';
import type { UnreadableEvent } from '../../src/integrity/unreadable-event.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { CorruptEventError } from '../../src/store/errors.js';
import { openEsdbEventStore } from '../../src/store/esdb/esdb-event-store.js';
import { ResilientEventStore } from '../../src/operations/resilient-store.js';
import { startEsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';
import { failure } from '../fixtures/conformance.js';

// An event whose data is not a JSON object (written by something other than the register) cannot be
// read: an integrity error naming it, as on the embedded store; the store stays available.

/** A stand-in server and a raw client of it, to write what the register never would; both closed after the test. */
async function standInWithClient(t: Test) {
  const standIn = await startEsdbStandIn({ appendMode: 'append' });
  t.teardown(() => standIn.close());
  const raw = EventStoreDBClient.connectionString(standIn.connectionString);
  t.teardown(() => raw.dispose());
  return { standIn, raw };
}

t.test('EventStoreDB: an event of a register stream that is not a JSON object', async (t) => {
  const { standIn, raw } = await standInWithClient(t);
  await raw.appendToStream('case-x', binaryEvent({ type: 'CaseReported', data: Buffer.from('not json') }));
  const adapter = await openEsdbEventStore({ connectionString: standIn.connectionString });
  const store = new ResilientEventStore({ open: async () => adapter, densePositions: false });
  t.teardown(() => store.close());
  t.ok(await store.whenAvailable(5_000));
  const error = await failure(store.readStream('case-x'));
  t.type(error, CorruptEventError, 'an integrity error, as on the embedded store');
  t.equal(store.health().state, 'available', 'the store is not taken for unavailable');
});

t.test('EventStoreDB: an auditor\'s reading of the log goes on past it, with it in its place', async (t) => {
  const { standIn, raw } = await standInWithClient(t);
  await raw.appendToStream('unit-U1', jsonEvent({ type: 'UnitRegistered', data: { unitId: 'U1' }, metadata: { actor: 'hr-zhang' } }));
  await raw.appendToStream('case-x', binaryEvent({ type: 'CaseReported', data: Buffer.from('not json') }));
  await raw.appendToStream('unit-U2', jsonEvent({ type: 'UnitRegistered', data: { unitId: 'U2' }, metadata: { actor: 'hr-zhang' } }));
  const store = await openEsdbEventStore({ connectionString: standIn.connectionString });
  t.teardown(() => store.close());
  const read: (RecordedEvent | UnreadableEvent)[] = [];
  for await (const entry of readAllGoingOn(store)) read.push(entry);
  t.same(read.map((entry) => ('unreadable' in entry ? `unreadable ${entry.streamName}` : entry.streamName)), ['unit-U1', 'unreadable case-x', 'unit-U2']);
  t.match(read[1], { unreadable: true, reason: 'its data is not a JSON object', revision: 0n });
  const page: (RecordedEvent | UnreadableEvent)[] = [];
  for await (const entry of readAllGoingOn(store, { fromPosition: read[1]!.position, maxCount: 2 })) page.push(entry);
  t.same(page.map((entry) => entry.position), [read[1]!.position, read[2]!.position], 'from its position, a page of two: it, then the next');
});

t.test('EventStoreDB: verifying the store reports it where it is and goes on, as verifying an export of it does', async (t) => {
  const { standIn, raw } = await standInWithClient(t);
  await raw.appendToStream('case-x', binaryEvent({ type: 'CaseReported', data: Buffer.from('not json') }));
  const store = await openEsdbEventStore({ connectionString: standIn.connectionString });
  t.teardown(() => store.close());
  const register = withHashChain(store);
  await register.append('unit-U2', [{ id: randomUUID(), type: 'UnitRegistered', data: { unitId: 'U2', name: '二中队' }, metadata: { actor: 'hr-zhang' } }], { expectedRevision: 'no_stream' });
  const result = await verifyStore(store);
  t.notOk(result.ok);
  const problems = result.ok ? [] : result.problems;
  t.match(problems, [{ kind: 'changed', stream: 'case-x', revision: '0', detail: /cannot be read: its data is not a JSON object/ }], 'the unreadable event, and nothing else');
  t.equal(result.events, 2, 'the event after it verified too');
});

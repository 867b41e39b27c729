import t from 'tap';
import { EventStoreDBClient, binaryEvent } from '@eventstore/db-client';
import { CorruptEventError } from '../../src/store/errors.js';
import { openEsdbEventStore } from '../../src/store/esdb/esdb-event-store.js';
import { ResilientEventStore } from '../../src/operations/resilient-store.js';
import { startEsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';
import { failure } from '../fixtures/conformance.js';

// An event whose data is not a JSON object (written by something other than the register) cannot be
// read: an integrity error naming it, as on the embedded store; the store stays available.

t.test('EventStoreDB: an event of a register stream that is not a JSON object', async (t) => {
  const standIn = await startEsdbStandIn({ appendMode: 'append' });
  t.teardown(() => standIn.close());
  const raw = EventStoreDBClient.connectionString(standIn.connectionString);
  t.teardown(() => raw.dispose());
  await raw.appendToStream('case-x', binaryEvent({ type: 'CaseReported', data: Buffer.from('not json') }));
  const adapter = await openEsdbEventStore({ connectionString: standIn.connectionString });
  const store = new ResilientEventStore({ open: async () => adapter, densePositions: false });
  t.teardown(() => store.close());
  t.ok(await store.whenAvailable(5_000));
  const error = await failure(store.readStream('case-x'));
  t.type(error, CorruptEventError, 'an integrity error, as on the embedded store');
  t.equal(store.health().state, 'available', 'the store is not taken for unavailable');
});

// The shared event-store conformance suite against a REAL EventStoreDB, whenever one is reachable:
// set ESDB_CONNECTION_STRING (e.g. `esdb://127.0.0.1:2113?tls=false`, the single node of
// docker-compose.yml) and run `npx tap test/esdb/real-server.test.ts`. Without it this file is skipped.
//
// Each check writes uniquely named streams and reads back only its own events (see
// test/fixtures/esdb-standin/run-namespace.ts), so any server will do, but a dedicated one is best:
// scanning `$all` of a large database makes the run slow. This is where what the protocol stand-in
// does not model is checked: EventStoreDB's own system events in `$all`, real log positions, real
// idempotency and the server's own caught-up and subscription behaviour.

import t from 'tap';
import { runEventStoreConformance } from '../fixtures/conformance.js';
import { namespacedView } from '../fixtures/esdb-standin/run-namespace.js';
import { openEsdbEventStore } from '../../src/store/esdb/esdb-event-store.js';

const connectionString = process.env.ESDB_CONNECTION_STRING?.trim();

if (!connectionString) {
  t.test('conformance against a real EventStoreDB', { skip: 'ESDB_CONNECTION_STRING is not set: no real EventStoreDB to test against' }, () => {});
} else {
  await runEventStoreConformance(t, {
    name: `EventStoreDB adapter on the real server at ${connectionString}`,
    open: async () => namespacedView(await openEsdbEventStore({ connectionString })),
    messageTimeoutMs: 15_000,
  });
}

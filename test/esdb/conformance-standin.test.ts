// The shared event-store conformance suite (test/fixtures/conformance.ts) run against the EventStoreDB
// adapter, through the real @eventstore/db-client, talking to the PROTOCOL STAND-IN
// (test/fixtures/esdb-standin), NOT to EventStoreDB. Once per append path the client can take:
// Streams.Append (server features unknown, as with an old server) and Streams.BatchAppend (advertised).
// Behaviour the stand-in does not model (EventStoreDB's own system events, real positions) needs a
// real server: test/esdb/real-server.test.ts runs the same suite when ESDB_CONNECTION_STRING is set.

import t from 'tap';
import { runEventStoreConformance } from '../fixtures/conformance.js';
import { openStoreOnStandIn } from '../fixtures/esdb-standin/store-on-stand-in.js';

for (const appendMode of ['append', 'batchAppend'] as const) {
  await runEventStoreConformance(t, {
    name: `EventStoreDB adapter via Streams.${appendMode === 'append' ? 'Append' : 'BatchAppend'} on the protocol stand-in (not EventStoreDB)`,
    open: async () => (await openStoreOnStandIn(appendMode)).store,
  });
}

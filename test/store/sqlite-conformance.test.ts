// The embedded SQLite store against the event-store conformance suite: on a file (WAL, the way the
// register runs), committing on the commit thread as it does by default and on the caller's
// thread, and in memory.

import t from 'tap';
import { join } from 'node:path';
import { runEventStoreConformance } from '../fixtures/conformance.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';

const dir = t.testdir();
let opened = 0;

await runEventStoreConformance(t, {
  name: 'SQLite store on a file',
  open: () => openSqliteEventStore({ path: join(dir, `store-${++opened}`, 'events.db') }),
});

await runEventStoreConformance(t, {
  name: 'SQLite store on a file, committing on the caller\'s thread',
  open: () => openSqliteEventStore({ path: join(dir, `store-${++opened}`, 'events.db'), commitThread: false }),
});

await runEventStoreConformance(t, {
  name: 'SQLite store in memory',
  open: () => openSqliteEventStore({ path: ':memory:' }),
});

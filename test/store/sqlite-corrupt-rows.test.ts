// A row of the events table altered around the register so that it no longer reads as an event
// (data or metadata not JSON, a revision that is not a whole number): the store says which event
// cannot be read (CorruptEventError), and stays available for everything else. It is not a
// failure of the storage (StoreUnavailableError), which would refuse every write with a 503.

import { join } from 'node:path';
import t from 'tap';
import { CorruptEventError, StoreUnavailableError } from '../../src/store/errors.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { readLogFile } from '../../src/store/sqlite/log-file-reader.js';
import { receiveError, sendError } from '../../src/store/sqlite/sent-error.js';
import { collect, failure, newEvent } from '../fixtures/conformance.js';
import { asAttacker, insertEvent, liftPositionCheck } from '../fixtures/integrity/sqlite-attacker.js';

const dir = t.testdir();
let files = 0;

/** A store with two cases, one row of case-1 altered by `sql` (its position bound as ?). */
async function storeWithAlteredRow(sql: string) {
  const path = join(dir, `store-${++files}.db`);
  const store = await openSqliteEventStore({ path });
  await store.append('case-1', [newEvent('CaseReported'), newEvent('VerificationAssigned'), newEvent('FindingRecorded')], { expectedRevision: 'no_stream' });
  await store.append('case-2', [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
  const [, altered] = await store.readStream('case-1');
  await store.close();
  asAttacker(path, (db) => db.prepare(sql).run(altered!.position));
  const reopened = await openSqliteEventStore({ path });
  t.teardown(() => reopened.close());
  return { path, store: reopened, altered: altered! };
}

const cases: [string, string, RegExp][] = [
  ['a byte cut from its data', 'UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = ?', /its data is not valid JSON/],
  ['metadata that is not JSON', "UPDATE events SET metadata = 'garbage' WHERE position = ?", /its metadata is not valid JSON/],
  ['data that is JSON but no object', "UPDATE events SET data = '[1,2]' WHERE position = ?", /its data is not a JSON object/],
  ['a revision that is not a whole number', "UPDATE events SET revision = 'one' WHERE position = ?", /its revision is not a whole number/],
];

for (const [label, sql, reason] of cases) {
  t.test(`${label}: that event cannot be read, everything else can`, async (t) => {
    const { path, store, altered } = await storeWithAlteredRow(sql);
    const expectCorrupt = (error: unknown, what: string) => {
      t.type(error, CorruptEventError, what);
      t.notOk(error instanceof StoreUnavailableError, `${what}: not a failure of the storage`);
      t.match(error, { position: altered.position, streamName: 'case-1', eventId: altered.id, reason });
      t.match((error as Error).message, new RegExp(`position ${altered.position} .*cannot be read: .*altered in storage`));
    };
    expectCorrupt(await failure(store.readStream('case-1')), 'reading its stream');
    expectCorrupt(await failure(store.readAt([altered.position])), 'reading it by position');
    expectCorrupt(await failure(collect(store.readAll())), 'reading the log');
    expectCorrupt(await failure((async () => [...readLogFile(path, { upTo: 10n })])()), 'a rebuild reading the file');
    expectCorrupt(await failure((async () => [...readLogFile(path, { upTo: 10n, metadataFields: ['actor'] })])()), 'a rebuild reading some metadata fields');

    t.same((await store.readStream('case-2')).map((event: RecordedEvent) => event.type), ['CaseReported'], 'other streams read as ever');
    await store.writable();
    t.same(await store.append('case-2', [newEvent('VerificationAssigned')], { expectedRevision: 0n }), { nextExpectedRevision: 1n, position: 5n },
      'and the store takes writes');
  });
}

t.test('an event below position 1 (the table\'s CHECK lifted): its stream is not read as if it were there', async (t) => {
  const path = join(dir, `store-${++files}.db`);
  const store = await openSqliteEventStore({ path });
  await store.append('case-1', [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
  const [head] = await store.readStream('case-1');
  await store.close();
  asAttacker(path, (db) => {
    liftPositionCheck(db);
    insertEvent(db, { ...head!, id: 'forged', revision: 1n, position: -1n, type: 'EvidenceAttached' });
  });
  const reopened = await openSqliteEventStore({ path });
  t.teardown(() => reopened.close());
  const error = await failure(reopened.readStream('case-1'));
  t.type(error, CorruptEventError);
  t.match(error, { position: -1n, streamName: 'case-1', revision: 1n, eventId: 'forged', reason: /at position -1, below 1, where the store never writes an event/ });
  t.same((await collect(reopened.readAll())).map((event) => event.position), [1n], 'the log read by position starts at 1, as ever');
});

t.test('the error keeps its class, place and readable metadata between threads', async (t) => {
  const metadata = { actor: 'inspector-li', recordedAt: '2021-03-01T09:00:00.000+08:00', $hash: 'a'.repeat(64), $prevHash: null };
  const error = receiveError(structuredClone(sendError(new CorruptEventError(7n, 'case-1', 2n, 'e-1', 'its data is not valid JSON', metadata))));
  t.type(error, CorruptEventError);
  t.match(error, { position: 7n, streamName: 'case-1', revision: 2n, eventId: 'e-1', reason: 'its data is not valid JSON' });
  t.same((error as CorruptEventError).metadata, metadata);
  const unplaced = receiveError(structuredClone(sendError(new CorruptEventError(null, null, null, null, 'its position is not a whole number'))));
  t.type(unplaced, CorruptEventError);
  t.match(unplaced, { position: null, streamName: null, revision: null, eventId: null, metadata: null });
});

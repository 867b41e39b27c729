import { join } from 'node:path';
import t from 'tap';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { createSealer } from '../../src/integrity/seal.js';
import { SealRecorded } from '../../src/integrity/seal-record.js';
import { verifyStore } from '../../src/integrity/store-source.js';
import type { EventStore, EventToAppend, ExpectedRevision } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { openStoreOnStandIn } from '../fixtures/esdb-standin/store-on-stand-in.js';
import { readLog } from '../fixtures/integrity/history.js';

// The hash chain is the same on both backends: the same appends give the same $prevHash / $hash
// on the embedded store and through the EventStoreDB adapter (here on the PROTOCOL STAND-IN, not
// EventStoreDB, on both of the client's append paths), and each log verifies with its seals.

const metadata = (n: number) => ({
  $correlationId: `0c7d6a0e-0000-4000-8000-00000000000${n % 10}`, $causationId: 'request-1', actor: 'inspector-1',
  recordedAt: `2024-03-0${1 + (n % 9)}T08:00:00+08:00`, schemaVersion: 1,
});
const id = (n: number) => `5d0f6b7e-1c2a-4b3c-8d4e-${String(n).padStart(12, '0')}`;
const appends: { stream: string; expected: ExpectedRevision; events: EventToAppend[] }[] = [
  { stream: 'unit-U1', expected: 'no_stream', events: [{ id: id(1), type: 'UnitRegistered', data: { unitId: 'U1', name: '执法一中队', headOfficerId: null }, metadata: metadata(1) }] },
  { stream: 'case-c1', expected: 'no_stream', events: [
    { id: id(2), type: 'CaseReported', metadata: metadata(2), data: {
      summary: '收费不开票 "引号" \\ 反斜杠 \u2028', caseId: 'c1', subjects: [{ unitId: 'U1', officerId: 'O1' }],
      reporter: { salt: 's-1', anonymous: false, contact: '13800001234', name: '王芳' }, amounts: [0.1, 1e21, -0, 2.5e-7, 123456789012],
    } },
    { id: id(3), type: 'VerificationAssigned', data: { caseId: 'c1', inspectorId: 'I2', dueOn: '2024-04-01', assignedOn: '2024-03-02' }, metadata: metadata(3) },
  ] },
  { stream: 'case-c1', expected: 'any', events: [{ id: id(4), type: 'FindingRecorded', data: { caseId: 'c1', outcome: 'substantiated', nested: { z: 1, a: { y: [true, null] } } }, metadata: metadata(4) }] },
  { stream: 'unit-U1', expected: 'stream_exists', events: [{ id: id(5), type: 'UnitHeadAppointed', data: { unitId: 'U1', officerId: 'O1', effectiveOn: '2024-03-05' }, metadata: metadata(5) }] },
  { stream: 'case-c1', expected: 2n, events: [{ id: id(6), type: 'CaseClosed', data: { caseId: 'c1', summary: '办结', closedOn: '2024-03-09' }, metadata: metadata(6) }] },
];

async function record(store: EventStore) {
  const chained = withHashChain(store);
  for (const append of appends) await chained.append(append.stream, append.events, { expectedRevision: append.expected });
  const seal = await createSealer({ store: chained }).seal({ actor: 'auditor-1', correlationId: 'seal-1' });
  const log = await readLog(store);
  const hashes = Object.fromEntries(log.filter((e) => e.streamName !== 'seal-log')
    .map((e) => [`${e.streamName}@${e.revision}`, [e.metadata.$prevHash, e.metadata.$hash]]));
  const sealData = SealRecorded.parse(log.find((e) => e.streamName === 'seal-log')!.data);
  const verified = await verifyStore(store, { root: seal.root });
  // A fresh process (nothing remembered) finds the head it must chain onto by reading it, and an
  // expectation beyond the head is refused before anything is chained onto the wrong event.
  const fresh = withHashChain(store);
  const extra = { id: id(7), type: 'EvidenceAttached', data: { caseId: 'c1' }, metadata: metadata(7) };
  const refused = await fresh.append('case-c1', [extra], { expectedRevision: 9n }).then(() => null, (error: Error) => error.name);
  await fresh.append('case-c1', [extra], { expectedRevision: 3n });
  const after = await verifyStore(store);
  return { hashes, headsRoot: sealData.headsRoot, changedHeads: sealData.changedHeads, verified, refused, after };
}

const dir = t.testdir();
const sqlite = await openSqliteEventStore({ path: join(dir, 'events.db') });
const onSqlite = await record(sqlite);
await sqlite.close();

t.test('the embedded store: chained, sealed, verified', async (t) => {
  t.equal(Object.keys(onSqlite.hashes).length, 6);
  t.match(onSqlite.verified, { ok: true, events: 7, seals: 1 });
  t.equal(onSqlite.refused, 'WrongExpectedVersionError');
  t.match(onSqlite.after, { ok: true, events: 8, unsealedEvents: 1 });
});

for (const appendMode of ['append', 'batchAppend'] as const) {
  t.test(`the EventStoreDB adapter via Streams.${appendMode === 'append' ? 'Append' : 'BatchAppend'} on the protocol stand-in (not EventStoreDB)`, async (t) => {
    const { store } = await openStoreOnStandIn(appendMode);
    t.teardown(() => store.close());
    const onEsdb = await record(store);
    t.same(onEsdb.hashes, onSqlite.hashes, 'every event has the same chain fields as on the embedded store');
    t.equal(onEsdb.headsRoot, onSqlite.headsRoot, 'the seal commits to the same heads');
    t.same(onEsdb.changedHeads, onSqlite.changedHeads);
    t.match(onEsdb.verified, { ok: true, events: 7, seals: 1 });
    t.equal(onEsdb.refused, 'WrongExpectedVersionError');
    t.match(onEsdb.after, { ok: true, events: 8, unsealedEvents: 1 });
  });
}

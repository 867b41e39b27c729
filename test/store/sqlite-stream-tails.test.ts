// A stream's last event, read right after this store wrote it, comes from what the store wrote
// (stream-tails.ts): it must be exactly what the file holds, and never hide a write made through
// another connection. It is bounded: past its limit, the streams written longest ago are forgotten.

import t from 'tap';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { MAX_STREAM_TAILS, StreamTails } from '../../src/store/sqlite/stream-tails.js';
import { newEvent } from '../fixtures/conformance.js';

const dir = t.testdir();
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);
const last = { direction: 'backwards', maxCount: 1 } as const;

for (const commitThread of [true, false]) {
  t.test(`the last event as remembered is the event as stored (${commitThread ? 'commit thread' : "caller's thread"})`, async (t) => {
    const path = newPath();
    const store = await openSqliteEventStore({ path, commitThread });
    t.teardown(() => store.close());
    await store.append('case-1', [newEvent('CaseReported', { text: '乱罚款', n: 1 }), newEvent('EvidenceAdded', { items: [1, { deep: true }] })], { expectedRevision: 'no_stream' });
    const remembered = await store.readStream('case-1', last);
    const other = await openSqliteEventStore({ path, commitThread: false });
    const stored = await other.readStream('case-1', last);
    await other.close();
    t.same(remembered, stored, 'id, type, revision, position, data, metadata and time of recording all as in the file');
    t.equal(remembered[0]?.created, stored[0]?.created);
    remembered[0]!.data['items'] = 'changed by the reader';
    t.same((await store.readStream('case-1', last))[0]?.data['items'], [1, { deep: true }], 'each read gets its own copy');
  });
}

t.test('a write through another connection is seen at once', async (t) => {
  const path = newPath();
  const ours = await openSqliteEventStore({ path });
  t.teardown(() => ours.close());
  await ours.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  t.equal((await ours.readStream('officer-1', last))[0]?.type, 'OfficerRegistered');
  const theirs = await openSqliteEventStore({ path });
  await theirs.append('officer-1', [newEvent('OfficerQualified')], { expectedRevision: 0n });
  await theirs.close();
  const read = await ours.readStream('officer-1', last);
  t.equal(read[0]?.type, 'OfficerQualified', 'the other connection\'s event, not the one this store wrote');
  t.equal(read[0]?.revision, 1n);
});

t.test('a repeated append (an idempotent retry) leaves the last event as first recorded', async (t) => {
  let connection: Database.Database | undefined;
  const store = await openSqliteEventStore({ path: newPath(), testHooks: { afterOpen: (db) => (connection = db) } });
  t.teardown(() => store.close());
  const event = newEvent('CaseReported');
  await store.append('case-1', [event], { expectedRevision: 'no_stream' });
  const first = await store.readStream('case-1', last);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await store.append('case-1', [event], { expectedRevision: 'no_stream' });
  t.same(await store.readStream('case-1', last), first, 'same event, same time of recording');
  const created = connection!.prepare('SELECT created FROM events WHERE stream = ?').pluck().get('case-1');
  t.equal(first[0]?.created, created);
});

t.test('past its limit it forgets the tenth of streams written longest ago, not everything', async (t) => {
  const tails = new StreamTails();
  const write = (stream: string, revision: bigint) =>
    tails.remember(
      { streamName: stream, expected: 'any', events: [{ id: `${stream}-${revision}`, type: 'CaseReported', data: '{}', metadata: '{}' }] },
      { nextExpectedRevision: revision, position: revision, created: '2026-01-01T00:00:00.000Z' },
    );
  for (let index = 0; index < MAX_STREAM_TAILS; index += 1) write(`case-${index}`, 0n);
  write('case-0', 1n);
  t.equal(tails.size, MAX_STREAM_TAILS, 'a stream written again takes no second entry');
  write('case-new', 0n);
  const tenth = MAX_STREAM_TAILS / 10;
  t.equal(tails.size, MAX_STREAM_TAILS - tenth + 1, 'a tenth forgotten to make room');
  const remembered = (stream: string, revision: bigint) => tails.lastEvent(stream, () => revision) !== undefined;
  t.notOk(remembered('case-1', 0n), 'the oldest written is forgotten');
  t.notOk(remembered(`case-${tenth}`, 0n), 'up to a tenth of the limit');
  t.ok(remembered(`case-${tenth + 1}`, 0n), 'the rest are kept');
  t.ok(remembered('case-0', 1n), 'a stream written again counts as written last');
  t.ok(remembered('case-new', 0n));
});

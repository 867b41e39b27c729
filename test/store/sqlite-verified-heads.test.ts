// Stream heads the reading connection knows without a lookup (verified-heads.ts): a decision that
// brings a cached state up to date asks "what came after revision N?", and the answer must be the
// file's, whoever wrote it. The store's own appends keep the heads current; another writer's events
// are seen from the event loop's next check phase on (the reads of one batch of callbacks share a
// check), whether or not appends of the store are on their way at the time.

import t, { type Test } from 'tap';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { terminateCommitThread } from '../../src/store/sqlite/commit-thread.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { CommittedRunReader, CommittedRunWriter, newCommittedRunBuffer } from '../../src/store/sqlite/committed-run.js';
import { EventRows } from '../../src/store/sqlite/event-rows.js';
import { VerifiedHeads } from '../../src/store/sqlite/verified-heads.js';
import { newEvent } from '../fixtures/conformance.js';

const dir = t.testdir();
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);
const after = (revision: bigint) => ({ fromRevision: revision + 1n });

/** Inserts an event as another process would, through a connection of its own (optionally left uncommitted). */
function foreignInsert(db: Database.Database, stream: string, revision: number, type: string): void {
  db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    crypto.randomUUID(), stream, revision, type, '{}', '{}', new Date().toISOString(),
  );
}

for (const commitThread of [true, false]) {
  const mode = commitThread ? 'commit thread' : "caller's thread";

  t.test(`heads follow the store's own appends without reading the file (${mode})`, async (t) => {
    const store = await openSqliteEventStore({ path: newPath(), commitThread });
    t.teardown(() => store.close());
    await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
    t.same(await store.readStream('officer-1', after(0n)), [], 'nothing after the last revision');
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.append(`case-${index}`, [newEvent('CaseReported')], { expectedRevision: 'no_stream' })));
    await store.append('officer-1', [newEvent('OfficerAssigned'), newEvent('QualificationGranted')], { expectedRevision: 0n });
    t.same((await store.readStream('officer-1', after(0n))).map((event) => event.type), ['OfficerAssigned', 'QualificationGranted']);
    t.same(await store.readStream('officer-1', after(2n)), []);
    t.equal((await store.readStream('officer-1', { direction: 'backwards', maxCount: 1 }))[0]?.revision, 2n);
  });

  t.test(`an event another process wrote after the head was known is read (${mode})`, async (t) => {
    const path = newPath();
    const store = await openSqliteEventStore({ path, commitThread });
    t.teardown(() => store.close());
    await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
    t.same(await store.readStream('officer-1', after(0n)), []);
    const other = new Database(path);
    t.teardown(() => other.close());
    foreignInsert(other, 'officer-1', 1, 'OfficerAssigned');
    // Reads see what others committed before their batch of I/O callbacks began.
    await new Promise((resolve) => setImmediate(resolve));
    t.same((await store.readStream('officer-1', after(0n))).map((event) => event.type), ['OfficerAssigned'], 'the other writer\'s event');
    t.equal((await store.readStream('officer-1', { direction: 'backwards', maxCount: 1 }))[0]?.type, 'OfficerAssigned');
    // The store's next append lands after the other's event: its heads stay right from there on.
    await store.append('case-1', [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
    t.same(await store.readStream('officer-1', after(1n)), []);
  });
}

t.test('another process\'s event committed while the store\'s own appends are on their way is read', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  t.same(await store.readStream('officer-1', after(0n)), []);
  // The other connection holds the write lock, so the store's appends wait on the commit thread.
  const other = new Database(path);
  t.teardown(() => other.close());
  other.exec('BEGIN IMMEDIATE');
  foreignInsert(other, 'officer-1', 1, 'OfficerAssigned');
  const waiting = Array.from({ length: 5 }, (_, index) => store.append(`case-${index}`, [newEvent('CaseReported')], { expectedRevision: 'no_stream' }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  other.exec('COMMIT');
  t.same((await store.readStream('officer-1', after(0n))).map((event) => event.type), ['OfficerAssigned'], 'read once a check phase passed after the other commit');
  await Promise.all(waiting);
  t.same((await store.readStream('officer-1', after(0n))).map((event) => event.type), ['OfficerAssigned'], 'and after the store\'s appends were answered');
  t.same(await store.readStream('officer-1', after(1n)), []);
});

/**
 * A head read after the event loop's next check phase: a check that what is known is current holds
 * until then (for the reads of one batch of I/O callbacks), so each step of these tests is in a
 * batch of its own.
 */
async function later(heads: VerifiedHeads, streamName: string): Promise<bigint | null> {
  await new Promise((resolve) => setImmediate(resolve));
  return heads.get(streamName);
}

/** A file in WAL mode with a writing connection (the commit thread's, or another process's) and the store's reading one. */
function twoConnections(t: Test): { writer: Database.Database; reader: Database.Database } {
  const path = newPath();
  const writer = new Database(path);
  writer.pragma('journal_mode = WAL');
  writer.exec('CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, stream TEXT, revision INTEGER, type TEXT, data TEXT, metadata TEXT, created TEXT)');
  const reader = new Database(path);
  t.teardown(() => {
    reader.close();
    writer.close();
  });
  return { writer, reader };
}

/** Heads over a file where officer-1 is at revision 0, written by the store itself, with nothing of the store's unanswered. */
function headsKnowingOneOfficer(t: Test): { writer: Database.Database; heads: VerifiedHeads } {
  const { writer, reader } = twoConnections(t);
  const heads = new VerifiedHeads(reader, new EventRows(reader), () => false, () => 0, () => null);
  foreignInsert(writer, 'officer-1', 0, 'OfficerRegistered');
  heads.written('officer-1', 0n, 1n, 1n);
  return { writer, heads };
}

t.test('the rules, one by one', async (t) => {
  const { writer, reader } = twoConnections(t);
  let unanswered = false;
  const buffer = newCommittedRunBuffer();
  const run = new CommittedRunReader(buffer);
  const heads = new VerifiedHeads(reader, new EventRows(reader), () => unanswered, () => 0, () => run.read());
  const ownWriter = new CommittedRunWriter(buffer, 0n);

  t.equal(await later(heads, 'officer-1'), null, 'an unknown stream is read from the file');
  foreignInsert(writer, 'officer-1', 0, 'OfficerRegistered');
  ownWriter.committed(1n, 1n);
  heads.written('officer-1', 0n, 1n, 1n);
  t.equal(await later(heads, 'officer-1'), 0n, 'the store\'s own append');

  unanswered = true;
  foreignInsert(writer, 'case-1', 0, 'CaseReported');
  foreignInsert(writer, 'case-1', 1, 'EvidenceAdded');
  ownWriter.committed(2n, 3n);
  t.equal(await later(heads, 'officer-1'), 0n, 'positions 2..3 are the store\'s own, committed and not answered yet: what is known stays in use');

  foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
  t.equal(await later(heads, 'officer-1'), 1n, 'position 4 is nobody\'s here: read from the file while appends are unanswered');

  heads.written('case-1', 1n, 2n, 3n);
  foreignInsert(writer, 'case-2', 0, 'CaseReported');
  ownWriter.committed(5n, 5n);
  heads.written('case-2', 0n, 5n, 5n);
  t.equal(heads.size, 1, 'an answer that skips a position (another writer\'s) drops everything known but itself');
  unanswered = false;
  t.equal(await later(heads, 'officer-1'), 1n);

  foreignInsert(writer, 'officer-1', 2, 'QualificationGranted');
  t.equal(await later(heads, 'officer-1'), 2n, 'with nothing unanswered, events past what is known are another writer\'s: counted again from the file');
  t.equal(await later(heads, 'case-2'), 0n);
});

t.test('a check holds for the reads of one batch of I/O callbacks, and no longer', async (t) => {
  const { writer, heads } = headsKnowingOneOfficer(t);
  t.equal(heads.get('officer-1'), 0n);
  foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
  t.equal(heads.get('officer-1'), 0n, 'read together with the first: as of the same check');
  await Promise.resolve();
  t.equal(heads.get('officer-1'), 0n, 'in a later turn of the same batch: as of the same check');
  t.equal(await later(heads, 'officer-1'), 1n, 'after the check phase, from the file');
});

t.test('two I/O callbacks of one iteration share a check; the next iteration checks again', async (t) => {
  const { writer, heads } = headsKnowingOneOfficer(t);
  await new Promise((resolve) => setImmediate(resolve));
  // Two messages delivered in one go, as two requests' data would be: each read in its own callback.
  const { port1, port2 } = new MessageChannel();
  t.teardown(() => port1.close());
  const seen: (bigint | null)[] = [];
  const bothRead = new Promise<void>((resolve) => {
    port2.on('message', (step: string) => {
      seen.push(heads.get('officer-1'));
      if (step === 'first') foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
      else resolve();
    });
  });
  port1.postMessage('first');
  port1.postMessage('second');
  await bothRead;
  port2.close();
  t.same(seen, [0n, 0n], 'the second callback reads as of the first one\'s check');
  t.equal(await later(heads, 'officer-1'), 1n, 'after the check phase, the other writer\'s event');
});

t.test('a check made in a timer holds for the I/O callbacks of the same iteration', async (t) => {
  const { writer, heads } = headsKnowingOneOfficer(t);
  await new Promise((resolve) => setImmediate(resolve));
  const { port1, port2 } = new MessageChannel();
  t.teardown(() => port1.close());
  const inCallback = new Promise<bigint | null>((resolve) => port2.once('message', () => resolve(heads.get('officer-1'))));
  await new Promise<void>((resolve) => setTimeout(() => {
    t.equal(heads.get('officer-1'), 0n, 'the timer checks');
    foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
    port1.postMessage('request');
    resolve();
  }, 1));
  t.equal(await inCallback, 0n, 'a callback after the timer, before the check phase, reads as of the timer\'s check');
  port2.close();
  t.equal(await later(heads, 'officer-1'), 1n);
});

t.test('within a batch, an own append after another writer\'s event drops what is known', async (t) => {
  const { writer, heads } = headsKnowingOneOfficer(t);
  t.equal(heads.get('officer-1'), 0n, 'checked');
  foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
  foreignInsert(writer, 'case-2', 0, 'CaseReported');
  heads.written('case-2', 0n, 3n, 3n);
  t.equal(heads.get('officer-1'), 1n, 'position 2 was skipped: read from the file, in the same batch');
});

t.test('an append that failed in doubt during a batch is taken into account by the next one', async (t) => {
  const { writer, reader } = twoConnections(t);
  let failed = 0;
  const buffer = newCommittedRunBuffer();
  const run = new CommittedRunReader(buffer);
  const heads = new VerifiedHeads(reader, new EventRows(reader), () => true, () => failed, () => run.read());
  const thread = new CommittedRunWriter(buffer, 0n);
  foreignInsert(writer, 'officer-1', 0, 'OfficerRegistered');
  thread.committed(1n, 1n);
  heads.written('officer-1', 0n, 1n, 1n);
  t.equal(await later(heads, 'officer-1'), 0n);
  foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
  thread.committed(2n, 2n);
  failed += 1;
  t.equal(heads.get('officer-1'), 0n, 'in the batch that saw it on its way: as of that check');
  t.equal(await later(heads, 'officer-1'), 1n, 'the next batch reads the failed append\'s event from the file');
});

t.test('a refused append ends the shared check', async (t) => {
  const { writer, heads } = headsKnowingOneOfficer(t);
  t.equal(heads.get('officer-1'), 0n);
  foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
  heads.refuted();
  t.equal(heads.get('officer-1'), 1n, 'the retry of a conflict reads the file, in the same batch');
});

t.test('after a conflict with another writer, the retry reads the file\'s head in the same batch', async (t) => {
  const path = newPath();
  // Appends committed on this thread, in the loop's check phase: the conflict is answered before the batch's check ends.
  const store = await openSqliteEventStore({ path, commitThread: false });
  t.teardown(() => store.close());
  await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const other = new Database(path);
  t.teardown(() => other.close());
  const afterConflict = await new Promise<Promise<RecordedEvent[]>>((resolve) => setTimeout(() => {
    const refused = store.append('officer-1', [newEvent('QualificationGranted')], { expectedRevision: 0n });
    const checked = store.readStream('officer-1', after(0n));
    foreignInsert(other, 'officer-1', 1, 'OfficerAssigned');
    resolve(refused.then(
      () => t.fail('the append should conflict') as never,
      async (error: Error) => {
        t.equal(error.name, 'WrongExpectedVersionError');
        t.same(await checked, [], 'read before the other writer\'s event');
        return store.readStream('officer-1', after(0n));
      },
    ));
  }, 1));
  t.same((await afterConflict).map((event) => event.type), ['OfficerAssigned'], 'the retry\'s read, still in the batch: the other writer\'s event');
});

t.test('an append that failed after its commit (a commit in doubt) is not taken for one still on its way', async (t) => {
  const { writer, reader } = twoConnections(t);
  let unanswered = false;
  let failed = 0;
  const buffer = newCommittedRunBuffer();
  const run = new CommittedRunReader(buffer);
  const heads = new VerifiedHeads(reader, new EventRows(reader), () => unanswered, () => failed, () => run.read());
  const thread = new CommittedRunWriter(buffer, 0n);
  foreignInsert(writer, 'officer-1', 0, 'OfficerRegistered');
  thread.committed(1n, 1n);
  heads.written('officer-1', 0n, 1n, 1n);
  t.equal(await later(heads, 'officer-1'), 0n);

  unanswered = true;
  foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
  thread.committed(2n, 2n);
  t.equal(await later(heads, 'officer-1'), 0n, 'committed, reported, not answered yet: a read may or may not see it');
  // The thread stops after reporting, before answering: the append fails, though it was written.
  // Another append is still waiting.
  failed += 1;
  t.equal(await later(heads, 'officer-1'), 1n, 'once it failed, its events are read from the file');
  t.equal(await later(heads, 'officer-1'), 1n, 'and stay so');
});

t.test('events of another writer just before the commit thread\'s own are not taken for its own', async (t) => {
  const { writer, reader } = twoConnections(t);
  const buffer = newCommittedRunBuffer();
  const run = new CommittedRunReader(buffer);
  const heads = new VerifiedHeads(reader, new EventRows(reader), () => true, () => 0, () => run.read());
  const thread = new CommittedRunWriter(buffer, 0n);
  foreignInsert(writer, 'officer-1', 0, 'OfficerRegistered');
  thread.committed(1n, 1n);
  heads.written('officer-1', 0n, 1n, 1n);
  foreignInsert(writer, 'officer-1', 1, 'OfficerAssigned');
  foreignInsert(writer, 'case-1', 0, 'CaseReported');
  thread.committed(3n, 3n);
  t.same(run.read(), { first: 3n, last: 3n }, 'the thread starts a new run after the gap');
  t.equal(await later(heads, 'officer-1'), 1n, 'position 2 is not in the run: read from the file');
});

t.test('another process\'s write while the commit thread was down is read once the writer is open again', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  t.same(await store.readStream('officer-1', after(0n)), []);
  await terminateCommitThread();
  const other = new Database(path);
  foreignInsert(other, 'officer-1', 1, 'OfficerAssigned');
  other.close();
  await store.writable();
  t.same((await store.readStream('officer-1', after(0n))).map((event) => event.type), ['OfficerAssigned']);
  t.equal((await store.readStream('officer-1', { direction: 'backwards', maxCount: 1 }))[0]?.revision, 1n);
  const appended = await store.append('officer-1', [newEvent('QualificationGranted')], { expectedRevision: 1n });
  t.equal(appended.nextExpectedRevision, 2n, 'an append at the head the file has is written');
});

t.test('the commit thread\'s run starts afresh after another writer\'s events', async (t) => {
  const buffer = newCommittedRunBuffer();
  const reader = new CommittedRunReader(buffer);
  t.equal(reader.read(), null, 'nothing before the writer opened');
  const writer = new CommittedRunWriter(buffer, 10n);
  t.same(reader.read(), { first: 11n, last: 10n }, 'empty, from the head at opening');
  writer.committed(11n, 14n);
  writer.committed(15n, 15n);
  t.same(reader.read(), { first: 11n, last: 15n }, 'consecutive commits extend it');
  writer.committed(18n, 19n);
  t.same(reader.read(), { first: 18n, last: 19n }, 'a gap starts a new one');
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import t from 'tap';
import { derivedUuid, idempotencySeed } from '../../src/application/derived-ids.js';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { streamHeadsFromFile } from '../../src/integrity/heads-thread.js';
import { createSealer } from '../../src/integrity/seal.js';
import { SEAL_STREAM } from '../../src/integrity/seal-record.js';
import { verifyStore } from '../../src/integrity/store-source.js';
import { StreamHeads } from '../../src/integrity/stream-heads.js';
import type { EventStore, RecordedEvent } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { generateHistory } from '../fixtures/integrity/history.js';

// After a restart the first seal starts from the heads read off the embedded store's file (on a
// thread), not from reading the whole log: the heads it starts from must be exactly those reading
// the log gives, seals included.

const context = { actor: 'auditor-1', correlationId: 'req-1' };
const keyedSealId = derivedUuid(idempotencySeed({ actor: 'auditor-1', route: 'POST /audit/seals', key: 'k-1', fingerprint: 'f' }), 'seal');

/** Everything a sealer asks of its heads. */
function observed(heads: StreamHeads) {
  return {
    lastPosition: heads.lastPosition,
    eventCount: heads.eventCount,
    latestSeal: heads.latestSeal,
    sealLogRevision: heads.sealLogRevision,
    sealedHeads: heads.sealedHeads(),
    changedSinceLatestSeal: heads.changedSince(heads.latestSeal?.upToPosition ?? null),
    hasUnsealedEvents: heads.hasUnsealedEvents(),
    keyedSeal: heads.sealById(keyedSealId),
  };
}

async function sealLog(store: EventStore): Promise<RecordedEvent[]> {
  return store.readStream(SEAL_STREAM);
}

/** Counts the events read through readAll (what a seal reads of the log to catch up). */
function countingReads(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const counted: EventStore = Object.assign(Object.create(store) as EventStore, {
    async *readAll(options?: Parameters<EventStore['readAll']>[0]) {
      for await (const event of store.readAll(options)) {
        read += 1;
        yield event;
      }
    },
    readStream: (name: string, options?: Parameters<EventStore['readStream']>[1]) => store.readStream(name, options),
    append: (...args: Parameters<EventStore['append']>) => store.append(...args),
  });
  return { store: counted, read: () => read };
}

t.test('the heads read off the file are the heads reading the log gives, before and after the log grows', async (t) => {
  const path = join(t.testdir(), 'events.db');
  const raw = await openSqliteEventStore({ path });
  t.teardown(() => raw.close());
  const store = withHashChain(raw);
  await generateHistory(store, { units: 2, officersPerUnit: 3, cases: 8, sealAt: [0.5, 1], unsealedCases: 2 });
  await createSealer({ store }).seal({ ...context, sealId: keyedSealId });
  await store.append('case-late', [{ id: randomUUID(), type: 'EvidenceAttached', data: { caseId: 'late' }, metadata: { actor: 'inspector-1', recordedAt: '2024-06-01T09:00:00+08:00' } }], { expectedRevision: 'no_stream' });

  const snapshot = await streamHeadsFromFile(path);
  const seeded = new StreamHeads();
  seeded.seed(snapshot, await sealLog(store));
  const read = new StreamHeads();
  await read.catchUp(store);
  t.same(observed(seeded), observed(read), 'the same heads, count, last position and seals');
  t.ok(observed(read).keyedSeal, 'a keyed seal (a retried request\'s answer) is among them');
  t.equal(seeded.latestSeal?.position, (await sealLog(store)).at(-1)!.position);
  t.ok(seeded.hasUnsealedEvents(), 'the evidence after the last seal is unsealed');

  // The log grows after the snapshot: catching up reads only what came after it.
  await createSealer({ store }).seal(context);
  await store.append('case-late', [{ id: randomUUID(), type: 'EvidenceAttached', data: { caseId: 'late' }, metadata: { actor: 'inspector-1', recordedAt: '2024-06-02T09:00:00+08:00' } }], { expectedRevision: 'any' });
  await seeded.catchUp(store);
  await read.catchUp(store);
  t.same(observed(seeded), observed(read), 'still the same once both have caught up');
  t.throws(() => seeded.seed(snapshot, []), /Only an empty StreamHeads/, 'heads already in use are never seeded over');
});

t.test('the first seal after a restart starts from the file\'s heads and reads only the log after them and since the last seal', async (t) => {
  const path = join(t.testdir(), 'events.db');
  const raw = await openSqliteEventStore({ path });
  t.teardown(() => raw.close());
  const store = withHashChain(raw);
  await generateHistory(store, { units: 2, officersPerUnit: 3, cases: 8, sealAt: [1], unsealedCases: 3 });
  const total = Number((await raw.headPosition())!);

  const fromFile = countingReads(store);
  let snapshots = 0;
  const sealer = createSealer({ store: fromFile.store, headsSnapshot: () => { snapshots += 1; return streamHeadsFromFile(path); } });
  const lastSealed = Number((await sealLog(store)).at(-1)!.data.upToPosition);
  const seal = await sealer.seal(context);
  // What came since the last seal is read once more, for the order of the events the seal covers.
  // (Each read starts at an event's own position, read and passed over: EventStoreDB reads only from there.)
  t.ok(fromFile.read() <= total - lastSealed + 2, `the log after the snapshot and since the last seal is read, not the whole log (${fromFile.read()} of ${total} events)`);
  const second = await sealer.seal(context);
  t.equal(snapshots, 1, 'the snapshot is taken once');

  // What it sealed is what reading the whole log gives: the log verifies with both seals.
  const verified = await verifyStore(raw, { root: seal.root });
  t.ok(verified.ok, 'the log verifies, with the seal made from the snapshot');
  t.equal(verified.ok && verified.seals, 3);
  const wholeLog = await createSealer({ store }).seal(context);
  t.equal(wholeLog.previousRoot, second.root, 'a sealer that read the whole log seals on top of it');
  t.ok((await verifyStore(raw)).ok);
});

t.test('a snapshot that cannot be taken only makes the first seal slower: the whole log is read instead', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'events.db');
  const raw = await openSqliteEventStore({ path });
  t.teardown(() => raw.close());
  const store = withHashChain(raw);
  await generateHistory(store, { units: 1, officersPerUnit: 2, cases: 3, sealAt: [1], unsealedCases: 1 });
  await t.rejects(streamHeadsFromFile(join(dir, 'missing.db')), /unable to open|does not exist|directory does not exist/i, 'no file: the thread answers with the error');

  const lastSealed = Number((await sealLog(store)).at(-1)!.data.upToPosition);
  const counted = countingReads(store);
  const failures: unknown[] = [];
  const sealer = createSealer({
    store: counted.store, headsSnapshot: () => streamHeadsFromFile(join(dir, 'missing.db')), onSnapshotFailed: (error) => failures.push(error),
  });
  const seal = await sealer.seal(context);
  t.equal(failures.length, 1, 'the failure is reported once');
  t.match(String(failures[0]), /unable to open|does not exist|directory does not exist/i, 'with why the snapshot failed');
  const before = Number((await raw.headPosition())!) - 1;
  t.equal(counted.read(), before + (before - lastSealed + 1), 'every event before the new seal was read, and those since the last seal once more');
  t.ok((await verifyStore(raw, { root: seal.root })).ok);

  // An event written without the integrity layer: the thread refuses to take heads from the file.
  await raw.append('case-bare', [{ id: randomUUID(), type: 'EvidenceAttached', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
  await t.rejects(streamHeadsFromFile(path), { name: 'UnchainedEventError' });
});

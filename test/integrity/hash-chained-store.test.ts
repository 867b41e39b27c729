import { randomUUID } from 'node:crypto';
import t from 'tap';
import { derivedUuid, idempotencySeed } from '../../src/application/derived-ids.js';
import { UnchainedEventError } from '../../src/integrity/errors.js';
import { eventHash } from '../../src/integrity/event-hash.js';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { verifyStore } from '../../src/integrity/store-source.js';
import { InvalidAppendError, WrongExpectedVersionError } from '../../src/store/errors.js';
import type { AppendOptions, EventStore, EventToAppend, JsonObject, ReadStreamOptions } from '../../src/store/event-store.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

const event = (type: string, data: JsonObject = {}): EventToAppend => ({
  id: randomUUID(), type, data, metadata: { $correlationId: 'r-1', $causationId: 'r-1', actor: 'inspector-1', recordedAt: '2024-03-01T08:00:00+08:00' },
});

/** Counts what reaches the store underneath. */
function spy(inner: InMemoryEventStore) {
  const calls = { appends: [] as { stream: string; expected: AppendOptions['expectedRevision'] }[], reads: 0 };
  const store: EventStore = Object.assign(Object.create(inner) as InMemoryEventStore, {
    append: (stream: string, events: readonly EventToAppend[], options: AppendOptions) => {
      calls.appends.push({ stream, expected: options.expectedRevision });
      return inner.append(stream, events, options);
    },
    readStream: (stream: string, options?: ReadStreamOptions) => {
      calls.reads += 1;
      return inner.readStream(stream, options);
    },
  });
  return { store, calls };
}

t.test('every event carries the hash of its predecessor and its own', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  await store.append('case-1', [event('CaseReported'), event('VerificationAssigned')], { expectedRevision: 'no_stream' });
  await store.append('case-1', [event('FindingRecorded', { outcome: 'unfounded' })], { expectedRevision: 1n });
  const [first, second, third] = inner.events('case-1');
  t.equal(first!.metadata.$prevHash, null, 'the first event of a stream follows nothing');
  t.equal(second!.metadata.$prevHash, first!.metadata.$hash);
  t.equal(third!.metadata.$prevHash, second!.metadata.$hash);
  for (const recorded of [first!, second!, third!]) {
    t.equal(recorded.metadata.$hash, eventHash(recorded, recorded.metadata.$prevHash as string | null), `revision ${recorded.revision} hashes to its $hash`);
    t.equal(recorded.metadata.actor, 'inspector-1', 'the caller\'s metadata is kept');
  }
  t.ok((await verifyStore(inner)).ok);
});

t.test('any and stream_exists reach the store as exact revisions', async (t) => {
  const inner = new InMemoryEventStore();
  const { store: spied, calls } = spy(inner);
  const store = withHashChain(spied);
  await store.append('officer-O1', [event('OfficerRegistered')], { expectedRevision: 'any' });
  await store.append('officer-O1', [event('QualificationGranted')], { expectedRevision: 'stream_exists' });
  await store.append('officer-O1', [event('OfficerAssigned')], { expectedRevision: 'any' });
  t.same(calls.appends.map((call) => call.expected), ['no_stream', 0n, 1n]);
  await t.rejects(store.append('officer-O2', [event('X')], { expectedRevision: 'stream_exists' }),
    new WrongExpectedVersionError('officer-O2', 'stream_exists', 'no_stream'));
});

t.test('two writers racing on one stream never fork the chain', async (t) => {
  const inner = new InMemoryEventStore();
  // Two register processes over one store, each with its own cache of heads.
  const a = withHashChain(inner);
  const b = withHashChain(inner);
  await a.append('case-9', [event('CaseReported')], { expectedRevision: 'no_stream' });
  // Just before a's next append reaches the store, b slips one in.
  inner.beforeNextAppend.set('case-9', async () => {
    await b.append('case-9', [event('EvidenceAttached', { by: 'b' })], { expectedRevision: 'any' });
  });
  await a.append('case-9', [event('EvidenceAttached', { by: 'a' })], { expectedRevision: 'any' });
  const writes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    (i % 2 ? a : b).append('case-9', [event('EvidenceAttached', { i })], { expectedRevision: 'any' })));
  t.equal(new Set(writes.map((w) => w.nextExpectedRevision)).size, 20, 'every append got its own revision');
  t.equal(inner.events('case-9').length, 23);
  const result = await verifyStore(inner);
  t.ok(result.ok, 'one unbroken chain');
});

t.test('an exact expected revision is taken at its word', async (t) => {
  const inner = new InMemoryEventStore();
  const { store: spied, calls } = spy(inner);
  const store = withHashChain(spied);
  await store.append('case-2', [event('CaseReported')], { expectedRevision: 'no_stream' });
  const readsBefore = calls.reads;
  await store.append('case-2', [event('VerificationAssigned')], { expectedRevision: 0n });
  await store.append('case-2', [event('EvidenceAttached')], { expectedRevision: 1n });
  t.equal(calls.reads, readsBefore, 'the head we wrote is remembered: no read per append');
  await t.rejects(store.append('case-2', [event('X')], { expectedRevision: 5n }), new WrongExpectedVersionError('case-2', '5', 2n));
  await t.rejects(store.append('case-2', [event('X')], { expectedRevision: 0n }), WrongExpectedVersionError, 'behind the head');
  await t.rejects(store.append('case-3', [event('X')], { expectedRevision: 0n }), new WrongExpectedVersionError('case-3', '0', 'no_stream'));
  await t.rejects(store.append('case-2', [event('X')], { expectedRevision: -1n }), InvalidAppendError);
  await t.rejects(store.append('case-2', [event('X')], { expectedRevision: 2 as unknown as bigint }), InvalidAppendError);
  t.equal(inner.events('case-2').length, 3, 'nothing written by the refused appends');
  // A fresh process (empty cache) finds the head by reading it.
  const fresh = withHashChain(inner);
  await fresh.append('case-2', [event('CaseClosed')], { expectedRevision: 2n });
  t.ok((await verifyStore(inner)).ok);
});

t.test('a retried append writes nothing twice and keeps its chain fields', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  const first = [event('CaseReported')];
  const resultA = await store.append('case-4', first, { expectedRevision: 'no_stream' });
  const batch = [event('VerificationAssigned'), event('EvidenceAttached')];
  const resultB = await store.append('case-4', batch, { expectedRevision: 0n });
  const stored = inner.events('case-4').map((e) => e.metadata);
  await store.append('case-4', [event('EvidenceAttached')], { expectedRevision: 2n });
  // The caller never saw the answers and retries: same ids, same expectations; a new process too.
  for (const retrying of [store, withHashChain(inner)]) {
    t.same(await retrying.append('case-4', first, { expectedRevision: 'no_stream' }), resultA);
    t.same(await retrying.append('case-4', batch, { expectedRevision: 0n }), resultB);
  }
  t.equal(inner.events('case-4').length, 4);
  t.same(inner.events('case-4').slice(0, 3).map((e) => e.metadata), stored, 'the metadata a retry computes is the one stored');
  // `any`: the batch is already the stream's tail, so the retry is answered without writing.
  const tail = [event('CaseClosed')];
  const resultC = await store.append('case-4', tail, { expectedRevision: 'any' });
  t.same(await withHashChain(inner).append('case-4', tail, { expectedRevision: 'any' }), resultC);
  t.equal(inner.events('case-4').length, 5);
  // `any` again, after others have written to the stream since: still recognised, still not written.
  const more = [event('EvidenceAttached'), event('EvidenceAttached')];
  const resultD = await store.append('case-4', more, { expectedRevision: 'any' });
  await store.append('case-4', [event('EvidenceAttached')], { expectedRevision: 'any' });
  t.same(await withHashChain(inner).append('case-4', more, { expectedRevision: 'stream_exists' }), resultD, 'a repeat among recent events');
  await t.rejects(withHashChain(inner).append('case-4', [more[0]!, event('EvidenceAttached')], { expectedRevision: 'any' }), WrongExpectedVersionError,
    'a partial repeat is refused, as EventStoreDB does');
  t.equal(inner.events('case-4').length, 8, 'nothing written twice');
  t.ok((await verifyStore(inner)).ok);
});

t.test('bad input is refused with a typed error and writes nothing', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  await t.rejects(store.append('case-5', [event('X', { amount: Number.NaN })], { expectedRevision: 'any' }), InvalidAppendError);
  await t.rejects(store.append('case-5', [event('X', { at: new Date() as unknown as string })], { expectedRevision: 'any' }), InvalidAppendError);
  await t.rejects(store.append('case-5', [{ id: randomUUID(), type: 'X' } as EventToAppend], { expectedRevision: 'any' }), InvalidAppendError);
  await t.rejects(store.append('no dash', [event('X')], { expectedRevision: 'any' }), InvalidAppendError);
  t.equal(inner.log.length, 0);
  t.same(await store.append('case-5', [], { expectedRevision: 'any' }).catch((e: Error) => e.name), await inner.append('case-5', [], { expectedRevision: 'any' }).catch((e: Error) => e.name),
    'an empty append is the store\'s business');
});

t.test('a stream written around the chain is refused, not silently continued', async (t) => {
  const inner = new InMemoryEventStore();
  await inner.append('unit-U1', [event('UnitRegistered')], { expectedRevision: 'no_stream' });
  const store = withHashChain(inner);
  await t.rejects(store.append('unit-U1', [event('UnitHeadAppointed')], { expectedRevision: 'any' }), UnchainedEventError);
  await t.rejects(store.append('unit-U1', [event('UnitHeadAppointed')], { expectedRevision: 0n }), UnchainedEventError);
  t.equal(inner.log.length, 1);
});

t.test('reads, subscriptions and the head pass straight through', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  await store.append('post-P1', [event('PostDefined')], { expectedRevision: 'no_stream' });
  t.equal((await store.readStream('post-P1'))[0]!.type, 'PostDefined');
  const all = [];
  for await (const recorded of store.readAll()) all.push(recorded);
  t.equal(all.length, 1);
  t.equal(await store.headPosition(), 0n);
  t.throws(() => store.subscribeToAll('start'), /does not subscribe/);
  await store.close();
});

t.test('a cache of one head remembers the stream appended to last', async (t) => {
  const inner = new InMemoryEventStore();
  const { store: spied, calls } = spy(inner);
  const store = withHashChain(spied, { cacheSize: 1 });
  await store.append('case-0', [event('CaseReported')], { expectedRevision: 'no_stream' });
  await store.append('case-1', [event('CaseReported')], { expectedRevision: 'no_stream' });
  const readsBefore = calls.reads;
  await store.append('case-1', [event('VerificationAssigned')], { expectedRevision: 0n });
  t.equal(calls.reads, readsBefore, 'the head just remembered is kept: no read');
  await store.append('case-0', [event('VerificationAssigned')], { expectedRevision: 0n });
  t.equal(calls.reads, readsBefore + 1, 'the one before it is read again');
  t.ok((await verifyStore(inner)).ok, 'every chain verifies');
});

t.test('a full cache of heads lets its oldest go and still chains every stream right', async (t) => {
  const inner = new InMemoryEventStore();
  const { store: spied, calls } = spy(inner);
  const store = withHashChain(spied, { cacheSize: 10 });
  for (let n = 0; n < 25; n++) await store.append(`case-${n}`, [event('CaseReported')], { expectedRevision: 'no_stream' });
  const readsBefore = calls.reads;
  await store.append('case-24', [event('VerificationAssigned')], { expectedRevision: 0n });
  t.equal(calls.reads, readsBefore, 'a recent head is remembered: no read');
  await store.append('case-0', [event('VerificationAssigned')], { expectedRevision: 0n });
  t.equal(calls.reads, readsBefore + 1, 'a head the cache let go is read again');
  await t.rejects(store.append('case-1', [event('VerificationAssigned')], { expectedRevision: 1n }), WrongExpectedVersionError,
    'an evicted stream is still checked against the log');
  t.ok((await verifyStore(inner)).ok, 'every chain verifies');
});

t.test('a keyed append repeated with other metadata is answered as the first, and the chain goes on from what is stored', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  const id = derivedUuid(idempotencySeed({ actor: 'inspector-1', route: 'POST /api/v1/cases', key: 'k-1', fingerprint: 'f' }), 'case-c1#0');
  const first = await store.append('case-c1', [{ ...event('CaseReported'), id }], { expectedRevision: 'no_stream' });
  // The retry of the same request (e.g. its first attempt's append landed late): same id, another request id.
  const retried = await store.append('case-c1', [{ ...event('CaseReported'), id, metadata: { ...event('X').metadata, $correlationId: 'r-2' } }], {
    expectedRevision: 'no_stream',
  });
  t.same(retried, first, 'answered with the first append');
  await store.append('case-c1', [event('VerificationAssigned')], { expectedRevision: first.nextExpectedRevision });
  const verified = await verifyStore(inner);
  t.ok(verified.ok, 'the next event chains onto the hash that is stored');
});

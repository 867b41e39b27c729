import { createHash, randomUUID } from 'node:crypto';
import t from 'tap';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { merkleLeafHash, merkleRoot } from '../../src/integrity/merkle.js';
import { derivedUuid, idempotencySeed } from '../../src/application/derived-ids.js';
import { createSealer } from '../../src/integrity/seal.js';
import {
  formatRoot, headLeaf, headsRoot, InvalidRootError, parseRoot, SEAL_EVENT_TYPE, SEAL_STREAM, SealRecorded, sealRoot,
} from '../../src/integrity/seal-record.js';
import { SCHEDULER_ACTOR, startSealScheduler } from '../../src/integrity/seal-scheduler.js';
import { verifyStore } from '../../src/integrity/store-source.js';
import type { EventToAppend } from '../../src/store/event-store.js';
import { arraySource, copyLog } from '../fixtures/integrity/array-source.js';
import { readLog } from '../fixtures/integrity/history.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';
import { verifyLog } from '../../src/integrity/verify.js';

const sha = (...parts: (Buffer | string)[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
const event = (type = 'EvidenceAttached'): EventToAppend => ({
  id: randomUUID(), type, data: { n: Math.random() }, metadata: { $correlationId: 'c', $causationId: 'c', actor: 'inspector-1', recordedAt: '2024-05-01T09:00:00+08:00' },
});
const context = { actor: 'auditor-1', correlationId: 'req-1' };

t.test('the Merkle tree: leaves and nodes apart, split at the largest power of two', async (t) => {
  t.equal(merkleRoot([]), sha('').toString('hex'));
  const [a, b, c] = ['a', 'b', 'c'].map((leaf) => sha(Buffer.from([0]), leaf));
  t.same(merkleLeafHash('a'), a);
  t.equal(merkleRoot(['a']), a!.toString('hex'));
  t.equal(merkleRoot(['a', 'b']), sha(Buffer.from([1]), a!, b!).toString('hex'));
  t.equal(merkleRoot(['a', 'b', 'c']), sha(Buffer.from([1]), sha(Buffer.from([1]), a!, b!), c!).toString('hex'));
  t.not(merkleRoot(['a', 'b']), merkleRoot(['b', 'a']));
});

t.test('a root is printed in groups and read back however it was copied', async (t) => {
  const root = 'ab'.repeat(32);
  t.equal(formatRoot(root), 'abababab '.repeat(8).trim());
  t.equal(parseRoot(formatRoot(root).toUpperCase()), root);
  t.equal(parseRoot(`${root.slice(0, 8)}-${root.slice(8, 16)}:${root.slice(16)}`), root);
  t.throws(() => parseRoot('abc'), InvalidRootError);
});

t.test('a seal commits to every stream head and to the seal before it', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  let clock = Date.parse('2024-05-01T00:00:00Z');
  const sealer = createSealer({ store, now: () => new Date((clock += 1000)) });
  await store.append('case-1', [event('CaseReported'), event()], { expectedRevision: 'no_stream' });
  await store.append('officer-O1', [event('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const first = await sealer.seal(context);
  await store.append('case-2', [event('CaseReported')], { expectedRevision: 'no_stream' });
  await store.append('case-1', [event()], { expectedRevision: 1n });
  const second = await sealer.seal({ ...context, actor: 'auditor-2' });

  const seals = inner.events(SEAL_STREAM);
  t.same(seals.map((e) => e.revision), [0n, 1n]);
  t.same(seals.map((e) => e.type), [SEAL_EVENT_TYPE, SEAL_EVENT_TYPE]);
  t.match(first, { id: seals[0]!.id, revision: 0n, position: seals[0]!.position, previousRoot: null, streamCount: 2, eventCount: 3n });
  t.match(second, { revision: 1n, previousRoot: first.root, streamCount: 3, eventCount: 6n, upToPosition: seals[1]!.position - 1n });
  t.equal(seals[1]!.metadata.actor, 'auditor-2');
  t.equal(seals[1]!.metadata.$prevHash, seals[0]!.metadata.$hash, 'the seal log is a chain like any stream');

  const data = SealRecorded.parse(seals[1]!.data);
  t.equal(data.root, second.root);
  t.equal(sealRoot(data), data.root, 'the root is recomputable from the seal\'s fields');
  const heads = ['case-1', 'case-2', 'officer-O1'].map((stream) => {
    const last = inner.events(stream).at(-1)!;
    return { stream, revision: last.revision, hash: last.metadata.$hash as string };
  });
  t.equal(data.headsRoot, headsRoot(heads));
  t.same(data.changedHeads, heads.filter((h) => h.stream !== 'officer-O1').map((h) => ({ ...h, revision: h.revision.toString() })),
    'only the streams that moved since the previous seal are listed');
  t.equal(headLeaf(heads[0]!), JSON.stringify(['case-1', '2', heads[0]!.hash]));
  t.match(await sealer.latestSeal(), { root: second.root, position: second.position });
  t.ok((await verifyStore(inner, { root: first.root })).ok);
});

t.test('sealers racing (a request and the schedule, or two processes) never fork the seal log', async (t) => {
  const inner = new InMemoryEventStore();
  const one = createSealer({ store: withHashChain(inner) });
  const other = createSealer({ store: withHashChain(inner) });
  await withHashChain(inner).append('case-1', [event('CaseReported')], { expectedRevision: 'no_stream' });
  const results = await Promise.all([one.seal(context), other.seal(context), one.seal(context), other.seal(context)]);
  t.same(results.map((r) => r.revision).sort(), [0n, 1n, 2n, 3n]);
  const byRevision = [...results].sort((a, b) => Number(a.revision - b.revision));
  for (let i = 1; i < byRevision.length; i += 1) t.equal(byRevision[i]!.previousRoot, byRevision[i - 1]!.root);
  const result = await verifyStore(inner);
  t.match(result, { ok: true, seals: 4 });
});

t.test('one keyed seal sealed twice at once (a retry on another process) is one seal, and both answer with it', async (t) => {
  const inner = new InMemoryEventStore();
  await withHashChain(inner).append('case-1', [event('CaseReported')], { expectedRevision: 'no_stream' });
  // Clocks apart, so each would compute a different seal: only the one the log holds may be answered.
  const one = createSealer({ store: withHashChain(inner), now: () => new Date('2024-01-01T00:00:00Z') });
  const other = createSealer({ store: withHashChain(inner), now: () => new Date('2024-01-01T00:00:05Z') });
  const sealId = derivedUuid(idempotencySeed({ actor: 'auditor-sun', route: 'POST /audit/seals', key: 'k-1', fingerprint: 'f' }), 'seal');
  const answers = await Promise.all([one.seal({ ...context, sealId }), other.seal({ ...context, sealId })]);
  const log = await inner.readStream(SEAL_STREAM);
  t.equal(log.length, 1, 'one seal written');
  const recorded = log[0]!.data as { root: string; sealedAt: string };
  for (const answer of answers) {
    t.equal(answer.id, sealId);
    t.equal(answer.root, recorded.root, 'the root the log holds');
    t.equal(answer.sealedAt, recorded.sealedAt);
    t.equal(answer.revision, 0n);
  }
  t.same(await one.seal({ ...context, sealId }), answers[0], 'and a later retry gets the same answer');
  await t.rejects(one.seal({ ...context, sealId: randomUUID() }), TypeError, 'a chosen id must be a derived one');
  t.equal((await inner.readStream(SEAL_STREAM)).length, 1, 'and nothing is written for it');
});

t.test('a seal too large to list its changes still covers them through its root', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  for (let i = 0; i < 5; i += 1) await store.append(`case-${i}`, [event('CaseReported')], { expectedRevision: 'no_stream' });
  await createSealer({ store, maxChangedHeads: 3 }).seal(context);
  t.equal(inner.events(SEAL_STREAM)[0]!.data.changedHeads, null);
  const log = await readLog(inner);
  t.ok((await verifyLog(arraySource(log))).ok);
  const tampered = copyLog(log).filter((e) => e.streamName !== 'case-3');
  const result = await verifyLog(arraySource(tampered));
  t.match(result, { ok: false, problem: { kind: 'seal_mismatch', stream: SEAL_STREAM } }, 'the stream cannot be named, the seal can');
});

t.test('the empty log can be sealed', async (t) => {
  const inner = new InMemoryEventStore();
  const result = await createSealer({ store: withHashChain(inner) }).seal(context);
  t.match(result, { upToPosition: null, streamCount: 0, eventCount: 0n });
  t.match(await verifyStore(inner), { ok: true, seals: 1 });
});

t.test('the schedule seals when a seal is due and something was written since', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  let now = Date.parse('2024-05-01T00:00:00Z');
  const sealer = createSealer({ store, now: () => new Date(now) });
  const logged: string[] = [];
  const scheduler = startSealScheduler({
    sealer, intervalMs: 86_400_000, firstCheckAfterMs: 10, checkEveryMs: 3_600_000, now: () => new Date(now),
    logger: { info: (_o, message) => logged.push(message), error: (_o, message) => logged.push(message) },
  });
  t.teardown(() => scheduler.stop());
  t.equal(await scheduler.checkNow(), null, 'nothing written yet: nothing to seal');
  await store.append('case-1', [event('CaseReported')], { expectedRevision: 'no_stream' });
  const first = await scheduler.checkNow();
  t.ok(first, 'the first seal is due at once');
  t.equal(inner.events(SEAL_STREAM)[0]!.metadata.actor, SCHEDULER_ACTOR);
  await store.append('case-1', [event()], { expectedRevision: 0n });
  now += 3_600_000;
  t.equal(await scheduler.checkNow(), null, 'an hour later the next seal is not due yet');
  now += 86_400_000;
  t.not(await scheduler.checkNow(), null, 'a day later it is');
  now += 2 * 86_400_000;
  t.equal(await scheduler.checkNow(), null, 'nothing written since: no empty seal');
  t.same(logged, ['log sealed', 'log sealed']);
  t.throws(() => startSealScheduler({ sealer, intervalMs: 0 }), RangeError);
});

t.test('the schedule runs by itself, and a failing seal is logged, not thrown', async (t) => {
  const inner = new InMemoryEventStore();
  const store = withHashChain(inner);
  await store.append('case-1', [event('CaseReported')], { expectedRevision: 'no_stream' });
  inner.failNextAppend.set(SEAL_STREAM, new Error('disk full'));
  const errors: string[] = [];
  // The scheduler's timer never keeps a process alive by itself; this test has to.
  const keepAlive = setInterval(() => undefined, 1000);
  t.teardown(() => clearInterval(keepAlive));
  const sealed = new Promise<void>((resolve) => {
    const scheduler = startSealScheduler({
      sealer: createSealer({ store }), intervalMs: 60_000, firstCheckAfterMs: 1, checkEveryMs: 5,
      logger: {
        info: () => { void scheduler.stop().then(resolve); },
        error: (_o, message) => errors.push(message),
      },
    });
  });
  await sealed;
  t.equal(errors.length, 1, 'the first attempt failed and was logged');
  t.equal(inner.events(SEAL_STREAM).length, 1, 'the next check sealed');
});

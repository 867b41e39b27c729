import { randomUUID } from 'node:crypto';
import t from 'tap';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { SEAL_STREAM } from '../../src/integrity/seal-record.js';
import { verifyLog, type VerifyResult } from '../../src/integrity/verify.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { arraySource, copyLog } from '../fixtures/integrity/array-source.js';
import { generateHistory, readLog } from '../fixtures/integrity/history.js';
import { forge, insertAt, rechain } from '../fixtures/integrity/tamper.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// The verifier on a generated history held as a list of events: every tampering the feature must
// catch, done to a copy of the list, must be found and located. (The same is done to a real store
// file and to an export file in the other tests of this folder.)

const inner = new InMemoryEventStore();
const history = await generateHistory(withHashChain(inner), { cases: 12, sealAt: [0.5, 1], unsealedCases: 2 });
const pristine = await readLog(inner);
const [firstSeal, lastSeal] = history.seals;
const sealEvents = pristine.filter((e) => e.streamName === SEAL_STREAM);

const verify = (log: RecordedEvent[], root?: string) => verifyLog(arraySource(log), { root });
const eventsOf = (log: RecordedEvent[], stream: string) => log.filter((e) => e.streamName === stream);
/** A case stream wholly before the first seal, with at least `n` events. */
const sealedCase = (n: number) => history.caseStreams.find((stream) => {
  const events = eventsOf(pristine, stream);
  return events.length >= n && events.at(-1)!.position < sealEvents[0]!.position;
})!;
const location = (event: RecordedEvent) => ({
  stream: event.streamName, revision: event.revision.toString(), position: event.position.toString(), eventId: event.id,
});
function failed(t: { notOk(value: unknown, message: string): void }, result: VerifyResult) {
  t.notOk(result.ok, 'verification fails');
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}

t.test('an untouched log verifies clean, with its counts', async (t) => {
  const result = await verify(pristine);
  t.ok(result.ok);
  t.match(result, {
    events: pristine.length,
    streams: new Set(pristine.map((e) => e.streamName)).size,
    seals: 2,
    latestSeal: { root: lastSeal!.root, position: lastSeal!.position.toString() },
    unsealedEvents: 2,
  });
  t.ok(pristine.some((e) => e.type === 'CaseReported' && (e.data.reporter as { name?: unknown } | null)?.name),
    'the history holds reporters in clear, as the live store does');
});

t.test('a published root: each seal matches; an unknown one means the log ends before it', async (t) => {
  for (const seal of history.seals) {
    const result = await verify(pristine, seal.root);
    t.ok(result.ok);
    t.match(result, { matchedRoot: { root: seal.root } });
  }
  const problem = failed(t, await verify(pristine, 'f'.repeat(64)));
  t.equal(problem.kind, 'truncated');
});

t.test('one field of one event\'s data changed', async (t) => {
  const log = copyLog(pristine);
  const target = eventsOf(log, sealedCase(3))[2]!;
  target.data.summary = '经核实，情况不属实';
  t.match(failed(t, await verify(log)), { kind: 'changed', ...location(target) });
});

t.test('the protected reporter changed', async (t) => {
  const log = copyLog(pristine);
  const target = log.find((e) => e.type === 'CaseReported' && e.data.reporter)!;
  (target.data.reporter as { name: string }).name = '某某';
  t.match(failed(t, await verify(log)), { kind: 'changed', ...location(target) });
});

t.test('an event type every object inherits (constructor, toString) is a change reported, not a verifier that fails', async (t) => {
  for (const type of ['constructor', 'toString', '__proto__']) {
    const log = copyLog(pristine);
    const target = eventsOf(log, sealedCase(3))[1]!;
    target.type = type;
    t.match(failed(t, await verify(log)), { kind: 'changed', ...location(target) }, type);
  }
});

t.test('metadata changed', async (t) => {
  const log = copyLog(pristine);
  const target = eventsOf(log, sealedCase(3))[1]!;
  target.metadata.actor = 'inspector-7';
  t.match(failed(t, await verify(log)), { kind: 'changed', ...location(target) });
});

t.test('metadata changed and the event rehashed on its own: its successor still remembers it', async (t) => {
  const log = copyLog(pristine);
  const stream = sealedCase(3);
  const target = eventsOf(log, stream)[1]!;
  target.metadata = { ...target.metadata, recordedAt: '2023-12-01T09:00:00+08:00' };
  rechain(log.filter((e) => e === target || e.revision < target.revision), stream);
  t.match(failed(t, await verify(log)), { kind: 'changed', ...location(target) });
});

t.test('an event deleted in the middle of a stream', async (t) => {
  const log = copyLog(pristine);
  const stream = sealedCase(4);
  const target = eventsOf(log, stream)[1]!;
  log.splice(log.indexOf(target), 1);
  t.match(failed(t, await verify(log)), { kind: 'missing', stream, revision: '1', position: null });
});

t.test('an event deleted at the end of a stream: the seal remembers it', async (t) => {
  const log = copyLog(pristine);
  const stream = sealedCase(3);
  const target = eventsOf(log, stream).at(-1)!;
  log.splice(log.indexOf(target), 1);
  t.match(failed(t, await verify(log)), {
    kind: 'missing', stream, revision: target.revision.toString(), seal: { root: firstSeal!.root },
  });
});

t.test('a whole stream deleted: the seal remembers it', async (t) => {
  const stream = sealedCase(3);
  const log = copyLog(pristine).filter((e) => e.streamName !== stream);
  t.match(failed(t, await verify(log)), { kind: 'missing', stream, revision: '0' });
});

t.test('two events swapped (their revisions exchanged)', async (t) => {
  const log = copyLog(pristine);
  const [, second, third] = eventsOf(log, sealedCase(4));
  [second!.revision, third!.revision] = [third!.revision, second!.revision];
  t.match(failed(t, await verify(log)), { kind: 'reordered', ...location(second!) });
});

t.test('two events swapped (their places in the log exchanged)', async (t) => {
  const log = copyLog(pristine);
  const [, second, third] = eventsOf(log, sealedCase(4));
  const i = log.indexOf(second!);
  const j = log.indexOf(third!);
  [second!.position, third!.position] = [third!.position, second!.position];
  [log[i], log[j]] = [third!, second!];
  t.match(failed(t, await verify(log)), { kind: 'reordered', ...location(third!) });
});

t.test('two events swapped (their contents exchanged, revisions and positions kept)', async (t) => {
  const log = copyLog(pristine);
  const [, second, third] = eventsOf(log, sealedCase(4));
  const contentOf = (e: RecordedEvent) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata });
  const [a, b] = [contentOf(second!), contentOf(third!)];
  Object.assign(second!, b);
  Object.assign(third!, a);
  t.match(failed(t, await verify(log)), { kind: 'reordered', ...location(second!) });
});

t.test('a forged event with a correct-looking hash at the end of a sealed stream', async (t) => {
  const log = copyLog(pristine);
  const head = eventsOf(log, sealedCase(3)).at(-1)!;
  const at = log.indexOf(head) + 1;
  const forged = forge(head, 'EvidenceAttached', {
    caseId: head.data.caseId ?? 'x', evidenceId: randomUUID(), description: '补充材料', reference: null, sha256: null,
  }, log[at]!.position);
  insertAt(log, at, forged);
  t.match(failed(t, await verify(log)), { kind: 'inserted', ...location(forged), seal: { root: firstSeal!.root } });
});

t.test('a forged event slipped into the middle of a stream, later revisions moved up', async (t) => {
  const log = copyLog(pristine);
  const stream = sealedCase(4);
  const [, second, ...later] = eventsOf(log, stream);
  const forged = forge(second!, 'EvidenceAttached', { description: '补充材料' }, second!.position + 1n);
  for (const event of later) event.revision += 1n;
  insertAt(log, log.indexOf(second!) + 1, forged);
  t.match(failed(t, await verify(log)), { kind: 'inserted', ...location(forged) });
});

t.test('the log truncated after a seal: the later published root is missing', async (t) => {
  const log = copyLog(pristine);
  const cut = log.findIndex((e) => e.id === sealEvents[0]!.id) + 1;
  log.splice(cut);
  t.match(failed(t, await verify(log, lastSeal!.root)), { kind: 'truncated', stream: null });
  const withEarlierRoot = await verify(log, firstSeal!.root);
  t.ok(withEarlierRoot.ok, 'what remains still matches the earlier seal');
  t.match(withEarlierRoot, { latestSeal: { root: firstSeal!.root } });
});

t.test('a whole stream rewritten with a consistent chain: only the seal catches it', async (t) => {
  const log = copyLog(pristine);
  const stream = sealedCase(3);
  for (const event of eventsOf(log, stream)) {
    if (event.type === 'FindingRecorded') event.data.summary = '经核实，情况不属实';
  }
  rechain(log, stream);
  const head = eventsOf(log, stream).at(-1)!;
  t.match(failed(t, await verify(log)), { kind: 'seal_mismatch', ...location(head), seal: { root: firstSeal!.root } });
  // Without any seal covering it, the rewrite would have gone unnoticed: that is what seals are for.
  const unsealed = log.filter((e) => e.streamName !== SEAL_STREAM);
  t.ok((await verify(unsealed)).ok);
});

t.test('a seal edited', async (t) => {
  const log = copyLog(pristine);
  const seal = log.find((e) => e.id === sealEvents[0]!.id)!;
  seal.data.streamCount = 1;
  t.match(failed(t, await verify(log)), { kind: 'changed', ...location(seal) });
});

t.test('a seal edited and rehashed: the next seal and the published root disagree', async (t) => {
  const log = copyLog(pristine);
  const seal = log.find((e) => e.id === sealEvents[0]!.id)!;
  seal.data.sealedAt = '2020-01-01T00:00:00.000Z';
  rechain(log, SEAL_STREAM);
  t.match(failed(t, await verify(log)), { kind: 'seal_mismatch', ...location(seal) });
});

t.test('a seal deleted from the middle of the seal log', async (t) => {
  const log = copyLog(pristine).filter((e) => e.id !== sealEvents[0]!.id);
  const problem = failed(t, await verify(log));
  t.match(problem, { stream: SEAL_STREAM });
  t.ok(['missing', 'seal_mismatch'].includes(problem.kind), problem.kind);
  t.match(failed(t, await verify(log, firstSeal!.root)), { stream: SEAL_STREAM });
});

t.test('an event without its chain fields', async (t) => {
  const log = copyLog(pristine);
  const target = eventsOf(log, sealedCase(3))[1]!;
  delete target.metadata.$hash;
  t.match(failed(t, await verify(log)), { kind: 'changed', ...location(target) });
});

t.test('a second event claiming a revision already taken, slipped in before the genuine one', async (t) => {
  const log = copyLog(pristine);
  const [first, second] = eventsOf(log, sealedCase(4));
  const forged = forge(first!, 'EvidenceAttached', { description: '伪造' }, second!.position);
  insertAt(log, log.indexOf(second!), forged);
  t.match(failed(t, await verify(log)), { kind: 'inserted', ...location(forged) }, 'the stream goes on from the genuine one');
});

t.test('a copy of an event at the same position', async (t) => {
  const log = copyLog(pristine);
  const target = eventsOf(log, sealedCase(3))[1]!;
  log.splice(log.indexOf(target) + 1, 0, structuredClone(target));
  t.match(failed(t, await verify(log)), { kind: 'inserted', ...location(target) });
});

t.test('a seal outside the seal log', async (t) => {
  const log = copyLog(pristine);
  const head = eventsOf(log, sealedCase(3)).at(-1)!;
  const forged = forge(head, 'SealRecorded', sealEvents[0]!.data, log.at(-1)!.position + 1n);
  log.push(forged);
  t.match(failed(t, await verify(log)), { kind: 'inserted', ...location(forged) });
});

t.test('a seal claiming to cover events after itself', async (t) => {
  const log = copyLog(pristine);
  const seal = log.find((e) => e.id === sealEvents[1]!.id)!;
  seal.data.upToPosition = (seal.position + 5n).toString();
  rechain(log, SEAL_STREAM);
  const problem = failed(t, await verify(log));
  t.match(problem, { kind: 'seal_mismatch', ...location(seal) });
});

t.test('a stream whose first events are gone', async (t) => {
  const stream = sealedCase(4);
  const log = copyLog(pristine).filter((e) => !(e.streamName === stream && e.revision < 2n));
  t.match(failed(t, await verify(log)), { kind: 'missing', stream, revision: '0' });
});

t.test('the store\'s own count of its events: an event the reading did not meet is reported', async (t) => {
  const counted = (log: RecordedEvent[]) => {
    const streams = new Map<string, number>();
    for (const event of log) streams.set(event.streamName, (streams.get(event.streamName) ?? 0) + 1);
    return { events: log.length, streams: [...streams] };
  };
  const withTally = (read: RecordedEvent[], held: RecordedEvent[]) => verifyLog({ ...arraySource(read), tally: async () => counted(held) });
  t.ok((await withTally(pristine, pristine)).ok, 'all read: all is well');

  // An event that escaped the reading (it is in the store, not in what the source gave).
  const stream = sealedCase(3);
  const forged = forge(eventsOf(pristine, stream).at(-1)!, 'EvidenceAttached', { evidenceId: 'x' }, 0n);
  const escaped = await withTally(pristine, [...pristine, forged]);
  t.match(failed(t, escaped), { kind: 'inserted', stream: null, position: null });
  t.match(failed(t, escaped).detail, `the store holds ${pristine.length + 1} events up to position ${pristine.at(-1)!.position}, but ${pristine.length} were read`);
  t.ok(!escaped.ok && escaped.problems.some((p) => p.kind === 'inserted' && p.stream === stream && /holds \d+ events of .*, but \d+ were read/.test(p.detail)),
    'and the stream it belongs to');

  const gone = await withTally(pristine, pristine.filter((e) => e.streamName !== stream));
  t.match(failed(t, gone), { kind: 'missing' });
  t.ok(!gone.ok && gone.problems.some((p) => p.stream === stream && /but the store holds none/.test(p.detail)), 'a stream read but no longer held');
});

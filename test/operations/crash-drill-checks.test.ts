// The crash drill's own checks, on logs written by hand: an acknowledged write counts as kept only
// when it stands whole where its answer said (a torn or interleaved append is lost), and the events
// of a keyed write are found by the ids its Idempotency-Key derives.
import t, { type Test } from 'tap';
import { derivedUuid } from '../../src/application/derived-ids.js';
import { checkAcknowledged } from '../../src/operations/crash-drill/acknowledged-check.js';
import { eventIdsInLog, firstEventIdOf, seedOf } from '../../src/operations/crash-drill/keyed-request.js';
import type { Acknowledged, WriteRequest } from '../../src/operations/crash-drill/write-load.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { newEvent } from '../fixtures/conformance.js';

const ACTOR = 'crash-drill';
const CASE_STREAM = 'case-0190f3a2-0000-7000-8000-000000000001';

function finding(key: string): WriteRequest {
  return {
    kind: 'finding',
    path: '/api/v1/cases/0190f3a2-0000-7000-8000-000000000001/findings',
    body: { outcome: 'substantiated', severity: 'minor', summary: '属实' },
    idempotencyKey: key,
    stream: CASE_STREAM,
    answersEventId: false,
  };
}

/** The id the register gives the request's event at `index` in its stream. */
function idOf(request: WriteRequest, index: number): string {
  return derivedUuid(seedOf(request, ACTOR), `${request.stream}#${index}`);
}

function keyedEvent(request: WriteRequest, index: number) {
  return { ...newEvent(index === 0 ? 'FindingRecorded' : 'AccountabilityFlagged'), id: idOf(request, index) };
}

/** The write as the drill records it once answered: the answer names the first event, at the last one's revision and position. */
function acknowledged(request: WriteRequest, last: { nextExpectedRevision: bigint; position: bigint }): Acknowledged {
  return { ...request, id: idOf(request, 0), revision: last.nextExpectedRevision, position: last.position };
}

async function newStore(t: Test): Promise<EventStore> {
  const store = await openSqliteEventStore({ path: ':memory:' });
  t.teardown(() => store.close());
  await store.append(CASE_STREAM, [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
  return store;
}

t.test('a write of several events in one append is kept when all of them stand where its answer says', async (t) => {
  const store = await newStore(t);
  const request = finding('key-1');
  const result = await store.append(CASE_STREAM, [0, 1, 2].map((index) => keyedEvent(request, index)), { expectedRevision: 0n });
  const check = await checkAcknowledged(store, [acknowledged(request, result)], ACTOR);
  t.same(check.lost, []);
  t.equal(check.events, 4);
  const inLog = new Set<string>();
  for await (const event of store.readAll()) inLog.add(event.id);
  t.same(eventIdsInLog(request, ACTOR, (id) => inLog.has(id)), [0, 1, 2].map((index) => idOf(request, index)), 'its events, found by the ids its key derives');
  t.same(eventIdsInLog(finding('key-2'), ACTOR, (id) => inLog.has(id)), [], 'another key\'s: none');
  t.equal(firstEventIdOf(request, ACTOR), idOf(request, 0));
});

t.test('a write answered with a position short of its last event is lost', async (t) => {
  const store = await newStore(t);
  const request = finding('key-1');
  const result = await store.append(CASE_STREAM, [0, 1, 2].map((index) => keyedEvent(request, index)), { expectedRevision: 0n });
  const check = await checkAcknowledged(store, [acknowledged(request, { nextExpectedRevision: result.nextExpectedRevision - 2n, position: result.position - 2n })], ACTOR);
  t.same(check.lost.map((lost) => lost.reason), ['its last event is not at the answered position']);
});

t.test('a write whose first event is missing (a torn append) is lost', async (t) => {
  const store = await newStore(t);
  const request = finding('key-1');
  // Only the later events, as if the first had not been written.
  const result = await store.append(CASE_STREAM, [1, 2].map((index) => keyedEvent(request, index)), { expectedRevision: 0n });
  const check = await checkAcknowledged(store, [acknowledged(request, result)], ACTOR);
  t.equal(check.lost.length, 1);
});

t.test('a write whose events are not one run of the log (another write between them) is lost', async (t) => {
  const store = await newStore(t);
  const request = finding('key-1');
  await store.append(CASE_STREAM, [keyedEvent(request, 0)], { expectedRevision: 0n });
  await store.append('officer-J1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const result = await store.append(CASE_STREAM, [keyedEvent(request, 1)], { expectedRevision: 1n });
  const check = await checkAcknowledged(store, [acknowledged(request, result)], ACTOR);
  t.equal(check.lost.length, 1);
});

t.test('a write whose answer names a position holding another stream\'s event is lost, and says what is there', async (t) => {
  const store = await newStore(t);
  const request = finding('key-1');
  const result = await store.append(CASE_STREAM, [0, 1].map((index) => keyedEvent(request, index)), { expectedRevision: 0n });
  const other = await store.append('officer-J1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const check = await checkAcknowledged(store, [acknowledged(request, { ...result, position: other.position })], ACTOR);
  t.equal(check.lost.length, 1);
  t.equal(check.lost[0]?.found?.stream, 'officer-J1');
});

t.test('a sanction is kept only with its effect in its officer\'s stream, exactly once', async (t) => {
  const store = await newStore(t);
  const sanction = (key: string): WriteRequest => ({
    kind: 'sanction',
    path: '/api/v1/cases/0190f3a2-0000-7000-8000-000000000001/sanctions',
    body: { officerId: 'J1', kind: 'criticism_education' },
    idempotencyKey: key,
    stream: CASE_STREAM,
    answersEventId: false,
    case: { caseId: '0190f3a2-0000-7000-8000-000000000001', officerId: 'J1' },
  });
  const effect = (sanctionId: string) => newEvent('SanctionTookEffect', { officerId: 'J1', sanctionId });
  await store.append('officer-J1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const writes: Acknowledged[] = [];
  let revision = 0n;
  await store.append('officer-J2', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  for (const [key, effects, officerStream] of [['once', 1, 'officer-J1'], ['never', 0, 'officer-J1'], ['twice', 2, 'officer-J1'], ['elsewhere', 1, 'officer-J2']] as const) {
    const request = sanction(key);
    const result = await store.append(CASE_STREAM, [{ ...newEvent('SanctionImposed'), id: idOf(request, 0) }], { expectedRevision: revision });
    revision = result.nextExpectedRevision;
    const write = { ...acknowledged(request, result), id: `sanction-${key}` };
    for (let copy = 0; copy < effects; copy += 1) await store.append(officerStream, [effect(write.id)], { expectedRevision: 'any' });
    writes.push(write);
  }
  const check = await checkAcknowledged(store, writes, ACTOR);
  t.same(check.lost.map((lost) => lost.write.idempotencyKey), ['never', 'twice', 'elsewhere']);
});

// The crash drill's accounting of the writes a kill left unanswered: retried with their keys
// against a stand-in register (it writes a request's events under the ids its key derives, once,
// as the register does), they must add exactly the events of the writes that had not reached the
// log, the effects of sanctions and of appeal decisions included, and a write whose events or
// effect end up in the log twice (or an upheld appeal with an effect at all) is a failure.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { derivedUuid } from '../../src/application/derived-ids.js';
import { retryInFlight } from '../../src/operations/crash-drill/in-flight-retry.js';
import { seedOf } from '../../src/operations/crash-drill/keyed-request.js';
import { effectIdOf } from '../../src/operations/crash-drill/officer-effects.js';
import type { WriteRequest } from '../../src/operations/crash-drill/write-load.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { newEvent } from '../fixtures/conformance.js';

const ACTOR = 'crash-drill';
const CASE_ID = '0190f3a2-0000-7000-8000-000000000001';
const CASE_STREAM = `case-${CASE_ID}`;
const OFFICER_STREAM = 'officer-J1';

function request(kind: 'finding' | 'sanction', key: string): WriteRequest {
  return {
    kind,
    path: `/api/v1/cases/${CASE_ID}/${kind === 'finding' ? 'findings' : 'sanctions'}`,
    body: { key },
    idempotencyKey: key,
    stream: CASE_STREAM,
    answersEventId: false,
    case: { caseId: CASE_ID, officerId: 'J1' },
  };
}

function decision(outcome: 'annulled' | 'upheld', appealId: string): WriteRequest {
  return {
    kind: 'appeal-decision',
    path: `/api/v1/cases/${CASE_ID}/appeals/${appealId}/decision`,
    body: { outcome },
    idempotencyKey: `decision-${appealId}`,
    stream: CASE_STREAM,
    answersEventId: false,
    case: { caseId: CASE_ID, officerId: 'J1', sanctionId: 'S1', appealId },
  };
}

/** How many events each write appends to the case's stream. */
const EVENTS: Record<WriteRequest['kind'], number> = {
  finding: 3, sanction: 1, unit: 1, officer: 1, 'warning-education': 1, case: 1, verification: 1, seal: 1, appeal: 1, 'appeal-decision': 1,
};

/** The officer-side effect a write has, as the register writes it (an upheld appeal has none). */
function effectEvent(write: WriteRequest) {
  const id = effectIdOf(write, ACTOR);
  if (write.kind === 'sanction') return newEvent('SanctionTookEffect', { sanctionId: id });
  if (write.kind === 'appeal-decision') return newEvent('SanctionRevised', { appealId: id });
  return null;
}

/**
 * Writes the request's events under their derived ids unless they are there; then its effect, unless
 * it is there (`effectCopies` times; an upheld appeal's only when `effectCopies` says so).
 */
async function write(store: EventStore, write: WriteRequest, options: { effect?: boolean; effectCopies?: number } = {}): Promise<void> {
  const seed = seedOf(write, ACTOR);
  const ids = Array.from({ length: EVENTS[write.kind] }, (_, index) => derivedUuid(seed, `${write.stream}#${index}`));
  const effect = effectEvent(write);
  const inLog = new Set<string>();
  let hasEffect = false;
  for await (const event of store.readAll()) {
    inLog.add(event.id);
    if (effect && event.type === effect.type && JSON.stringify(event.data) === JSON.stringify(effect.data)) hasEffect = true;
  }
  if (!inLog.has(ids[0]!)) await store.append(write.stream, ids.map((id) => ({ ...newEvent('CaseEvent'), id })), { expectedRevision: 'any' });
  if (!effect || options.effect === false || hasEffect) return;
  const upheld = write.body.outcome === 'upheld';
  for (let copy = 0; copy < (options.effectCopies ?? (upheld ? 0 : 1)); copy += 1) {
    await store.append(OFFICER_STREAM, [{ ...effect, id: randomUUID() }], { expectedRevision: 'any' });
  }
}

/** A stand-in register: each POST writes the request it names (by its key) as `write` does, and answers 201. */
async function standInRegister(t: Test, store: EventStore, writes: readonly WriteRequest[], effectCopies?: number): Promise<string> {
  const server: Server = createServer((incoming, outgoing) => {
    const key = String(incoming.headers['idempotency-key']);
    incoming.resume().on('end', () => {
      const known = writes.find((candidate) => candidate.idempotencyKey === key)!;
      write(store, known, effectCopies === undefined ? {} : { effectCopies }).then(
        () => outgoing.writeHead(201, { 'content-type': 'application/json' }).end('{}'),
        (error: Error) => outgoing.writeHead(500).end(error.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function logAt(t: Test): Promise<{ path: string; store: EventStore }> {
  const path = join(t.testdir(), 'events.db');
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  await store.append(CASE_STREAM, [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
  await store.append(OFFICER_STREAM, [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  return { path, store };
}

t.test('retries add exactly the events of the writes that had not reached the log, sanction effects included', async (t) => {
  const { path, store } = await logAt(t);
  const neverWrittenFinding = request('finding', 'finding-never');
  const writtenFinding = request('finding', 'finding-written');
  const neverWrittenSanction = request('sanction', 'sanction-never');
  const sanctionWithoutEffect = request('sanction', 'sanction-without-effect');
  const sanctionWithEffect = request('sanction', 'sanction-with-effect');
  // What the kill left: some of the writes reached the log, one sanction without its effect.
  await write(store, writtenFinding);
  await write(store, sanctionWithoutEffect, { effect: false });
  await write(store, sanctionWithEffect);
  const inFlight = [neverWrittenFinding, writtenFinding, neverWrittenSanction, sanctionWithoutEffect, sanctionWithEffect];
  const url = await standInRegister(t, store, inFlight);

  const result = await retryInFlight({ url, token: 'unused', actor: ACTOR, inFlight, openLog: () => openSqliteEventStore({ path }) });
  t.same(result.failures, []);
  t.equal(result.alreadyWritten, 3, 'three had reached the log');
  t.equal(result.expectedAdded, 3 + (1 + 1) + 1, 'the finding\'s three events, the sanction and its effect, the missing effect');
  t.equal(result.added, result.expectedAdded, 'and the retries added just those');
});

t.test('an appeal decision\'s effect counts like a sanction\'s: once when it annulled the sanction, never when it upheld it', async (t) => {
  const { path, store } = await logAt(t);
  const annulledWithoutEffect = decision('annulled', 'A1');
  const annulledNever = decision('annulled', 'A2');
  const upheldNever = decision('upheld', 'A3');
  await write(store, annulledWithoutEffect, { effect: false });
  const inFlight = [annulledWithoutEffect, annulledNever, upheldNever];
  const url = await standInRegister(t, store, inFlight);
  const result = await retryInFlight({ url, token: 'unused', actor: ACTOR, inFlight, openLog: () => openSqliteEventStore({ path }) });
  t.same(result.failures, []);
  t.equal(result.alreadyWritten, 1);
  t.equal(result.expectedAdded, 1 + (1 + 1) + 1, 'the missing revision, the second decision and its revision, the upheld decision alone');
  t.equal(result.added, result.expectedAdded);

  const upheldWithEffect = decision('upheld', 'A4');
  const url2 = await standInRegister(t, store, [upheldWithEffect], 1);
  const wrong = await retryInFlight({ url: url2, token: 'unused', actor: ACTOR, inFlight: [upheldWithEffect], openLog: () => openSqliteEventStore({ path }) });
  t.match(wrong.failures, [/SanctionRevised:A4 took effect 1 times, not 0/], 'an upheld appeal that changed the officer\'s record is a failure');
});

t.test('an effect written twice is a failure', async (t) => {
  const { path, store } = await logAt(t);
  const sanction = request('sanction', 'sanction-never');
  const url = await standInRegister(t, store, [sanction], 2);
  const result = await retryInFlight({ url, token: 'unused', actor: ACTOR, inFlight: [sanction], openLog: () => openSqliteEventStore({ path }) });
  t.match(result.failures, [/took effect 2 times/]);
});

t.test('a retry that writes nothing for a write that had not reached the log is a failure', async (t) => {
  const { path } = await logAt(t);
  const finding = request('finding', 'finding-never');
  const server = createServer((incoming, outgoing) => incoming.resume().on('end', () => outgoing.writeHead(201).end('{}')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const result = await retryInFlight({ url, token: 'unused', actor: ACTOR, inFlight: [finding], openLog: () => openSqliteEventStore({ path }) });
  t.match(result.failures, [/its first event is not in the log/]);
  t.equal(result.added, 0);
});

import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { redactData } from '../../src/integrity/protected-fields.js';
import { createSealer } from '../../src/integrity/seal.js';
import { SEAL_STREAM, sealRoot, type SealRecorded } from '../../src/integrity/seal-record.js';
import { verifyStore } from '../../src/integrity/store-source.js';
import { verifierOnThread } from '../../src/integrity/verify-thread.js';
import type { VerifyResult } from '../../src/integrity/verify.js';
import type { JsonObject, RecordedEvent } from '../../src/store/event-store.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { isDamagedDatabase } from '../../src/store/sqlite/damaged-database.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { generateHistory, readLog } from '../fixtures/integrity/history.js';
import {
  asAttacker, type Attacker, deleteAt, insertAfter, insertEvent, liftPositionCheck, setData, setMetadata, swapPositions, swapRevisions, truncateAfter,
  tryWithoutDroppingTriggers,
} from '../fixtures/integrity/sqlite-attacker.js';
import { forge, rechain } from '../fixtures/integrity/tamper.js';

// The point of the feature: a generated history on the embedded store, then, on a copy of its file
// each time, an attacker who drops the append-only triggers and edits the events table directly.
// The verifier must catch every edit and name the spot; the untouched file must verify clean.

const dir = t.testdir();
const pristinePath = join(dir, 'pristine.db');
const store = await openSqliteEventStore({ path: pristinePath });
const history = await generateHistory(withHashChain(store), { units: 3, officersPerUnit: 5, cases: 16, sealAt: [0.5, 1], unsealedCases: 3 });
const pristine = await readLog(store);
await store.close();
const [firstSeal, lastSeal] = history.seals;
const sealEvents = pristine.filter((e) => e.streamName === SEAL_STREAM);
const eventsOf = (stream: string) => pristine.filter((e) => e.streamName === stream);
const sealedCase = (n: number, skip = 0) => history.caseStreams.filter((stream) => {
  const events = eventsOf(stream);
  return events.length >= n && events.at(-1)!.position < sealEvents[0]!.position;
})[skip]!;
const location = (event: RecordedEvent) => ({
  stream: event.streamName, revision: event.revision.toString(), position: event.position.toString(), eventId: event.id,
});

let copies = 0;
/** The file verifyTampered verified last. */
const verifiedCopy = () => join(dir, `copy-${copies}.db`);
/** A fresh copy of the pristine file, tampered with by `edit`, then verified through the store. */
async function verifyTampered(edit: (db: Attacker) => void, root?: string, options: { leaveTriggersDropped?: boolean } = {}): Promise<VerifyResult> {
  const path = join(dir, `copy-${(copies += 1)}.db`);
  copyFileSync(pristinePath, path);
  if (existsSync(`${pristinePath}-wal`)) copyFileSync(`${pristinePath}-wal`, `${path}-wal`);
  asAttacker(path, edit, options);
  const opened = await openSqliteEventStore({ path });
  try {
    // As the register verifies its own file: positions run without gaps.
    return await verifyStore(opened, { root });
  } finally {
    await opened.close();
  }
}
function problemOf(t: { notOk(value: unknown, message: string): void }, result: VerifyResult) {
  t.notOk(result.ok, 'the tampering is detected');
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}

t.test('the untouched store verifies clean, and against every published root', async (t) => {
  const opened = await openSqliteEventStore({ path: pristinePath });
  t.teardown(() => opened.close());
  const result = await verifyStore(opened, { root: lastSeal!.root });
  t.ok(result.ok);
  t.match(result, { events: pristine.length, seals: 2, latestSeal: { root: lastSeal!.root }, matchedRoot: { root: lastSeal!.root } });
  t.ok((await verifyStore(opened, { root: firstSeal!.root })).ok);
  const copy = join(dir, 'untouched-copy.db');
  copyFileSync(pristinePath, copy);
  t.throws(() => tryWithoutDroppingTriggers(copy, `UPDATE events SET type = 'X' WHERE position = 1`), /append-only/,
    'without dropping the triggers even the file refuses edits');
});

t.test('the append-only triggers dropped and left so, with no event touched: named, not OK', async (t) => {
  const result = await verifyTampered(() => undefined, undefined, { leaveTriggersDropped: true });
  const problem = problemOf(t, result);
  t.match(problem, { kind: 'changed', stream: null, position: null, detail: /append-only trigger events_are_append_only_\w+ was dropped/ });
  t.equal(!result.ok && result.problems.length, 3, 'each of the three triggers');
  t.equal(result.events, pristine.length, 'every event read, and none found altered');
  const thread = await verifierOnThread(verifiedCopy()).verify();
  t.match(problemOf(t, thread), { kind: 'changed', detail: /was dropped/ }, 'the verification thread (GET /audit/verify) answers the same');
});

t.test('an append-only trigger made harmless, or one added: named', async (t) => {
  const result = await verifyTampered((db) => {
    // The attacker has dropped the guards; they put one back in a form that never fires.
    db.exec(`CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events WHEN 0
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused (record a correction event instead)'); END;
      CREATE TRIGGER keep_quiet AFTER INSERT ON events BEGIN SELECT 1; END;`);
  }, undefined, { leaveTriggersDropped: true });
  t.notOk(result.ok);
  const details = result.ok ? [] : result.problems.map((p) => p.detail);
  t.ok(details.some((d) => /trigger events_are_append_only_update was altered/.test(d)), 'the altered guard');
  t.ok(details.some((d) => /a trigger the register never made, keep_quiet/.test(d)), 'the added trigger');
});

t.test('the newest events of the log deleted after the last seal: the position counter gives them away', async (t) => {
  const end = pristine.at(-1)!.position;
  t.ok(end - 2n > lastSeal!.upToPosition!, 'unsealed events at the end');
  const result = await verifyTampered((db) => truncateAfter(db, end - 2n));
  t.match(problemOf(t, result), {
    kind: 'truncated', stream: null, position: null,
    detail: `the store numbered events up to position ${end}, but its last event is at ${end - 2n}: the events at positions ${end - 1n} to ${end} were removed from the end of the log`,
  });
  // Winding the counter back as well leaves no trace but against a published root or a later seal
  // (README: events written after the latest seal are protected by their chains only).
  const wound = await verifyTampered((db) => {
    truncateAfter(db, end - 2n);
    db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(end - 2n);
  });
  t.ok(wound.ok, 'the counter wound back too: not detectable without a later seal');
});

t.test('one field of one event\'s data changed', async (t) => {
  const target = eventsOf(sealedCase(3))[2]!;
  const result = await verifyTampered((db) => setData(db, target.position, { ...target.data, summary: '情况不属实' }));
  t.match(problemOf(t, result), { kind: 'changed', ...location(target) });
});

t.test('metadata changed', async (t) => {
  const target = eventsOf(sealedCase(3))[1]!;
  const result = await verifyTampered((db) => setMetadata(db, target.position, { ...target.metadata, actor: 'inspector-7' }));
  t.match(problemOf(t, result), { kind: 'changed', ...location(target) });
});

t.test('an event deleted in the middle of a stream', async (t) => {
  const stream = sealedCase(4);
  const target = eventsOf(stream)[1]!;
  const result = await verifyTampered((db) => deleteAt(db, target.position));
  t.match(problemOf(t, result), { kind: 'missing', stream, revision: '1' });
});

t.test('an event deleted at the end of a stream', async (t) => {
  const stream = sealedCase(3, 1);
  const target = eventsOf(stream).at(-1)!;
  const result = await verifyTampered((db) => deleteAt(db, target.position));
  t.match(problemOf(t, result), { kind: 'missing', stream, revision: target.revision.toString(), seal: { root: firstSeal!.root } });
});

t.test('the newest event of a stream deleted after the last seal, with events after it: the gap gives it away', async (t) => {
  // Its chain simply ends one event earlier, and no seal covers it: only its position is left empty.
  const target = pristine.filter((e) => e.position > lastSeal!.upToPosition! && e.streamName !== SEAL_STREAM)
    .find((e) => e === eventsOf(e.streamName).at(-1) && e.position < pristine.at(-1)!.position)!;
  t.ok(target, 'such an event exists in the history');
  const result = await verifyTampered((db) => deleteAt(db, target.position));
  t.match(problemOf(t, result), { kind: 'missing', stream: null, position: null });
  t.match(problemOf(t, result).detail, `position ${target.position} holds no event`);
  t.equal(!result.ok && result.problems.length, 1, 'nothing else noticed it');
});

t.test('the latest seal deleted while later events remain', async (t) => {
  const latest = sealEvents.at(-1)!;
  t.ok(pristine.at(-1)!.position > latest.position, 'events follow the latest seal');
  const result = await verifyTampered((db) => deleteAt(db, latest.position));
  t.match(problemOf(t, result), { kind: 'missing' });
  t.ok(!result.ok && result.problems.some((p) => p.detail.includes(`position ${latest.position} holds no event`)), 'its empty position is named');
});

t.test('the reporter erased from the live log (replaced by the digest exports show)', async (t) => {
  const reported = pristine.find((e) => e.type === 'CaseReported' && e.data.reporter !== null)!;
  t.ok(reported, 'a case with a reporter');
  const result = await verifyTampered((db) => setData(db, reported.position, redactData(reported.type, reported.data)));
  t.match(problemOf(t, result), { kind: 'changed', ...location(reported) });
  t.match(problemOf(t, result).detail, /reporter was replaced by its digest/);
});

t.test('two events of different streams trade places (each chain intact): the seal\'s log digest catches it', async (t) => {
  const covered = pristine.filter((e) => e.position < firstSeal!.upToPosition!);
  const index = covered.findIndex((e, i) => i + 1 < covered.length && covered[i + 1]!.streamName !== e.streamName
    && e.streamName !== SEAL_STREAM && covered[i + 1]!.streamName !== SEAL_STREAM);
  const [a, b] = [covered[index]!, covered[index + 1]!];
  t.equal(b.position, a.position + 1n, 'neighbours in the log, of two streams');
  const result = await verifyTampered((db) => swapPositions(db, a.position, b.position), lastSeal!.root);
  const problem = problemOf(t, result);
  t.match(problem, { kind: 'reordered', stream: SEAL_STREAM, seal: { root: firstSeal!.root } });
  t.match(problem.detail, /not at the positions they held when sealed/);
});

t.test('a seal of the older form (no log digest) still verifies, and against its root', async (t) => {
  // What a register sealed before seals committed to the order of events: the same fields, no logDigest.
  const oldForm = structuredClone(pristine);
  const seals = oldForm.filter((e) => e.streamName === SEAL_STREAM);
  let previousRoot: string | null = null;
  for (const seal of seals) {
    const { logDigest: _dropped, ...data } = seal.data as SealRecorded;
    data.previousRoot = previousRoot;
    data.root = sealRoot(data);
    seal.data = data as unknown as JsonObject;
    previousRoot = data.root;
  }
  rechain(oldForm, SEAL_STREAM);
  const path = join(dir, 'old-form-seals.db');
  copyFileSync(pristinePath, path);
  if (existsSync(`${pristinePath}-wal`)) copyFileSync(`${pristinePath}-wal`, `${path}-wal`);
  asAttacker(path, (db) => {
    for (const seal of seals) {
      setData(db, seal.position, seal.data);
      setMetadata(db, seal.position, seal.metadata);
    }
  });
  const opened = await openSqliteEventStore({ path });
  t.teardown(() => opened.close());
  const result = await verifyStore(opened, { root: previousRoot! });
  t.match(result, { ok: true, seals: 2, matchedRoot: { root: previousRoot } });
  // The next seal, of the current form, chains onto the older ones.
  const next = await createSealer({ store: withHashChain(opened) }).seal({ actor: 'auditor-1', correlationId: 'next' });
  t.equal(next.previousRoot, previousRoot);
  t.match(await verifyStore(opened, { root: next.root }), { ok: true, seals: 3 });
});

t.test('two events swapped', async (t) => {
  const [, second, third] = eventsOf(sealedCase(4));
  const result = await verifyTampered((db) => swapRevisions(db, second!, third!));
  t.match(problemOf(t, result), { kind: 'reordered', stream: second!.streamName, position: second!.position.toString(), eventId: second!.id });
});

t.test('a forged event with a correct-looking hash inserted', async (t) => {
  const head = eventsOf(sealedCase(3, 2)).at(-1)!;
  const forged = forge(head, 'EvidenceAttached', {
    caseId: head.data.caseId ?? '', evidenceId: 'e-forged', description: '补充材料', reference: null, sha256: null,
  }, head.position + 1n);
  const result = await verifyTampered((db) => insertAfter(db, head.position, forged));
  t.match(problemOf(t, result), { kind: 'inserted', ...location(forged), seal: { root: firstSeal!.root } });
});

t.test('a forged event below position 1, where the log is not read by position: named, and nothing else disturbed', async (t) => {
  // The next revision of a sealed case, chained onto its head with a correct hash of its own: its
  // stream shows it, but the seals, the audit stream and exports read the log from position 1.
  const head = eventsOf(sealedCase(3, 4)).at(-1)!;
  const forged = forge(head, 'EvidenceAttached', {
    caseId: head.data.caseId ?? '', evidenceId: 'e-forged', description: '举报人撤回举报的书面声明', reference: null, sha256: null,
  }, -1n);
  const result = await verifyTampered((db) => {
    t.throws(() => insertEvent(db, forged), /CHECK constraint failed/, 'the table itself refuses it');
    liftPositionCheck(db);
    insertEvent(db, forged);
  }, lastSeal!.root);
  t.match(problemOf(t, result), { kind: 'inserted', ...location(forged) });
  t.match(problemOf(t, result).detail, /position -1, below 1, where the store never writes an event: it was written around the register/);
  t.match(!result.ok && result.problems.slice(1), [{ kind: 'changed', stream: null, detail: /the events table was rebuilt with another definition/ }],
    'the rest of the log verifies as it was; the table rebuilt without its CHECK is named too');
  t.match(result, { events: pristine.length + 1, lastPosition: pristine.at(-1)!.position.toString(), rootInLog: true });
  const thread = await verifierOnThread(verifiedCopy()).verify();
  t.match(problemOf(t, thread), { kind: 'inserted', position: '-1' }, 'so does the verification thread');
});

for (const [label, sql, reason] of [
  ['a byte cut from its data', 'UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = ?', /its data is not valid JSON/],
  ['metadata that is not JSON', "UPDATE events SET metadata = 'garbage' WHERE position = ?", /its metadata is not valid JSON/],
  ['a revision that is not a whole number', "UPDATE events SET revision = 'one' WHERE position = ?", /its revision is not a whole number/],
] as const) {
  t.test(`an event that cannot be read (${label}) is named as changed, and the rest is still verified`, async (t) => {
    const unreadable = eventsOf(sealedCase(4, 5))[1]!;
    const changed = eventsOf(sealedCase(3, 6))[0]!;
    t.ok(changed.position > unreadable.position, 'the other alteration comes later in the log');
    const result = await verifyTampered((db) => {
      db.prepare(sql).run(unreadable.position);
      setData(db, changed.position, { ...changed.data, summary: '情况不属实' });
    });
    const problem = problemOf(t, result);
    t.match(problem, { kind: 'changed', stream: unreadable.streamName, position: unreadable.position.toString(), eventId: unreadable.id });
    t.match(problem.detail, reason);
    t.match(problem.detail, /cannot be read: .*altered in storage/);
    t.ok(!result.ok && result.problems.some((p) => p.kind === 'changed' && p.position === changed.position.toString() && p.eventId === changed.id),
      'the later alteration is named too');
    t.equal(result.events, pristine.length, 'every event was read');
    const thread = await verifierOnThread(verifiedCopy()).verify();
    t.match(problemOf(t, thread), { kind: 'changed', position: unreadable.position.toString() }, 'the verification thread answers the same, not an error');
  });
}

t.test('the log truncated after a seal', async (t) => {
  const result = await verifyTampered((db) => truncateAfter(db, sealEvents[0]!.position), lastSeal!.root);
  t.match(problemOf(t, result), { kind: 'truncated' });
  t.match(problemOf(t, result).detail, lastSeal!.root);
});

t.test('a whole stream rewritten with a consistent chain: the seal catches it', async (t) => {
  const stream = sealedCase(4, 3);
  const rewritten = structuredClone(pristine);
  for (const event of rewritten) {
    if (event.streamName === stream && event.type === 'CaseReported') event.data.summary = '无此事';
  }
  rechain(rewritten, stream);
  const result = await verifyTampered((db) => {
    for (const event of rewritten.filter((e) => e.streamName === stream)) {
      setData(db, event.position, event.data);
      setMetadata(db, event.position, event.metadata);
    }
  });
  const head = rewritten.filter((e) => e.streamName === stream).at(-1)!;
  t.match(problemOf(t, result), { kind: 'seal_mismatch', ...location(head), seal: { root: firstSeal!.root } });
});

t.test('verified on a thread of its own (as the register verifies its file), the answers are the same', async (t) => {
  const clean = await verifierOnThread(pristinePath).verify({ root: lastSeal!.root });
  t.match(clean, { ok: true, events: pristine.length, seals: 2, matchedRoot: { root: lastSeal!.root } });
  const target = eventsOf(sealedCase(3))[2]!;
  const path = join(dir, 'tampered-for-thread.db');
  copyFileSync(pristinePath, path);
  if (existsSync(`${pristinePath}-wal`)) copyFileSync(`${pristinePath}-wal`, `${path}-wal`);
  asAttacker(path, (db) => setData(db, target.position, { ...target.data, summary: '情况不属实' }));
  const tampered = await verifierOnThread(path).verify();
  t.match(problemOf(t, tampered), { kind: 'changed', ...location(target) });
});

t.test('a file the thread cannot open is a store failure, not a verdict; one SQLite finds is not a database keeps SQLite\'s code, so it counts as damaged', async (t) => {
  const notADatabase = join(dir, 'not-a-database.db');
  writeFileSync(notADatabase, 'this is not an SQLite file, and much longer than its header would need to be');
  const failure = await verifierOnThread(notADatabase).verify().then(() => null, (error: unknown) => error);
  t.type(failure, StoreUnavailableError);
  t.match((failure as Error).message, /could not be opened for verification: .*file is not a database/);
  t.ok(isDamagedDatabase(failure), 'the damage path knows it (SQLITE_NOTADB kept as its cause)');
  const missing = join(dir, 'moved-away', 'events.db');
  const gone = await verifierOnThread(missing).verify().then(() => null, (error: unknown) => error);
  t.type(gone, StoreUnavailableError, 'a missing file too');
  t.notOk(isDamagedDatabase(gone), 'but that is not damage');
  t.notOk(existsSync(missing), 'and it is not created');
});

t.test('the verification thread: one at a time, shared by the same question, stopped on close', async (t) => {
  const verifier = verifierOnThread(pristinePath);
  const [first, same, other] = [verifier.verify(), verifier.verify(), verifier.verify({ root: lastSeal!.root })];
  t.equal(same, first, 'the same question shares the run under way');
  t.match(await first, { ok: true, events: pristine.length });
  t.match(await other, { ok: true, matchedRoot: { root: lastSeal!.root } });
  const stopped = verifier.verify();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await verifier.close();
  await t.rejects(stopped, StoreUnavailableError, 'a verification under way when the register closes fails');
  await t.rejects(verifier.verify(), StoreUnavailableError, 'and none starts afterwards');
});

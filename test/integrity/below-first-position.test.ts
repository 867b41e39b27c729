import { join } from 'node:path';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, fixedClock, inspector, seedBureau } from '../fixtures/http-bureau.js';
import { asAttacker, insertEvent, liftPositionCheck } from '../fixtures/integrity/sqlite-attacker.js';
import { forge } from '../fixtures/integrity/tamper.js';
import { runScript } from '../fixtures/operations/run-script.js';

// An event slipped into the store file below position 1 (the table's CHECK lifted by rebuilding it,
// as someone with the file and SQLite can): the next revision of a sealed case, chained onto its
// head with a correct hash of its own. The seals, the audit stream and exports read the log from
// position 1; the case's stream is read by revision. The register's verification, over HTTP and
// by `npm run verify`, must name it; the register must not decide on it.

t.test('GET /audit/verify and npm run verify name an event below position 1; the register does not act on it', async (t) => {
  const dataDir = t.testdir();
  const first = await startTestRegister(t, { clock: fixedClock, dataDir });
  const bureau = await seedBureau(first);
  const caseId = await bureau.reportCase(['O1']);
  t.equal((await first.post('/api/v1/audit/seals', {}, { as: auditor })).statusCode, 201);
  const head = (await first.store.readStream(`case-${caseId}`)).at(-1)!;
  const secret = first.secret;
  await first.close();

  const forged = forge(head, 'EvidenceAttached', {
    caseId, evidenceId: 'e-forged', description: '举报人撤回举报的书面声明', reference: null, sha256: null,
  }, -1n);
  asAttacker(join(dataDir, 'events.db'), (db) => {
    liftPositionCheck(db);
    insertEvent(db, forged);
  });

  const register = await startTestRegister(t, { clock: fixedClock, dataDir, secret });
  const verified = await register.get('/api/v1/audit/verify', { as: auditor });
  t.equal(verified.statusCode, 200);
  t.match(verified.json(), {
    ok: false,
    problem: { kind: 'inserted', stream: `case-${caseId}`, revision: (head.revision + 1n).toString(), position: '-1', eventId: forged.id },
  });
  t.match(verified.json().problem.detail, /below 1, where the store never writes an event/);
  t.notMatch(verified.json().problem.detail, /cannot be read/, 'an event that reads well, named for where it is, not as unreadable');

  const write = await register.post(`/api/v1/cases/${caseId}/verification`, { inspectorId: 'inspector-li' }, { as: inspector });
  t.equal(write.statusCode, 500, 'a write to the case does not decide on the forged event');
  t.match(write.json(), { type: '/problems/corrupt-event', position: '-1', detail: /position -1, below 1/ });
  const audit = await register.get('/api/v1/audit/events', { as: auditor });
  t.notMatch(audit.body, /e-forged/, 'the audit stream (read by position) does not show it: only the verification names it');

  const json = await runScript('scripts/verify.ts', ['--json'], { DATA_DIR: dataDir });
  t.equal(json.code, 1, json.stderr);
  t.match(JSON.parse(json.stdout), { ok: false, problem: { kind: 'inserted', position: '-1', eventId: forged.id } });
  const text = await runScript('scripts/verify.ts', [], { DATA_DIR: dataDir });
  t.equal(text.code, 1, text.stderr);
  t.match(text.stdout, `BROKEN: inserted at stream case-${caseId}, revision ${head.revision + 1n}, position -1, event ${forged.id}`);

  // The first seal after the restart reads the streams' ends from the file: it leaves the row out.
  t.equal((await register.post('/api/v1/audit/seals', {}, { as: auditor })).statusCode, 201);
  const after = (await register.get('/api/v1/audit/verify', { as: auditor })).json() as { problems: { kind: string }[] };
  t.ok(after.problems.some((p) => p.kind === 'inserted'), 'the forged event is still named');
  t.notOk(after.problems.some((p) => p.kind === 'seal_mismatch'), 'and the register\'s own new seal verifies');
});

import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startTestRegister, type TestRegister } from '../fixtures/http-app.js';
import { auditor, fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';
import { asAttacker, type Attacker } from '../fixtures/integrity/sqlite-attacker.js';
import { runScript } from '../fixtures/operations/run-script.js';

// A row of the store file altered so that it no longer reads as an event (a byte cut from its data
// with SQLite, the append-only triggers dropped first), with the register restarted on the file:
// what the register says about it, and what it goes on doing.

interface Scene {
  register: TestRegister;
  caseId: string;
  /** The case's report, the row altered. */
  altered: { position: string; id: string };
}

/** A bureau and a case, a seal, then the case's report cut short in the file; the register started again on it. */
async function sceneWithUnreadableReport(t: Test, moreEdits?: (db: Attacker) => void): Promise<Scene> {
  const dataDir = t.testdir();
  const first = await startTestRegister(t, { clock: fixedClock, dataDir });
  const bureau = await seedBureau(first);
  const caseId = await bureau.reportCase(['O1']);
  t.equal((await first.post('/api/v1/audit/seals', {}, { as: auditor })).statusCode, 201);
  const [report] = await first.store.readStream(`case-${caseId}`);
  const secret = first.secret;
  await first.close();
  asAttacker(join(dataDir, 'events.db'), (db) => {
    db.prepare('UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = ?').run(report!.position);
    moreEdits?.(db);
  });
  const register = await startTestRegister(t, { clock: fixedClock, dataDir, secret });
  return { register, caseId, altered: { position: report!.position.toString(), id: report!.id } };
}

t.test('a write to the case answers 500 naming the event; every other write goes on', async (t) => {
  const { register, caseId, altered } = await sceneWithUnreadableReport(t);
  const write = () => register.post(`/api/v1/cases/${caseId}/verification`, { inspectorId: 'inspector-li' }, { as: inspector });
  const refused = await write();
  t.equal(refused.statusCode, 500, refused.body);
  t.match(refused.json(), {
    type: '/problems/corrupt-event',
    status: 500,
    position: altered.position,
    detail: new RegExp(`position ${altered.position} \\(revision 0 of "case-${caseId}"\\) cannot be read: its data is not valid JSON.*altered in storage.*audit/verify.*Nothing was written`),
  });
  const logged = register.logs.map((line) => JSON.parse(line) as { level: number; msg: string; position?: string })
    .find((entry) => /CANNOT BE READ/.test(entry.msg));
  t.match(logged, { level: 50, position: altered.position }, 'logged as an error, with the position');

  const before = await register.head();
  t.equal((await register.post('/api/v1/units', { unitId: 'U9', name: '新设中队' }, { as: hr })).statusCode, 201, 'another write is taken (not a 503)');
  t.equal((await register.head())! - before!, 1n);
  const readiness = (await register.get('/readyz')).json() as { checks: { eventStore: { ok: boolean; state: string } } };
  t.match(readiness.checks.eventStore, { ok: true, state: 'available' }, 'the store is still available');
  t.equal((await write()).statusCode, 500, 'the case stays refused, for the same reason (not a 503)');
});

t.test('GET /audit/verify and npm run verify name the unreadable event, and another alteration besides', async (t) => {
  const { register, caseId, altered } = await sceneWithUnreadableReport(t, (db) => {
    db.prepare("UPDATE events SET data = json_set(data, '$.name', '篡改') WHERE stream = 'unit-U2' AND revision = 0").run();
  });
  const response = await register.get('/api/v1/audit/verify', { as: auditor });
  t.equal(response.statusCode, 200, 'a verdict, not a 500');
  const result = response.json() as { ok: boolean; problems: { kind: string; stream: string | null; position: string | null; detail: string }[] };
  t.equal(result.ok, false);
  t.ok(result.problems.some((p) => p.kind === 'changed' && p.stream === `case-${caseId}` && p.position === altered.position
    && /cannot be read: its data is not valid JSON/.test(p.detail)), 'the unreadable event, where it is');
  t.ok(result.problems.some((p) => p.kind === 'changed' && p.stream === 'unit-U2'), 'and the other alteration');

  const script = await runScript('scripts/verify.ts', ['--json'], { DATA_DIR: register.config.dataDir });
  t.equal(script.code, 1, `exit 1, a problem found (not 2, could not run): ${script.stderr}`);
  t.same(JSON.parse(script.stdout).problems.map((p: { kind: string; stream: string }) => [p.kind, p.stream]),
    result.problems.map((p) => [p.kind, p.stream]), 'the same problems as the register found');
});

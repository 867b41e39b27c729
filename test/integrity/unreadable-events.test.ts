import { readFileSync, rmSync } from 'node:fs';
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

interface AuditStreamLine {
  position: string;
  streamName: string | null;
  type?: string;
  unreadable?: string;
  data?: unknown;
  metadata?: { actor?: string; recordedAt?: string };
}

function ndjson(body: string): AuditStreamLine[] {
  return body.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as AuditStreamLine);
}

t.test('the audit stream goes on past the unreadable event, with a line in its place saying what cannot be read', async (t) => {
  const { register, caseId, altered } = await sceneWithUnreadableReport(t);
  const everything = await register.get('/api/v1/audit/events', { as: auditor });
  t.equal(everything.statusCode, 200);
  const lines = ndjson(everything.body);
  t.equal(BigInt(lines.length), await register.head(), 'every event of the log, the unreadable one included');
  const index = lines.findIndex((line) => line.position === altered.position);
  t.match(lines[index], {
    position: altered.position, streamName: `case-${caseId}`, revision: '0', id: altered.id,
    unreadable: /^its data is not valid JSON/, metadata: { actor: 'inspector-li', recordedAt: /^\d{4}-\d\d-\d\dT/ },
  }, 'where it is, why, and who recorded it when (its metadata still reads)');
  t.notOk('data' in lines[index]!, 'never its data: what cannot be read cannot be redacted');
  t.ok(lines.slice(index + 1).some((line) => line.type === 'SealRecorded'), 'the events after it follow it (the seal)');

  const byType = ndjson((await register.get('/api/v1/audit/events?type=CaseReported', { as: auditor })).body);
  t.same(byType.map((line) => line.position), [altered.position], 'a search by type still shows it: its type cannot be trusted');
  const otherStream = ndjson((await register.get('/api/v1/audit/events?stream=unit-', { as: auditor })).body);
  t.ok(otherStream.length > 0 && otherStream.every((line) => line.streamName?.startsWith('unit-')), 'a search of other streams leaves it out');
  const page = ndjson((await register.get(`/api/v1/audit/events?fromPosition=${altered.position}&limit=2`, { as: auditor })).body);
  t.same(page.map((line) => line.position), [altered.position, String(BigInt(altered.position) + 1n)], 'it counts as a line of a page, and the page goes on after it');
});

t.test('an export goes on past the unreadable event; verifying the export names what verifying the store names', async (t) => {
  const { register, altered } = await sceneWithUnreadableReport(t);
  // Beside the register's data folder (a second t.testdir() would empty the first).
  const file = `${register.config.dataDir}-log.ndjson`;
  t.teardown(() => {
    for (const path of [file, `${file}.manifest.json`]) rmSync(path, { force: true });
  });
  const exported = await runScript('scripts/export.ts', ['--out', file], { DATA_DIR: register.config.dataDir });
  t.equal(exported.code, 1, `exit 1: exported, with an event that cannot be read (${exported.stderr})`);
  t.match(exported.stderr, /1 event\(s\) of the log cannot be read/);
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as { events: number; unreadable: number };
  t.match(manifest, { events: Number(await register.head()), unreadable: 1 });
  t.match(ndjson(readFileSync(file, 'utf8')).find((line) => line.position === altered.position), { unreadable: /^its data is not valid JSON/ });

  const ofFile = await runScript('scripts/verify.ts', ['--file', file, '--json'], {});
  const ofStore = await runScript('scripts/verify.ts', ['--json'], { DATA_DIR: register.config.dataDir });
  t.equal(ofFile.code, 1, ofFile.stderr);
  type Problem = { kind: string; position: string | null; detail: string; line?: number };
  const problems = (out: string) => (JSON.parse(out) as { problems: Problem[] }).problems;
  const withoutLine = ({ line: _line, ...problem }: Problem) => problem;
  t.same(problems(ofFile.stdout).map(withoutLine), problems(ofStore.stdout), 'the same problems: the unreadable event, where it is, and nothing else');
  const lineOfIt = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes('"unreadable"')) + 1;
  t.match(problems(ofFile.stdout), [{ kind: 'changed', position: altered.position, line: lineOfIt, detail: /cannot be read: its data is not valid JSON/ }], 'in the file, at its line');
});

t.test('what cannot be read is said without quoting the event: a reporter\'s name never shows', async (t) => {
  const dataDir = t.testdir();
  const first = await startTestRegister(t, { clock: fixedClock, dataDir });
  const bureau = await seedBureau(first);
  const caseId = await bureau.reportCase(['O1'], { reporter: { name: '举报人赵某某', contact: '13900001111', anonymous: false } });
  const [report] = await first.store.readStream(`case-${caseId}`);
  const secret = first.secret;
  await first.close();
  // The name's quotes taken away: JSON.parse's own message would quote the text around it.
  asAttacker(join(dataDir, 'events.db'), (db) => db.prepare("UPDATE events SET data = replace(data, '\"举报人赵某某\"', '举报人赵某某') WHERE position = ?").run(report!.position));
  const register = await startTestRegister(t, { clock: fixedClock, dataDir, secret });
  const said = [
    (await register.get('/api/v1/audit/events', { as: auditor })).body,
    (await register.get('/api/v1/audit/verify', { as: auditor })).body,
    (await register.post(`/api/v1/cases/${caseId}/verification`, { inspectorId: 'inspector-li' }, { as: inspector })).body,
    ...register.logs,
  ];
  t.match(said[0], /"unreadable":"its data is not valid JSON/, 'the audit stream says it cannot be read');
  t.match(said[2], /cannot be read: its data is not valid JSON/, 'so does the refusal of a write to the case');
  for (const text of said) {
    t.notMatch(text, /赵某|13900001111/, 'and nothing anywhere quotes the reporter');
  }
});

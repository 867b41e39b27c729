import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';
import { eventsAfter } from '../fixtures/write-route-checks.js';

// Idempotency-Key records live in DATA_DIR/idempotency.db: a client retrying after the register
// restarted still gets its first answer, and nothing is written twice.

t.test('an idempotent retry after a restart returns the first answer and writes nothing', async (t) => {
  const first = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(first);
  const report = { officerIds: ['O1'], category: 'purpose', channel: 'visit', occurredOn: '2021-06-01', summary: '乱收费' };
  const headers = { 'idempotency-key': 'report-2021-06-15-001' };
  const created = await first.post('/api/v1/cases', report, { as: inspector, headers });
  t.equal(created.statusCode, 201);
  const head = await first.head();
  await first.close();

  const second = await startTestRegister(t, { clock: fixedClock, dataDir: first.config.dataDir, secret: first.secret });
  const retried = await second.post('/api/v1/cases', report, { as: inspector, headers });
  t.equal(retried.statusCode, 201);
  t.equal(retried.body, created.body, 'the same case id, revision and position');
  t.equal(retried.headers['idempotency-replayed'], 'true');
  t.equal(await second.head(), head, 'no second case');
  const reused = await second.post('/api/v1/cases', { ...report, summary: '另一件事' }, { as: inspector, headers });
  t.equal(reused.statusCode, 422);
  // Keys belong to their user: the same key from someone else is a request of its own.
  const otherUser = await second.post('/api/v1/cases', report, { as: { ...inspector, sub: 'inspector-zhou' }, headers });
  t.equal(otherUser.statusCode, 201);
  t.not(otherUser.json().id, created.json().id);
});

t.test('concurrent requests with the same key: one write, the same answer for all', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const head = await register.head();
  const body = { unitId: 'U-CONCURRENT', name: '并发' };
  const responses = await Promise.all(Array.from({ length: 8 }, () =>
    register.post('/api/v1/units', body, { as: hr, headers: { 'idempotency-key': 'same-key' } })));
  t.same(responses.map((r) => r.statusCode), Array(8).fill(201));
  t.equal(new Set(responses.map((r) => r.body)).size, 1, 'one answer');
  t.equal(responses.filter((r) => r.headers['idempotency-replayed'] === 'true').length, 7);
  t.equal((await eventsAfter(register, head)).length, 1, 'exactly one event');
});

t.test('a retry is the same request however its URL is spelled (a trailing slash, a case id in capitals)', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const report = { officerIds: ['O1'], category: 'purpose', channel: 'visit', occurredOn: '2021-06-01', summary: '乱收费' };
  const reported = await register.post('/api/v1/cases', report, { as: inspector, headers: { 'idempotency-key': 'k-report' } });
  t.equal(reported.statusCode, 201);
  const head = await register.head();
  const slashed = await register.post('/api/v1/cases/', report, { as: inspector, headers: { 'idempotency-key': 'k-report' } });
  t.equal(slashed.statusCode, 201);
  t.equal(slashed.body, reported.body, 'the first answer');
  t.equal(slashed.headers['idempotency-replayed'], 'true');
  const caseId = reported.json().id as string;
  const evidence = { description: '现场执法记录仪视频' };
  const attached = await register.post(`/api/v1/cases/${caseId}/evidence`, evidence, { as: inspector, headers: { 'idempotency-key': 'k-evidence' } });
  t.equal(attached.statusCode, 201);
  const shouted = await register.post(`/api/v1/cases/${caseId.toUpperCase()}/evidence`, evidence, { as: inspector, headers: { 'idempotency-key': 'k-evidence' } });
  t.equal(shouted.body, attached.body, 'the same case, spelled in capitals');
  t.equal((await eventsAfter(register, head)).length, 1, 'after the case, one piece of evidence: nothing written twice');
  const elsewhere = await register.post('/api/v1/cases', { ...report, summary: '另一件事' }, { as: inspector, headers: { 'idempotency-key': 'k-evidence' } });
  t.equal(elsewhere.statusCode, 201, 'a key is still scoped to its route: on another route it is a request of its own');
});

t.test('officer ids differing only in case are two officers: one key sent to each writes to each', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const upper = 'ABCDEF01-0000-4000-8000-000000000001';
  for (const officerId of [upper, upper.toLowerCase()]) {
    t.equal((await register.post('/api/v1/officers', { officerId, name: '同名', unitId: 'U1', hiredOn: '2015-03-01' }, { as: hr })).statusCode, 201);
  }
  const head = await register.head();
  const body = { attendedOn: '2021-06-01', topic: '警示教育' };
  const headers = { 'idempotency-key': 'k-education' };
  const first = await register.post(`/api/v1/officers/${upper}/warning-education`, body, { as: hr, headers });
  const second = await register.post(`/api/v1/officers/${upper.toLowerCase()}/warning-education`, body, { as: hr, headers });
  t.equal(second.statusCode, 201);
  t.notOk(second.headers['idempotency-replayed'], 'not taken for a retry of the first');
  t.not(second.json().id, first.json().id);
  t.equal((await eventsAfter(register, head)).length, 2, 'one attendance each');
});

/** What a crash between the events becoming durable and the answer being recorded leaves: events, no answer. */
function forgetAnswers(dataDir: string): void {
  const db = new Database(join(dataDir, 'idempotency.db'));
  try {
    db.prepare('DELETE FROM idempotency_answers').run();
  } finally {
    db.close();
  }
}

t.test('a retry after the register stopped before recording its answer is answered with what was written, and writes nothing', async (t) => {
  const first = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(first);
  const report = { officerIds: ['O1'], category: 'purpose', channel: 'visit', occurredOn: '2021-06-01', summary: '乱收费' };
  const reportKey = { 'idempotency-key': 'report-unanswered' };
  const created = await first.post('/api/v1/cases', report, { as: inspector, headers: reportKey });
  t.equal(created.statusCode, 201);
  const caseId = created.json().id as string;
  const evidence = { description: '执法记录仪视频', sha256: 'a'.repeat(64) };
  const evidenceKey = { 'idempotency-key': 'evidence-unanswered' };
  const attached = await first.post(`/api/v1/cases/${caseId}/evidence`, evidence, { as: inspector, headers: evidenceKey });
  t.equal(attached.statusCode, 201);
  forgetAnswers(first.config.dataDir);

  // In the same process: another write to the case has read (and cached) the evidence event since.
  const other = await first.post(`/api/v1/cases/${caseId}/evidence`, { description: '现场照片' }, { as: inspector });
  t.equal(other.statusCode, 201);
  const afterOther = await first.head();
  const again = await first.post(`/api/v1/cases/${caseId}/evidence`, evidence, { as: inspector, headers: evidenceKey });
  t.equal(again.statusCode, 201);
  t.equal(again.body, attached.body, 'the same evidence id, revision and position');
  t.equal(await first.head(), afterOther, 'nothing written again');
  await first.close();

  // After a restart (nothing cached): the case report and the evidence are both recognised.
  forgetAnswers(first.config.dataDir);
  const second = await startTestRegister(t, { clock: fixedClock, dataDir: first.config.dataDir, secret: first.secret });
  const reportAgain = await second.post('/api/v1/cases', report, { as: inspector, headers: reportKey });
  t.equal(reportAgain.statusCode, 201);
  t.equal(reportAgain.body, created.body, 'the same case id, revision and position');
  const evidenceAgain = await second.post(`/api/v1/cases/${caseId}/evidence`, evidence, { as: inspector, headers: evidenceKey });
  t.equal(evidenceAgain.body, attached.body);
  t.equal(await second.head(), afterOther, 'no second case, no second evidence');
  const replayed = await second.post('/api/v1/cases', report, { as: inspector, headers: reportKey });
  t.equal(replayed.headers['idempotency-replayed'], 'true', 'and the answer is recorded for the next retry');
  t.equal(replayed.body, created.body);
});

t.test('a keyed seal retried after the register stopped before recording its answer is the seal first written', async (t) => {
  const first = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(first);
  const headers = { 'idempotency-key': 'seal-unanswered' };
  const sealed = await first.post('/api/v1/audit/seals', {}, { as: auditor, headers });
  t.equal(sealed.statusCode, 201);
  const afterSeal = await first.head();
  forgetAnswers(first.config.dataDir);
  const again = await first.post('/api/v1/audit/seals', {}, { as: auditor, headers });
  t.equal(again.statusCode, 201);
  t.equal(again.body, sealed.body, 'the same seal: id, revision, position and root');
  t.equal(again.headers.etag, sealed.headers.etag);
  t.equal(await first.head(), afterSeal, 'no second seal');
  // Another seal since (the schedule's, say) does not hide the first from a retry.
  await first.post('/api/v1/units', { unitId: 'U-LATER', name: '后来' }, { as: hr });
  const later = await first.post('/api/v1/audit/seals', {}, { as: auditor });
  t.equal(later.statusCode, 201);
  const afterLater = await first.head();
  await first.close();

  forgetAnswers(first.config.dataDir);
  const second = await startTestRegister(t, { clock: fixedClock, dataDir: first.config.dataDir, secret: first.secret });
  const afterRestart = await second.post('/api/v1/audit/seals', {}, { as: auditor, headers });
  t.equal(afterRestart.statusCode, 201);
  t.equal(afterRestart.body, sealed.body, 'after a restart too');
  t.equal(await second.head(), afterLater, 'nothing written');
  const otherKey = await second.post('/api/v1/audit/seals', {}, { as: auditor, headers: { 'idempotency-key': 'seal-other' } });
  t.equal(otherKey.statusCode, 201);
  t.not(otherKey.json().id, sealed.json().id, 'another key seals afresh');
});

t.test('a keyed report\'s case id does not depend on its reporter, so the audit stream\'s ids cannot test a guess of who reported', async (t) => {
  const report = { officerIds: ['O1'], category: 'integrity', channel: 'letter', occurredOn: '2021-06-01', summary: '收受礼金' };
  const headers = { 'idempotency-key': 'hotline-2021-0601-17' };
  const reportedBy = async (reporter: Record<string, unknown> | undefined, summary = report.summary) => {
    const register = await startTestRegister(t, { clock: fixedClock });
    await seedBureau(register);
    const answer = await register.post('/api/v1/cases', { ...report, summary, ...(reporter ? { reporter } : {}) }, { as: inspector, headers });
    t.equal(answer.statusCode, 201);
    return answer.json().id as string;
  };
  const real = await reportedBy({ name: '王某', contact: '13800000000' });
  t.equal(await reportedBy({ name: '李某', contact: '13911111111' }), real, 'another reporter: the same id');
  t.equal(await reportedBy(undefined), real, 'no reporter: the same id');
  t.not(await reportedBy({ name: '王某', contact: '13800000000' }, '另一件事'), real, 'what anyone may read still tells reports apart');
});

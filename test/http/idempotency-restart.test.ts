import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';
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

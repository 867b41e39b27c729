import { join } from 'node:path';
import t from 'tap';
import { SEAL_STREAM } from '../../src/integrity/seal-record.js';
import { asAttacker } from '../fixtures/integrity/sqlite-attacker.js';
import { startTestRegister } from '../fixtures/http-app.js';
import { admin, auditor, expectCreated, fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';

// The audit routes through the whole register as `npm start` composes it: auditors seal and verify
// the live log; nobody else may; a live edit of the store file is caught by GET /audit/verify.

const register = await startTestRegister(t, { clock: fixedClock });
await seedBureau(register);
const report = await expectCreated(await register.post('/api/v1/cases', {
  officerIds: ['O1'], category: 'conduct', channel: 'hotline_12328', occurredOn: '2021-06-01',
  summary: '态度生硬', reporter: { name: '王芳', contact: '13800001234', anonymous: false },
}, { as: inspector }), 'case');

t.test('POST /audit/seals: an auditor seals the log and gets the root to publish', async (t) => {
  const response = await register.post('/api/v1/audit/seals', undefined, { as: auditor });
  t.equal(response.statusCode, 201, response.body);
  const body = response.json();
  t.match(body, { id: /^[0-9a-f-]{36}$/, revision: '0', position: /^\d+$/, root: /^[0-9a-f]{64}$/, previousRoot: null, upToPosition: report.position });
  t.equal(body.rootFormatted.replaceAll(' ', ''), body.root);
  t.equal(response.headers.etag, 'W/"0"');
  const seals = await register.store.readStream(SEAL_STREAM);
  t.equal(seals.length, 1);
  t.equal(seals[0]!.metadata.actor, auditor.sub);
  t.equal(seals[0]!.metadata.$correlationId, response.headers['x-request-id']);
  const next = (await register.post('/api/v1/audit/seals', {}, { as: auditor })).json();
  t.equal(next.previousRoot, body.root, 'an empty JSON body is fine too; the next seal follows the first');
});

t.test('POST /audit/seals: auditors only', async (t) => {
  const before = await register.head();
  for (const who of [inspector, hr, admin]) {
    t.equal((await register.post('/api/v1/audit/seals', undefined, { as: who })).statusCode, 403);
  }
  t.equal((await register.post('/api/v1/audit/seals', undefined)).statusCode, 401);
  t.equal((await register.post('/api/v1/audit/seals', { root: 'x' }, { as: auditor })).statusCode, 400, 'a body with fields is refused');
  t.equal(await register.head(), before, 'nothing written');
});

t.test('POST /audit/seals: an Idempotency-Key retry answers the first seal again', async (t) => {
  const headers = { 'idempotency-key': 'seal-2021-06-15' };
  const first = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers });
  const before = await register.head();
  const retry = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers });
  t.equal(retry.statusCode, 201);
  t.same(retry.json(), first.json());
  t.equal(retry.headers['idempotency-replayed'], 'true');
  t.equal(await register.head(), before, 'no second seal');
});

t.test('POST /audit/seals: the same key with no body or with {} is the same request', async (t) => {
  const headers = { 'idempotency-key': 'seal-empty-body' };
  const first = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers });
  const retry = await register.post('/api/v1/audit/seals', {}, { as: auditor, headers });
  t.equal(retry.statusCode, 201, retry.body);
  t.same(retry.json(), first.json());
  // Nothing after the JSON content type: no body, as sent by clients that always set the header.
  const token = register.token(auditor);
  const empty = await register.app.inject({
    method: 'POST', url: '/api/v1/audit/seals', payload: '', headers: { ...headers, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  t.equal(empty.statusCode, 201, empty.body);
  t.same(empty.json(), first.json());
  const garbled = await register.app.inject({
    method: 'POST', url: '/api/v1/audit/seals', payload: '{"x":', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  t.equal(garbled.statusCode, 400, 'JSON that does not parse is still a 400');
  const poisoned = await register.app.inject({
    method: 'POST', url: '/api/v1/audit/seals', payload: '{"__proto__":{"x":1}}', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  t.equal(poisoned.statusCode, 400, 'and so is a poisoned prototype');
});

t.test('POST /audit/seals: If-Match seals only if the seal log is still at that revision', async (t) => {
  const latest = await register.post('/api/v1/audit/seals', undefined, { as: auditor });
  const etag = latest.headers.etag as string;
  const before = await register.head();
  const stale = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers: { 'if-match': `W/"${BigInt(latest.json().revision) - 1n}"` } });
  t.equal(stale.statusCode, 412, stale.body);
  t.equal(stale.headers.etag, etag, 'the 412 names the seal log\'s revision');
  const malformed = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers: { 'if-match': 'garbage' } });
  t.equal(malformed.statusCode, 400);
  t.match(malformed.json(), { errors: [{ path: 'if-match' }] });
  t.equal(await register.head(), before, 'neither wrote a seal');
  const current = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers: { 'if-match': etag } });
  t.equal(current.statusCode, 201);
  t.equal(current.json().previousRoot, latest.json().root, 'at the revision named, it seals on top of the latest seal');

  // With a key too: the retry is answered with the first seal, though the seal log has moved since.
  const keyed = { 'if-match': current.headers.etag as string, 'idempotency-key': 'seal-if-match' };
  const first = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers: keyed });
  t.equal(first.statusCode, 201);
  const retry = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers: keyed });
  t.equal(retry.statusCode, 201);
  t.same(retry.json(), first.json());
  t.equal(retry.headers['idempotency-replayed'], 'true');
  const before2 = await register.head();
  for (const headers of [{ ...keyed, 'if-match': first.headers.etag as string }, { 'idempotency-key': keyed['idempotency-key'] }]) {
    const again = await register.post('/api/v1/audit/seals', undefined, { as: auditor, headers });
    t.equal(again.statusCode, 201, 'a retry with another If-Match, or none, is the same request: the body is');
    t.same(again.json(), first.json());
  }
  t.equal(await register.head(), before2, 'and seals nothing more');
});

t.test('GET /audit/verify: the live log verifies, against a published root too', async (t) => {
  const seal = (await register.post('/api/v1/audit/seals', undefined, { as: auditor })).json();
  const response = await register.get('/api/v1/audit/verify', { as: auditor });
  t.equal(response.statusCode, 200);
  const sealed = (await register.store.readStream(SEAL_STREAM)).length;
  t.match(response.json(), { ok: true, seals: sealed, latestSeal: { root: seal.root }, unsealedEvents: 0 });
  t.equal(response.json().lastPosition, (await register.head())!.toString(), 'the whole log was read');
  t.ok(response.json().events > 10);
  const grouped = encodeURIComponent(seal.rootFormatted);
  t.match((await register.get(`/api/v1/audit/verify?root=${grouped}`, { as: auditor })).json(), { ok: true, matchedRoot: { root: seal.root } });
  t.match((await register.get(`/api/v1/audit/verify?root=${'0'.repeat(64)}`, { as: auditor })).json(),
    { ok: false, problem: { kind: 'truncated' } });
  t.equal((await register.get('/api/v1/audit/verify?root=xyz', { as: auditor })).statusCode, 400);
  for (const who of [inspector, hr, admin]) t.equal((await register.get('/api/v1/audit/verify', { as: who })).statusCode, 403);
});

t.test('GET /audit/verify: an edit of the store file under the running register is caught', async (t) => {
  const [reported] = await register.store.readStream(`case-${report.id}`);
  asAttacker(join(register.config.dataDir, 'events.db'), (db) => {
    db.prepare('UPDATE events SET data = json_set(data, \'$.summary\', \'无此事\') WHERE id = ?').run(reported!.id);
  });
  const result = (await register.get('/api/v1/audit/verify', { as: auditor })).json();
  t.match(result, {
    ok: false,
    problem: { kind: 'changed', stream: `case-${report.id}`, revision: '0', position: reported!.position.toString(), eventId: reported!.id },
  });
  const broken = async () => Number(/register_verification_runs_total\{result="broken"\} (\d+)/.exec((await register.get('/metrics')).body)?.[1] ?? 0);
  const before = await broken();
  const latest = (await register.store.readStream(SEAL_STREAM)).at(-1)!.data.root as string;
  const withRoot = (await register.get(`/api/v1/audit/verify?root=${latest}`, { as: auditor })).json();
  t.match(withRoot, { ok: false, rootInLog: true });
  t.equal(await broken(), before + 1, 'a run with a root that finds the log broken raises the alarm too');
  t.match((await register.get(`/api/v1/audit/verify?root=${'c'.repeat(64)}`, { as: auditor })).json(), { ok: false, rootInLog: false });
  t.equal(await broken(), before + 2, 'and so does one whose root is not there, when the log is broken besides');
});

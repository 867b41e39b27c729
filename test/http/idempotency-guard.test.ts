import { join } from 'node:path';
import t from 'tap';
import { canonicalJson, fingerprint, IdempotencyGuard, type Answer } from '../../src/http/idempotency/idempotency-guard.js';
import { openIdempotencyStore } from '../../src/http/idempotency/idempotency-store.js';
import { HttpProblem } from '../../src/http/problem.js';

const scope = { key: 'k-1', actor: 'li', route: 'POST /api/v1/cases' };
const created = (id: string): Answer => ({ status: 201, headers: { etag: 'W/"0"' }, body: JSON.stringify({ id }) });

t.test('canonical JSON ignores key order, not values', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: null }] }), '{"a":[1,{"c":null,"d":2}],"b":1}');
  t.equal(fingerprint({ a: 1, b: 2 }), fingerprint({ b: 2, a: 1 }));
  t.not(fingerprint({ a: 1 }), fingerprint({ a: '1' }));
});

t.test('a retry with the same key and request gets the first answer and runs nothing', async (t) => {
  const store = openIdempotencyStore(join(t.testdir(), 'idempotency.db'));
  t.teardown(() => store.close());
  const guard = new IdempotencyGuard(store);
  let runs = 0;
  const first = await guard.run(scope, 'fp', async () => created(`case-${++runs}`));
  const second = await guard.run(scope, 'fp', async () => created(`case-${++runs}`));
  t.equal(runs, 1);
  t.same(second.answer, first.answer);
  t.equal(first.replayed, false);
  t.equal(second.replayed, true);
  // Another user, or another route, has a key space of its own.
  await guard.run({ ...scope, actor: 'wang' }, 'fp', async () => created(`case-${++runs}`));
  await guard.run({ ...scope, route: 'POST /api/v1/units' }, 'fp', async () => created(`case-${++runs}`));
  t.equal(runs, 3);
});

t.test('the same key with another request is a 422 and runs nothing', async (t) => {
  const store = openIdempotencyStore(join(t.testdir(), 'idempotency.db'));
  t.teardown(() => store.close());
  const guard = new IdempotencyGuard(store);
  await guard.run(scope, 'fp-a', async () => created('a'));
  let ran = false;
  const error = await guard.run(scope, 'fp-b', async () => { ran = true; return created('b'); }).catch((e: unknown) => e);
  t.type(error, HttpProblem);
  t.equal((error as HttpProblem).problem.status, 422);
  t.notOk(ran);
});

t.test('two requests with one key at the same time: one runs, the other gets its answer', async (t) => {
  const store = openIdempotencyStore(join(t.testdir(), 'idempotency.db'));
  t.teardown(() => store.close());
  const guard = new IdempotencyGuard(store);
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const slow = async () => { runs += 1; await gate; return created(`case-${runs}`); };
  const a = guard.run(scope, 'fp', slow);
  const b = guard.run(scope, 'fp', slow);
  const c = guard.run(scope, 'fp-other', slow).catch((e: unknown) => e);
  release();
  const [ra, rb, rc] = await Promise.all([a, b, c]);
  t.equal(runs, 1);
  t.same(rb.answer, ra.answer);
  t.equal((rc as HttpProblem).problem.status, 422, 'a different request waiting on the same key is refused');
});

t.test('a refused request records nothing: its retry runs again', async (t) => {
  const store = openIdempotencyStore(join(t.testdir(), 'idempotency.db'));
  t.teardown(() => store.close());
  const guard = new IdempotencyGuard(store);
  await t.rejects(guard.run(scope, 'fp', async () => { throw new Error('refused'); }), /refused/);
  const retried = await guard.run(scope, 'fp', async () => created('ok'));
  t.equal(retried.replayed, false);
});

t.test('records survive a restart and expire after their retention', async (t) => {
  const path = join(t.testdir(), 'idempotency.db');
  const first = openIdempotencyStore(path);
  await new IdempotencyGuard(first, undefined, () => 1000).run(scope, 'fp', async () => created('a'));
  first.close();
  const reopened = openIdempotencyStore(path);
  t.teardown(() => reopened.close());
  const replay = await new IdempotencyGuard(reopened).run(scope, 'fp', async () => created('b'));
  t.equal(replay.replayed, true);
  t.equal(replay.answer.body, JSON.stringify({ id: 'a' }));
  t.equal(reopened.purgeOlderThan(2000), 1);
  t.equal(reopened.find(scope), undefined);
});

t.test('an answer that cannot be recorded is still given (its events are durable) and reported', async (t) => {
  const store = openIdempotencyStore(join(t.testdir(), 'idempotency.db'));
  t.teardown(() => store.close());
  const errors: unknown[] = [];
  const failingSave = { ...store, save: () => { throw new Error('disk full'); } };
  const guard = new IdempotencyGuard(failingSave, (e) => errors.push(e));
  const result = await guard.run(scope, 'fp', async () => created('a'));
  t.equal(result.answer.status, 201);
  t.match(errors, [/disk full/]);
});

// GET /metrics: Prometheus text with the series operators watch: requests by route and status,
// latency histograms, append latency and group-commit batch sizes, the store's state, the
// projections' checkpoint and lag, and verification results.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { composeRegister } from '../../src/composition.js';
import { loadConfig } from '../../src/config.js';
import { signToken } from '../../src/http/token-signer.js';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, hr } from '../fixtures/http-bureau.js';

function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

t.test('/metrics exposes requests, latency, appends, batches, store state, projection lag and verifications', async (t) => {
  const register = await startTestRegister(t, { env: { SEAL_INTERVAL_MINUTES: '0', VERIFY_INTERVAL_MINUTES: '0' } });
  const writes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    register.post('/api/v1/units', { unitId: `M-U${i}`, name: `指标中队${i}` }, { as: hr })));
  t.same(writes.map((response) => response.statusCode), Array(20).fill(201));
  t.equal((await register.post('/api/v1/units', { name: '缺少编号' }, { as: hr })).statusCode, 400);
  t.equal((await register.post('/api/v1/units', { unitId: 'M-U0', name: '重复' }, { as: hr })).statusCode, 409);
  t.equal((await register.get('/api/v1/officers/nobody-here/history', { as: hr })).statusCode, 404);
  const last = writes.at(-1)!.json() as { position: string };
  await register.get(`/api/v1/rotation-schedule?minPosition=${last.position}`, { as: hr });
  const verify = await register.get('/api/v1/audit/verify', { as: auditor });
  t.equal(verify.statusCode, 200);
  const unknownRoot = await register.get(`/api/v1/audit/verify?root=${'b'.repeat(64)}`, { as: auditor });
  t.equal(unknownRoot.json().ok, false, 'a root the log does not hold is answered as not found...');

  const response = await register.get('/metrics');
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/plain; version=0\.0\.4/, 'Prometheus text format');
  const text = response.body;

  t.equal(sample(text, 'register_http_requests_total', { method: 'POST', route: '/api/v1/units', status: '201' }), 20, 'requests by route pattern and status');
  t.equal(sample(text, 'register_http_requests_total', { method: 'POST', route: '/api/v1/units', status: '400' }), 1);
  t.equal(sample(text, 'register_http_requests_total', { method: 'POST', route: '/api/v1/units', status: '409' }), 1);
  t.equal(sample(text, 'register_http_requests_total', { method: 'GET', route: '/api/v1/officers/:officerId/history', status: '404' }), 1,
    'route patterns, never ids');
  t.notMatch(text, /nobody-here/, 'no id reaches a label');
  t.equal(sample(text, 'register_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/units', status: '201' }), 20, 'a latency histogram per route');
  t.ok(sample(text, 'register_http_request_duration_seconds_bucket', { route: '/api/v1/units', status: '201', le: '+Inf' }));

  const written = sample(text, 'register_event_store_append_duration_seconds_count', { outcome: 'written' }) ?? 0;
  t.ok(written >= 20, `append latency of ${written} durable appends`);
  const batches = sample(text, 'register_event_store_commit_batch_size_count') ?? 0;
  const batched = sample(text, 'register_event_store_commit_batch_size_sum') ?? 0;
  t.ok(batches >= 1 && batches <= written, `${batches} group commits observed`);
  t.equal(sample(text, 'register_event_store_commits', { result: 'failed' }), 0, 'no failed commit');
  t.equal(sample(text, 'register_event_store_commit_thread_stops'), 0, 'the commit thread never stopped');
  t.ok(batched >= 20, `the batches hold the ${written} appends (${batched})`);
  t.equal(sample(text, 'register_event_store_up'), 1);
  t.equal(sample(text, 'register_event_store_state', { state: 'available' }), 1);
  t.equal(sample(text, 'register_event_store_head_position'), Number(await register.head()));

  t.equal(sample(text, 'register_projection_checkpoint_position'), Number(last.position), 'the read models\' checkpoint');
  t.equal(sample(text, 'register_projection_lag_events'), 0, 'projection lag in events');
  t.equal(sample(text, 'register_projection_lag_seconds'), 0, 'projection lag in seconds');
  t.equal(sample(text, 'register_projection_caught_up'), 1);

  t.equal(sample(text, 'register_verification_runs_total', { result: 'ok' }), 1, 'verification results');
  t.equal(sample(text, 'register_verification_runs_total', { result: 'broken' }) ?? 0, 0, '...but raises no alarm: the log itself is intact');
  t.equal(sample(text, 'register_verification_last_ok'), 1);
  t.equal(sample(text, 'register_verification_last_events'), Number(await register.head()));
  t.ok(sample(text, 'register_process_resident_memory_bytes'), 'the process\'s own metrics too');
});

t.test('readiness reports the projection lag and is not ready while the read models fall behind', async (t) => {
  const secret = randomBytes(32).toString('base64url');
  const config = loadConfig({
    NODE_ENV: 'test', DATA_DIR: t.testdir(), JWT_SECRET: secret, RATE_LIMIT_MAX: '0',
    SEAL_INTERVAL_MINUTES: '0', VERIFY_INTERVAL_MINUTES: '0', READY_MAX_LAG_SECONDS: '1',
  });
  const register = await composeRegister(config, { logger: false });
  t.teardown(() => register.close());
  const authorization = `Bearer ${signToken(hr, { secret })}`;
  const ready = await register.app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200);
  t.match(ready.json(), { checks: { projections: { ok: true, lagEvents: 0, lagSeconds: 0, maxLagSeconds: 1 } } });

  // The read models stop following the log; writes go on.
  await register.projections.stop();
  for (let i = 0; i < 3; i += 1) {
    const written = await register.app.inject({
      method: 'POST', url: '/api/v1/units', headers: { authorization, 'content-type': 'application/json' }, payload: { unitId: `LAG-${i}`, name: `滞后中队${i}` },
    });
    t.equal(written.statusCode, 201);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const behind = await register.app.inject({ url: '/readyz' });
  t.equal(behind.statusCode, 503);
  const check = (behind.json() as { checks: { projections: { ok: boolean; lagEvents: number; lagSeconds: number; reason: string } } }).checks.projections;
  t.equal(check.ok, false);
  t.equal(check.lagEvents, 3, 'three events behind');
  t.ok(check.lagSeconds >= 1, `${check.lagSeconds} s behind`);
  t.match(check.reason, /behind the log/);
  const metrics = (await register.app.inject({ url: '/metrics' })).body;
  t.equal(sample(metrics, 'register_projection_lag_events'), 3);
  t.ok((sample(metrics, 'register_projection_lag_seconds') ?? 0) >= 1);
});

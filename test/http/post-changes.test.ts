import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { admin, expectCreated, fixedClock, hr, seedBureau } from '../fixtures/http-bureau.js';
import { checkWriteRoute, expectRefused } from '../fixtures/write-route-checks.js';

// POST /api/v1/posts/{postId}/changes: HR and admin (as for defining posts) change a post from a day
// on. The bureau names the post important or sensitive, and its holders are on the rotation
// schedule from the start of their tenure; no longer sensitive, they leave it; a new period moves
// their due dates. Whether a post is an enforcement post, and its unit, stay as defined.

t.test('POST /api/v1/posts/{postId}/changes', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/posts/{postId}/changes',
  allowed: ['hr', 'admin'],
  valid: async (bureau, n) => {
    await bureau.definePost({ postId: `P-CH-${n}`, unitId: 'U2', title: `治超检测岗${n}`, enforcement: true, sensitive: false });
    return { url: `/api/v1/posts/P-CH-${n}/changes`, body: { effectiveOn: '2021-06-01', reason: '局党组会议决定', sensitive: true, rotationPeriodMonths: 60 + n } };
  },
  invalid: { body: (v) => ({ ...v.body, rotationPeriodMonths: undefined }), field: 'rotationPeriodMonths' },
  unknown: () => '/api/v1/posts/NO-SUCH-POST/changes',
  refusal: async () => ({ url: '/api/v1/posts/P-DESK/changes', body: { effectiveOn: '2021-06-01', reason: '重复', sensitive: false }, rule: 'post_change_changes_nothing' }),
  written: (event, request) => {
    t.equal(event.type, 'PostChanged');
    t.equal(event.streamName, request.url.replace(/^\/api\/v1\/posts\/([^/]+)\/changes$/, 'post-$1'));
    t.match(event.data, { sensitive: true, previous: { sensitive: false, rotationPeriodMonths: null } });
  },
}));

t.test('a post made sensitive puts its holders on the schedule from their tenure; a new period moves them; no longer sensitive, off', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  await bureau.registerOfficer('O4', 'U1');
  // P-DESK (U1, not enforcement, not sensitive): O2 since 2016-05-03, O4 since 2020-09-01.
  await expectCreated(await register.post('/api/v1/officers/O2/assignments', { postId: 'P-DESK', effectiveOn: '2016-05-03', reason: 'appointment' }, { as: hr }), 'O2');
  await expectCreated(await register.post('/api/v1/officers/O4/assignments', { postId: 'P-DESK', effectiveOn: '2020-09-01', reason: 'transfer' }, { as: hr }), 'O4');
  const schedule = async (position: string) => {
    const response = await register.get(`/api/v1/rotation-schedule?minPosition=${position}`, { as: hr });
    t.equal(response.statusCode, 200, response.body);
    return (response.json() as { items: Array<Record<string, unknown>> }).items.filter((item) => item.postId === 'P-DESK');
  };

  const made = await expectCreated(await register.post('/api/v1/posts/P-DESK/changes', {
    effectiveOn: '2021-06-01', reason: '局党组会议决定：综合办公室文员岗定为重要敏感岗位', sensitive: true, rotationPeriodMonths: 60, title: '综合办公室财务文员',
  }, { as: hr }), 'made sensitive');
  t.match(await schedule(made.position), [
    { officerId: 'O2', postId: 'P-DESK', unitId: 'U1', since: '2016-05-03', dueOn: '2021-05-03', status: 'overdue', deferredUntil: null },
    { officerId: 'O4', postId: 'P-DESK', unitId: 'U1', since: '2020-09-01', dueOn: '2025-09-01', status: 'ok', deferredUntil: null },
  ], 'since each took the post (not the day of the change), due five years after; the long-serving one overdue');

  const history = (await register.get(`/api/v1/officers/O2/history?minPosition=${made.position}`, { as: hr })).json() as {
    state: { post: { post: Record<string, unknown>; since: string }; rotation: Record<string, unknown> }; timeline: Array<{ type: string; on: string | null; data: Record<string, unknown> }>;
  };
  t.match(history.state.post, { post: { postId: 'P-DESK', title: '综合办公室财务文员', sensitive: true, rotationPeriodMonths: 60 }, since: '2016-05-03' }, 'the history reads the post as changed');
  t.match(history.state.rotation, { since: '2016-05-03', dueOn: '2021-05-03', status: 'overdue' });
  t.match(history.timeline.at(-1), { type: 'HeldPostChanged', on: '2021-06-01', data: { changeEventId: made.id, tenureSince: '2016-05-03' } }, 'and tells the change');
  const directory = (await register.get(`/web/directory.json?minPosition=${made.position}`, { as: hr })).json() as { posts: Array<Record<string, unknown>> };
  t.match(directory.posts.find((p) => p.id === 'P-DESK'), { name: '综合办公室财务文员', enforcement: false, sensitive: true, rotationPeriodMonths: 60 },
    'the directory (the web\'s posts list) has the post as it is now');

  const period = await expectCreated(await register.post('/api/v1/posts/P-DESK/changes', {
    effectiveOn: '2021-06-10', reason: '轮岗周期调整为六年', rotationPeriodMonths: 72,
  }, { as: admin }), 'a new period');
  t.match(await schedule(period.position), [
    { officerId: 'O2', since: '2016-05-03', dueOn: '2022-05-03', status: 'ok' },
    { officerId: 'O4', since: '2020-09-01', dueOn: '2026-09-01' },
  ], 'a new period moves the due dates (an administrator may change a post, as define one)');

  const off = await expectCreated(await register.post('/api/v1/posts/P-DESK/changes', {
    effectiveOn: '2021-06-15', reason: '不再列为重要敏感岗位', sensitive: false,
  }, { as: hr }), 'no longer sensitive');
  t.same(await schedule(off.position), [], 'its holders leave the schedule');
  t.match((await register.get('/api/v1/rotation-schedule', { as: hr })).json(), { items: [{ officerId: 'O1', postId: 'P-ENF' }] }, 'the holder of another sensitive post stays');
});

t.test('refusals: the future, out of order, an officer on the post, a field the change does not take', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const change = (body: Record<string, unknown>, as: Record<string, unknown> = hr) =>
    register.post('/api/v1/posts/P-ENF/changes', { effectiveOn: '2021-06-01', reason: '调整轮岗周期', rotationPeriodMonths: 36, ...body }, { as: as as typeof hr });
  const future = await expectRefused(t, register, 409, () => change({ effectiveOn: '2021-06-16' }), 'tomorrow');
  t.match(future.json(), { rule: 'date_in_future' });
  // O1 holds P-ENF: an HR user who is O1 does not change it.
  const own = await expectRefused(t, register, 403, () => change({}, { sub: 'hr-o1', roles: ['hr'], officerId: 'O1' }), 'the post held by the actor');
  t.match(own.json(), { rule: 'own_post_change' });
  const enforcement = await expectRefused(t, register, 400, () => change({ enforcement: false }), 'whether an enforcement post stays as defined');
  t.match(enforcement.json(), { errors: [{ path: 'enforcement', message: 'is not a known field' }] });
  const unit = await expectRefused(t, register, 400, () => change({ unitId: 'U2' }), 'so does its unit');
  t.match(unit.json(), { errors: [{ path: 'unitId' }] });
  const nothing = await expectRefused(t, register, 400, () => register.post('/api/v1/posts/P-ENF/changes', { effectiveOn: '2021-06-01', reason: '—' }, { as: hr }), 'nothing to change');
  t.match(nothing.json(), { errors: [{ path: '', message: /at least one of sensitive, rotationPeriodMonths and title/ }] });
  await expectCreated(await change({ effectiveOn: '2021-06-10' }), 'a new period from 10 June');
  const earlier = await expectRefused(t, register, 409, () => change({ effectiveOn: '2021-06-09', rotationPeriodMonths: 48 }), 'before the latest change');
  t.match(earlier.json(), { rule: 'date_out_of_order' });
  const same = await expectRefused(t, register, 409, () => change({ effectiveOn: '2021-06-12' }), 'the period it has now');
  t.match(same.json(), { rule: 'post_change_changes_nothing', detail: /rotationPeriodMonths 36/ });
});

t.test('the OpenAPI document lists the route, for HR and admin', async (t) => {
  const register = await startTestRegister(t);
  const doc = (await register.get('/openapi.json')).json() as {
    paths: Record<string, { post?: { operationId: string; tags: string[]; parameters?: Array<{ in: string; name: string }>; responses: Record<string, unknown>;
      requestBody: { content: { 'application/json': { schema: { required?: string[]; properties: Record<string, unknown> } } } } } }>;
  };
  const operation = doc.paths['/api/v1/posts/{postId}/changes']?.post;
  t.ok(operation, 'POST /api/v1/posts/{postId}/changes is documented');
  t.equal(operation?.operationId, 'changePost');
  t.same(operation?.tags, ['posts']);
  const schema = operation?.requestBody.content['application/json'].schema;
  t.same([...(schema?.required ?? [])].sort(), ['effectiveOn', 'reason']);
  t.same(Object.keys(schema?.properties ?? {}).sort(), ['effectiveOn', 'reason', 'rotationPeriodMonths', 'sensitive', 'title'], 'no enforcement, no unit');
  t.ok(operation?.parameters?.some((p) => p.in === 'path' && p.name === 'postId'));
  for (const status of ['201', '400', '403', '404', '409', '412']) t.ok(operation?.responses[status], `answers ${status}`);
});

import { DateTime } from 'luxon';
import t from 'tap';
import { startRegister } from '../fixtures/web/register.js';

// The two reads the pages add beside the API: the pickers' directory and the list of seals.

t.test('the directory lists units, posts and officers for any signed-in role, after a write it waited for', async (t) => {
  const running = await startRegister(t);
  const hr = running.token('hr-zhang', ['hr']);
  await running.post('/api/v1/units', { unitId: 'YZ', name: '运政执法大队' }, hr);
  await running.post('/api/v1/units', { unitId: 'ZF', name: '综合执法中队' }, hr);
  await running.post('/api/v1/posts', { postId: 'YZ-CZ', unitId: 'YZ', title: '超限检测站站长', enforcement: true, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/posts', { postId: 'ZF-CW', unitId: 'ZF', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/officers', { officerId: 'A001', name: '张三', unitId: 'YZ', hiredOn: '2010-03-01' }, hr);
  const last = await running.post('/api/v1/officers', { officerId: 'B002', name: '李四', unitId: 'ZF', hiredOn: '2012-05-01' }, hr);

  const get = (path: string, token?: string) => fetch(`${running.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  t.equal((await get('/web/directory.json')).status, 401, 'not without a token');
  const answer = await get(`/web/directory.json?minPosition=${last.position}`, running.token('audit-li', ['auditor']));
  t.equal(answer.status, 200);
  const directory = await answer.json() as { units: { id: string; name: string }[]; officers: { id: string; name: string }[]; posts: unknown[] };
  t.same(directory.units, [{ id: 'YZ', name: '运政执法大队' }, { id: 'ZF', name: '综合执法中队' }]);
  t.same(directory.posts, [
    { id: 'YZ-CZ', name: '超限检测站站长', unitId: 'YZ', enforcement: true, sensitive: true, rotationPeriodMonths: 60 },
    { id: 'ZF-CW', name: '罚没款财务岗', unitId: 'ZF', enforcement: false, sensitive: true, rotationPeriodMonths: 60 },
  ], 'posts with their units, whether enforcement, and sensitivity and period');
  t.same(directory.officers, [{ id: 'A001', name: '张三', unitId: 'YZ' }, { id: 'B002', name: '李四', unitId: 'ZF' }], 'officers with their units');
  const ofUnit = await (await get(`/web/directory.json?unitId=ZF`, hr)).json() as { posts: unknown[]; officers: unknown[] };
  t.same(ofUnit.posts.map((p) => (p as { id: string }).id), ['ZF-CW'], 'a unit\'s posts only');
  t.same(ofUnit.officers, [{ id: 'B002', name: '李四', unitId: 'ZF' }], 'and its officers only');
  // An officer's unit follows a correction of the registration.
  const history = await (await get('/api/v1/officers/A001/history', hr)).json() as { timeline: { type: string; eventId: string }[] };
  const registered = history.timeline.find((entry) => entry.type === 'OfficerRegistered')!.eventId;
  const corrected = await running.post('/api/v1/officers/A001/corrections', { correctsEventId: registered, reason: '单位登记错误', changes: { unitId: 'ZF' } }, hr);
  const after = await (await get(`/web/directory.json?unitId=ZF&minPosition=${corrected.position}`, hr)).json() as { officers: { id: string }[] };
  t.same(after.officers.map((o) => o.id), ['A001', 'B002'], 'the corrected unit');
  // An officer dismissed is listed as having left, in no unit any more.
  const inspector = running.token('insp-wang', ['inspector']);
  const reported = await running.post('/api/v1/cases', { officerIds: ['B002'], category: 'integrity', channel: 'letter', occurredOn: '2021-05-02', summary: '收受财物。' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'serious', summary: '属实' }, inspector);
  const dismissed = await running.post(`/api/v1/cases/${reported.id}/sanctions`, { officerId: 'B002', kind: 'dismissal', effectiveOn: DateTime.now().setZone('Asia/Shanghai').toISODate()!, basis: '依据有关规定' }, inspector);
  const all = await (await get(`/web/directory.json?minPosition=${dismissed.position}`, hr)).json() as { officers: unknown[] };
  t.same(all.officers, [{ id: 'A001', name: '张三', unitId: 'ZF' }, { id: 'B002', name: '李四', left: true }], 'B002 has left service');
  const inZf = await (await get('/web/directory.json?unitId=ZF', hr)).json() as { officers: { id: string }[] };
  t.same(inZf.officers.map((o) => o.id), ['A001'], 'and is no longer listed in the unit');
  t.equal((await get('/web/directory.json?minPosition=x', hr)).status, 400, 'a position is a number');
  // A post changed: the directory has it as it is now.
  const changed = await running.post('/api/v1/posts/YZ-CZ/changes', {
    effectiveOn: '2021-06-01', reason: '不再列为重要敏感岗位', sensitive: false, title: '超限检测站副站长',
  }, hr);
  const now = await (await get(`/web/directory.json?unitId=YZ&minPosition=${changed.position}`, hr)).json() as { posts: unknown[] };
  t.same(now.posts, [{ id: 'YZ-CZ', name: '超限检测站副站长', unitId: 'YZ', enforcement: true, sensitive: false, rotationPeriodMonths: 60 }], 'a post changed: as it is now');
});

t.test('seals are listed for auditors only, newest first, with their roots', async (t) => {
  const running = await startRegister(t);
  const auditor = running.token('audit-li', ['auditor']);
  const get = (token: string) => fetch(`${running.baseUrl}/web/seals.json`, { headers: { authorization: `Bearer ${token}` } });
  t.equal((await get(running.token('hr-zhang', ['hr']))).status, 403, 'HR may not');
  t.same(await (await get(auditor)).json(), { seals: [] }, 'none before the first seal');

  await running.post('/api/v1/units', { unitId: 'YZ', name: '运政执法大队' }, running.token('hr-zhang', ['hr']));
  const first = await running.post('/api/v1/audit/seals', {}, auditor) as { id: string; root?: string };
  const second = await running.post('/api/v1/audit/seals', {}, auditor) as { id: string; root?: string };
  const { seals } = await (await get(auditor)).json() as { seals: { root: string; previousRoot: string | null; recordedBy: string }[] };
  t.equal(seals.length, 2);
  t.equal(seals[0]!.root, second.root, 'newest first');
  t.equal(seals[0]!.previousRoot, first.root, 'each seal names the one before');
  t.equal(seals[1]!.recordedBy, 'audit-li');
});

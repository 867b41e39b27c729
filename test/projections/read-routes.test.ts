import t from 'tap';
import { DateTime } from 'luxon';
import type { Role } from '../../src/application/command-context.js';
import { startTestRegister, type TestRegister } from '../fixtures/http-app.js';
import { admin, auditor, BUREAU_ZONE, expectCreated, hr, inspector, seedBureau, TODAY, type Bureau } from '../fixtures/http-bureau.js';

// The read routes over HTTP on the whole register (composeRegister, SQLite store, projection runner):
// roles, read-your-writes, filters, CSV and the audit stream.

// The server's clock ticks a second each time it is read, so every write has its own record time.
let now = DateTime.fromISO(`${TODAY}T10:00:00`, { zone: BUREAU_ZONE });
const clock = () => {
  now = now.plus({ seconds: 1 });
  return now;
};

const allRoles: Role[] = ['inspector', 'hr', 'auditor', 'admin'];
const routes: [url: string, allowed: Role[]][] = [
  ['/api/v1/officers/O1/history', ['inspector', 'hr', 'auditor', 'admin']],
  ['/api/v1/rotation-schedule', ['hr', 'inspector', 'auditor']],
  ['/api/v1/cases', ['inspector', 'auditor']],
  ['/api/v1/statistics', ['inspector', 'hr', 'auditor', 'admin']],
  ['/api/v1/accountability-alerts', ['inspector', 'auditor']],
  ['/api/v1/audit/events', ['auditor']],
];

t.test('read routes', async (t) => {
  const register: TestRegister = await startTestRegister(t, { clock });
  const bureau: Bureau = await seedBureau(register);
  const reporter = { name: '举报人王某', contact: '13912345678', anonymous: false };
  const caseId = await bureau.reportCase(['O1'], { reporter, summary: '在检查站对货车司机态度粗暴，"随意"罚款, 未开票' });
  await bureau.assignVerification(caseId);
  await bureau.recordFinding(caseId, 'substantiated', 'minor');
  const sanction = await expectCreated(await register.post(`/api/v1/cases/${caseId}/sanctions`, {
    officerId: 'O1', kind: 'criticism_education', effectiveOn: TODAY, basis: '八不准第三条',
  }, { as: inspector }), 'sanction');
  const get = (url: string, as: Parameters<TestRegister['get']>[1] extends infer O ? O extends { as?: infer W } ? W : never : never) => register.get(url, { as });
  const latest = `minPosition=${sanction.position}`;

  t.test('each route answers its roles, refuses the others, and wants a token', async (t) => {
    for (const [url, allowed] of routes) {
      t.equal((await register.get(url)).statusCode, 401, `${url} without a token`);
      for (const role of allRoles) {
        const response = await get(`${url}${url.includes('?') ? '&' : '?'}${url.includes('audit') ? '' : latest}`, { sub: `${role}-x`, roles: [role] });
        t.equal(response.statusCode, allowed.includes(role) ? 200 : 403, `${url} as ${role}`);
      }
    }
  });

  t.test('a parameter a route does not take (a misspelt filter) is a 400 naming it, never ignored', async (t) => {
    for (const [url, as] of [
      ['/api/v1/rotation-schedule?stauts=overdue&format=csv', hr],
      ['/api/v1/cases?categroy=integrity', auditor],
      ['/api/v1/statistics?form=2021-06-01', hr],
      ['/api/v1/accountability-alerts?unit=U1', auditor],
      ['/api/v1/officers/O1/history?asof=2021-06-01', hr],
      ['/api/v1/audit/events?from=3', auditor],
    ] as const) {
      const response = await get(url, as);
      const misspelt = url.slice(url.indexOf('?') + 1).split('=')[0]!;
      t.equal(response.statusCode, 400, `${url}: not every row as if unfiltered`);
      t.match(response.json(), { detail: `Invalid querystring: ${misspelt} is not a known field`, errors: [{ in: 'querystring', path: misspelt }] }, url);
    }
  });

  t.test('minPosition: read your own write', async (t) => {
    const written = await expectCreated(await register.post('/api/v1/officers/O2/warning-education', { attendedOn: TODAY, topic: '八不准六严禁警示教育' }, { as: hr }), 'education');
    const response = await get(`/api/v1/officers/O2/history?minPosition=${written.position}`, hr);
    t.equal(response.statusCode, 200);
    t.ok(BigInt(response.headers['x-projection-position'] as string) >= BigInt(written.position));
    t.equal(response.json().timeline.at(-1).type, 'WarningEducationAttended');
    const beyond = await get('/api/v1/officers/O2/history?minPosition=99999999', hr);
    t.equal(beyond.statusCode, 400, 'a position the log never reached is the client\'s mistake');
    t.match(beyond.headers['content-type'], /^application\/problem\+json/);
    t.equal((await get('/api/v1/officers/O2/history?minPosition=abc', hr)).statusCode, 400);
  });

  t.test('minPosition on the reads that answer from the log itself: taken, never waited for, 400 beyond the log', async (t) => {
    const written = await expectCreated(await register.post('/api/v1/officers/O3/warning-education', { attendedOn: TODAY, topic: '廉政警示教育' }, { as: hr }), 'education');
    const events = await get(`/api/v1/audit/events?fromPosition=${written.position}&minPosition=${written.position}`, auditor);
    t.equal(events.statusCode, 200, 'the audit stream takes the position a write answered');
    t.equal(JSON.parse(events.body.split('\n')[0]!).type, 'WarningEducationAttended', 'and holds that write');
    const verify = await get(`/api/v1/audit/verify?minPosition=${written.position}`, auditor);
    t.equal(verify.statusCode, 200, 'the verification takes it too');
    t.ok(BigInt(verify.json().lastPosition) >= BigInt(written.position), 'and covers that write');
    for (const url of ['/api/v1/audit/events?minPosition=99999999', '/api/v1/audit/verify?minPosition=99999999', '/api/v1/audit/events?minPosition=abc']) {
      const refused = await get(url, auditor);
      t.equal(refused.statusCode, 400, url);
      t.match(refused.json(), { errors: [{ in: 'querystring', path: 'minPosition' }] }, `${url}: names minPosition`);
    }
  });

  t.test('officer history: state, timeline with who and when, asOf, 404', async (t) => {
    const response = await get(`/api/v1/officers/O1/history?${latest}`, inspector);
    const body = response.json();
    t.equal(body.state.name, '张伟');
    t.equal(body.state.post.post.postId, 'P-ENF');
    t.equal(body.state.unitName, '县交通运输综合行政执法大队一中队');
    t.same(body.state.sanctionsInForce.map((s: { kind: string }) => s.kind), ['criticism_education']);
    const assigned = body.timeline.find((e: { type: string }) => e.type === 'OfficerAssigned');
    t.equal(assigned.recordedBy, 'hr-zhao');
    t.ok(DateTime.fromISO(assigned.recordedAt).isValid);
    // Each entry says the day it took effect, which a backdated record places before the day it was recorded.
    t.same(body.timeline.map((e: { type: string; on: string | null }) => [e.type, e.on]), [
      ['OfficerRegistered', '2015-03-01'], ['QualificationGranted', '2016-01-01'], ['OfficerAssigned', '2019-06-01'],
      ['CaseReported', TODAY], ['VerificationAssigned', TODAY], ['FindingRecorded', TODAY], ['AccountabilityFlagged', TODAY], ['SanctionImposed', TODAY], ['SanctionTookEffect', TODAY],
    ], 'the registration from the hiring, the posting from its effective date');
    t.notOk(response.body.includes('举报人王某') || response.body.includes('13912345678'), 'no reporter identity in an officer history');
    const then = (await get(`/api/v1/officers/O1/history?asOf=${encodeURIComponent(body.timeline[1].recordedAt)}`, auditor)).json();
    t.equal(then.timeline.length, 2, 'as of the second entry\'s record time');
    t.equal(then.state.post, null, 'not yet on a post then');
    t.equal((await get('/api/v1/officers/O1/history?asOf=2000-01-01', auditor)).statusCode, 404, 'not yet registered on that day');
    // H1 heads O1's unit and is held accountable for the case (四必究), whose report never joins their timeline.
    const head = (await get(`/api/v1/officers/H1/history?${latest}`, inspector)).json();
    const reported = (await get(`/api/v1/cases/${caseId}?${latest}`, inspector)).json();
    t.same(head.state.cases.map((c: { caseId: string; roles: string[]; category: string; reportedOn: string }) => [c.caseId, c.roles, c.category, c.reportedOn]),
      [[caseId, ['unit_head'], reported.category, reported.reportedOn]], 'the unit head\'s case, with its category and report date');
    const vague = await get('/api/v1/officers/O1/history?asOf=yesterday', auditor);
    t.equal(vague.statusCode, 400);
    t.match(vague.body, /must be an ISO instant with its offset .* or a date \(YYYY-MM-DD\), not \\"yesterday\\"/, 'the 400 says which forms are taken');
    t.equal((await get('/api/v1/officers/O1/history?asOf=2024-01-10T10:00:00', auditor)).statusCode, 400, 'an instant needs its offset');
    t.equal((await get('/api/v1/officers/O1/history?asOf=2024-02-30T10:00:00Z', auditor)).statusCode, 400, 'and a real date');
    // The same instant written three ways: with seconds and a colon, to the minute in UTC, with an offset without a colon.
    const instant = DateTime.fromISO(body.timeline[1].recordedAt, { setZone: true });
    const forms = [instant.toISO()!, instant.toUTC().startOf('minute').plus({ minutes: 1 }).toFormat("yyyy-MM-dd'T'HH:mm'Z'"), instant.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZZ")];
    for (const form of forms) {
      const answer = await get(`/api/v1/officers/O1/history?asOf=${encodeURIComponent(form)}`, auditor);
      t.equal(answer.statusCode, 200, `asOf=${form}`);
    }
    t.equal((await get('/api/v1/officers/NOBODY/history', auditor)).statusCode, 404);
  });

  t.test('rotation schedule: status, filters, CSV with Chinese and quoting', async (t) => {
    await bureau.definePost({ postId: 'P-CHK', unitId: 'U2', title: '稽查岗,"夜班"', enforcement: false, sensitive: true, rotationPeriodMonths: 24 });
    const assigned = await expectCreated(await register.post('/api/v1/officers/O3/assignments', { postId: 'P-CHK', effectiveOn: '2019-07-01', reason: 'appointment' }, { as: hr }), 'assign');
    const page = (await get(`/api/v1/rotation-schedule?minPosition=${assigned.position}`, hr)).json();
    t.same(page.items.map((i: { officerId: string; status: string; dueOn: string }) => [i.officerId, i.dueOn, i.status]), [
      ['O3', '2021-07-01', 'due_soon'], ['O1', '2024-06-01', 'ok'],
    ]);
    t.same(Object.keys(page.items[0]).sort(), [
      'deferredUntil', 'dueOn', 'effectiveDueOn', 'lastWarningEducationOn', 'offPostTrainingSince', 'offPostTrainingUntil', 'officerId', 'officerName', 'periodMonths', 'postId', 'postTitle', 'since', 'status', 'unitId', 'unitName',
    ]);
    t.same((await get('/api/v1/rotation-schedule?status=ok', hr)).json().items.map((i: { officerId: string }) => i.officerId), ['O1']);
    // Each officer's history gives the same status on the day looked at: today, or the bureau's day of asOf.
    const rotationOf = async (officerId: string, asOf?: string) =>
      (await get(`/api/v1/officers/${officerId}/history${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, hr)).json().state.rotation;
    t.match(await rotationOf('O3'), { postId: 'P-CHK', dueOn: '2021-07-01', status: 'due_soon' }, 'the history says what the schedule says');
    t.match(await rotationOf('O1'), { postId: 'P-ENF', dueOn: '2024-06-01', status: 'ok' });
    t.equal((await rotationOf('O3', '2021-07-01')).status, 'due_soon', 'due on the day looked at: not yet overdue');
    t.equal((await rotationOf('O3', '2021-07-02')).status, 'overdue', 'the day after');
    t.equal((await rotationOf('O3', '2021-07-01T23:30:00+08:00')).status, 'due_soon', 'an instant: its day in the bureau\'s zone');
    t.equal((await rotationOf('O3', '2021-07-01T17:00:00Z')).status, 'overdue', 'already 2 July in the bureau\'s zone');
    t.same((await get('/api/v1/rotation-schedule?unitId=U2', hr)).json().items.map((i: { officerId: string }) => i.officerId), ['O3']);
    t.same((await get('/api/v1/rotation-schedule?dueBefore=2022-01-01', hr)).json().items.map((i: { officerId: string }) => i.officerId), ['O3']);
    // Warning education (经常性警示教育): O3 attended it today, O1 never.
    t.same(page.items.map((i: { officerId: string; lastWarningEducationOn: string | null }) => [i.officerId, i.lastWarningEducationOn]), [['O3', TODAY], ['O1', null]]);
    const educatedBefore = async (day: string) => (await get(`/api/v1/rotation-schedule?educatedBefore=${day}`, hr)).json().items.map((i: { officerId: string }) => i.officerId);
    t.same(await educatedBefore(TODAY), ['O1'], 'none since today: O1, who has none on record');
    t.same(await educatedBefore('2021-06-16'), ['O3', 'O1'], 'none since tomorrow: both');
    t.equal((await get('/api/v1/rotation-schedule?educatedBefore=2021-13-01', hr)).statusCode, 400);
    t.equal((await get('/api/v1/rotation-schedule?status=late', hr)).statusCode, 400);
    t.equal((await get('/api/v1/rotation-schedule?cursor=garbage', hr)).statusCode, 400);
    const onePage = (await get('/api/v1/rotation-schedule?limit=1', hr)).json();
    t.equal(onePage.total, 2);
    t.same((await get(`/api/v1/rotation-schedule?limit=1&cursor=${onePage.nextCursor}`, hr)).json().items.map((i: { officerId: string }) => i.officerId), ['O1']);

    const csv = await get('/api/v1/rotation-schedule?format=csv', hr);
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
    t.match(csv.headers['content-disposition'], /attachment; filename="rotation-schedule-2021-06-15\.csv"/);
    const bytes = csv.rawPayload;
    t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with a UTF-8 byte-order mark for spreadsheets');
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    t.equal(lines[0], '人员编号,姓名,单位编号,单位,岗位编号,岗位,任职起始日,轮岗周期(月),应轮岗日期,延期至,实际到期日,状态,最近警示教育日期,离岗培训起始日,离岗培训至');
    t.equal(lines[1], 'O3,刘洋,U2,县交通运输综合行政执法大队二中队,P-CHK,"稽查岗,""夜班""",2019-07-01,24,2021-07-01,,2021-07-01,即将到期,2021-06-15,,');
    t.equal(lines[2], 'O1,张伟,U1,县交通运输综合行政执法大队一中队,P-ENF,路政执法岗,2019-06-01,60,2024-06-01,,2024-06-01,正常,,,');
    t.equal(lines[3], '', 'the file ends with a line break');
    const english = (await get('/api/v1/rotation-schedule?format=csv&lang=en&status=due_soon', hr)).rawPayload.subarray(3).toString('utf8').split('\r\n');
    t.equal(english[0], 'officerId,officerName,unitId,unitName,postId,postTitle,since,periodMonths,dueOn,deferredUntil,effectiveDueOn,status,lastWarningEducationOn,offPostTrainingSince,offPostTrainingUntil');
    t.equal(english.length, 3);
  });

  t.test('case register: filters, reporter only for inspectors handling it, CSV', async (t) => {
    const list = (await get(`/api/v1/cases?${latest}`, inspector)).json();
    t.equal(list.total, 1);
    t.same(list.items[0].subjects, [{ officerId: 'O1', unitId: 'U1', name: '张伟' }]);
    t.equal(list.items[0].status, 'sanctioned');
    t.notOk(JSON.stringify(list).includes('举报人王某'), 'never in the list');
    t.equal((await get('/api/v1/cases?status=closed', inspector)).json().total, 0);
    t.equal((await get('/api/v1/cases?category=conduct&officerId=O1', auditor)).json().total, 1);
    t.equal((await get('/api/v1/cases?category=bribery', auditor)).statusCode, 400);
    t.equal((await get('/api/v1/cases?reportedFrom=2021-06-01&reportedTo=2021-06-30', auditor)).json().total, 1);
    for (const format of ['json', 'csv']) {
      const backwards = await get(`/api/v1/cases?reportedFrom=2021-06-30&reportedTo=2021-06-01&format=${format}`, auditor);
      t.equal(backwards.statusCode, 400, `a reported range that ends before it starts is refused (${format}), not answered with no cases`);
      t.match(backwards.json(), { detail: 'reportedFrom (2021-06-30) is after reportedTo (2021-06-01)', errors: [{ path: 'reportedTo' }] });
    }

    const forInspector = (await get(`/api/v1/cases/${caseId}`, inspector)).json();
    t.same(forInspector.reporter, reporter);
    t.same(forInspector.timeline.map((e: { type: string }) => e.type).slice(0, 3), ['CaseReported', 'VerificationAssigned', 'FindingRecorded']);
    const forAuditor = await get(`/api/v1/cases/${caseId}`, auditor);
    t.notOk('reporter' in forAuditor.json());
    t.notOk(forAuditor.body.includes('举报人王某'));
    const forSubject = await get(`/api/v1/cases/${caseId}`, { sub: 'inspector-zhang', roles: ['inspector'], officerId: 'O1' });
    t.notOk(forSubject.body.includes('举报人王某'), 'an inspector who is a subject of the case never sees its reporter');
    t.match(forInspector.accountability, [{ level: 'officer' }, { level: 'unit_head', headOfficerId: 'H1' }], 'the finding flagged the head of U1');
    const forHead = await get(`/api/v1/cases/${caseId}`, { sub: 'inspector-li-dui', roles: ['inspector'], officerId: 'H1' });
    t.equal(forHead.statusCode, 200);
    t.notOk(forHead.body.includes('举报人王某'), 'nor does the unit head the case holds accountable');
    const inCapitals = await get(`/api/v1/cases/${caseId.toUpperCase()}`, inspector);
    t.equal(inCapitals.statusCode, 200, 'a case id in capitals names the same case, as it does for writes');
    t.equal(inCapitals.json().caseId, caseId);
    t.equal((await get('/api/v1/cases/00000000-0000-4000-8000-000000000000', inspector)).statusCode, 404);
    t.equal((await get(`/api/v1/cases/${encodeURIComponent('没有 这个案件')}`, inspector)).statusCode, 404, 'an id no case can have is not found either');

    const csv = await get('/api/v1/cases?format=csv', auditor);
    const lines = csv.rawPayload.subarray(3).toString('utf8').split('\r\n');
    t.match(lines[0], /^案件编号,状态,问题类别,线索来源,发生日期,受理日期,登记日期,当事人,所在单位,简要情况,/);
    t.equal(lines[1], `${caseId},已处理,作风不优,12328热线,2021-06-01,2021-06-15,2021-06-15,张伟(O1),U1,"在检查站对货车司机态度粗暴，""随意""罚款, 未开票",inspector-li,2021-07-15,否,否,属实,1,`);
  });

  t.test('overdue verifications, in the register and as alerts', async (t) => {
    const other = await bureau.reportCase(['O3'], { category: 'responsibility', channel: 'petition' });
    const assigned = await expectCreated(await register.post(`/api/v1/cases/${other}/verification`, { inspectorId: 'inspector-li', dueOn: '2021-06-20' }, { as: inspector }), 'verification');
    t.equal((await get(`/api/v1/cases?overdue=true&minPosition=${assigned.position}`, inspector)).json().total, 0, 'not overdue yet');
    now = now.plus({ days: 10 });
    t.teardown(() => {
      now = now.minus({ days: 10 });
    });
    const overdue = (await get('/api/v1/cases?overdue=true', inspector)).json();
    t.same(overdue.items.map((c: { caseId: string; overdue: boolean }) => [c.caseId, c.overdue]), [[other, true]]);
    const alerts = (await get('/api/v1/accountability-alerts', auditor)).json();
    t.same(alerts.overdueVerifications.map((v: { caseId: string; daysOverdue: number }) => [v.caseId, v.daysOverdue]), [[other, 5]]);
    t.same(alerts.alerts.map((a: { ruleRef: string; accountableOfficerId: string | null }) => [a.ruleRef, a.accountableOfficerId]).sort(), [['bj-1', 'O1'], ['bj-2', 'H1']]);
    const backwards = await get('/api/v1/accountability-alerts?from=2021-07-01&to=2021-06-01', auditor);
    t.equal(backwards.statusCode, 400, 'a range that ends before it begins is refused');
    t.match(backwards.json(), { detail: 'from (2021-07-01) is after to (2021-06-01)' });
    t.match(alerts, { alertsTotal: 2, nextCursor: null, overdueTotal: 1 });
    const first = (await get('/api/v1/accountability-alerts?limit=1', auditor)).json();
    t.match(first, { alertsTotal: 2, nextCursor: String });
    const second = (await get(`/api/v1/accountability-alerts?limit=1&cursor=${first.nextCursor}`, auditor)).json();
    t.same([...first.alerts, ...second.alerts].map((a: { alertId: string }) => a.alertId), alerts.alerts.map((a: { alertId: string }) => a.alertId), 'two pages of one');
    t.equal(second.nextCursor, null);
    const forged = await get('/api/v1/accountability-alerts?cursor=abc', auditor);
    t.equal(forged.statusCode, 400);
    t.match(forged.json(), { errors: [{ path: 'cursor' }] });
  });

  t.test('statistics over a date range', async (t) => {
    const june = (await get(`/api/v1/statistics?from=2021-06-01&to=2021-06-30&${latest}`, admin)).json();
    t.ok(june.cases.total >= 1);
    t.equal(june.byCategory.conduct, 1);
    t.equal(june.byChannel.hotline_12328, 1);
    t.equal(june.byUnit.U1, 1);
    t.same(june.bySanctionKind, { criticism_education: 1, off_post_training: 0, qualification_revoked: 0, reassignment: 0, dismissal: 0, expulsion: 0, judicial_referral: 0 },
      'every sanction kind, zero included, as in the CSV');
    t.same(Object.keys(june.byCategory), ['purpose', 'conduct', 'competence', 'responsibility', 'integrity'], 'every category, zero included');
    t.equal(june.byCategory.purpose, 0);
    t.equal(Object.keys(june.byChannel).length, 13, 'every channel');
    t.equal(june.byChannel.letter, 0);
    t.same(Object.keys(june.byUnit), ['U1', 'U2'], 'every unit registered');
    t.same(june.unitNames, { U1: '县交通运输综合行政执法大队一中队', U2: '县交通运输综合行政执法大队二中队' });
    t.same(june.sanctions.byCapacity, { subject: 1, unit_head: 0, responsible: 0 });
    t.same(june.interventions.byKind, { reminder_talk: 0, written_inquiry: 0 });
    const july = (await get('/api/v1/statistics?from=2021-07-01', hr)).json();
    t.equal(july.cases.total, 0);
    t.same([july.byCategory.conduct, july.bySanctionKind.criticism_education, july.byUnit], [0, 0, { U1: 0, U2: 0 }], 'a period with nothing: all at zero, units included');
    t.equal((await get('/api/v1/statistics?from=2021-07-01&to=2021-06-01', hr)).statusCode, 400);
    t.equal((await get('/api/v1/statistics?from=2021-02-30', hr)).statusCode, 400, 'not a real date');
  });

  t.test('statistics as CSV for a briefing: a row per count, zeros included, in Chinese', async (t) => {
    const csv = await get(`/api/v1/statistics?from=2021-06-01&to=2021-06-30&format=csv&${latest}`, hr);
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
    t.match(csv.headers['content-disposition'], /attachment; filename="statistics-2021-06-01-2021-06-30\.csv"/);
    t.same([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark for spreadsheets');
    const lines = csv.rawPayload.subarray(3).toString('utf8').split('\r\n');
    t.equal(lines[0], '统计项,分组,代码,名称,数量');
    const june = (await get('/api/v1/statistics?from=2021-06-01&to=2021-06-30', hr)).json();
    t.equal(lines[1], `案件,合计,,,${june.cases.total}`, 'the same counts as the JSON answer');
    t.ok(lines.includes('案件,问题类别,conduct,作风不优,1'), 'the category counted');
    t.ok(lines.includes('案件,问题类别,integrity,执法不廉,0'), 'and every other category, at zero');
    t.ok(lines.includes('案件,反映渠道,hotline_12328,12328热线,1'));
    t.ok(lines.includes('案件,单位,U1,县交通运输综合行政执法大队一中队,1'), 'units by code and name');
    t.ok(lines.includes('处理,处理方式,criticism_education,批评教育,1'));
    t.ok(lines.includes('处理,处理方式,dismissal,辞退,0'));
    t.ok(lines.includes('处理,追责对象,subject,当事人,1'));
    t.equal(lines.at(-1), '', 'the file ends with a line break');
    const english = (await get('/api/v1/statistics?to=2021-06-30&format=csv&lang=en', hr));
    t.match(english.headers['content-disposition'], /filename="statistics-start-2021-06-30\.csv"/, 'an open start named so');
    t.equal(english.rawPayload.subarray(3).toString('utf8').split('\r\n')[0], 'section,group,code,name,count');
    t.equal((await get('/api/v1/statistics?format=xlsx', hr)).statusCode, 400, 'only json and csv');
  });

  t.test('statistics by the rule cited (every rule, zero included) and of one unit, in JSON and CSV', async (t) => {
    // Given a case against O4 of a new unit U3 citing bbz-3 and lyj-5, besides those against O1 (U1) and O3 (U2) citing none
    await expectCreated(await register.post('/api/v1/units', { unitId: 'U3', name: '县交通运输综合行政执法大队三中队' }, { as: hr }), 'unit');
    await bureau.registerOfficer('O4', 'U3');
    const cited = await bureau.reportCase(['O4'], { ruleRefs: ['bbz-3', 'lyj-5'], channel: 'letter' });
    const [report] = await register.store.readStream(`case-${cited}`);
    const june = (await get(`/api/v1/statistics?from=2021-06-01&to=2021-06-30&minPosition=${report!.position}`, hr)).json();
    t.equal(Object.keys(june.byRule).length, 18, 'every rule of the province listed');
    t.same([june.byRule['bbz-3'], june.byRule['lyj-5'], june.byRule['bbz-1'], june.byRule['lyj-6']], [1, 1, 0, 0]);
    t.same(june.cases.byRule, june.byRule);
    t.equal(june.cases.total, 3);

    // One unit's figures: its cases, the sanctions and findings counted in it
    const u3 = (await get('/api/v1/statistics?from=2021-06-01&to=2021-06-30&unitId=U3', hr)).json();
    const zeros = (counts: Record<string, number>) => Object.fromEntries(Object.keys(counts).map((code) => [code, 0]));
    t.same([u3.unitId, u3.cases, u3.sanctions.total, u3.findings.total], ['U3', {
      total: 1, byCategory: { ...zeros(june.byCategory), conduct: 1 }, byChannel: { ...zeros(june.byChannel), letter: 1 }, byUnit: { U3: 1 }, byRule: { ...june.byRule, 'bbz-3': 1, 'lyj-5': 1 },
    }, 0, 0], 'that unit\'s case alone');
    t.same(u3.sanctions.byUnit, { U3: 0 }, 'its sanctions: none, at zero');
    t.same(u3.unitNames, { U3: '县交通运输综合行政执法大队三中队' });
    const u1 = (await get('/api/v1/statistics?from=2021-06-01&to=2021-06-30&unitId=U1', admin)).json();
    t.same(u1.byCategory, { purpose: 0, conduct: 1, competence: 0, responsibility: 0, integrity: 0 }, 'not the other units\' cases');
    t.match(u1, { unitId: 'U1', cases: { total: 1, byChannel: { hotline_12328: 1 } }, sanctions: { total: 1, byKind: { criticism_education: 1 }, byUnit: { U1: 1 } }, findings: { byOutcome: { substantiated: 1 } } });
    t.equal(u1.byRule['bbz-3'], 0);
    const whole = (await get('/api/v1/statistics?from=2021-06-01&to=2021-06-30', hr)).json();
    t.equal(whole.unitId, null, 'the whole bureau without unitId');

    // A unit the register does not know counts nothing, as the other lists filtered by unit answer none
    const unknown = await get('/api/v1/statistics?unitId=U9', hr);
    t.equal(unknown.statusCode, 200);
    t.match(unknown.json(), { unitId: 'U9', cases: { total: 0, byUnit: {} }, sanctions: { total: 0 }, findings: { total: 0 }, interventions: { total: 0 }, unitNames: {} });
    // A value that is no unit id at all is a 400 naming unitId
    for (const bad of ['', '%20U1', 'U1%2FU2', 'x'.repeat(65)]) {
      const refused = await get(`/api/v1/statistics?unitId=${bad}`, hr);
      t.equal(refused.statusCode, 400, `unitId=${bad}`);
      t.match(refused.json(), { errors: [{ in: 'querystring', path: 'unitId' }] });
    }

    // When the report is corrected to cite bbz-4 instead, the counts move, the unit's too
    const corrected = await expectCreated(await register.post(`/api/v1/cases/${cited}/corrections`, {
      correctsEventId: report!.id, reason: '所涉规定有误', changes: { ruleRefs: ['bbz-4'] },
    }, { as: inspector }), 'correction');
    const after = (await get(`/api/v1/statistics?from=2021-06-01&to=2021-06-30&unitId=U3&minPosition=${corrected.position}`, hr)).json();
    t.same([after.byRule['bbz-3'], after.byRule['lyj-5'], after.byRule['bbz-4'], after.cases.total], [0, 0, 1, 1]);

    // The CSV: a row per rule, named, zeros included; of one unit, that unit alone, named in the file's name
    const csv = await get('/api/v1/statistics?from=2021-06-01&to=2021-06-30&unitId=U3&format=csv', hr);
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-disposition'], /filename="statistics-2021-06-01-2021-06-30-U3\.csv"/);
    const lines = csv.rawPayload.subarray(3).toString('utf8').split('\r\n');
    t.equal(lines[1], '案件,合计,,,1');
    t.ok(lines.includes('案件,涉及规定,bbz-4,不准不佩戴、不使用执法记录仪执法,1'), 'the rule cited, by its text');
    t.ok(lines.includes('案件,涉及规定,bbz-3,不准使用不文明语言、不文明行为,0'), 'a rule no longer cited, at zero');
    t.ok(lines.includes('案件,涉及规定,lyj-6,严禁超时限扣留车辆,0'), 'and every other rule');
    t.equal(lines.filter((line) => line.startsWith('案件,涉及规定,')).length, 18);
    t.ok(lines.includes('案件,单位,U3,县交通运输综合行政执法大队三中队,1'), 'the unit');
    t.notOk(lines.some((line) => line.includes(',U1,') || line.includes(',U2,')), 'no other unit');
    t.ok(lines.includes('处理,合计,,,0'), 'no sanction counted in U3');
    const english = (await get('/api/v1/statistics?from=2021-06-01&to=2021-06-30&format=csv&lang=en', hr)).rawPayload.subarray(3).toString('utf8').split('\r\n');
    t.ok(english.includes('cases,rule,bbz-4,No enforcement without wearing and using a body camera,1'), 'in English, by its English text');
  });

  t.test('the audit stream: every event in order as NDJSON, reporter redacted', async (t) => {
    const head = await register.head();
    const response = await get('/api/v1/audit/events', auditor);
    t.match(response.headers['content-type'], /^application\/x-ndjson/);
    const lines = response.body.trimEnd().split('\n').map((line) => JSON.parse(line));
    t.equal(BigInt(lines.at(-1).position), head);
    t.ok(lines.every((line, i) => i === 0 || BigInt(line.position) > BigInt(lines[i - 1].position)), 'in log order');
    const reported = lines.find((line) => line.type === 'CaseReported');
    t.ok(reported.data.reporter.$redacted, 'the reporter is replaced by its digest');
    t.notOk(response.body.includes('举报人王某'));
    const from = lines[5].position;
    const tail = (await get(`/api/v1/audit/events?fromPosition=${from}&limit=3`, auditor)).body.trimEnd().split('\n').map((line) => JSON.parse(line));
    t.same(tail.map((line) => line.position), lines.slice(5, 8).map((line) => line.position));
    t.equal((await get('/api/v1/audit/events?fromPosition=-1', auditor)).statusCode, 400);
  });

  t.test('the OpenAPI document lists the read routes with their query parameters', async (t) => {
    const doc = (await register.get('/openapi.json')).json();
    for (const path of ['/api/v1/officers/{officerId}/history', '/api/v1/rotation-schedule', '/api/v1/cases', '/api/v1/cases/{caseId}', '/api/v1/statistics', '/api/v1/audit/events', '/api/v1/accountability-alerts']) {
      t.ok(doc.paths[path]?.get, path);
    }
    const names = doc.paths['/api/v1/rotation-schedule'].get.parameters.map((p: { name: string }) => p.name);
    for (const name of ['unitId', 'status', 'dueBefore', 'format', 'minPosition']) t.ok(names.includes(name), name);
  });

  t.test('a breach found serious holds the transport authority accountable (bj-4), filtered by its rule', async (t) => {
    const serious = await bureau.reportCase(['O3'], { summary: '与"黄牛"勾结，违规收费，造成恶劣影响' });
    await bureau.assignVerification(serious);
    const found = await bureau.recordFinding(serious, 'substantiated', 'serious');
    const response = await get(`/api/v1/accountability-alerts?ruleRef=bj-4&minPosition=${found.position}`, auditor);
    t.equal(response.statusCode, 200);
    t.match(response.json(), {
      alertsTotal: 1,
      alerts: [{ ruleRef: 'bj-4', level: 'authority', accountableOfficerId: null, officerIds: ['O3'], caseIds: [serious], unitId: 'U2' }],
    });
    const all = (await get('/api/v1/accountability-alerts', auditor)).json();
    t.same(all.alerts.filter((a: { caseIds: string[] }) => a.caseIds.includes(serious)).map((a: { ruleRef: string }) => a.ruleRef).sort(), ['bj-1', 'bj-2', 'bj-4']);
  });

  t.test('each bj-1 and bj-2 alert says what was done about it; ?outstanding= lists those with nothing done, or the others', async (t) => {
    const all = (await get('/api/v1/accountability-alerts', auditor)).json();
    const of = (ruleRef: string, id: string) => all.alerts.find((a: { ruleRef: string; caseIds: string[] }) => a.ruleRef === ruleRef && a.caseIds.includes(id));
    t.same(of('bj-1', caseId).measures, ['criticism_education'], 'O1 was given criticism and education in the case');
    t.same(of('bj-2', caseId).measures, [], 'nothing yet for H1, the head of O1\'s unit');
    const outstanding = (await get('/api/v1/accountability-alerts?outstanding=true', auditor)).json();
    t.ok(outstanding.alerts.length > 0 && outstanding.alerts.every((a: { measures: unknown[] | null }) => Array.isArray(a.measures) && a.measures.length === 0), 'only those with nothing done');
    t.ok(outstanding.alerts.some((a: { alertId: string }) => a.alertId === of('bj-2', caseId).alertId), 'H1\'s among them');
    const taken = (await get('/api/v1/accountability-alerts?outstanding=false', auditor)).json();
    t.same(taken.alerts.map((a: { alertId: string }) => a.alertId), [of('bj-1', caseId).alertId], 'only the one answered');
    t.equal(outstanding.alertsTotal + taken.alertsTotal, all.alerts.filter((a: { measures: unknown }) => a.measures !== null).length, 'bj-3 and bj-4 are in neither list');
    t.equal((await get('/api/v1/accountability-alerts?outstanding=yes', auditor)).statusCode, 400);
  });

  // Last: it corrects the case the other tests read.
  t.test('asOf: a unit head\'s case has the category it had then, not the one a later correction gave it', async (t) => {
    const [reported] = await register.store.readStream(`case-${caseId}`);
    const before = (await get(`/api/v1/cases/${caseId}`, inspector)).json().category;
    t.equal(before, 'conduct');
    const corrected = await expectCreated(await register.post(`/api/v1/cases/${caseId}/corrections`, {
      correctsEventId: reported!.id, reason: '问题类别登记有误', changes: { category: 'integrity' },
    }, { as: inspector }), 'correction');
    const [correction] = await register.store.readStream(`case-${caseId}`, { fromRevision: BigInt(corrected.revision), maxCount: 1 });
    const justBefore = DateTime.fromISO(correction!.metadata.recordedAt as string).minus({ milliseconds: 1 }).toISO()!;
    const categoryOf = async (query: string) => (await get(`/api/v1/officers/H1/history?${query}`, auditor)).json().state.cases
      .map((c: { caseId: string; category: string }) => [c.caseId, c.category]);
    t.same(await categoryOf(`minPosition=${corrected.position}`), [[caseId, 'integrity']], 'now: the corrected category');
    t.same(await categoryOf(`asOf=${encodeURIComponent(justBefore)}`), [[caseId, 'conduct']], 'as of just before the correction: the reported one');
  });
});

import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, expectCreated, fixedClock, inspector, seedBureau, TODAY, TOMORROW } from '../fixtures/http-bureau.js';
import { expectRefused } from '../fixtures/write-route-checks.js';

// A case the bureau handled on paper in 2019, entered through the API on 15 June 2021 (the
// register's today) with the days each step happened: assignedOn, foundOn, closedOn, as reportedOn,
// effectiveOn and the others already were.

const report = {
  officerIds: ['O1'], category: 'integrity', channel: 'letter', occurredOn: '2019-02-20', reportedOn: '2019-03-01',
  summary: '纸质台账：执法人员收受货车司机财物', ruleRefs: ['lyj-5'],
};

t.test('a paper case entered with its own dates', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const post = async (path: string, body: unknown, what: string) => expectCreated(await register.post(path, body, { as: inspector }), what);
  const caseId = (await post('/api/v1/cases', report, 'the report')).id;
  const under = (rest: string) => `/api/v1/cases/${caseId}/${rest}`;

  await post(under('verification'), { inspectorId: 'inspector-li', assignedOn: '2019-03-04' }, 'assigned on 4 March 2019');
  await post(under('findings'), { outcome: 'substantiated', severity: 'minor', summary: '经核实，反映问题属实', foundOn: '2019-03-28' }, 'found on 28 March 2019');
  const sanction = await post(under('sanctions'), { officerId: 'O1', kind: 'criticism_education', effectiveOn: '2019-03-28', basis: '依据六严禁第五项' },
    'a sanction taking effect on the day of the finding, two years before it was entered');
  const closed = await post(under('closure'), { summary: '已按规定处理，办结', closedOn: '2019-04-20' }, 'closed on 20 April 2019');

  const events = await bureau.events(`case-${caseId}`);
  t.match(events.map((e) => [e.type, e.data]), [
    ['CaseReported', { reportedOn: '2019-03-01' }],
    ['VerificationAssigned', { assignedOn: '2019-03-04', dueOn: '2019-04-03' }],
    ['FindingRecorded', { foundOn: '2019-03-28', recordedOn: TODAY, late: false }],
    ['AccountabilityFlagged', { flaggedOn: '2019-03-28' }],
    ['AccountabilityFlagged', { flaggedOn: '2019-03-28' }],
    ['SanctionImposed', { sanctionId: sanction.id, effectiveOn: '2019-03-28', recordedOn: TODAY }],
    ['CaseClosed', { closedOn: '2019-04-20' }],
  ], 'each event carries the day it happened; the finding and the sanction the day they were entered too');
  t.ok(events.every((e) => String(e.metadata.recordedAt).startsWith(`${TODAY}T10:00:00`)), 'every one recorded on the day it was entered');

  const at = `minPosition=${closed.position}`;
  const one = (await register.get(`/api/v1/cases/${caseId}?${at}`, { as: inspector })).json();
  t.match(one, {
    status: 'closed', dueOn: '2019-04-03', late: false, overdue: false, reportedOn: '2019-03-01', enteredOn: TODAY,
    findings: [{ foundOn: '2019-03-28', recordedOn: TODAY }], closure: { closedOn: '2019-04-20' },
  }, 'GET /cases/{id}: in time, closed in 2019, entered in 2021');
  t.same(one.timeline.map((e: { on: string }) => e.on), ['2019-03-01', '2019-03-04', '2019-03-28', '2019-03-28', '2019-03-28', '2019-03-28', '2019-04-20'],
    'its story under the days things happened');
  t.match((await register.get(`/api/v1/cases?${at}`, { as: auditor })).json().items, [{ caseId, closedOn: '2019-04-20', late: false }]);

  const march = (await register.get(`/api/v1/statistics?from=2019-03-01&to=2019-03-31&${at}`, { as: auditor })).json();
  t.same([march.findings.total, march.bySanctionKind.criticism_education], [1, 1], 'the finding and the sanction counted in March 2019');
  const june = (await register.get(`/api/v1/statistics?from=2021-06-01&to=2021-06-30&${at}`, { as: auditor })).json();
  t.equal(june.findings.total, 0, 'not in June 2021, when they were entered');

  const history = (await register.get(`/api/v1/officers/O1/history?${at}`, { as: auditor })).json();
  t.match(history.timeline.find((e: { type: string }) => e.type === 'FindingRecorded'), { on: '2019-03-28', data: { foundOn: '2019-03-28' } });
  t.match(history.state.cases, [{ caseId, closedOn: '2019-04-20' }], 'the officer\'s history: closed on the day it was');

  // Without the fields, each is dated the day it is entered, as before.
  const today = await bureau.substantiatedCase('O2');
  const todays = await bureau.events(`case-${today}`);
  t.match(todays.map((e) => e.data), [{}, { assignedOn: TODAY, dueOn: '2021-07-15' }, { foundOn: TODAY, recordedOn: TODAY }, { flaggedOn: TODAY }, { flaggedOn: TODAY }]);
});

t.test('days that cannot be: 400 or 409 naming what was wrong, nothing written', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const created = await expectCreated(await register.post('/api/v1/cases', report, { as: inspector }), 'the report');
  const under = (rest: string) => `/api/v1/cases/${created.id}/${rest}`;
  const send = (rest: string, body: unknown) => () => register.post(under(rest), body, { as: inspector });

  const beforeReport = await expectRefused(t, register, 409, send('verification', { inspectorId: 'inspector-li', assignedOn: '2019-02-28' }), 'assigned before the report');
  t.match(beforeReport.json(), { rule: 'date_out_of_order', detail: /assignedOn 2019-02-28 is before the report on 2019-03-01/ });
  const assignedTomorrow = await expectRefused(t, register, 409, send('verification', { inspectorId: 'inspector-li', assignedOn: TOMORROW }), 'assigned tomorrow');
  t.match(assignedTomorrow.json(), { rule: 'date_in_future', detail: /assignedOn 2021-06-16 is after 2021-06-15/ });
  const unrealAssignment = await expectRefused(t, register, 400, send('verification', { inspectorId: 'inspector-li', assignedOn: '2019-02-29' }), 'a day that is not real');
  t.match(unrealAssignment.json(), { errors: [{ path: /assignedOn/ }] });
  await expectCreated(await register.post(under('verification'), { inspectorId: 'inspector-li', assignedOn: '2019-03-04' }, { as: inspector }), 'assigned');

  const handover = await expectRefused(t, register, 409, send('verification', { inspectorId: 'inspector-zhou', assignedOn: '2019-03-03' }), 'handed over before the assignment');
  t.match(handover.json(), { rule: 'date_out_of_order', detail: /assignedOn 2019-03-03 is before the current assignment to inspector-li on 2019-03-04/ });

  const finding = { outcome: 'substantiated', severity: 'minor', summary: '经核实，反映问题属实' };
  const foundBefore = await expectRefused(t, register, 409, send('findings', { ...finding, foundOn: '2019-03-03' }), 'found before the assignment');
  t.match(foundBefore.json(), { rule: 'date_out_of_order', detail: /foundOn 2019-03-03 is before the assignment of the verification to inspector-li on 2019-03-04/ });
  const foundTomorrow = await expectRefused(t, register, 409, send('findings', { ...finding, foundOn: TOMORROW }), 'found tomorrow');
  t.match(foundTomorrow.json(), { rule: 'date_in_future', detail: /foundOn 2021-06-16/ });
  const unrealFinding = await expectRefused(t, register, 400, send('findings', { ...finding, foundOn: '28/03/2019' }), 'not a date');
  t.match(unrealFinding.json(), { errors: [{ path: /foundOn/ }] });
  await expectCreated(await register.post(under('findings'), { ...finding, foundOn: '2019-03-28' }, { as: inspector }), 'found');

  const sanctionBefore = await expectRefused(t, register, 409,
    send('sanctions', { officerId: 'O1', kind: 'criticism_education', effectiveOn: '2019-03-27', basis: '依据六严禁第五项' }), 'a sanction before the finding');
  t.match(sanctionBefore.json(), { rule: 'date_out_of_order', detail: /effectiveOn 2019-03-27 is before the finding on 2019-03-28/ });
  await expectCreated(await register.post(under('sanctions'), { officerId: 'O1', kind: 'criticism_education', effectiveOn: '2019-04-02', basis: '依据六严禁第五项' }, { as: inspector }), 'sanctioned');

  const closedBefore = await expectRefused(t, register, 409, send('closure', { summary: '办结', closedOn: '2019-04-01' }), 'closed before the sanction took effect');
  t.match(closedBefore.json(), { rule: 'date_out_of_order', detail: /closedOn 2019-04-01 is before sanction \S+ taking effect on 2019-04-02/ });
  const closedTomorrow = await expectRefused(t, register, 409, send('closure', { summary: '办结', closedOn: TOMORROW }), 'closed tomorrow');
  t.match(closedTomorrow.json(), { rule: 'date_in_future', detail: /closedOn 2021-06-16/ });
  const unrealClosure = await expectRefused(t, register, 400, send('closure', { summary: '办结', closedOn: '2019-04-31' }), 'a day that is not real');
  t.match(unrealClosure.json(), { errors: [{ path: /closedOn/ }] });
});

t.test('the OpenAPI document describes assignedOn, foundOn and closedOn', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const doc = JSON.stringify((await register.get('/openapi.json')).json());
  t.match(doc, /"assignedOn":\{[^}]*"description":"The day the verification was assigned/, 'the verification\'s');
  t.match(doc, /"foundOn":\{[^}]*"description":"The day the finding was made/, 'the finding\'s');
  t.match(doc, /"closedOn":\{[^}]*"description":"The day the case was closed/, 'the closure\'s');
});

import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, expectCreated, fixedClock, inspector, seedBureau, TODAY, TOMORROW } from '../fixtures/http-bureau.js';
import { expectRefused } from '../fixtures/write-route-checks.js';

// POST /api/v1/cases with the day the bureau received the report (reportedOn), earlier than the day
// it is entered (the register's today, 15 June 2021): the reads tell both days, and the statistics
// count the case in the period it was received.

t.test('a report received before it is entered', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const body = {
    officerIds: ['O1'], category: 'responsibility', channel: 'hotline_12328', occurredOn: '2021-05-20', reportedOn: '2021-05-25',
    summary: '12328热线投诉：执法人员对群众投诉推诿不受理', ruleRefs: ['bbz-3'],
  };

  const validated = await register.post('/api/v1/cases/validate', body, { as: inspector });
  t.equal(validated.statusCode, 200, 'the check before sending takes it');

  const created = await expectCreated(await register.post('/api/v1/cases', body, { as: inspector }), 'report received on 25 May');
  const [reported] = await bureau.events(`case-${created.id}`);
  t.match(reported, { type: 'CaseReported', data: { occurredOn: '2021-05-20', reportedOn: '2021-05-25' } }, '201: the event carries the day received');
  t.match(reported!.metadata, { recordedAt: /^2021-06-15T10:00:00/ }, 'and was recorded when it was entered');

  const at = `minPosition=${created.position}`;
  const one = (await register.get(`/api/v1/cases/${created.id}?${at}`, { as: inspector })).json();
  t.same([one.reportedOn, one.enteredOn], ['2021-05-25', TODAY], 'GET /cases/{id}: received on 25 May, entered on 15 June');
  t.equal(one.timeline[0].on, '2021-05-25', 'its story tells the report under the day received');
  const listed = (await register.get(`/api/v1/cases?${at}`, { as: auditor })).json().items;
  t.match(listed, [{ caseId: created.id, reportedOn: '2021-05-25', enteredOn: TODAY }], 'the register lists both days');
  t.equal((await register.get('/api/v1/cases?reportedFrom=2021-05-01&reportedTo=2021-05-31', { as: auditor })).json().total, 1, 'filtered on the day received');

  const csv = await register.get(`/api/v1/cases?format=csv&${at}`, { as: auditor });
  const [header, row] = csv.rawPayload.subarray(3).toString('utf8').split('\r\n');
  t.match(header, /,发生日期,受理日期,登记日期,/, 'the CSV has 登记日期 beside 受理日期');
  t.match(row, /,2021-05-20,2021-05-25,2021-06-15,/);
  const en = await register.get(`/api/v1/cases?format=csv&lang=en&${at}`, { as: auditor });
  t.match(en.rawPayload.toString('utf8'), /,occurredOn,reportedOn,enteredOn,/);

  const may = (await register.get(`/api/v1/statistics?from=2021-05-01&to=2021-05-31&${at}`, { as: auditor })).json();
  const june = (await register.get(`/api/v1/statistics?from=2021-06-01&to=2021-06-30&${at}`, { as: auditor })).json();
  t.same([may.cases.total, may.byCategory.responsibility, may.byChannel.hotline_12328, may.byRule['bbz-3']], [1, 1, 1, 1], 'counted in May, when it was received');
  t.equal(june.cases.total, 0, 'not in June, when it was entered');

  const history = (await register.get(`/api/v1/officers/O1/history?${at}`, { as: auditor })).json();
  t.match(history.state.cases, [{ caseId: created.id, reportedOn: '2021-05-25' }], 'the officer\'s history: reported on the day received');

  // Without the field, the report was received the day it is entered.
  const today = await expectCreated(await register.post('/api/v1/cases', { ...body, reportedOn: undefined }, { as: inspector }), 'report received today');
  const [todays] = await bureau.events(`case-${today.id}`);
  t.match(todays!.data, { reportedOn: TODAY }, 'default: today');
  const todayRead = (await register.get(`/api/v1/cases/${today.id}?minPosition=${today.position}`, { as: inspector })).json();
  t.same([todayRead.reportedOn, todayRead.enteredOn], [TODAY, TODAY]);
});

t.test('a day received that cannot be: 400 or 409, nothing written', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const body = { officerIds: ['O1'], category: 'conduct', channel: 'letter', occurredOn: '2021-05-20', summary: '来信反映执法人员态度粗暴' };
  const send = (reportedOn: unknown) => () => register.post('/api/v1/cases', { ...body, reportedOn }, { as: inspector });

  const future = await expectRefused(t, register, 409, send(TOMORROW), 'received tomorrow');
  t.match(future.json(), { rule: 'date_in_future', detail: /reportedOn 2021-06-16/ });
  const beforeBreach = await expectRefused(t, register, 409, send('2021-05-19'), 'received before the breach happened');
  t.match(beforeBreach.json(), { rule: 'date_out_of_order', detail: /reportedOn 2021-05-19 is before the date it occurred 2021-05-20/ });
  const unreal = await expectRefused(t, register, 400, send('2021-02-30'), 'a day that is not real');
  t.match(unreal.json(), { errors: [{ path: /reportedOn/ }] });
  const notADate = await expectRefused(t, register, 400, send('15/06/2021'), 'not a date');
  t.match(notADate.json(), { errors: [{ path: /reportedOn/ }] });
  t.equal((await register.post('/api/v1/cases/validate', { ...body, reportedOn: '2021-02-30' }, { as: inspector })).statusCode, 400, 'the check before sending says so too');
});

t.test('the OpenAPI document describes reportedOn and enteredOn', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const doc = JSON.stringify((await register.get('/openapi.json')).json());
  t.match(doc, /"reportedOn":\{[^}]*"description":"The day the bureau received the report/, 'the body field');
  t.match(doc, /"enteredOn":\{[^}]*"description":"The day the report was entered in the register/, 'the reads');
});

import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { expectCreated, fixedClock, inspector, seedBureau } from '../fixtures/http-bureau.js';
import { expectRefused } from '../fixtures/write-route-checks.js';

// Early signs (苗头性、倾向性问题): the work plan meets them with a reminder talk (约谈) or a written
// inquiry (函询), not with a finding. A case whose subjects were all met that way is closed with no
// finding, and holds nobody to account.

t.test('a case of early signs closed after a reminder talk', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const caseId = await bureau.reportCase(['O1', 'O2']);
  const talk = (officerId: string) => register.post(`/api/v1/cases/${caseId}/interventions`, { officerId, kind: 'reminder_talk', heldOn: '2021-06-10' }, { as: inspector });
  await expectCreated(await talk('O1'), 'a reminder talk with O1');

  const early = await expectRefused(t, register, 409, () => register.post(`/api/v1/cases/${caseId}/closure`, { summary: '已约谈提醒' }, { as: inspector }),
    'closing while O2 has neither a finding nor an intervention');
  t.equal(early.json().rule, 'findings_incomplete');
  t.match(early.json().detail, /O2/, 'the refusal names who is still pending');
  t.notMatch(early.json().detail, /O1/, 'and not the subject met with the talk');

  await expectCreated(await register.post(`/api/v1/cases/${caseId}/interventions`, { officerId: 'O2', kind: 'written_inquiry', heldOn: '2021-06-11' }, { as: inspector }), 'a written inquiry to O2');
  const closed = await expectCreated(await register.post(`/api/v1/cases/${caseId}/closure`, { summary: '已约谈提醒、函询，早纠正' }, { as: inspector }), 'closure');

  const at = `minPosition=${closed.position}`;
  const one = (await register.get(`/api/v1/cases/${caseId}?${at}`, { as: inspector })).json();
  t.equal(one.status, 'closed', 'the case register has it closed');
  t.equal(one.overdue, false, 'and not overdue');
  const alerts = (await register.get(`/api/v1/accountability-alerts?${at}`, { as: inspector })).json().alerts as { caseIds: string[] }[];
  t.notOk(alerts.some((a) => a.caseIds.includes(caseId)), 'no accountability alert: nothing was found against anyone');
});

import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, inspector, seedBureau } from '../fixtures/http-bureau.js';

// The head of a subject's unit on the day of the breach is held accountable by its finding (bj-2):
// the case concerns them from its report on, as GET /cases/{id} tells them (concernsYou), so every
// write of theirs to it is refused, not only the verification and the finding.

t.test('the head of a subject\'s unit on the day of the breach writes nothing to the case', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  // O1 works in U1, headed by H1; O3 in U2.
  const caseId = await bureau.reportCase(['O1', 'O3']);
  await bureau.assignVerification(caseId);
  const head = { sub: 'inspector-li-dui', roles: ['inspector' as const], officerId: 'H1' };
  const read = await register.get(`/api/v1/cases/${caseId}?minPosition=${(await register.head())!}`, { as: head });
  t.equal(read.json().concernsYou, true, 'the register tells H1 the case concerns them');

  const refused = async (url: string, body: unknown, what: string) => {
    const before = await register.head();
    const response = await register.post(url, body, { as: head });
    t.equal(response.statusCode, 403, `${what}: 403`);
    t.equal(response.json().rule, 'actor_is_subject', `${what}: actor_is_subject`);
    t.equal(await register.head(), before, `${what}: nothing written`);
  };
  const [reported] = await bureau.events(`case-${caseId}`);
  await refused(`/api/v1/cases/${caseId}/corrections`, { correctsEventId: reported!.id, reason: '类别有误', changes: { category: 'competence' } }, 'a correction of the category');
  await refused(`/api/v1/cases/${caseId}/evidence`, { description: '负责人提交的情况说明' }, 'evidence');
  await refused(`/api/v1/cases/${caseId}/interventions`, { officerId: 'O1', kind: 'reminder_talk', heldOn: '2021-06-10' }, 'a reminder talk with their subordinate');

  // O3 (of U2) is found first; O1's finding, which will flag H1, is still pending.
  t.equal((await register.post(`/api/v1/cases/${caseId}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '经核实', officerIds: ['O3'] }, { as: inspector })).statusCode, 201);
  await refused(`/api/v1/cases/${caseId}/sanctions`, { officerId: 'O3', kind: 'criticism_education', effectiveOn: '2021-06-15', basis: '依据有关规定' }, 'a sanction on the other unit\'s subject');
  const sanction = await register.post(`/api/v1/cases/${caseId}/sanctions`, { officerId: 'O3', kind: 'criticism_education', effectiveOn: '2021-06-15', basis: '依据有关规定' }, { as: inspector });
  t.equal(sanction.statusCode, 201);
  await refused(`/api/v1/cases/${caseId}/appeals`, { sanctionId: sanction.json().id, stage: 'review', filedOn: '2021-06-15' }, 'a review of it');
  const review = await register.post(`/api/v1/cases/${caseId}/appeals`, { sanctionId: sanction.json().id, stage: 'review', filedOn: '2021-06-15' }, { as: inspector });
  t.equal(review.statusCode, 201);
  await refused(`/api/v1/cases/${caseId}/appeals/${review.json().id}/decision`, { outcome: 'upheld', decidedOn: '2021-06-15' }, 'the review\'s decision');
  t.equal((await register.post(`/api/v1/cases/${caseId}/findings`, { outcome: 'unfounded', summary: '不属实', officerIds: ['O1'] }, { as: inspector })).statusCode, 201);
  await refused(`/api/v1/cases/${caseId}/closure`, { summary: '办结' }, 'the closure');
  t.equal((await register.post(`/api/v1/cases/${caseId}/closure`, { summary: '办结' }, { as: inspector })).statusCode, 201, 'which another inspector records');
});

import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { TODAY, expectCreated, fixedClock, inspector, seedBureau } from '../fixtures/http-bureau.js';
import { expectRefused } from '../fixtures/write-route-checks.js';

// Rules of the case decisions as a client meets them: a 409 problem naming the rule, nothing written.

t.test('a due date too far out, and a sanction that would undo a review: 409 with the rule, nothing written', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const caseId = await bureau.reportCase(['O1']);

  const farOut = await expectRefused(t, register, 409,
    () => register.post(`/api/v1/cases/${caseId}/verification`, { inspectorId: 'inspector-li', dueOn: '2099-12-31' }, { as: inspector }), 'dueOn in 2099');
  t.equal(farOut.json().rule, 'verification_due_too_far');

  await bureau.assignVerification(caseId);
  await bureau.recordFinding(caseId, 'substantiated', 'serious');
  const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O1', kind: 'dismissal' });
  const reviewId = await bureau.fileReview(caseId, sanctionId);
  await expectCreated(await register.post(`/api/v1/cases/${caseId}/appeals/${reviewId}/decision`,
    { outcome: 'reduced', decidedOn: TODAY, replacementKind: 'criticism_education' }, { as: inspector }), 'the review reduces the dismissal');
  const recorded = await bureau.events(`case-${caseId}`);
  t.match(recorded.find((e) => e.type === 'SanctionImposed')?.data, { effectiveOn: TODAY, recordedOn: TODAY }, 'the sanction carries the day it was recorded');
  t.match(recorded.find((e) => e.type === 'AppealDecided')?.data, { decidedOn: TODAY, recordedOn: TODAY }, 'and so does the decision');

  const again = await expectRefused(t, register, 409,
    () => register.post(`/api/v1/cases/${caseId}/sanctions`, { officerId: 'O1', kind: 'dismissal', effectiveOn: TODAY, basis: '再次辞退' }, { as: inspector }),
    'the dismissal again');
  t.match(again.json(), { status: 409, rule: 'sanction_settled_on_appeal' });
});

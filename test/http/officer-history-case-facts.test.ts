import t from 'tap';
import { DateTime } from 'luxon';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, BUREAU_ZONE, expectCreated, inspector, seedBureau, TODAY } from '../fixtures/http-bureau.js';

// A unit head held accountable (四必究 bj-2) comes into a case after its report, which their
// timeline does not hold: the case's category and report date come from the case itself. A later
// correction of the category does reach their timeline; it must not leave the report date out.

let now = DateTime.fromISO(`${TODAY}T10:00:00`, { zone: BUREAU_ZONE });
const clock = () => {
  now = now.plus({ seconds: 1 });
  return now;
};

t.test('a unit head\'s case keeps its report date after its category is corrected, now and as of then', async (t) => {
  const register = await startTestRegister(t, { clock });
  const bureau = await seedBureau(register);
  const caseId = await bureau.substantiatedCase('O1');
  const [reported] = await bureau.events(`case-${caseId}`);
  const corrected = await expectCreated(await register.post(`/api/v1/cases/${caseId}/corrections`, {
    correctsEventId: reported!.id, reason: '问题类别登记有误', changes: { category: 'integrity' },
  }, { as: inspector }), 'correction');
  const casesOf = async (query: string) => (await register.get(`/api/v1/officers/H1/history?${query}`, { as: auditor })).json().state.cases
    .map((c: { caseId: string; roles: string[]; category: string | null; reportedOn: string | null }) => [c.caseId, c.roles, c.category, c.reportedOn]);

  t.same(await casesOf(`minPosition=${corrected.position}`), [[caseId, ['unit_head'], 'integrity', TODAY]], 'now: the corrected category, and the day it was reported');
  const afterwards = encodeURIComponent(now.plus({ minutes: 1 }).toISO()!);
  t.same(await casesOf(`asOf=${afterwards}`), [[caseId, ['unit_head'], 'integrity', TODAY]], 'as of after the correction: the same');
});

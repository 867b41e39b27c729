import t, { type Test } from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { expectCreated, fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';
import { expectRefused } from '../fixtures/write-route-checks.js';

// A case holds each subject in the unit they worked in on the day of the breach: the head of that
// unit answers for it (四必究), and the statistics count it there. A unit recorded wrong is corrected
// until a finding names the subject.

interface CaseAnswer {
  subjects: { officerId: string; unitId: string }[];
  accountability: { level: string; unitId: string; headOfficerId: string | null }[];
  corrections: { changes: Record<string, unknown>; previous: Record<string, unknown> }[];
}

/** The seeded bureau (U1 headed by H1, O2 in U1), where O2 moves to a post of U2 (headed by O3) on 5 June. */
async function bureauWhereO2Moves(t: Test) {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  await bureau.definePost({ postId: 'P-U2', unitId: 'U2', title: '二中队执法岗', enforcement: false, sensitive: false });
  await expectCreated(await register.post('/api/v1/officers/O2/assignments', { postId: 'P-U2', effectiveOn: '2021-06-05', reason: 'appointment' }, { as: hr }), 'O2 moves to U2');
  await expectCreated(await register.post('/api/v1/units/U2/head', { officerId: 'O3', effectiveOn: '2020-01-01' }, { as: hr }), 'O3 heads U2');
  return { register, bureau };
}

t.test('a subject who moved after the breach is recorded in the unit of the breach; a wrong unit is corrected before the finding', async (t) => {
  // O2 moves to U2 on 5 June, after a breach on 1 June.
  const { register, bureau } = await bureauWhereO2Moves(t);
  const caseId = await bureau.reportCase(['O2'], { occurredOn: '2021-06-01' });
  const read = async (position: bigint | string | null) => (await register.get(`/api/v1/cases/${caseId}?minPosition=${position}`, { as: inspector })).json<CaseAnswer>();
  t.match((await read(await register.head())).subjects, [{ officerId: 'O2', unitId: 'U1' }], 'recorded in U1, where O2 worked on 1 June, not in U2, where O2 works now');

  // The refusals first: nothing is written.
  const [reported] = await bureau.events(`case-${caseId}`);
  const correct = (subjectUnits: unknown) => register.post(`/api/v1/cases/${caseId}/corrections`,
    { correctsEventId: reported!.id, reason: '被反映人所属单位登记有误', changes: { subjectUnits } }, { as: inspector });
  const repeated = await expectRefused(t, register, 400, () => correct([{ officerId: 'O2', unitId: 'U2' }, { officerId: 'O2', unitId: 'U1' }]), 'an officer named twice');
  t.match(repeated.json(), { errors: [{ path: 'changes.subjectUnits', message: /must not repeat an officer/ }] });
  t.match((await expectRefused(t, register, 409, () => correct([{ officerId: 'O2', unitId: 'U9' }]), 'a unit never registered')).json(), { rule: 'unknown_unit' });
  t.match((await expectRefused(t, register, 409, () => correct([{ officerId: 'O3', unitId: 'U2' }]), 'an officer who is no subject')).json(), { rule: 'not_a_subject' });

  // The inspector finds the breach was in U2 after all.
  const corrected = await expectCreated(await correct([{ officerId: 'O2', unitId: 'U2' }]), 'the unit corrected');
  const afterCorrection = await read(corrected.position);
  t.match(afterCorrection.subjects, [{ officerId: 'O2', unitId: 'U2' }]);
  t.equal(afterCorrection.subjects.length, 1);
  t.match(afterCorrection.corrections, [{ changes: { subjectUnits: [{ officerId: 'O2', unitId: 'U2' }] }, previous: { subjectUnits: [{ officerId: 'O2', unitId: 'U1' }] } }], 'the correction keeps the unit it replaced');
  const byUnit = (await register.get(`/api/v1/statistics?minPosition=${corrected.position}`, { as: inspector })).json<{ cases: { byUnit: Record<string, number> } }>().cases.byUnit;
  t.same(Object.fromEntries(Object.entries(byUnit).filter(([, n]) => n > 0)), { U2: 1 }, 'the statistics count the case in U2 only');
  const listed = (await register.get(`/api/v1/cases?unitId=U2&minPosition=${corrected.position}`, { as: inspector })).json<{ items: { caseId: string }[] }>();
  t.same(listed.items?.map((c) => c.caseId), [caseId], 'and U2 lists it');
  const inU1 = (await register.get(`/api/v1/cases?unitId=U1&minPosition=${corrected.position}`, { as: inspector })).json<{ items: unknown[] }>();
  t.same(inU1.items, [], 'U1 no longer does');

  // The finding holds U2's head to account; from then on the unit stands.
  await bureau.assignVerification(caseId);
  await bureau.recordFinding(caseId, 'substantiated', 'minor');
  const found = await read(await register.head());
  t.match(found.accountability, [{ level: 'officer', unitId: 'U2' }, { level: 'unit_head', unitId: 'U2', headOfficerId: 'O3' }]);
  t.match((await expectRefused(t, register, 409, () => correct([{ officerId: 'O2', unitId: 'U1' }]), 'after the finding')).json(), { rule: 'finding_already_recorded' });
});

t.test('a corrected day of the breach moves the subject to the unit of that day, whose head the finding holds to account; a head does not move a subject out of their unit', async (t) => {
  const { register, bureau } = await bureauWhereO2Moves(t);
  const caseId = await bureau.reportCase(['O2'], { occurredOn: '2021-06-10' });
  const [reported] = await bureau.events(`case-${caseId}`);
  const correct = (changes: Record<string, unknown>, as: typeof inspector & { officerId?: string } = inspector) => register.post(`/api/v1/cases/${caseId}/corrections`,
    { correctsEventId: reported!.id, reason: '登记有误', changes }, { as });

  const recused = await expectRefused(t, register, 403, () => correct({ occurredOn: '2021-06-01' }, { ...inspector, sub: 'o3', officerId: 'O3' }), 'the head of U2, which the date would take O2 out of');
  t.match(recused.json(), { rule: 'actor_is_subject' });
  t.match((await expectRefused(t, register, 403, () => correct({ subjectUnits: [{ officerId: 'O2', unitId: 'U1' }] }, { ...inspector, sub: 'h1', officerId: 'H1' }), 'the head of U1, which O2 would join')).json(), { rule: 'actor_is_subject' });

  const corrected = await expectCreated(await correct({ occurredOn: '2021-06-01' }), 'the day corrected');
  const read = async () => (await register.get(`/api/v1/cases/${caseId}?minPosition=${await register.head()}`, { as: inspector })).json<CaseAnswer>();
  t.match((await read()).subjects, [{ officerId: 'O2', unitId: 'U1' }], 'on 1 June O2 was in U1: the case follows the corrected day');
  t.match((await bureau.events(`case-${caseId}`)).at(-1)?.data, { changes: { occurredOn: '2021-06-01', subjectUnits: [{ officerId: 'O2', unitId: 'U1' }] } }, 'the event says so, for every read model');
  t.ok(corrected.position);
  await bureau.assignVerification(caseId);
  await bureau.recordFinding(caseId, 'substantiated', 'minor');
  t.match((await read()).accountability, [{ level: 'officer', unitId: 'U1' }, { level: 'unit_head', unitId: 'U1', headOfficerId: 'H1' }], 'the head of U1 answers for it');
});

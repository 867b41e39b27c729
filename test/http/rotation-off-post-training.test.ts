import t from 'tap';
import { DateTime } from 'luxon';
import { startTestRegister } from '../fixtures/http-app.js';
import { BUREAU_ZONE, expectCreated, hr, inspector, seedBureau, TODAY } from '../fixtures/http-bureau.js';

// An officer on a sensitive post who is in off-post training (离岗培训) keeps the post, so the
// schedule counts their rotation as due, yet no assignment can move them until the training is
// completed (409 off_post_training_in_progress): each row says whether the holder is in one, since
// and until when (as imposed, or as a review replaced it), in JSON and in the CSV.

t.test('the schedule says who is in off-post training and until when, in JSON and CSV', async (t) => {
  let today = TODAY;
  const register = await startTestRegister(t, { clock: () => DateTime.fromISO(`${today}T10:00:00`, { zone: BUREAU_ZONE }) });
  const bureau = await seedBureau(register);
  type Item = { officerId: string; status: string; dueOn: string; offPostTrainingSince: string | null; offPostTrainingUntil: string | null };
  const schedule = async (position: string, query = '') =>
    (await register.get(`/api/v1/rotation-schedule?minPosition=${position}${query}`, { as: hr })).json<{ items: Item[] }>().items;

  // O1 holds the sensitive post P-ENF since 2019-06-01 (due 2024-06-01), and O2 the post P-SENS, overdue.
  await bureau.definePost({ postId: 'P-SENS', unitId: 'U1', title: '罚没款管理岗', enforcement: false, sensitive: true, rotationPeriodMonths: 12 });
  const assigned = await expectCreated(await register.post('/api/v1/officers/O2/assignments', { postId: 'P-SENS', effectiveOn: '2020-01-02', reason: 'appointment' }, { as: hr }), 'assign O2');
  t.match(await schedule(assigned.position), [
    { officerId: 'O2', status: 'overdue', offPostTrainingSince: null, offPostTrainingUntil: null },
    { officerId: 'O1', status: 'ok', offPostTrainingSince: null, offPostTrainingUntil: null },
  ], 'in no training: both null');

  // O2 is sent to off-post training until the end of September.
  const caseId = await bureau.substantiatedCase('O2');
  const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O2', kind: 'off_post_training', untilOn: '2021-09-30' });
  const [took] = (await bureau.events('officer-O2')).filter((e) => e.type === 'SanctionTookEffect');
  const inTraining = await schedule(String(took!.position));
  t.match(inTraining, [
    { officerId: 'O2', status: 'overdue', dueOn: '2021-01-02', offPostTrainingSince: TODAY, offPostTrainingUntil: '2021-09-30' },
    { officerId: 'O1', offPostTrainingSince: null, offPostTrainingUntil: null },
  ], 'still on the post and overdue, in training until its planned end');
  const refused = await register.post('/api/v1/officers/O2/assignments', { postId: 'P-DESK', effectiveOn: TODAY, reason: 'rotation' }, { as: hr });
  t.equal(refused.statusCode, 409, 'and HR cannot rotate them meanwhile');
  t.equal(refused.json<{ rule: string }>().rule, 'off_post_training_in_progress');

  // The CSV has both days as columns.
  const csv = (await register.get('/api/v1/rotation-schedule?format=csv', { as: hr })).rawPayload.subarray(3).toString('utf8').split('\r\n');
  t.equal(csv[0], '人员编号,姓名,单位编号,单位,岗位编号,岗位,任职起始日,轮岗周期(月),应轮岗日期,延期至,实际到期日,状态,最近警示教育日期,离岗培训起始日,离岗培训至');
  t.equal(csv[1], `O2,王芳,U1,县交通运输综合行政执法大队一中队,P-SENS,罚没款管理岗,2020-01-02,12,2021-01-02,,2021-01-02,已逾期,,${TODAY},2021-09-30`);
  t.match(csv[2], /^O1,.*,正常,,,$/, 'empty for a holder in none');
  const english = (await register.get('/api/v1/rotation-schedule?format=csv&lang=en', { as: hr })).rawPayload.subarray(3).toString('utf8').split('\r\n');
  t.match(english[0], /,lastWarningEducationOn,offPostTrainingSince,offPostTrainingUntil$/);

  // O3, on another sensitive post, given a reassignment that a review reduces to an off-post training until the end of August.
  await bureau.definePost({ postId: 'P-SENS3', unitId: 'U2', title: '采购审核岗', enforcement: false, sensitive: true, rotationPeriodMonths: 36 });
  await expectCreated(await register.post('/api/v1/officers/O3/assignments', { postId: 'P-SENS3', effectiveOn: '2020-03-02', reason: 'appointment' }, { as: hr }), 'assign O3');
  const second = await bureau.substantiatedCase('O3');
  const reassignment = await bureau.imposeSanction(second, { officerId: 'O3', kind: 'reassignment' });
  const appealId = await bureau.fileReview(second, reassignment);
  await expectCreated(await register.post(`/api/v1/cases/${second}/appeals/${appealId}/decision`, {
    outcome: 'reduced', decidedOn: TODAY, replacementKind: 'off_post_training', untilOn: '2021-08-31',
  }, { as: inspector }), 'review decided');
  const [revised] = (await bureau.events('officer-O3')).filter((e) => e.type === 'SanctionRevised');
  t.match((await schedule(String(revised!.position), '&unitId=U2'))[0], { officerId: 'O3', postId: 'P-SENS3', offPostTrainingSince: TODAY, offPostTrainingUntil: '2021-08-31' },
    'reduced on review to a training: since the decision, until the planned end it set');

  // Once its completion is recorded, HR can rotate them.
  today = '2021-10-08';
  const completed = await expectCreated(await register.post('/api/v1/officers/O2/training-completions', { sanctionId, completedOn: '2021-09-30' }, { as: hr }), 'completed');
  t.match((await schedule(completed.position))[0], { officerId: 'O2', offPostTrainingSince: null, offPostTrainingUntil: null }, 'completed: in none');
  t.equal((await register.post('/api/v1/officers/O2/assignments', { postId: 'P-DESK', effectiveOn: '2021-10-08', reason: 'rotation' }, { as: hr })).statusCode, 201, 'and can be rotated');
});
